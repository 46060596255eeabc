"""Every write to a case. Each function is transactional and leaves a timeline event."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases import events, hooks
from zhifa.cases.assignments import case_recused_ids, officers_assign
from zhifa.cases.choices import CaseState, DocumentKind, PartyKind, PenaltyKind, StatementStatus
from zhifa.cases.deadlines import deadlines_recompute
from zhifa.cases.documents import document_issue
from zhifa.cases.models import Case, Preservation
from zhifa.cases.procedure import PROCEDURE, Transition, major_recheck, party_windows
from zhifa.cases.rules import ACTOR_PREDICATES, ACTOR_WORDS, can_assign_officers, can_edit_case, handles_case
from zhifa.core.concurrency import apply_changes, lock_for_update
from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
from zhifa.core.search import bigrams
from zhifa.core.validators import resident_id_problem

# The record can be edited until the decision; during legal review and deliberation that is the rework
# a correction asks for.
EDITABLE_STATES = {CaseState.LEAD, CaseState.FILED, CaseState.INVESTIGATING, CaseState.INVESTIGATION_CLOSED,
                   CaseState.LEGAL_REVIEW, CaseState.DELIBERATION}
DECIDED_STATES = {CaseState.DECIDED, CaseState.SERVED, CaseState.EXECUTING, CaseState.CLOSED, CaseState.ARCHIVED}


def _refuse_fields(errors: dict[str, list[str]]) -> None:
    if errors:
        raise InvalidInput("输入有误，请检查标出的字段。", "Invalid input; see the fields named.", fields=errors)


def _check_party_and_dates(data: dict, agency_id: int) -> None:
    errors: dict[str, list[str]] = {}
    kind = data.get("party_kind")
    if kind == PartyKind.ORGANISATION and not data.get("organisation"):
        errors["organisation"] = ["当事人为登记的社会组织时须选择该组织"]
    if kind == PartyKind.ILLEGAL_ORGANISATION and not data.get("illegal_organisation"):
        errors["illegal_organisation"] = ["当事人为非法社会组织时须选择该组织"]
    if kind == PartyKind.PERSON:
        if not data.get("person_name"):
            errors["person_name"] = ["当事人为自然人时须填写姓名"]
        if data.get("person_id_number"):
            problem = resident_id_problem(data["person_id_number"])
            if problem:
                errors["person_id_number"] = [problem]
    today = timezone.localdate()
    for name in ("received_on", "act_date", "act_ended_on"):
        if data.get(name) and data[name] > today:
            errors.setdefault(name, []).append("日期不能晚于今天")
    if data.get("act_date") and data.get("received_on") and data["act_date"] > data["received_on"]:
        errors.setdefault("act_date", []).append("违法行为发生日不能晚于线索登记日期")
    if data.get("act_ended_on") and data.get("act_date") and data["act_ended_on"] < data["act_date"]:
        errors.setdefault("act_ended_on", []).append("违法行为终了日不能早于发生日")
    _refuse_fields(errors)


def _check_grounds(grounds, *, party_kind, organisation) -> None:
    """A registered organisation is penalised only under the regulation of its own type (社团、民非、基金会各有
    条例); a ground that names no type applies to any party."""
    if party_kind != PartyKind.ORGANISATION or organisation is None:
        return
    wrong = [g for g in grounds if g.organisation_types and organisation.type not in g.organisation_types]
    if wrong:
        kind = organisation.get_type_display()
        _refuse_fields({"grounds": [f"“{g.title}”（{g.regulation}{g.article}）不适用于{kind}" for g in wrong]})


def _party_name(case: Case) -> str:
    if case.party_kind == PartyKind.ORGANISATION and case.organisation:
        return case.organisation.name
    if case.party_kind == PartyKind.ILLEGAL_ORGANISATION and case.illegal_organisation:
        return case.illegal_organisation.name
    return case.person_name


def case_search_text(case: Case) -> str:
    parts = [case.number, case.title, case.party_name, case.facts, case.person_name]
    if case.organisation_id:
        parts += [case.organisation.credit_code, case.organisation.name]
    return " ".join(p for p in parts if p)


def _refresh_derived(case: Case) -> None:
    case.party_name = _party_name(case)
    case.search_bigrams = bigrams(case_search_text(case))


@transaction.atomic
def case_create(*, actor: User, officers: list[User] | None = None, grounds=(), **data) -> Case:
    """Register a lead (线索登记)."""
    _check_party_and_dates(data, actor.agency_id)
    _check_grounds(grounds, party_kind=data.get("party_kind"), organisation=data.get("organisation"))
    case = Case(agency_id=actor.agency_id, unit_id=actor.unit_id, created_by=actor, state=CaseState.LEAD, **data)
    _refresh_derived(case)
    case.save()
    if grounds:
        case.grounds.set(grounds)
    officers_assign(case=case, officers=officers or [actor], on=case.received_on)
    events.case_created_event(case=case, actor=actor, on=case.received_on)
    return case


def _locked_case(case_id: int, expected_version: int | None) -> Case:
    queryset = Case.objects.select_related("agency", "organisation__agency", "illegal_organisation")
    return lock_for_update(queryset, case_id, expected_version=expected_version)


def _save(case: Case) -> Case:
    case.version += 1
    _refresh_derived(case)
    case.save()
    deadlines_recompute(case=case)
    return case


@transaction.atomic
def case_update(*, case_id: int, actor: User, expected_version: int | None = None, officers=None, grounds=None,
                **changes) -> Case:
    case = _locked_case(case_id, expected_version)
    if not can_edit_case(actor, case):
        raise PermissionRefused("只有本案承办人员或负责人可以修改案件信息", "Only the case's officers or a leader may edit it.")
    if case.state not in EDITABLE_STATES:
        raise Conflict(f"案件处于“{case.get_state_display()}”环节，基本信息已锁定，只能通过程序操作变更。",
                       f"The case is in {case.state}; its record is locked except through the procedure.")
    if officers is not None and _officers_change(case, officers):
        if not can_assign_officers(actor, case):
            raise PermissionRefused("只有本案承办人员或负责人可以变更承办人员",
                                    "Only the case's officers or a leader may change who handles it.",
                                    fields={"officers": ["只有本案承办人员或负责人可以变更承办人员"]})
    merged = {field: getattr(case, field) for field in ("party_kind", "organisation", "illegal_organisation",
                                                        "person_name", "received_on", "act_date", "act_ended_on")}
    merged.update(changes)
    _check_party_and_dates(merged, case.agency_id)
    if grounds is not None or "organisation" in changes or "party_kind" in changes:
        _check_grounds(case.grounds.all() if grounds is None else grounds, party_kind=merged["party_kind"],
                       organisation=merged["organisation"])
    changed = apply_changes(case, changes)
    if grounds is not None and {g.pk for g in grounds} != set(case.grounds.values_list("pk", flat=True)):
        case.grounds.set(grounds)
        changed.append("grounds")
    if officers is not None and _officers_change(case, officers):
        officers_assign(case=case, officers=officers, on=timezone.localdate())
        changed.append("officers")
    if not changed:  # nothing to change: no version, no history row, no timeline event
        return case
    # A changed proposal is judged against the major catalogue again (Art. 58); the review's fingerprint
    # covers the proposal, so an agreed review no longer holds either.
    major = major_recheck(case) if case.investigation_closed_on else None
    _save(case)
    if changed:
        events.case_updated_event(case=case, actor=actor, on=timezone.localdate(), changed=changed)
    if major:
        events.major_flagged_event(case=case, actor=None, on=timezone.localdate(), reason=major, automatic=True)
    return case


def _officers_change(case: Case, officers: list) -> bool:
    """Whether `officers` (the first leads) differs from who handles the case now."""
    now = list(case.assignments.order_by("-is_lead", "pk").values_list("officer_id", flat=True))
    wanted = [officer.pk for officer in officers]
    return wanted[:1] != now[:1] or set(wanted) != set(now)


@transaction.atomic
def case_transition(*, case_id: int, actor: User, action: str, data: dict,
                    expected_version: int | None = None) -> Case:
    """Move a case by one step of the procedure, or refuse and change nothing."""
    step = PROCEDURE.get(action)
    if step is None:
        raise InvalidInput(f"未知的操作“{action}”", f"Unknown action {action!r}.", fields={"action": ["未知的操作"]})
    case = _locked_case(case_id, expected_version)
    if case.state not in step.sources:
        raise Conflict(
            f"案件处于“{case.get_state_display()}”环节，依法不能执行“{action}”操作。",
            f"The case is in state {case.state!r}; the law does not allow {action!r} now.",
            code="transition_not_allowed",
        )
    if not ACTOR_PREDICATES[step.actor].test(actor, case):
        zh, en = ACTOR_WORDS[step.actor]
        raise PermissionRefused(f"此操作须由{zh}执行。", f"This action must be taken by {en}.")
    transition = Transition(case=case, actor=actor, action=action, data=data, on=data.get("date") or timezone.localdate())
    for guard in step.guards:
        refusal = guard(transition)
        if refusal is not None:
            raise Conflict(refusal.zh, refusal.en, code="legal_gate")
    from_state = case.state
    if step.target:
        case.state = step.target
    for effect in step.effects:
        effect(transition)
    _save(case)
    if transition.event_data.get("major"):
        events.major_flagged_event(case=case, actor=None, on=transition.on, reason=case.major_reason, automatic=True)
    events.transition_event(case=case, actor=actor, action=action, from_state=from_state, on=transition.on,
                            reason=data.get("reason") or data.get("service_notice_reason") or "",
                            data={k: v for k, v in transition.event_data.items() if k == "documents"})
    return case


@transaction.atomic
def case_flag_major(*, case_id: int, actor: User, reason: str, complex: bool = False,  # noqa: A002 - the law's word
                    expected_version: int | None = None) -> Case:
    """Flag a major decision (Art. 58) by hand, with a reason. A leader may also mark the case complex
    (情节复杂): it is then decided by the leaders collectively (Art. 57 ¶2) after legal review (Art. 58(3))."""
    case = _locked_case(case_id, expected_version)
    if not (handles_case(actor, case) or ACTOR_PREDICATES["leader"].test(actor, case)):
        raise PermissionRefused("只有本案承办人员或负责人可以认定重大执法决定", "Only the case's officers or a leader may flag it.")
    if complex and not ACTOR_PREDICATES["leader"].test(actor, case):
        raise PermissionRefused("只有本机关负责人可以认定案件情节复杂（行政处罚法第五十七条）",
                                "Only a leader may mark a case complex (Art. 57).")
    if case.state in {CaseState.DECIDED, CaseState.SERVED, CaseState.EXECUTING, CaseState.CLOSED, CaseState.ARCHIVED}:
        raise Conflict("已作出决定的案件不能再认定为重大执法决定。", "The decision has been made.")
    case.is_major, case.major_reason = True, reason
    if complex:
        case.is_complex = True
    _save(case)
    events.major_flagged_event(case=case, actor=actor, on=timezone.localdate(), reason=reason, automatic=False)
    return case


@transaction.atomic
def case_record_statement(*, case_id: int, actor: User, status: str, summary: str, on: datetime.date,
                          notice_waived: bool = False, hearing_declined: bool = False,
                          expected_version: int | None = None) -> Case:
    """The party's statement and defence (陈述申辩), re-checked; or its absence once the period is over; or
    its written waiver. All of them only after notification (Art. 44, 45, 62). A waiver of the statement does
    not waive the hearing right: the party declines a hearing separately, in writing (`hearing_declined`)."""
    case = _locked_case(case_id, expected_version)
    if not handles_case(actor, case):
        raise PermissionRefused("只有本案承办人员可以记录陈述申辩", "Only the case's officers may record the statement.")
    if case.state in {CaseState.LEAD, CaseState.FILED, CaseState.DROPPED, CaseState.TRANSFERRED} or case.decided_on:
        raise Conflict(f"案件处于“{case.get_state_display()}”环节，不能记录陈述申辩。", "Not at this stage.")
    if status == StatementStatus.PENDING:
        _refuse_fields({"status": ["请选择已陈述申辩、未提出或书面放弃"]})
    if notice_waived:
        raise Conflict("事先告知不能放弃：当事人只能在收到告知后书面放弃陈述、申辩（行政处罚法第四十四条、第六十二条）。",
                       "Prior notification cannot be waived; the party may only waive its statement and defence "
                       "once notified (Art. 44, 62).", code="legal_gate")
    if not case.notified_on:
        raise Conflict("尚未事先告知当事人，不能记录陈述申辩、放弃或放弃听证（行政处罚法第四十四条、第六十二条）。",
                       "The party has not been notified yet; nothing can be recorded or waived (Art. 44, 62).",
                       code="legal_gate")
    if not summary:
        _refuse_fields({"summary": ["请填写陈述申辩内容及复核意见，或放弃声明的说明"]})
    if on > timezone.localdate() or on < case.notified_on:
        _refuse_fields({"date": [f"日期应在告知日期（{case.notified_on}）与今天之间"]})
    if status == StatementStatus.NOT_MADE:
        window = party_windows(case).get("statement")
        if not case.notice_received_on or window is None or on <= window.due:
            until = f"（至 {window.due:%Y-%m-%d}）" if window else "（未记录收到告知书的日期）"
            raise Conflict(f"陈述申辩期限尚未届满{until}，不能记录当事人未提出陈述申辩（行政处罚法第四十五条）。",
                           "The statement period has not ended; 'no statement made' cannot be recorded yet (Art. 45).",
                           code="legal_gate")
    case.statement_status, case.statement_summary = status, summary
    case.notice_waived = status == StatementStatus.WAIVED
    if hearing_declined:
        case.hearing_declined = True
    _save(case)
    events.statement_recorded_event(case=case, actor=actor, on=on, status=status, summary=summary)
    return case


@transaction.atomic
def case_record_execution(*, case_id: int, actor: User, on: datetime.date, expected_version: int | None = None,
                          **facts) -> Case:
    """Execution facts: certificate and seal collected, their voiding published, fine payments."""
    case = _locked_case(case_id, expected_version)
    if not handles_case(actor, case):
        raise PermissionRefused("只有本案承办人员可以记录执行情况", "Only the case's officers may record execution.")
    if case.state not in {CaseState.SERVED, CaseState.EXECUTING}:
        raise Conflict(f"案件处于“{case.get_state_display()}”环节，不能记录执行情况。", "Not at this stage.")
    if on > timezone.localdate() or on < case.served_on:
        _refuse_fields({"date": [f"日期应在送达日期（{case.served_on}）与今天之间"]})
    collected = {k: facts[k] for k in ("certificate_collected", "seal_collected") if facts.get(k) is not None}
    if facts.get("void_notice"):
        collected["void_notice_on"] = on.isoformat()
        case.void_notice_on = on
    for name, value in collected.items():
        if name != "void_notice_on":
            setattr(case, name, value)
    amount = facts.get("fine_paid_amount")
    if amount is not None and hooks.fine_enforced(case=case):
        raise Conflict("本案罚款的执行已登记，缴款须凭银行回单在执行中登记（行政处罚法第六十七条）。",
                       "The fine is under enforcement: record the payment there, with its bank receipt (Art. 67).",
                       code="legal_gate")
    if amount is not None:
        if amount <= 0:
            _refuse_fields({"fine_paid_amount": ["金额须大于零"]})
        case.fine_paid_amount = (case.fine_paid_amount or 0) + amount
        paid_in_full = case.decision_fine is not None and case.fine_paid_amount >= case.decision_fine
        if paid_in_full:
            case.fine_paid_on = on
        events.fine_paid_event(case=case, actor=actor, on=on, amount=amount, paid_in_full=paid_in_full)
    if collected:
        events.items_collected_event(case=case, actor=actor, on=on, collected=collected)
    if amount is None and not collected:
        _refuse_fields({"non_field_errors": ["没有要记录的执行情况"]})
    _save(case)
    return case


INVESTIGATIVE_RECORDS = {DocumentKind.INQUIRY_RECORD, DocumentKind.INSPECTION_RECORD}


@transaction.atomic
def investigative_record_create(*, case_id: int, actor: User, kind: str, officers: list[User], on: datetime.date,
                                content: dict) -> "Document":  # noqa: F821
    """询问笔录 / 现场检查笔录: made by at least two officers who showed valid credentials (Art. 42, 55)."""
    case = _locked_case(case_id, None)
    if not handles_case(actor, case):
        raise PermissionRefused("只有本案承办人员可以制作调查笔录", "Only the case's officers may make records.")
    if kind not in INVESTIGATIVE_RECORDS:
        _refuse_fields({"kind": ["只能制作询问笔录或现场检查笔录"]})
    if case.state != CaseState.INVESTIGATING:
        raise Conflict(f"案件处于“{case.get_state_display()}”环节，调查笔录只能在调查取证环节制作。",
                       "Investigative records are made during the investigation.", code="legal_gate")
    if on > timezone.localdate() or (case.investigation_started_on and on < case.investigation_started_on):
        _refuse_fields({"date": ["日期应在调查开始之后、今天之前"]})
    recused = case_recused_ids(case) & {o.pk for o in officers}
    if recused:
        raise Conflict("负责人已决定回避的人员不得参与本案调查（行政处罚法第四十三条）。",
                       "A person ordered to withdraw from the case may not investigate it (Art. 43).", code="legal_gate")
    valid = [o for o in officers if o.role == "officer" and o.current_credential(on) and o.agency_id == case.agency_id]
    if len({o.pk for o in valid}) < 2:
        raise Conflict("调查笔录须由至少2名持有效执法证的执法人员制作，并出示执法证件（行政处罚法第四十二条、第五十五条）。",
                       "An investigative record needs at least 2 officers with valid credentials (Art. 42, 55).",
                       code="legal_gate")
    content = {**content, "credentials_shown": [o.current_credential(on).number for o in valid]}
    document = document_issue(case=case, kind=kind, actor=actor, issued_on=on, officers=valid, content=content)
    case.version += 1
    case.save(update_fields=["version"])
    return document


@transaction.atomic
def preservation_register(*, case_id: int, actor: User, items: str, reason: str,
                          date: datetime.date | None = None) -> Preservation:
    """Ask the leader to approve preserving evidence (先行登记保存, Art. 56): the procedure's
    `request_preservation`. Nothing is preserved until a leader approves (`approve_preservation`)."""
    case = case_transition(case_id=case_id, actor=actor, action="request_preservation",
                           data={"items": items, "reason": reason, "date": date or timezone.localdate()})
    return case.preservations.order_by("-pk").first()


@transaction.atomic
def preservation_resolve(*, preservation_id: int, actor: User, outcome_kind: str, outcome: str,
                         dealt_on: datetime.date) -> Preservation:
    """The decision on preserved items within 7 working days (Art. 56): the procedure's `resolve_preservation`."""
    preservation = Preservation.objects.get(pk=preservation_id)
    case_transition(case_id=preservation.case_id, actor=actor, action="resolve_preservation",
                    data={"preservation": preservation.pk, "preservation_outcome": outcome_kind, "reason": outcome,
                          "date": dealt_on})
    preservation.refresh_from_db()
    return preservation


