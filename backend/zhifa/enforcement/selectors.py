from django.db.models import Q, QuerySet

from zhifa.accounts.choices import Role
from zhifa.core.scope import restrict
from zhifa.enforcement.models import Enforcement

AGENCY_WIDE = {Role.LEADER, Role.LEGAL_ADVISER, Role.LEGAL_REVIEWER, Role.ADMINISTRATOR}


def enforcement_list(*, user) -> QuerySet[Enforcement]:
    """Enforcements the user may see: the agency's, for its leaders and legal staff; an officer's own cases."""
    queryset = (restrict(Enforcement.objects.select_related("case", "reminder", "application"), user)
                .prefetch_related("payments", "arrangements", "rulings", "deadlines", "case__matters"))
    role = getattr(user, "role", None)
    if getattr(user, "is_superuser", False) or role in AGENCY_WIDE:
        return queryset
    if role == Role.OFFICER:
        return queryset.filter(Q(case__assignments__officer=user)).distinct()
    return queryset.none()


def live_enforcement(*, case) -> Enforcement | None:
    """The case's enforcement that is not voided: there is one at most (a revoked decision's stays beside it)."""
    from zhifa.enforcement.choices import EnforcementState

    return Enforcement.objects.filter(case=case).exclude(state=EnforcementState.VOIDED).first()


def enforcement_ended(*, case) -> bool:
    from zhifa.enforcement.choices import ENDED

    return Enforcement.objects.filter(case=case, state__in=ENDED).exists()


def refund_list(*, user) -> QuerySet:
    """Refunds the user may see: as enforcement_list, by the case."""
    from zhifa.enforcement.models import Refund

    queryset = restrict(Refund.objects.select_related("case", "approved_by"), user)
    role = getattr(user, "role", None)
    if getattr(user, "is_superuser", False) or role in AGENCY_WIDE:
        return queryset
    if role == Role.OFFICER:
        return queryset.filter(case__assignments__officer=user).distinct()
    return queryset.none()
