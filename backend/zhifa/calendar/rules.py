"""The holiday calendar is national: every staff member reads it, administrators maintain it."""

import rules

from zhifa.accounts.rules import is_administrator, is_staff_member

rules.add_perm("calendar.view_calendar", is_staff_member)
rules.add_perm("calendar.manage_calendar", is_administrator)
