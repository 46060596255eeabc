"""Statutory deadlines of a case. Every due date comes from the calendar engine.

DEADLINE_RULES reads top to bottom: which deadline, its period (periods.py: the count, unit and article),
the date it starts from, and which date meets it. `deadlines_recompute` brings a case's rows in line with its dates
whenever they change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable

from django.utils import timezone

from zhifa.calendar import engine
from zhifa.calendar.periods import Period
from zhifa.cases import hooks, periods
from zhifa.cases.choices import DeadlineKind, PenaltyKind
from zhifa.cases.models import Case, CaseDeadline
from zhifa.core.deadlines import deadline_rows_sync
from zhifa.core.deadlines import deadline_status as status_of


@dataclass(frozen=True)
class DeadlineRule:
    kind: DeadlineKind
    period: Period
    start: Callable[[Case], datetime.date | None]          # None: the deadline does not apply (yet)
    met: Callable[[Case], datetime.date | None]
    # Where the case itself moves the due date (extensions and suspensions of the decision's time limit)
    due: Callable[[datetime.date, Case], engine.Deadline] | None = None

    def due_on(self, start: datetime.date, case: Case) -> engine.Deadline:
        return self.due(start, case) if self.due else self.period.due(start)


def suspended_days(case: Case) -> int:
    """Days that don't count towards the decision's time limit (Art. 60): the hearing, from the request to
    the hearing, and the recorded public-notice, expert-opinion and testing periods; a day counts once."""
    periods = [(datetime.date.fromisoformat(s["start"]), datetime.date.fromisoformat(s["end"]))
               for s in case.suspensions or []]
    if case.hearing_requested_on:
        periods.append((case.hearing_requested_on, case.hearing_held_on or timezone.localdate()))
    days: set[datetime.date] = set()
    for start, end in periods:
        days.update(start + datetime.timedelta(days=n) for n in range((end - start).days + 1))
    return len(days)


def decision_time_limit(case: Case) -> engine.Deadline | None:
    """行政处罚法 Art. 60: the decision is made within 90 days of filing, plus approved extensions, not counting
    suspended periods. One computation for the guard, the deadline row and the reminders. A decision revoked
    with an order to decide again is decided again within the period the outcome set, or else within 90 days
    of the revocation taking effect, counted the same way."""
    if not case.filed_on:
        return None
    if case.redecision_due_on:
        return engine.Deadline(due=case.redecision_due_on, provisional=False)
    extended = sum(int(e["days"]) for e in case.time_limit_extensions or [])
    return periods.DECISION.due(case.reopened_on or case.filed_on,
                                periods.DECISION.count + extended + suspended_days(case))


def _has_fine(case: Case) -> bool:
    return PenaltyKind.FINE in (case.decision_penalties or [])


def fine_payment_due(start: datetime.date, case: Case) -> engine.Deadline:
    """Art. 67: 15 days from service; where the leader approved a deferral or instalments (Art. 66), the day the
    schedule's last part is due."""
    arranged = hooks.fine_arranged_due(case=case) if case.pk else None
    return engine.Deadline(due=arranged, provisional=False) if arranged else periods.FINE_PAYMENT.due(start)


def _hearing_window_closed(case: Case) -> datetime.date | None:
    """The hearing-request window is the party's right, not the bureau's work: it closes when the party
    asks, or unused on its last day once that day has passed or the bureau has decided. Nobody is late
    when a party lets a right lapse, so a lapsed window is never shown or alerted as overdue."""
    if case.hearing_requested_on:
        return case.hearing_requested_on
    if case.notice_received_on:
        last_day = periods.HEARING_REQUEST.due(case.notice_received_on).due
        if case.decided_on or last_day < timezone.localdate():
            return last_day
    return None


DEADLINE_RULES = (
    DeadlineRule(DeadlineKind.DECISION, periods.DECISION, start=lambda c: c.reopened_on or c.filed_on,
                 met=lambda c: c.decided_on,
                 due=lambda d, c: decision_time_limit(c)),
    DeadlineRule(DeadlineKind.HEARING_REQUEST, periods.HEARING_REQUEST,
                 start=lambda c: c.notice_received_on if c.hearing_right else None, met=_hearing_window_closed),
    DeadlineRule(DeadlineKind.HEARING_NOTICE, periods.HEARING_NOTICE,
                 start=lambda c: c.hearing_date, met=lambda c: c.hearing_notice_on),
    # Art. 61's 7 working days ask the bureau to serve; a public notice published in them meets it, although
    # the party counts as served only 30 days later.
    DeadlineRule(DeadlineKind.SERVICE, periods.SERVICE, start=lambda c: c.decided_on,
                 met=lambda c: c.service_published_on or c.served_on),
    DeadlineRule(DeadlineKind.FINE_PAYMENT, periods.FINE_PAYMENT,
                 start=lambda c: c.served_on if _has_fine(c) else None, met=lambda c: c.fine_paid_on,
                 due=fine_payment_due),
)

# Windows that are the party's to use (closed by _hearing_window_closed when they lapse).
PARTY_WINDOWS = (DeadlineKind.HEARING_REQUEST,)

def deadlines_recompute(*, case: Case) -> None:
    """Create, update or remove the case's deadline rows to match its current dates."""
    wanted: dict[tuple[str, str], dict] = {}
    for rule in DEADLINE_RULES:
        start = rule.start(case)
        if start is None:
            continue
        computed = rule.due_on(start, case)
        wanted[(rule.kind, "")] = {"basis": rule.period.basis, "period": rule.period.label(), "start_date": start,
                                   "due_date": computed.due, "provisional": computed.provisional,
                                   "met_on": rule.met(case)}
    for preservation in case.preservations.all():
        if preservation.preserved_on is None:  # a request not (or not yet) approved preserves nothing
            continue
        computed = periods.PRESERVATION.due(preservation.preserved_on)
        wanted[(DeadlineKind.PRESERVATION, f"preservation:{preservation.pk}")] = {
            "basis": periods.PRESERVATION.basis, "period": periods.PRESERVATION.label(),
            "start_date": preservation.preserved_on,
            "due_date": computed.due, "provisional": computed.provisional, "met_on": preservation.dealt_on,
        }

    deadline_rows_sync(related_manager=case.deadlines, wanted=wanted)


def party_windows_close() -> int:
    """Close the party's windows whose last day has passed unused (the daily watch runs this first)."""
    lapsed = Case.objects.filter(pk__in=CaseDeadline.objects.filter(
        kind__in=PARTY_WINDOWS, met_on__isnull=True, due_date__lt=timezone.localdate()).values("case_id"))
    count = 0
    for case in lapsed.prefetch_related("preservations", "deadlines"):
        deadlines_recompute(case=case)
        count += 1
    return count


def deadline_status(deadline: CaseDeadline, today: datetime.date | None = None) -> str:
    return status_of(deadline.due_date, deadline.met_on, today)