def _decided_case(case_id: int) -> Case:
    case = lock_for_update(Case.objects.all(), case_id)
    if case.state not in DECIDED_STATES:
        raise Conflict("本案尚未作出决定。", "The case has no decision.")
    return case


def _decision_record(case: Case) -> dict:
    """What was decided, with its facts and reasons, as an outcome that took it away or changed it found it."""
    number = (case.documents.filter(kind=DocumentKind.DECISION).order_by("-issued_on", "-id")
              .values_list("number", flat=True).first())
    return {
        "number": number or "", "decided_on": case.decided_on.isoformat() if case.decided_on else None,
        "outcome": case.decision_outcome, "penalties": sorted(case.decision_penalties or []),
        "fine": str(case.decision_fine) if case.decision_fine is not None else None,
        "confiscation": str(case.decision_confiscation) if case.decision_confiscation is not None else None,
        "content": case.decision_content, "basis": case.decision_basis, "facts": case.facts,
        "grounds": sorted(case.grounds.values_list("code", flat=True)),
    }


@transaction.atomic
def case_decision_change(*, case_id: int, on: datetime.date, changed_by: dict, penalties: list[str],
                         fine, content: str) -> Case:
    """变更 (行政复议法 Art. 63; 行政诉讼法 Art. 77): the reconsideration body or the court changed the decision;
    from the day that took effect the changed decision is the one in force, and what follows it (the notice,
    enforcement, the register) reads it from the case. The bureau's own decision is kept in
    overturned_decisions, and the legal invariants judge the procedure on it (invariants.decided_by_the_bureau).
    `changed_by` names the outcome: matter, body, document number, reconsideration."""
    case = _decided_case(case_id)
    original = _decision_record(case)
    case.overturned_decisions = [*case.overturned_decisions, {
        **changed_by, "kind": "changed", "effective_on": on.isoformat(), "state": case.state, "decision": original}]
    case.decision_penalties = sorted(penalties)
    case.decision_fine = fine if PenaltyKind.FINE in penalties else None
    case.decision_content = content
    if case.fine_paid_amount is not None and case.decision_fine is not None and not case.fine_paid_on \
            and case.fine_paid_amount >= case.decision_fine:
        case.fine_paid_on = on  # what was paid already covers the changed fine
    case.version += 1
    case.save()
    events.decision_changed_event(case=case, on=on, changed_by=changed_by, original=original)
    deadlines_recompute(case=case)
    return case


