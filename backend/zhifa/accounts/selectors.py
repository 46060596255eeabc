from django.db.models import QuerySet

from zhifa.accounts.models import EnforcementCredential, Unit, User


def user_list(*, user: User) -> QuerySet[User]:
    """Colleagues in the user's own agency; a superuser sees everyone."""
    qs = User.objects.select_related("unit__agency").prefetch_related("credentials")
    if user.is_superuser:
        return qs
    if user.agency_id is None:
        return qs.none()
    return qs.filter(unit__agency_id=user.agency_id)


def unit_list(*, user: User) -> QuerySet[Unit]:
    qs = Unit.objects.select_related("agency")
    if user.is_superuser:
        return qs
    return qs.filter(agency_id=user.agency_id)


def credential_list(*, user: User) -> QuerySet[EnforcementCredential]:
    qs = EnforcementCredential.objects.select_related("holder__unit__agency")
    if user.is_superuser:
        return qs
    return qs.filter(holder__unit__agency_id=user.agency_id)
