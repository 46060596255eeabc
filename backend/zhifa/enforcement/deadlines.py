"""Enforcement deadlines, every due date from the calendar engine: each part of the fine's schedule, and the
application to the court (行政强制法 Art. 53)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from zhifa.calendar import engine
from zhifa.cases.periods import FINE_PAYMENT
from zhifa.core.deadlines import deadline_rows_sync
from zhifa.enforcement.choices import EnforcementDeadlineKind, EnforcementState
from zhifa.enforcement.models import Enforcement
from zhifa.enforcement.periods import COURT_APPLICATION
from zhifa.enforcement.surcharge import approved_arrangement, challenge_windows_end, payment_schedule

APPLICATION_BASIS = COURT_APPLICATION.basis
PAYMENT_BASIS = FINE_PAYMENT.basis
ARRANGED_BASIS = "《行政处罚法》第六十六条：经当事人申请和行政机关批准，暂缓或者分期缴纳罚款"


def application_deadline(enforcement: Enforcement) -> tuple[datetime.date, engine.Deadline]:
    """(the day the challenge windows end, the last day to apply to the court)."""
    windows_end = challenge_windows_end(enforcement.served_on)
    return windows_end, COURT_APPLICATION.due(windows_end)


def _wanted(enforcement: Enforcement) -> dict[tuple[str, str], dict]:
    wanted = {}
    if enforcement.state == EnforcementState.VOIDED:
        return wanted  # the decision was taken away: nothing is due under it
    payments = list(enforcement.payments.order_by("paid_on", "id"))
    arranged = approved_arrangement(enforcement) is not None
    cumulative = Decimal("0")
    for n, item in enumerate(payment_schedule(enforcement), 1):
        cumulative += item.amount
        paid, met = Decimal("0"), None
        for payment in payments:
            paid += payment.principal
            if paid >= cumulative:
                met = payment.paid_on
                break
        basis = ARRANGED_BASIS if arranged else PAYMENT_BASIS
        wanted[(EnforcementDeadlineKind.PAYMENT, f"instalment:{n}")] = {
            "basis": basis, "start_date": enforcement.served_on, "due_date": item.due_on, "provisional": False,
            "met_on": met}
    challenged = enforcement.case.matters.exists()
    if not challenged and (enforcement.applied_on or enforcement.state != EnforcementState.PERFORMED):
        windows_end, due = application_deadline(enforcement)
        wanted[(EnforcementDeadlineKind.COURT_APPLICATION, "")] = {
            "basis": APPLICATION_BASIS, "start_date": windows_end, "due_date": due.due, "provisional": due.provisional,
            "met_on": enforcement.applied_on}
    return wanted


def enforcement_deadlines_recompute(*, enforcement: Enforcement) -> None:
    deadline_rows_sync(related_manager=enforcement.deadlines, wanted=_wanted(enforcement))
