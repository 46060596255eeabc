"""Who may do what with a case."""

import rules

from zhifa.accounts.choices import Role
from zhifa.accounts.rules import has_valid_credential, in_same_agency, is_administrator, is_credentialed_officer, is_leader


@rules.predicate
def handles_case(user, case):
    """An assigned officer of the case whose credential is valid today."""
    if case is None or not user.is_authenticated:
        return False
    return (user.role == Role.OFFICER and has_valid_credential(user)
            and any(a.officer_id == user.pk for a in case.assignments.all()))


is_case_leader = is_leader & in_same_agency
can_create_case = is_credentialed_officer


@rules.predicate
def is_lead_unit_officer(user, case):
    """A credentialed officer of the unit a lead was logged in, while it is still a lead."""
    return case is not None and case.state == "lead" and case.unit_id == user.unit_id


# The reporter of a lead is confidential (举报人保密): handling officers and leaders only.
can_see_reporter = handles_case | is_case_leader
can_edit_case = handles_case | is_case_leader | (is_credentialed_officer & in_same_agency & is_lead_unit_officer)
# Who handles a case is decided by those who handle it or by a leader: an officer of the unit who may edit
# a lead cannot put himself on it (or take others off).
can_assign_officers = handles_case | is_case_leader
can_manage_catalogue = is_administrator

ACTOR_PREDICATES = {
    "lead_officer": handles_case | (is_credentialed_officer & in_same_agency & is_lead_unit_officer),
    "leader": is_case_leader,
    "handler": handles_case,
    "handler_or_leader": handles_case | is_case_leader,
}
ACTOR_WORDS = {
    "lead_officer": ("登记线索的执法机构中持有效执法证的执法人员", "a credentialed officer of the unit that logged the lead"),
    "leader": ("本机关负责人", "a leader of the agency"),
    "handler": ("本案持有效执法证的承办人员", "an assigned officer with a valid credential"),
    "handler_or_leader": ("本案承办人员或负责人", "an assigned officer or a leader"),
}
