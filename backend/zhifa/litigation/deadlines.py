"""Litigation and reconsideration deadlines (DOMAIN.md §7), every due date from the calendar engine.

Counted from the day the complaint or application copy was received; appeal windows from the day the
judgment or ruling was received.
"""

from __future__ import annotations

from zhifa.calendar import engine
from zhifa.core.deadlines import deadline_rows_sync
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

    if matter.kind in RECONSIDERATION_KINDS:
        simple = matter.kind == MatterKind.RECONSIDERATION_SIMPLE
        days = 5 if simple else 10
        due = engine.Deadline(matter.court_due_date, False) if matter.court_due_date else \
            engine.add_working_days(matter.received_on, days)
        add(MatterDeadlineKind.REPLY, f"《行政复议法》：收到申请书副本之日起{days}日内书面答复并提交证据、依据"
            f"（{'简易' if simple else '普通'}程序）；逾期视为没有证据", matter.received_on, due, matter.response_submitted_on)
        add(MatterDeadlineKind.RECONSIDERATION_DECISION, "《行政复议法》：复议机关自受理之日起六十日内作出决定（可延长三十日）",
            matter.received_on, engine.add_calendar_days(matter.received_on, 60), matter.outcome_on)
    else:
        due = engine.Deadline(matter.court_due_date, False) if matter.court_due_date else \
            engine.add_calendar_days(matter.received_on, 15)
        add(MatterDeadlineKind.DEFENCE, "《行政诉讼法》第六十七条：收到起诉状副本之日起十五日内提交答辩状、证据和所依据的规范性文件",
            matter.received_on, due, matter.response_submitted_on)
    lost = matter.outcome and matter.outcome not in FAVOURABLE
    appealable = matter.kind in (MatterKind.FIRST_INSTANCE,) and matter.outcome_form in (OutcomeForm.JUDGMENT,
                                                                                       OutcomeForm.RULING)
    if lost and appealable and matter.outcome_received_on:
        days = 15 if matter.outcome_form == OutcomeForm.JUDGMENT else 10
        add(MatterDeadlineKind.APPEAL, f"《行政诉讼法》第八十五条：不服{'判决' if days == 15 else '裁定'}的，"
            f"收到之日起{days}日内提起上诉", matter.outcome_received_on,
            engine.add_calendar_days(matter.outcome_received_on, days), matter.appealed_on)
    for hearing in matter.hearings.all():
        add(MatterDeadlineKind.HEARING, "按法院（复议机关）通知出庭", hearing.scheduled_on,
            engine.Deadline(hearing.scheduled_on, False), hearing.scheduled_on if hearing.held else None,
            reference=f"hearing:{hearing.pk}")
    return wanted


def matter_deadlines_recompute(*, matter: Matter) -> None:
    deadline_rows_sync(related_manager=matter.deadlines, wanted=_wanted(matter))
