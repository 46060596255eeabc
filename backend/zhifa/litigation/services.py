"""Reconsideration and litigation against the bureau: matters, deadlines, hearings, outcomes."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.accounts.models import User
from zhifa.cases.choices import PenaltyKind
from zhifa.cases.events import litigation_outcome_event, outcome_effective_event
from zhifa.cases.models import Case, TimelineEvent
from zhifa.core.concurrency import lock_for_update
from zhifa.core.deadlines import DeadlineStatus, deadline_status
from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
from zhifa.disclosure.choices import WithdrawalTrigger
from zhifa.disclosure.services import notice_draft_from_case, withdraw_decision_notices
from zhifa.litigation import periods
from zhifa.litigation.choices import (
    OVERTURNING,
    RECONSIDERATION_KINDS,
    UNDOING,
    MatterDeadlineKind,
    MatterKind,
    MatterState,
    Outcome,
)
from zhifa.litigation.deadlines import matter_deadlines_recompute
from zhifa.litigation.effectiveness import outcome_effective_on
from zhifa.litigation.models import Hearing, Matter

WORKERS = {Role.LEGAL_ADVISER, Role.LEADER, Role.LEGAL_REVIEWER, Role.OFFICER}


def _refuse(fields: dict[str, list[str]]) -> None:
    if fields:
        raise InvalidInput("输入有误，请检查标出的字段。", "Invalid input; see the fields named.", fields=fields)


def _may_work_on(actor: User, matter: Matter) -> None:
    if actor.agency_id != matter.agency_id or actor.role not in WORKERS:
        raise PermissionRefused("只有本机关法律顾问、负责人及承办人员可以办理复议诉讼案件",
                                "Only the agency's advisers, leaders and assigned staff handle these matters.")
    if actor.role == Role.OFFICER and not matter.officers.filter(pk=actor.pk).exists():
        raise PermissionRefused("执法人员须被指派到本案", "Officers must be assigned to the matter.")


def _check_dates(**dates) -> None:
    today = timezone.localdate()
    _refuse({name: ["日期不能晚于今天"] for name, value in dates.items() if value and value > today})


def _check_people(agency_id, *, advisers=(), officers=(), leader=None) -> None:
    errors = {}
    for field, people, role in (("advisers", advisers, Role.LEGAL_ADVISER), ("officers", officers, Role.OFFICER)):
        wrong = [str(p) for p in people if p.role != role or p.agency_id != agency_id]
        if wrong:
            errors[field] = [f"{'、'.join(wrong)} 不是本机关的{Role(role).label}"]
    if leader is not None and (leader.role != Role.LEADER or leader.agency_id != agency_id):
        errors["leader"] = ["负责人须为本机关负责人"]
    _refuse(errors)


@transaction.atomic
def matter_create(*, actor: User, advisers=(), officers=(), **data) -> Matter:
    if actor.role not in {Role.LEGAL_ADVISER, Role.LEADER, Role.ADMINISTRATOR}:
        raise PermissionRefused("复议诉讼案件由法律顾问或负责人登记", "Advisers or leaders log these matters.")
    _check_dates(received_on=data.get("received_on"), accepted_on=data.get("accepted_on"))
    if data.get("court_due_date") and data["court_due_date"] < data["received_on"]:
        _refuse({"court_due_date": ["答复（答辩）期限不能早于收到副本的日期"]})
    if data.get("accepted_on"):
        # 行政复议法 Art. 48: the organ sends the copy within 7 days of accepting; a lawsuit has no acceptance here.
        if data.get("kind") not in RECONSIDERATION_KINDS:
            _refuse({"accepted_on": ["只有行政复议案件记录复议机关受理日期"]})
        if data["accepted_on"] > data["received_on"]:
            _refuse({"accepted_on": ["复议机关受理在先、发送申请书副本在后：受理日期不能晚于收到副本的日期"]})
    _check_people(actor.agency_id, advisers=advisers, officers=officers, leader=data.get("leader"))
    case: Case | None = data.get("case")
    if case is not None and case.agency_id != actor.agency_id:
        _refuse({"case": ["只能关联本机关的执法案件"]})
    matter = Matter(agency_id=actor.agency_id, created_by=actor, frozen_on=case.decided_on if case else None, **data)
    try:
        with transaction.atomic():
            matter.save()
    except IntegrityError:
        _refuse({"external_number": ["该机关的同一案号已登记"]})
    matter.advisers.set(advisers)
    matter.officers.set(officers)
    matter_deadlines_recompute(matter=matter)
    return matter


@transaction.atomic
def matter_record_response(*, matter_id: int, actor: User, on: datetime.date) -> Matter:
    """The defence statement (答辩状) or reply (答复), with the evidence and legal bases, was submitted."""
    matter = lock_for_update(Matter.objects.all(), matter_id)
    _may_work_on(actor, matter)
    _check_dates(date=on)
    if on < matter.received_on:
        _refuse({"date": ["提交日期不能早于收到副本的日期"]})
    matter.response_submitted_on = on
    matter.version += 1
    matter.save()
    matter_deadlines_recompute(matter=matter)
    return matter


@transaction.atomic
def matter_record_extension(*, matter_id: int, actor: User, on: datetime.date, days: int) -> Matter:
    """行政复议法 Art. 62: the organ's head may extend the decision period, by at most thirty days, and tells the
    parties in writing, within the period. The simple procedure has no extension (it is converted instead)."""
    matter = lock_for_update(Matter.objects.all(), matter_id)
    _may_work_on(actor, matter)
    _check_dates(date=on)
    if matter.kind != MatterKind.RECONSIDERATION:
        raise Conflict("只有适用普通程序的行政复议案件可以延长复议决定期限（行政复议法第六十二条）。",
                       "Only a reconsideration under the ordinary procedure has its period extended (Art. 62).",
                       code="legal_gate")
    if matter.outcome:
        raise Conflict("复议机关已作出决定，不再延长期限（行政复议法第六十二条）。",
                       "The reconsideration has been decided (Art. 62).", code="legal_gate")
    if matter.decision_extended_days:
        raise Conflict(f"复议决定期限已延长 {matter.decision_extended_days} 日，延长以一次为限、最多三十日"
                       f"（行政复议法第六十二条）。",
                       "The period has already been extended (Art. 62).", code="legal_gate")
    if not 1 <= days <= periods.RECONSIDERATION_EXTENSION_MAX:
        _refuse({"days": [f"延长天数须为 1–{periods.RECONSIDERATION_EXTENSION_MAX} 日"]})
    if on < (matter.accepted_on or matter.received_on):
        _refuse({"date": ["收到延期通知书的日期不能早于复议机关受理之日"]})
    due = matter.deadlines.filter(kind=MatterDeadlineKind.RECONSIDERATION_DECISION).values_list("due_date",
                                                                                              flat=True).first()
    if due and on > due:
        raise Conflict(f"复议决定期限已于 {due:%Y-%m-%d} 届满，延长须在期限内决定并书面告知（行政复议法第六十二条）。",
                       f"The decision period ended on {due}; an extension is decided within it (Art. 62).",
                       code="legal_gate")
    matter.decision_extended_days, matter.extension_noticed_on = days, on
    matter.version += 1
    matter.save()
    matter_deadlines_recompute(matter=matter)
    return matter


@transaction.atomic
def hearing_schedule(*, matter_id: int, actor: User, scheduled_on: datetime.date, place: str = "") -> Hearing:
    matter = lock_for_update(Matter.objects.all(), matter_id)
    _may_work_on(actor, matter)
    if scheduled_on < matter.received_on:
        _refuse({"scheduled_on": ["开庭日期不能早于收到副本的日期"]})
    hearing = Hearing.objects.create(matter=matter, scheduled_on=scheduled_on, place=place)
    matter_deadlines_recompute(matter=matter)
    return hearing


@transaction.atomic
def hearing_record(*, hearing_id: int, actor: User, head_appeared: bool, appeared: User | None = None,
                   delegated_to: User | None = None, delegate: str = "", delegate_reason: str = "",
                   notes: str = "") -> Hearing:
    """行政诉讼法 Art. 3 ¶3: the head of the agency appears; one who cannot entrusts a member of the agency's own
    staff, and explains why in writing. A lawyer (the retained legal adviser included) may come too, never alone."""
    hearing = Hearing.objects.select_for_update(of=("self",)).select_related("matter").get(pk=hearing_id)
    agency_id = hearing.matter.agency_id
    _may_work_on(actor, hearing.matter)
    if hearing.scheduled_on > timezone.localdate():
        raise Conflict("开庭日期尚未到来。", "The hearing has not taken place yet.")
    if head_appeared:
        if appeared is None or appeared.role != Role.LEADER or appeared.agency_id != agency_id:
            _refuse({"appeared": ["出庭负责人须为本机关负责人"]})
        delegated_to, delegate, delegate_reason = None, "", ""
    else:
        staff = (delegated_to is not None and delegated_to.agency_id == agency_id and delegated_to.is_active
                 and delegated_to.role not in (Role.LEGAL_ADVISER, Role.ADMINISTRATOR))
        _refuse({**({"delegated_to": ["负责人不能出庭的，应当委托本机关相应的工作人员出庭；不能仅委托律师（法律顾问）"
                                      "（行政诉讼法第三条）"]} if not staff else {}),
                 **({"delegate_reason": ["负责人不能出庭的，须书面说明理由"]} if not delegate_reason.strip() else {})})
    hearing.held, hearing.head_appeared, hearing.appeared = True, head_appeared, appeared if head_appeared else None
    hearing.delegated_to, hearing.delegate, hearing.delegate_reason = delegated_to, delegate, delegate_reason
    hearing.notes = notes
    hearing.save()
    matter_deadlines_recompute(matter=hearing.matter)
    return hearing


@transaction.atomic
def matter_record_outcome(*, matter_id: int, actor: User, outcome: str, outcome_form: str, outcome_on: datetime.date,
                          document_number: str, summary: str, received_on: datetime.date | None = None,
                          orders_new_decision: bool = False, procedural_breach_only: bool = False,
                          redecision_due_on: datetime.date | None = None, changed_penalties=(),
                          changed_fine=None, changed_content: str = "",
                          expected_version: int | None = None) -> Matter:
    from zhifa.litigation.tasks import apply_outcome

    matter = lock_for_update(Matter.objects.all(), matter_id, expected_version=expected_version)
    _may_work_on(actor, matter)
    if matter.state == MatterState.CLOSED:
        raise Conflict("案件已结案。", "The matter is closed.")
    if matter.outcome_effective_on:
        raise Conflict(f"裁判（决定）已于 {matter.outcome_effective_on:%Y-%m-%d} 发生法律效力并已据以执行，不能再更正结果"
                       f"（行政诉讼法第八十五条、行政复议法第七十五条）。",
                       "The outcome is legally effective and has been acted on; it can no longer be corrected.",
                       code="legal_gate")
    received_on = received_on or outcome_on
    _check_dates(outcome_on=outcome_on, received_on=received_on)
    errors = {}
    if not document_number:
        errors["document_number"] = ["须填写裁判（决定）文书号"]
    if not summary:
        errors["summary"] = ["须填写裁判（决定）要旨"]
    if outcome_on < matter.received_on:
        errors["outcome_on"] = ["裁判日期不能早于收到副本的日期"]
    if received_on < outcome_on:
        errors["received_on"] = ["收到文书日期不能早于裁判日期"]
    # 行政复议法 Art. 64, 行政诉讼法 Art. 70: an order to decide again goes with a revocation.
    if orders_new_decision and outcome != Outcome.REVOKED:
        errors["orders_new_decision"] = ["只有撤销原决定的，才能同时责令重新作出行政行为"]
    if procedural_breach_only and not orders_new_decision:
        errors["procedural_breach_only"] = ["仅以违反法定程序为由撤销，须同时责令重新作出"]
    if redecision_due_on and not orders_new_decision:
        errors["redecision_due_on"] = ["未责令重新作出的，无重新作出的期限"]
    elif redecision_due_on and redecision_due_on <= outcome_on:
        errors["redecision_due_on"] = ["重新作出的期限应晚于裁判日期"]
    if outcome == Outcome.CHANGED:
        errors.update(_changed_decision_problems(matter, list(changed_penalties), changed_fine, changed_content))
    elif changed_penalties or changed_fine is not None or changed_content:
        errors["changed_penalties"] = ["只有变更原决定的，才填写变更后的处罚"]
    _refuse(errors)
    matter.changed_penalties = sorted(changed_penalties) if outcome == Outcome.CHANGED else []
    matter.changed_fine = changed_fine if PenaltyKind.FINE in matter.changed_penalties else None
    matter.changed_content = changed_content if outcome == Outcome.CHANGED else ""
    matter.outcome, matter.outcome_form, matter.outcome_on = outcome, outcome_form, outcome_on
    matter.orders_new_decision, matter.procedural_breach_only, matter.redecision_due_on = (
        orders_new_decision, procedural_breach_only, redecision_due_on)
    matter.outcome_received_on, matter.outcome_document_number, matter.outcome_summary = (
        received_on, document_number, summary)
    matter.state = MatterState.CONCLUDED
    matter.version += 1
    matter.save()
    matter_deadlines_recompute(matter=matter)
    if matter.case_id:
        apply_outcome.delay_on_commit(matter.pk)
    return matter


def _changed_decision_problems(matter: Matter, penalties: list[str], fine, content: str) -> dict[str, list[str]]:
    """变更 states the decision as changed. It can't be heavier than the decision challenged: 复议机关不得作出对
    申请人更为不利的变更决定 (行政复议法 Art. 63 ¶2); 人民法院判决变更，不得加重原告的义务 (行政诉讼法 Art. 77 ¶2)."""
    errors: dict[str, list[str]] = {}
    if not penalties:
        errors["changed_penalties"] = ["变更的，须填写变更后的处罚种类"]
    if not content.strip():
        errors["changed_content"] = ["变更的，须填写变更后的处罚内容"]
    if PenaltyKind.FINE in penalties and (fine is None or fine <= 0):
        errors["changed_fine"] = ["变更后处以罚款的，须填写罚款金额"]
    elif PenaltyKind.FINE not in penalties and fine is not None:
        errors["changed_fine"] = ["变更后的处罚种类中没有罚款"]
    case = matter.case
    if case is None or errors:
        return errors
    article = "行政复议法第六十三条第二款" if matter.kind in RECONSIDERATION_KINDS else "行政诉讼法第七十七条第二款"
    severity = {kind: index for index, kind in enumerate(PenaltyKind.values)}
    heaviest = max((severity[p] for p in case.decision_penalties or []), default=-1)
    heavier = [PenaltyKind(p).label for p in penalties if severity[p] > heaviest]
    if heavier:
        errors["changed_penalties"] = [f"变更不得加重当事人的义务：原决定没有比“{'、'.join(heavier)}”更重的处罚（{article}）"]
    if fine is not None and case.decision_fine is not None and fine > case.decision_fine:
        errors["changed_fine"] = [f"变更不得加重当事人的义务：变更后的罚款高于原决定的 {case.decision_fine} 元（{article}）"]
    return errors


def matter_apply_outcome(*, matter_id: int, today: datetime.date | None = None) -> int:
    """Carry an outcome over to the enforcement case. On recording, its timeline notes the outcome. Once it is
    legally effective (effectiveness.py) and only then, an overturning outcome acts on the decision
    (DOMAIN.md §7): every published notice is withdrawn, and where nothing of the decision stands (撤销, 确认违法,
    确认无效) the registry status is restored, enforcement stops and what was paid falls due for refund. Safe to
    run twice, and daily until the appeal window has passed. Returns notices withdrawn."""
    today = today or timezone.localdate()
    with transaction.atomic():
        matter = Matter.objects.select_for_update(of=("self",)).select_related("case").get(pk=matter_id)
        if not matter.case_id or not matter.outcome or matter.outcome_effective_on:
            return 0
        effective_on = outcome_effective_on(matter)
        if not TimelineEvent.objects.filter(case=matter.case, kind="litigation_outcome", data__matter=matter.pk,
                                            data__outcome=matter.outcome).exists():
            litigation_outcome_event(case=matter.case, on=matter.outcome_received_on or matter.outcome_on,
                                     matter=matter, outcome=matter.outcome, effective_on=effective_on)
        if effective_on is None or effective_on > today:
            return 0
        matter.outcome_effective_on = effective_on
        matter.version += 1
        matter.save(update_fields=["outcome_effective_on", "version"])
        if matter.outcome not in OVERTURNING:
            return 0
        return _decision_overturned(matter, effective_on)


def _decision_overturned(matter: Matter, on: datetime.date) -> int:
    """An effective outcome took the decision away: the case's other apps undo, each in its own service."""
    from zhifa.cases.services import case_reopen_for_redecision
    from zhifa.enforcement.services import decision_undone
    from zhifa.registry.services import registry_status_restore
    from zhifa.sanctions.services import decision_undone as sanctions_undone

    case = matter.case
    trigger = WithdrawalTrigger.RECONSIDERATION if matter.kind in RECONSIDERATION_KINDS else WithdrawalTrigger.LITIGATION
    reason = (f"{matter.body}{matter.external_number}{matter.get_outcome_form_display()}"
              f"（{matter.outcome_document_number}）{matter.get_outcome_display()}该处罚决定")
    withdrawn = withdraw_decision_notices(case=case, reason=reason, trigger=trigger, on=on)
    undone: dict = {"effective_on": on.isoformat(), "notices_withdrawn": len(withdrawn)}
    if matter.outcome in UNDOING:
        penalties = case.decision_penalties or []
        undone["registry_restored"] = registry_status_restore(
            organisation=case.organisation if PenaltyKind.DEREGISTRATION in penalties else None,
            illegal_organisation=case.illegal_organisation if PenaltyKind.BAN in penalties else None, on=on)
        refund = decision_undone(case=case, on=on, reason=reason)
        undone["refund_due"] = str(refund.amount) if refund else None
        undone.update(sanctions_undone(case=case, on=on, reason=reason))
    if matter.outcome == Outcome.CHANGED:
        undone.update(_decision_changed(matter, on, reason))
    outcome_effective_event(case=case, on=on, matter=matter, undone=undone)
    if matter.orders_new_decision:
        case_reopen_for_redecision(case_id=case.pk, on=on, due_on=matter.redecision_due_on, overturned_by={
            "matter": matter.pk, "body": matter.body, "document_number": matter.outcome_document_number,
            "reconsideration": matter.kind in RECONSIDERATION_KINDS,
            "procedural_breach_only": matter.procedural_breach_only})
    return len(withdrawn)


