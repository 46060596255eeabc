"""Who may do what with evidence.

Evidence follows its case: the case's unit (its officers, and any officer assigned to it), the agency's
legal reviewers and its leaders, and the legal advisers defending that case's decision in a
reconsideration or lawsuit. Nobody else: not other units, not administrators or disclosure editors,
never the public. An item without a case belongs to the uploader's unit in the same way.
"""

import rules

from zhifa.accounts.choices import Role
from zhifa.accounts.rules import in_same_agency, is_administrator, is_credentialed_officer, is_leader, is_staff_member
from zhifa.cases.choices import CaseState

# Roles that may see evidence at all (officers only that of their unit or their cases).
EVIDENCE_ROLES = frozenset({Role.OFFICER, Role.LEGAL_REVIEWER, Role.LEADER})
AGENCY_WIDE_ROLES = frozenset({Role.LEGAL_REVIEWER, Role.LEADER})
# No new evidence once a case has ended.
CLOSED_CASE_STATES = frozenset({CaseState.CLOSED, CaseState.ARCHIVED, CaseState.DROPPED, CaseState.TRANSFERRED})


def _assigned(user, case) -> bool:
    return case is not None and any(a.officer_id == user.pk for a in case.assignments.all())


@rules.predicate
def can_see_case_evidence(user, case):
    """May see the evidence of `case` (a Case)."""
    if case is None or not (user and user.is_authenticated and user.is_active):
        return False
    role = getattr(user, "role", None)
    if role == Role.LEGAL_ADVISER and user.agency_id == case.agency_id:
        return case.matters.filter(advisers=user).exists()
    if role not in EVIDENCE_ROLES or user.agency_id != case.agency_id:
        return False
    if role in AGENCY_WIDE_ROLES:
        return True
    return case.unit_id == user.unit_id or _assigned(user, case)


@rules.predicate
def can_see_item(user, item):
    if item is None or not (user and user.is_authenticated and user.is_active):
        return False
    if item.case_id:
        return can_see_case_evidence(user, item.case)
    role = getattr(user, "role", None)
    if role not in EVIDENCE_ROLES or user.agency_id != item.agency_id:
        return False
    return role in AGENCY_WIDE_ROLES or item.unit_id == user.unit_id


@rules.predicate
def can_add_evidence(user, case):
    """A credentialed officer of the case's unit or assigned to it (or of their own unit, with no case)."""
    if not is_credentialed_officer(user):
        return False
    if case is None:
        return True
    return user.agency_id == case.agency_id and (case.unit_id == user.unit_id or _assigned(user, case))


@rules.predicate
def can_edit_item(user, item):
    """The collecting officers' side (officers who see it) and leaders."""
    if not can_see_item(user, item):
        return False
    return user.role == Role.LEADER or is_credentialed_officer(user)


@rules.predicate
def can_admit_item(user, item):
    """Listing an item as case evidence: an officer assigned to the case, or a leader."""
    if item is None or not item.case_id or not can_see_item(user, item):
        return False
    return user.role == Role.LEADER or (is_credentialed_officer(user) and _assigned(user, item.case))


can_use_evidence = rules.predicate(lambda user: bool(
    user and user.is_authenticated and user.is_active and getattr(user, "role", None) in EVIDENCE_ROLES))
can_upload = is_credentialed_officer
can_request_disposal = rules.predicate(lambda user, item: bool(
    can_see_item(user, item) and (user.role == Role.LEADER or is_credentialed_officer(user))))
can_decide_disposal = is_leader & in_same_agency
can_manage_devices = (is_leader | is_administrator) & in_same_agency
can_record_custody = is_staff_member & in_same_agency & rules.predicate(
    lambda user, device: getattr(user, "role", None) in (Role.OFFICER, Role.LEADER, Role.ADMINISTRATOR)
    or user.is_superuser)
can_see_devices = is_staff_member
can_handle_alarms = is_leader | is_administrator
