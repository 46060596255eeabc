from django.db.models import QuerySet

from zhifa.accounts.choices import Role
from zhifa.accounts.models import EnforcementCredential, SavedView, Unit, User
from zhifa.core.scope import restrict


def user_list(*, user: User) -> QuerySet[User]:
    """Colleagues in the user's own agency."""
    qs = User.objects.select_related("unit__agency").prefetch_related("credentials")
    return restrict(qs, user)


def unit_list(*, user: User) -> QuerySet[Unit]:
    return restrict(Unit.objects.select_related("agency"), user)


def credential_list(*, user: User) -> QuerySet[EnforcementCredential]:
    return restrict(EnforcementCredential.objects.select_related("holder__unit__agency"), user)


def agency_members(*, agency_id: int, roles) -> list[User]:
    """The active staff of an agency in the given roles: who is told about what falls to them."""
    return list(User.objects.filter(role__in=list(roles), is_active=True, unit__agency_id=agency_id))


def agency_leaders(*, agency_id: int) -> list[User]:
    return agency_members(agency_id=agency_id, roles=[Role.LEADER])


def saved_view_list(*, user: User, list_name: str | None = None) -> QuerySet[SavedView]:
    """The user's own saved views (nobody else's), newest first; of one list when `list_name` is given."""
    qs = SavedView.objects.filter(user=user) if user.is_authenticated else SavedView.objects.none()
    return qs.filter(list_name=list_name) if list_name else qs
