from django.db.models import QuerySet

from zhifa.accounts.choices import Role
from zhifa.core.scope import restrict
from zhifa.sanctions.models import CreditListing, StopOrder

AGENCY_WIDE = {Role.LEADER, Role.LEGAL_ADVISER, Role.LEGAL_REVIEWER, Role.ADMINISTRATOR}


def _visible(queryset: QuerySet, user) -> QuerySet:
    """The agency's, for its leaders and legal staff; an officer's own cases (as enforcement_list)."""
    queryset = restrict(queryset, user)
    role = getattr(user, "role", None)
    if getattr(user, "is_superuser", False) or role in AGENCY_WIDE:
        return queryset
    if role == Role.OFFICER:
        return queryset.filter(case__assignments__officer=user).distinct()
    return queryset.none()


def stop_order_list(*, user) -> QuerySet[StopOrder]:
    return _visible(StopOrder.objects.select_related("case", "organisation").prefetch_related("deadlines"), user)


def credit_listing_list(*, user) -> QuerySet[CreditListing]:
    return _visible(CreditListing.objects.select_related("case", "organisation"), user)
