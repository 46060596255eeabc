"""Statutory deadlines of a case. Every due date comes from the calendar engine.

DEADLINE_RULES reads top to bottom: which deadline, its legal basis, when it starts, how long it
runs, and which date meets it. `deadlines_recompute` brings a case's rows in line with its dates
whenever they change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.utils import timezone

from zhifa.calendar import engine
from zhifa.cases.choices import DeadlineKind, PenaltyKind
from zhifa.cases.models import Case, CaseDeadline
from zhifa.core.deadlines import deadline_rows_sync
from zhifa.core.deadlines import deadline_status as status_of


@dataclass(frozen=True)
class DeadlineRule:
    kind: DeadlineKind
    basis: str
    period: str
    start: Callable[[Case], datetime.date | None]          # None: the deadline does not apply (yet)
    due: Callable[[datetime.date, Case], engine.Deadline]
    met: Callable[[Case], datetime.date | None]


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
    suspended periods. One computation for the guard, the deadline row and the reminders."""
    if not case.filed_on:
        return None
    extended = sum(int(e["days"]) for e in case.time_limit_extensions or [])
    return engine.add_calendar_days(case.filed_on, settings.DECISION_DAYS + extended + suspended_days(case))


def _has_fine(case: Case) -> bool:
    return PenaltyKind.FINE in (case.decision_penalties or [])


def _hearing_window_closed(case: Case) -> datetime.date | None:
    """The hearing-request window is the party's right, not the bureau's work: it closes when the party
    asks, or unused on its last day once that day has passed or the bureau has decided. Nobody is late
    when a party lets a right lapse, so a lapsed window is never shown or alerted as overdue."""
    if case.hearing_requested_on:
        return case.hearing_requested_on
    if case.notice_received_on:
        last_day = engine.add_working_days(case.notice_received_on, 5).due
        if case.decided_on or last_day < timezone.localdate():
            return last_day
    return None


DEADLINE_RULES = (
    DeadlineRule(
        DeadlineKind.DECISION, "《行政处罚法》第六十条：自立案之日起九十日内作出处罚决定（另加批准延长的期限，听证、公告、"
        "鉴定等期间不计入）", "90日",
        start=lambda c: c.filed_on,
        due=lambda d, c: decision_time_limit(c),
        met=lambda c: c.decided_on,
    ),
    DeadlineRule(
        DeadlineKind.HEARING_REQUEST, "《行政处罚法》第六十四条第一项：收到告知书后五个工作日内提出听证要求", "5个工作日",
        start=lambda c: c.notice_received_on if c.hearing_right else None,
        due=lambda d, c: engine.add_working_days(d, 5),
        met=_hearing_window_closed,
    ),
    DeadlineRule(
        DeadlineKind.HEARING_NOTICE, "《行政处罚法》第六十四条第二项：听证的七个工作日前通知当事人", "听证前满7个工作日",
        start=lambda c: c.hearing_date,
        due=lambda d, c: engine.subtract_working_days(d, 7),
        met=lambda c: c.hearing_notice_on,
    ),
    DeadlineRule(
        DeadlineKind.SERVICE, "《行政处罚法》第六十一条：当事人不在场的，七个工作日内送达", "7个工作日",
        start=lambda c: c.decided_on,
        due=lambda d, c: engine.add_working_days(d, 7),
        met=lambda c: c.served_on,
    ),
    DeadlineRule(
        DeadlineKind.FINE_PAYMENT, "《行政处罚法》第六十七条：自收到处罚决定书之日起十五日内缴纳罚款", "15日",
        start=lambda c: c.served_on if _has_fine(c) else None,
        due=lambda d, c: engine.add_calendar_days(d, 15),
        met=lambda c: c.fine_paid_on,
    ),
)

# Windows that are the party's to use (closed by _hearing_window_closed when they lapse).
PARTY_WINDOWS = (DeadlineKind.HEARING_REQUEST,)

PRESERVATION_BASIS = "《行政处罚法》第五十六条：先行登记保存的，七个工作日内及时作出处理决定"


def deadlines_recompute(*, case: Case) -> None:
    """Create, update or remove the case's deadline rows to match its current dates."""
    wanted: dict[tuple[str, str], dict] = {}
    for rule in DEADLINE_RULES:
        start = rule.start(case)
        if start is None:
            continue
        computed = rule.due(start, case)
        wanted[(rule.kind, "")] = {"basis": rule.basis, "period": rule.period, "start_date": start,
                                   "due_date": computed.due, "provisional": computed.provisional,
                                   "met_on": rule.met(case)}
    for preservation in case.preservations.all():
        computed = engine.add_working_days(preservation.preserved_on, 7)
        wanted[(DeadlineKind.PRESERVATION, f"preservation:{preservation.pk}")] = {
            "basis": PRESERVATION_BASIS, "period": "7个工作日", "start_date": preservation.preserved_on,
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