def _decision_changed(matter: Matter, on: datetime.date, reason: str) -> dict:
    """变更 took effect (DOMAIN.md §7): the changed decision is recorded on the case, what it no longer imposes is
    undone (the register, the fine paid above it), and its notice is drafted again for publication."""
    from zhifa.cases.services import case_decision_change
    from zhifa.enforcement.services import decision_changed
    from zhifa.sanctions.services import decision_undone as sanctions_undone
    from zhifa.registry.services import registry_status_restore

    before = list(matter.case.decision_penalties or [])
    case = case_decision_change(
        case_id=matter.case_id, on=on, penalties=matter.changed_penalties, fine=matter.changed_fine,
        content=matter.changed_content,
        changed_by={"matter": matter.pk, "body": matter.body, "document_number": matter.outcome_document_number,
                    "reconsideration": matter.kind in RECONSIDERATION_KINDS})
    done: dict = {"changed_to": {"penalties": case.decision_penalties,
                                 "fine": str(case.decision_fine) if case.decision_fine is not None else None}}
    lifted = [p for p in (PenaltyKind.DEREGISTRATION, PenaltyKind.BAN) if p in before and p not in case.decision_penalties]
    if lifted:
        done["registry_restored"] = registry_status_restore(
            organisation=case.organisation if PenaltyKind.DEREGISTRATION in lifted else None,
            illegal_organisation=case.illegal_organisation if PenaltyKind.BAN in lifted else None, on=on)
    if not {PenaltyKind.DEREGISTRATION, PenaltyKind.STOP_ACTIVITIES} & set(case.decision_penalties):
        done.update(sanctions_undone(case=case, on=on, reason=reason))  # nothing left to seal or list for
    refund = decision_changed(case=case, on=on, reason=reason)
    done["refund_due"] = str(refund.amount) if refund else None
    done["notice_drafted"] = notice_draft_from_case(case=case, counted_from=on).pk
    return done