# What a decision that falls with an order to decide again takes with it: the steps from the close of the
# investigation on. The filing, the officers, the grounds and the investigation's records stay; the record of
# what was decided, and why, is kept in overturned_decisions for the guard against deciding it again.
REDECISION_RESETS = {
    "investigation_closed_on": None, "deliberated_on": None, "deliberation_minutes": "", "deliberation_opinions": [],
    "deliberation_conclusion": "", "time_limit_extensions": [], "suspensions": [], "notified_on": None,
    "notified_penalties": [], "notified_fine": None, "notice_received_on": None, "notice_waived": False,
    "hearing_declined": False, "statement_status": StatementStatus.PENDING, "statement_summary": "",
    "hearing_requested_on": None, "hearing_date": None, "hearing_notice_on": None, "hearing_presider": None,
    "hearing_held_on": None, "hearing_record": "", "decided_on": None, "decided_by": None, "decision_outcome": "",
    "decision_penalties": [], "decision_fine": None, "decision_confiscation": None, "decision_benchmark": None,
    "decision_content": "", "decision_basis": "", "serious_finding": "", "performance_terms": "",
    "service_method": "", "service_published_on": None, "service_recipient": "", "service_refusal": "",
    "service_witnesses": "", "service_recording": "", "service_agent": "", "service_notice_reason": "",
    "service_attempts": [], "served_on": None, "execution_started_on": None, "certificate_collected": False,
    "seal_collected": False, "void_notice_on": None, "fine_paid_amount": None, "fine_paid_on": None,
    "closed_on": None, "archived_on": None,
}


@transaction.atomic
def case_reopen_for_redecision(*, case_id: int, on: datetime.date, overturned_by: dict,
                               due_on: datetime.date | None = None) -> Case:
    """An effective outcome revoked the decision and ordered the bureau to decide again (行政复议法 Art. 64;
    行政诉讼法 Art. 70): the case goes back to the investigation, and the decision made, with its facts and
    reasons, is kept so that the same decision is not made again on them (procedure.not_the_overturned_decision).
    `overturned_by` names the outcome: matter, body, document number, reconsideration, procedural breach only."""
    case = _decided_case(case_id)
    case.overturned_decisions = [*case.overturned_decisions, {
        **overturned_by, "kind": "revoked", "effective_on": on.isoformat(), "state": case.state,
        "decision": _decision_record(case)}]
    from_state = case.state
    for name, value in REDECISION_RESETS.items():
        setattr(case, name, value)
    case.state, case.reopened_on, case.redecision_due_on = CaseState.INVESTIGATING, on, due_on
    case.version += 1
    case.save()
    events.case_reopened_event(case=case, on=on, from_state=from_state, overturned_by=overturned_by)
    deadlines_recompute(case=case)
    return case
