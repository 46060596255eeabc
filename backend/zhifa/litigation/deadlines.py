"""Litigation and reconsideration deadlines (DOMAIN.md §7), every due date from the calendar engine.

Counted from the day the complaint or application copy was received; appeal windows from the day the
judgment or ruling was received.
"""

from __future__ import annotations

from zhifa.calendar import engine
from zhifa.core.deadlines import deadline_rows_sync
from zhifa.litigation import periods
from zhifa.litigation.choices import (
    FAVOURABLE,
    RECONSIDERATION_KINDS,
    MatterDeadlineKind,
    MatterKind,
    OutcomeForm,
)
from zhifa.litigation.models import Matter


def _wanted(matter: Matter) -> dict[tuple[str, str], dict]:
    wanted = {}

    def add(kind, basis, start, computed, met, reference=""):
        wanted[(kind, reference)] = {"basis": basis, "start_date": start, "due_date": computed.due,
                                     "provisional": computed.provisional, "met_on": met}

    def add_period(kind, period, start, met, fixed=None):
        add(kind, period.basis, start, engine.Deadline(fixed, False) if fixed else period.due(start), met)

    if matter.kind in RECONSIDERATION_KINDS:
        simple = matter.kind == MatterKind.RECONSIDERATION_SIMPLE
        add_period(MatterDeadlineKind.REPLY,
                   periods.RECONSIDERATION_REPLY_SIMPLE if simple else periods.RECONSIDERATION_REPLY,
                   matter.received_on, matter.response_submitted_on, fixed=matter.court_due_date)
        # Counted from the acceptance (受理); where it is not recorded, from the copy's receipt, which follows it.
        decision = periods.RECONSIDERATION_DECISION_SIMPLE if simple else periods.RECONSIDERATION_DECISION
        if matter.decision_extended_days:
            decision = periods.extended(decision, matter.decision_extended_days)
        add_period(MatterDeadlineKind.RECONSIDERATION_DECISION, decision, matter.accepted_on or matter.received_on,
                   matter.outcome_on)
    else:
        add_period(MatterDeadlineKind.DEFENCE, periods.DEFENCE, matter.received_on, matter.response_submitted_on,
                   fixed=matter.court_due_date)
    lost = matter.outcome and matter.outcome not in FAVOURABLE
    appealable = matter.kind in (MatterKind.FIRST_INSTANCE,) and matter.outcome_form in (OutcomeForm.JUDGMENT,
                                                                                       OutcomeForm.RULING)
    if lost and appealable and matter.outcome_received_on:
        judgment = matter.outcome_form == OutcomeForm.JUDGMENT
        add_period(MatterDeadlineKind.APPEAL, periods.APPEAL_JUDGMENT if judgment else periods.APPEAL_RULING,
                   matter.outcome_received_on, matter.appealed_on)
    for hearing in matter.hearings.all():
        add(MatterDeadlineKind.HEARING, "按法院（复议机关）通知出庭", hearing.scheduled_on,
            engine.Deadline(hearing.scheduled_on, False), hearing.scheduled_on if hearing.held else None,
            reference=f"hearing:{hearing.pk}")
    return wanted


def matter_deadlines_recompute(*, matter: Matter) -> None:
    deadline_rows_sync(related_manager=matter.deadlines, wanted=_wanted(matter))
