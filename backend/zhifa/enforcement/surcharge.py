"""The fine's schedule and its late surcharge (加处罚款, 行政处罚法 Art. 72, 73 ¶3).

`late_surcharge` is the one computation of the surcharge: the payment guard, the outstanding amount, the
detail page and the closing all ask it. It is a pure function of the fine, the schedule, the payments of the
fine itself, the periods a challenge was pending and the day asked about, so a test can drive it across
those periods. The rest of this module gathers those inputs from the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from zhifa.calendar import engine
from zhifa.enforcement import periods

RATE = Decimal("0.03")  # 3% of the fine overdue, each day (Art. 72)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Instalment:
    """Part of the fine, paid on or before `due_on`."""

    due_on: datetime.date
    amount: Decimal


@dataclass(frozen=True)
class Surcharge:
    amount: Decimal  # accrued up to and including the day asked about, never more than the fine
    running_days: int  # days that accrued
    paused_days: int  # overdue days that did not accrue: a reconsideration or lawsuit was pending
    capped: bool  # the cap (the fine itself) was reached


def late_surcharge(*, fine: Decimal, schedule: Iterable[Instalment],
                   payments: Iterable[tuple[datetime.date, Decimal]],
                   pauses: Iterable[tuple[datetime.date, datetime.date | None]],
                   as_of: datetime.date) -> Surcharge:
    """The late surcharge accrued by `as_of` (inclusive).

    A day accrues 3% of the part of the fine that was overdue that day: due on an earlier day of the schedule
    and not paid on an earlier day (a payment on the day after the due date is one day late). A day inside a
    pause (start to end inclusive; an open end is still pending) does not accrue (Art. 73 ¶3). The total
    never exceeds the fine (Art. 72). Each day's amount is rounded to the cent."""
    schedule = sorted(schedule, key=lambda i: i.due_on)
    payments = sorted(payments)
    pauses = list(pauses)
    total, running, paused = Decimal("0.00"), 0, 0
    if not schedule:
        return Surcharge(total, 0, 0, False)
    day = schedule[0].due_on + datetime.timedelta(days=1)
    while day <= as_of:
        due = sum((i.amount for i in schedule if i.due_on < day), Decimal("0"))
        paid = sum((amount for paid_on, amount in payments if paid_on < day), Decimal("0"))
        overdue = due - paid
        if overdue <= 0:
            if paid >= fine:
                break  # the fine is paid: nothing accrues any more
        elif any(start <= day and (end is None or day <= end) for start, end in pauses):
            paused += 1
        else:
            running += 1
            total += (overdue * RATE).quantize(CENT, rounding=ROUND_HALF_UP)
            if total >= fine:
                return Surcharge(fine.quantize(CENT), running, paused, True)
        day += datetime.timedelta(days=1)
    return Surcharge(total, running, paused, False)


# --- the inputs, from the database -----------------------------------------------------------------


def fine_due(served_on: datetime.date) -> engine.Deadline:
    """Art. 67: within 15 days of service (a last day on a rest day moves to the next working day)."""
    return periods.FINE_PAYMENT.due(served_on)


def challenge_windows_end(served_on: datetime.date) -> datetime.date:
    """The last day either challenge is open: 60 days for reconsideration, 6 months for a lawsuit, from
    service (行政复议法 Art. 20; 行政诉讼法 Art. 46)."""
    return max(periods.RECONSIDERATION_WINDOW.due(served_on).due, periods.LAWSUIT_WINDOW.due(served_on).due)


def approved_arrangement(enforcement):
    from zhifa.enforcement.choices import ArrangementState

    return enforcement.arrangements.filter(state=ArrangementState.APPROVED).order_by("-decided_on", "-id").first()


def payment_schedule(enforcement) -> list[Instalment]:
    """The fine's due dates: all of it 15 days after service, unless the leader approved a deferral or
    instalments (Art. 66); the part paid before the application stays due on the original date."""
    due = fine_due(enforcement.served_on).due
    arrangement = approved_arrangement(enforcement)
    if arrangement is None:
        return [Instalment(due, enforcement.fine)]
    items = [Instalment(datetime.date.fromisoformat(i["due_on"]), Decimal(i["amount"])) for i in arrangement.items]
    before = enforcement.fine - sum((i.amount for i in items), Decimal("0"))
    return ([Instalment(due, before)] if before > 0 else []) + items


def challenge_pauses(case) -> list[tuple[datetime.date, datetime.date | None]]:
    """The periods a reconsideration or lawsuit against the case's decision was pending (Art. 73 ¶3): from the
    day the bureau received the copy until the outcome takes effect. A first-instance judgment or ruling takes
    effect when its appeal window (15 or 10 days from receipt) passes unappealed; once appealed, the lawsuit
    is pending until the second instance decides."""
    from zhifa.litigation import periods as litigation_periods
    from zhifa.litigation.choices import MatterKind, OutcomeForm

    matters = list(case.matters.all()) if case is not None else []
    pauses = []
    for matter in matters:
        if matter.outcome_on is None:
            end = matter.closed_on
        elif matter.kind == MatterKind.FIRST_INSTANCE and matter.outcome_form in (OutcomeForm.JUDGMENT,
                                                                                   OutcomeForm.RULING):
            if matter.appealed_on:
                appeals = [m for m in matters if m.kind == MatterKind.SECOND_INSTANCE
                           and m.received_on >= matter.outcome_on]
                end = None if not appeals or any(m.outcome_on is None for m in appeals) else \
                    max(m.outcome_on for m in appeals)
            else:
                appeal = (litigation_periods.APPEAL_JUDGMENT if matter.outcome_form == OutcomeForm.JUDGMENT
                          else litigation_periods.APPEAL_RULING)
                end = appeal.due(matter.outcome_received_on or matter.outcome_on).due
        else:
            end = matter.outcome_on
        pauses.append((matter.received_on, end))
    return pauses


@dataclass(frozen=True)
class Balance:
    fine: Decimal
    principal_paid: Decimal
    surcharge: Surcharge
    surcharge_paid: Decimal

    @property
    def principal_due(self) -> Decimal:
        return self.fine - self.principal_paid

    @property
    def surcharge_due(self) -> Decimal:
        return self.surcharge.amount - self.surcharge_paid

    @property
    def total_due(self) -> Decimal:
        return self.principal_due + self.surcharge_due


def balance(enforcement, as_of: datetime.date) -> Balance:
    """What the party owes on `as_of`: the unpaid fine, and the surcharge accrued less what was paid of it."""
    payments = list(enforcement.payments.all())
    surcharge = late_surcharge(fine=enforcement.fine, schedule=payment_schedule(enforcement),
                               payments=[(p.paid_on, p.principal) for p in payments],
                               pauses=challenge_pauses(enforcement.case), as_of=as_of)
    return Balance(fine=enforcement.fine, principal_paid=sum((p.principal for p in payments), Decimal("0.00")),
                   surcharge=surcharge, surcharge_paid=sum((p.surcharge for p in payments), Decimal("0.00")))
