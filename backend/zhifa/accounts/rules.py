"""Who may do what: predicates registered with django-rules.

Object-level checks use these predicates; list endpoints use the matching selectors, so nobody
lists what they may not open.
"""

import rules

from zhifa.accounts.choices import Role


def _has_role(role):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user):
        return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None) == role)

    return predicate


is_officer = _has_role(Role.OFFICER)
is_legal_reviewer = _has_role(Role.LEGAL_REVIEWER)
is_leader = _has_role(Role.LEADER)
is_legal_adviser = _has_role(Role.LEGAL_ADVISER)
is_disclosure_editor = _has_role(Role.DISCLOSURE_EDITOR)


@rules.predicate
def is_administrator(user):
    return bool(user and user.is_authenticated and user.is_active
                and (user.is_superuser or getattr(user, "role", None) == Role.ADMINISTRATOR))


@rules.predicate
def has_valid_credential(user):
    """An officer whose enforcement credential is valid today. Expired or revoked counts as none."""
    return bool(user and user.is_authenticated and user.current_credential() is not None)


@rules.predicate
def is_staff_member(user):
    return bool(user and user.is_authenticated and user.is_active and (user.unit_id or user.is_superuser))


@rules.predicate
def in_same_agency(user, obj):
    """The object belongs to the user's agency (objects expose `agency_id`)."""
    if obj is None:
        return True
    return user.is_superuser or (user.agency_id is not None and user.agency_id == obj.agency_id)


is_credentialed_officer = is_officer & has_valid_credential

rules.add_perm("accounts.view_user", is_staff_member & in_same_agency)
rules.add_perm("accounts.manage_user", is_administrator & in_same_agency)
