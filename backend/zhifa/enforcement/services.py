"""Writes of enforcement. Every step goes through the table in procedure.py, under a row lock; a refused step
changes nothing."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.selectors import agency_leaders
from zhifa.cases import events
from zhifa.cases.choices import CaseState, PenaltyKind
from zhifa.cases.deadlines import deadlines_recompute
from zhifa.cases.models import Case
from zhifa.cases.rules import ACTOR_PREDICATES, ACTOR_WORDS, handles_case
from zhifa.core.concurrency import lock_for_update
from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
from zhifa.enforcement.choices import EnforcementState, RefundState
from zhifa.enforcement.deadlines import enforcement_deadlines_recompute
from zhifa.enforcement.models import Enforcement, Refund
from zhifa.enforcement.procedure import ENFORCEMENT, Act
from zhifa.enforcement.surcharge import balance
from zhifa.notifications.services import notify

SERVED = {CaseState.SERVED, CaseState.EXECUTING}


@transaction.atomic
def enforcement_open(*, case_id: int, actor: User) -> Enforcement:
    """Open the enforcement of a served decision that imposed a fine (Art. 67)."""
    case = lock_for_update(Case.objects.select_related("agency"), case_id)
    if not (handles_case(actor, case) or ACTOR_PREDICATES["leader"].test(actor, case)):
        raise PermissionRefused("只有本案承办人员或负责人可以登记执行", "Only the case's officers or a leader may do this.")
    if Enforcement.objects.filter(case=case).exclude(state=EnforcementState.VOIDED).exists():
        raise Conflict("本案的执行已登记（行政处罚法第六十六条）。", "Enforcement of this case is already open (Art. 66).")
    if case.state not in SERVED or not case.served_on:
        raise Conflict("处罚决定书送达后方可执行（行政处罚法第六十一条、第六十六条）。",
                       "The decision is enforced once served (Art. 61, 66).")
    if PenaltyKind.FINE not in (case.decision_penalties or []) or not case.decision_fine:
        raise Conflict("处罚决定没有罚款，无需登记罚款的执行（行政处罚法第六十七条）。",
                       "The decision imposes no fine (Art. 67).")
    if case.fine_paid_amount:
        raise Conflict("本案已按原方式登记过缴款，不能再转入执行程序登记（行政处罚法第六十七条）。",
                       "Payments of this case were recorded the old way (Art. 67).")
    enforcement = Enforcement.objects.create(agency=case.agency, case=case, fine=case.decision_fine,
                                             served_on=case.served_on, created_by=actor)
    enforcement_deadlines_recompute(enforcement=enforcement)
    return enforcement


@transaction.atomic
def enforcement_act(*, enforcement_id: int, actor: User, action: str, data: dict,
                    expected_version: int | None = None) -> Enforcement:
    """Take one step of the enforcement procedure, or refuse and change nothing."""
    step = ENFORCEMENT.get(action)
    if step is None:
        raise InvalidInput(f"未知的操作“{action}”", f"Unknown action {action!r}.", fields={"action": ["未知的操作"]})
    enforcement = lock_for_update(Enforcement.objects.all(), enforcement_id, expected_version=expected_version)
    case = lock_for_update(Case.objects.select_related("agency"), enforcement.case_id)
    if enforcement.closed_on:
        raise Conflict(f"本案已于 {enforcement.closed_on:%Y-%m-%d} 结案，执行程序已结束（行政处罚法第六十六条）。",
                       "The case has been closed (Art. 66).", code="legal_gate")
    if enforcement.state not in step.sources:
        raise Conflict(f"执行处于“{enforcement.get_state_display()}”环节，依法不能执行此操作（{step.article}）。",
                       f"Enforcement is at {enforcement.state!r}; {action!r} is not allowed now ({step.article}).",
                       code="transition_not_allowed")
    if not ACTOR_PREDICATES[step.actor].test(actor, case):
        zh, en = ACTOR_WORDS[step.actor]
        raise PermissionRefused(f"此操作须由{zh}执行。", f"This action must be taken by {en}.")
    act = Act(enforcement=enforcement, case=case, actor=actor, action=action, data=data,
              on=data.get("date") or timezone.localdate())
    for guard in step.guards:
        refusal = guard(act)
        if refusal is not None:
            raise Conflict(refusal.zh, refusal.en, code="legal_gate")
    if step.target:
        enforcement.state = step.target
    for effect in step.effects:
        effect(act)
    enforcement.version += 1
    enforcement.save()
    if "payment" in act.result:
        case.version += 1
        case.save(update_fields=["fine_paid_amount", "fine_paid_on", "version", "updated_at"])
        events.fine_paid_event(case=case, actor=actor, on=act.on, **act.result["payment"])
    deadlines_recompute(case=case)  # a payment meets, an approved deferral moves, the case's payment deadline
    enforcement_deadlines_recompute(enforcement=enforcement)
    return enforcement


def decision_undone(*, case: Case, on, reason: str) -> Refund | None:
    """An effective judgment or reconsideration decision took the case's decision away (DOMAIN.md §7): its
    enforcement stops where it is, and what the party paid under it, fine and surcharge, falls due for refund.
    Called by litigation.services in the outcome's transaction; safe to call twice."""
    enforcement = _live_enforcement_locked(case)
    if enforcement is not None:
        principal = sum((p.principal for p in enforcement.payments.all()), Decimal("0.00"))
        surcharge = sum((p.surcharge for p in enforcement.payments.all()), Decimal("0.00"))
        if not enforcement.closed_on:
            enforcement.state, enforcement.ended_on = EnforcementState.VOIDED, on
            enforcement.version += 1
            enforcement.save()
            enforcement_deadlines_recompute(enforcement=enforcement)
    else:  # paid before enforcement was kept as its own procedure: the case holds the fine paid
        principal, surcharge = case.fine_paid_amount or Decimal("0.00"), Decimal("0.00")
    return _refund_due(case=case, on=on, principal=principal, surcharge=surcharge, reason=reason)


