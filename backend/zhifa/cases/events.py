"""The case timeline: one function per kind of event, so every entry has the same shape."""

import datetime

from zhifa.cases.choices import CaseEventKind
from zhifa.cases.models import Case, TimelineEvent


def _event(case: Case, kind: str, *, actor=None, on: datetime.date, reason: str = "", **fields) -> TimelineEvent:
    return TimelineEvent.objects.create(case=case, kind=kind, actor=actor, occurred_on=on, reason=reason, **fields)


def case_created_event(*, case: Case, actor, on: datetime.date) -> TimelineEvent:
    return _event(case, CaseEventKind.CREATED, actor=actor, on=on, to_state=case.state,
                  data={"source": case.source, "party": case.party_name})


def transition_event(*, case: Case, actor, action: str, from_state: str, on: datetime.date, reason: str = "",
                     data: dict | None = None) -> TimelineEvent:
    return _event(case, CaseEventKind.TRANSITION, actor=actor, on=on, reason=reason, action=action,
                  from_state=from_state, to_state=case.state, data=data or {})


def case_updated_event(*, case: Case, actor, on: datetime.date, changed: list[str]) -> TimelineEvent:
    return _event(case, CaseEventKind.UPDATED, actor=actor, on=on, data={"fields": changed})


def statement_recorded_event(*, case: Case, actor, on: datetime.date, status: str, summary: str) -> TimelineEvent:
    return _event(case, CaseEventKind.STATEMENT_RECORDED, actor=actor, on=on, reason=summary,
                  data={"status": status})


def limitation_overridden_event(*, case: Case, actor, on: datetime.date, reason: str, expired_on) -> TimelineEvent:
    return _event(case, CaseEventKind.LIMITATION_OVERRIDDEN, actor=actor, on=on, reason=reason,
                  data={"limitation_expired_on": expired_on.isoformat()})


def major_flagged_event(*, case: Case, actor, on: datetime.date, reason: str, automatic: bool) -> TimelineEvent:
    return _event(case, CaseEventKind.MAJOR_FLAGGED, actor=actor, on=on, reason=reason,
                  data={"automatic": automatic})


def document_issued_event(*, case: Case, actor, on: datetime.date, document) -> TimelineEvent:
    return _event(case, CaseEventKind.DOCUMENT_ISSUED, actor=actor, on=on,
                  data={"document": document.pk, "kind": document.kind, "number": document.number})


def fine_paid_event(*, case: Case, actor, on: datetime.date, amount, paid_in_full: bool) -> TimelineEvent:
    return _event(case, CaseEventKind.FINE_PAID, actor=actor, on=on,
                  data={"amount": str(amount), "paid_in_full": paid_in_full})


def fine_refunded_event(*, case: Case, actor, on: datetime.date, amount, voucher_number: str) -> TimelineEvent:
    return _event(case, CaseEventKind.FINE_REFUNDED, actor=actor, on=on,
                  data={"amount": str(amount), "voucher_number": voucher_number})


def items_collected_event(*, case: Case, actor, on: datetime.date, collected: dict) -> TimelineEvent:
    return _event(case, CaseEventKind.ITEMS_COLLECTED, actor=actor, on=on, data=collected)


def deadline_alert_event(*, case: Case, on: datetime.date, deadline, status: str) -> TimelineEvent:
    return _event(case, CaseEventKind.DEADLINE_ALERT, on=on,
                  data={"deadline": deadline.kind, "due": deadline.due_date.isoformat(), "status": status})


def litigation_outcome_event(*, case: Case, on: datetime.date, matter, outcome: str,
                             effective_on: datetime.date | None) -> TimelineEvent:
    """The outcome as received; it acts on the decision only once effective (outcome_effective_event)."""
    return _event(case, CaseEventKind.LITIGATION_OUTCOME, on=on, reason=matter.outcome_summary,
                  data={"matter": matter.pk, "kind": matter.kind, "number": matter.external_number,
                        "outcome": outcome, "effective_on": effective_on.isoformat() if effective_on else None})


def outcome_effective_event(*, case: Case, on: datetime.date, matter, undone: dict) -> TimelineEvent:
    """The outcome took legal effect, and what was done of it: notices withdrawn, registry status restored,
    enforcement stopped, refund due."""
    return _event(case, CaseEventKind.OUTCOME_EFFECTIVE, on=on, reason=matter.outcome_summary,
                  data={"matter": matter.pk, "kind": matter.kind, "number": matter.external_number,
                        "outcome": matter.outcome, **undone})


def case_reopened_event(*, case: Case, on: datetime.date, from_state: str, overturned_by: dict) -> TimelineEvent:
    """The decision was revoked with an order to decide again: the case is back in the investigation."""
    return _event(case, CaseEventKind.REOPENED, on=on, from_state=from_state, to_state=case.state,
                  reason=f"{overturned_by.get('body', '')}（{overturned_by.get('document_number', '')}）撤销原决定并责令重新作出",
                  data=overturned_by)


def decision_changed_event(*, case: Case, on: datetime.date, changed_by: dict, original: dict) -> TimelineEvent:
    """An effective outcome changed the decision (变更): what was decided before, and what is in force now."""
    return _event(case, CaseEventKind.DECISION_CHANGED, on=on,
                  reason=f"{changed_by.get('body', '')}（{changed_by.get('document_number', '')}）变更原决定",
                  data={**changed_by, "original": {k: original[k] for k in ("number", "penalties", "fine")},
                        "penalties": case.decision_penalties,
                        "fine": str(case.decision_fine) if case.decision_fine is not None else None})
