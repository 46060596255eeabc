"""Who may keep the registers.

Registers are kept by the agency's administrators, leaders, legal reviewers (政策法规科 keeps normative
documents) and disclosure editors; every staff member may read them. Inspection results may also be
recorded by an officer drawn for that inspection.
"""

import rules

from zhifa.accounts.choices import Role
from zhifa.accounts.rules import in_same_agency, is_administrator, is_staff_member

KEEPER_ROLES = {Role.ADMINISTRATOR, Role.LEADER, Role.LEGAL_REVIEWER, Role.DISCLOSURE_EDITOR}


@rules.predicate
def is_register_keeper(user):
    return bool(is_staff_member(user) and (user.is_superuser or getattr(user, "role", None) in KEEPER_ROLES))


@rules.predicate
def is_drawn_inspector(user, result):
    return bool(result is not None and user.is_authenticated and user.pk in (result.inspector_ids or []))


can_read_registers = is_staff_member
can_keep_registers = is_register_keeper
can_keep_object = is_register_keeper & in_same_agency
can_record_inspection = (is_register_keeper | is_drawn_inspector)
can_draw = is_administrator | rules.predicate(lambda user: getattr(user, "role", None) == Role.LEADER)