def decision_changed(*, case: Case, on, reason: str) -> Refund | None:
    """An effective outcome changed the decision (变更, DOMAIN.md §7): enforcement goes on for the changed fine,
    and what was paid of the fine above it falls due for refund; with no fine left, as if undone. The case
    already holds the changed decision. Called by litigation.services in the outcome's transaction."""
    if PenaltyKind.FINE not in (case.decision_penalties or []) or not case.decision_fine:
        return decision_undone(case=case, on=on, reason=reason)
    enforcement = _live_enforcement_locked(case)
    if enforcement is None:
        paid = case.fine_paid_amount or Decimal("0.00")
        return _refund_due(case=case, on=on, principal=max(paid - case.decision_fine, Decimal("0.00")),
                           surcharge=Decimal("0.00"), reason=reason)
    paid = sum((p.principal for p in enforcement.payments.all()), Decimal("0.00"))
    enforcement.fine = case.decision_fine
    if not enforcement.closed_on and balance(enforcement, on).total_due <= 0:
        enforcement.state, enforcement.ended_on = EnforcementState.PERFORMED, on
    enforcement.version += 1
    enforcement.save()
    enforcement_deadlines_recompute(enforcement=enforcement)
    return _refund_due(case=case, on=on, principal=max(paid - case.decision_fine, Decimal("0.00")),
                       surcharge=Decimal("0.00"), reason=reason)


def _live_enforcement_locked(case: Case) -> Enforcement | None:
    return Enforcement.objects.select_for_update().filter(case=case).exclude(state=EnforcementState.VOIDED).first()


def _refund_due(*, case: Case, on, principal: Decimal, surcharge: Decimal, reason: str) -> Refund | None:
    """What the party paid and no longer owes falls due for refund, once per outcome; the leader who approves
    it and the handling officers are told."""
    reason = reason[:300]
    if principal + surcharge <= 0 or Refund.objects.filter(case=case, reason=reason).exists():
        return None
    refund = Refund.objects.create(agency_id=case.agency_id, case=case, amount=principal + surcharge,
                                   principal=principal, surcharge=surcharge, due_on=on, reason=reason)
    officers = [a.officer for a in case.assignments.select_related("officer")]
    notify(recipients=[*officers, *agency_leaders(agency_id=case.agency_id)], kind="refund_due",
           key=f"refund:{refund.pk}", title=f"{case.number or case.title}：应退还已缴罚款 {refund.amount} 元",
           message=f"{reason}。待负责人批准退还并登记退库凭证。", link=f"/app/cases/{case.pk}", due_on=on, subject=case)
    return refund


@transaction.atomic
def refund_record(*, refund_id: int, actor: User, on, voucher_number: str, note: str = "") -> Refund:
    """The refund paid back, on a leader's approval (the bureau's leader answers for the money it returns),
    with the finance voucher. Once only."""
    refund = lock_for_update(Refund.objects.select_related("case"), refund_id)
    if not ACTOR_PREDICATES["leader"].test(actor, refund.case):
        raise PermissionRefused("退还罚款须经本机关负责人批准。", "A refund needs a leader's approval.")
    if refund.state == RefundState.REFUNDED:
        raise Conflict(f"该笔罚款已于 {refund.refunded_on:%Y-%m-%d} 退还（凭证号 {refund.voucher_number}）。",
                       f"This refund was made on {refund.refunded_on}.", code="legal_gate")
    errors = {}
    if on > timezone.localdate():
        errors["date"] = ["日期不能晚于今天"]
    elif on < refund.due_on:
        errors["date"] = [f"退还日期不能早于裁判（决定）生效之日 {refund.due_on:%Y-%m-%d}"]
    if not voucher_number.strip():
        errors["voucher_number"] = ["须填写退库（退款）凭证号"]
    if errors:
        raise InvalidInput("输入有误，请检查标出的字段。", "Invalid input; see the fields named.", fields=errors)
    refund.state, refund.approved_by, refund.refunded_on = RefundState.REFUNDED, actor, on
    refund.voucher_number, refund.note = voucher_number.strip(), note
    refund.save()
    events.fine_refunded_event(case=refund.case, actor=actor, on=on, amount=refund.amount,
                               voucher_number=refund.voucher_number)
    return refund