def matters_apply_effective(*, today: datetime.date | None = None) -> int:
    """The daily pass: outcomes whose appeal window has passed since yesterday take effect. Returns how many."""
    pending = (Matter.objects.filter(case__isnull=False, outcome_effective_on__isnull=True, appealed_on__isnull=True)
               .exclude(outcome="").values_list("pk", flat=True))
    applied = 0
    for matter_id in pending:
        matter_apply_outcome(matter_id=matter_id, today=today)
        applied += Matter.objects.filter(pk=matter_id, outcome_effective_on__isnull=False).exists()
    return applied


@transaction.atomic
def matter_record_appeal(*, matter_id: int, actor: User, on: datetime.date) -> Matter:
    matter = lock_for_update(Matter.objects.all(), matter_id)
    _may_work_on(actor, matter)
    _check_dates(date=on)
    if not matter.outcome_received_on or on < matter.outcome_received_on:
        _refuse({"date": ["上诉日期应在收到裁判文书之后"]})
    effective = outcome_effective_on(matter)
    if matter.outcome_effective_on or (effective and on >= effective):
        raise Conflict(f"上诉期已届满，裁判已于 {matter.outcome_effective_on or effective:%Y-%m-%d} 发生法律效力，不能再上诉"
                       f"（行政诉讼法第八十五条）。",
                       "The appeal window has passed and the judgment is effective (Administrative Litigation Law "
                       "Art. 85).", code="legal_gate")
    matter.appealed_on = on
    matter.version += 1
    matter.save()
    matter_deadlines_recompute(matter=matter)
    return matter


@transaction.atomic
def matter_close(*, matter_id: int, actor: User, on: datetime.date, note: str = "") -> Matter:
    matter = lock_for_update(Matter.objects.all(), matter_id)
    _may_work_on(actor, matter)
    _check_dates(date=on)
    if matter.state != MatterState.CONCLUDED:
        raise Conflict("尚无裁判（决定）结果，不能结案。", "There is no outcome yet.")
    unmet = [d for d in matter.deadlines.all()
             if deadline_status(d.due_date, d.met_on, on) in (DeadlineStatus.OVERDUE, DeadlineStatus.LATE)]
    if unmet and not note:
        names = "、".join(d.get_kind_display() for d in unmet)
        _refuse({"note": [f"以下期限未按期完成，结案须说明情况：{names}"]})
    matter.state, matter.closed_on, matter.closing_note = MatterState.CLOSED, on, note
    matter.version += 1
    matter.save()
    return matter
