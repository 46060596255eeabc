from django.db.models import QuerySet

from zhifa.accounts.models import User
from zhifa.core.selectors import agency_scoped
from zhifa.registry.models import AnnualInspection, IllegalOrganisation, Organisation


def organisation_list(*, user: User) -> QuerySet[Organisation]:
    """Organisations registered with the user's agency."""
    return agency_scoped(Organisation.objects.select_related("agency"), user)


def annual_inspection_list(*, user: User) -> QuerySet[AnnualInspection]:
    return agency_scoped(AnnualInspection.objects.select_related("organisation"), user, "organisation__agency_id")


def illegal_organisation_list(*, user: User) -> QuerySet[IllegalOrganisation]:
    return agency_scoped(IllegalOrganisation.objects.all(), user)
