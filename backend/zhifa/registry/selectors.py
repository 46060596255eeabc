from django.db.models import QuerySet

from zhifa.accounts.models import User
from zhifa.core.scope import restrict
from zhifa.registry.models import AnnualInspection, IllegalOrganisation, Organisation


def organisation_list(*, user: User) -> QuerySet[Organisation]:
    """Organisations registered with the user's agency."""
    return restrict(Organisation.objects.select_related("agency"), user)


def annual_inspection_list(*, user: User) -> QuerySet[AnnualInspection]:
    return restrict(AnnualInspection.objects.select_related("organisation"), user)


def illegal_organisation_list(*, user: User) -> QuerySet[IllegalOrganisation]:
    return restrict(IllegalOrganisation.objects.all(), user)


def organisation_statistics(*, user) -> dict:
    """Counts by type and by status, for the dashboard."""
    from django.db.models import Count

    organisations = organisation_list(user=user)
    return {
        "total": organisations.count(),
        "by_type": dict(organisations.order_by().values_list("type").annotate(n=Count("id"))),
        "by_status": dict(organisations.order_by().values_list("status").annotate(n=Count("id"))),
        "illegal_by_status": dict(illegal_organisation_list(user=user).order_by().values_list("status")
                                  .annotate(n=Count("id"))),
    }
