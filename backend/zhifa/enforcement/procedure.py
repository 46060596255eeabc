"""Enforcing a decision (行政处罚法 Art. 66–73; 行政强制法 Art. 35–36, 53–58) as one table.

ENFORCEMENT maps each action to the states it may start from, the state it leads to, who may take it, the
legal guards that must hold and the effects it has. Read it top to bottom: the fine is due 15 days after
service; the leader may defer it or split it; unpaid, it gathers a surcharge; once both challenge windows
have passed unchallenged and unperformed, the bureau reminds the party, hears it, and applies to the court
within three months; the court accepts, orders enforcement, completes it or ends it; then the case closes.
Guards return a Refusal (the law forbids it now: 409) or raise InvalidInput (the request lacks something:
400). services.enforcement_act runs a step under a row lock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from django.utils import timezone

from zhifa.cases.choices import DocumentKind
from zhifa.cases.documents import document_issue
from zhifa.cases.gates import Refusal
from zhifa.cases.models import Case
from zhifa.cases.procedure import require  # the one way a step asks for its required inputs
from zhifa.cases.rules import ACTOR_PREDICATES
from zhifa.core.exceptions import InvalidInput
from zhifa.enforcement.choices import ArrangementKind, ArrangementState, ClosingBasis, CourtRuling
from zhifa.enforcement.choices import EnforcementAction as A  # noqa: N817 - the table reads better short
from zhifa.enforcement.choices import EnforcementState as S  # noqa: N817
from zhifa.enforcement.deadlines import application_deadline
from zhifa.enforcement.models import Arrangement, Enforcement, Payment, Ruling
from zhifa.enforcement.periods import REMINDER_WAIT
from zhifa.enforcement.surcharge import balance, challenge_windows_end, payment_schedule

MAX_SCHEDULE_YEARS = 3


@dataclass
class Act:
    """One request: the locked enforcement, its case, who asks, and the validated input."""

    enforcement: Enforcement
    case: Case
    actor: object
    action: str
    data: dict
    on: datetime.date = field(default_factory=timezone.localdate)
    result: dict = field(default_factory=dict)


Guard = Callable[[Act], "Refusal | None"]
Effect = Callable[[Act], None]


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]
    target: str | None  # None: the state stays (or an effect decides it)
    actor: str  # "leader" | "handler" | "handler_or_leader" (cases.rules)
    article: str  # what the step rests on, named when the state refuses it
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = ()


def _field_error(name: str, zh: str, en: str):
    raise InvalidInput(zh, en, fields={name: [zh]})


def _last_date(e: Enforcement) -> datetime.date:
    dates = [e.served_on, e.reminded_on, e.reminder_served_on, e.statement_on, e.applied_on, e.accepted_on,
             e.ordered_on, e.ended_on]
    return max(d for d in dates if d)


# --- guards ----------------------------------------------------------------------------------


def dated_in_order(act: Act) -> Refusal | None:
    """The date is not in the future, and not before service or the steps already taken."""
    if act.on > timezone.localdate():
        _field_error("date", "日期不能晚于今天", "The date cannot be in the future.")
    latest = _last_date(act.enforcement)
    if act.action == A.RECORD_PAYMENT:
        latest = max([act.enforcement.served_on, *(p.paid_on for p in act.enforcement.payments.all())])
    if act.on < latest:
        _field_error("date", f"日期不能早于 {latest:%Y-%m-%d}（处罚决定书送达或上一环节的日期）",
                     f"The date cannot be before {latest} (service or the previous step).")
    return None


def payment_given(act: Act) -> Refusal | None:
    require(act, "amount", "receipt_number")
    amount = act.data["amount"]
    if not isinstance(amount, Decimal) or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        _field_error("amount", "缴款金额须为大于零、最多两位小数的金额", "The amount must be positive, to the cent.")
    receipt = act.data["receipt_number"]
    if Payment.objects.filter(enforcement__agency_id=act.enforcement.agency_id, receipt_number=receipt).exists():
        _field_error("receipt_number", f"银行回单号 {receipt} 已登记过，同一笔缴款不能重复登记",
                     f"Bank receipt {receipt} is already recorded.")
    return None


def within_what_is_due(act: Act) -> Refusal | None:
    """A payment above what is due on its date (the unpaid fine plus the surcharge accrued) is refused."""
    owed = balance(act.enforcement, act.on)
    if act.data["amount"] > owed.total_due:
        return Refusal(f"缴款金额 {act.data['amount']} 元超过截至 {act.on:%Y-%m-%d} 应缴的 {owed.total_due} 元"
                       f"（罚款 {owed.principal_due} 元，加处罚款 {owed.surcharge_due} 元），不予登记"
                       f"（行政处罚法第六十七条、第七十二条）。",
                       f"The payment of {act.data['amount']} exceeds the {owed.total_due} due on {act.on} "
                       f"(fine {owed.principal_due}, surcharge {owed.surcharge_due}) (Art. 67, 72).")
    return None


def _pending(e: Enforcement) -> Arrangement | None:
    return e.arrangements.filter(state=ArrangementState.APPLIED).first()


def arrangement_may_be_applied_for(act: Act) -> Refusal | None:
    """Art. 66: one deferral or instalment plan, applied for by the party before the fine falls due."""
    e = act.enforcement
    if _pending(e) or e.arrangements.filter(state=ArrangementState.APPROVED).exists():
        return Refusal("本案已有延期（分期）缴纳的申请或批准，不能再次申请（行政处罚法第六十六条）。",
                       "A deferral or instalment plan is already pending or approved (Art. 66).")
    due = payment_schedule(e)[0].due_on
    if act.on > due:
        return Refusal(f"罚款已于 {due:%Y-%m-%d} 到期，延期或分期缴纳应在缴纳期限届满前申请（行政处罚法第六十六条）。",
                       f"The fine fell due on {due}; a deferral or instalments are applied for before then (Art. 66).")
    return None


def arrangement_given(act: Act) -> Refusal | None:
    """The schedule covers exactly the unpaid fine, in dated parts after the application."""
    require(act, "kind", "reason", "items")
    items, kind = act.data["items"], act.data["kind"]
    if kind == ArrangementKind.DEFERRAL and len(items) != 1:
        _field_error("items", "延期缴纳只有一个缴纳日期", "A deferral has one due date.")
    if kind == ArrangementKind.INSTALMENTS and len(items) < 2:
        _field_error("items", "分期缴纳至少分两期", "Instalments need at least two parts.")
    dates = [i["due_on"] for i in items]
    latest = act.on.replace(year=act.on.year + MAX_SCHEDULE_YEARS) if not (act.on.month == 2 and act.on.day == 29) \
        else act.on.replace(year=act.on.year + MAX_SCHEDULE_YEARS, day=28)
    if dates != sorted(set(dates)) or dates[0] <= act.on or dates[-1] > latest:
        _field_error("items", f"各期缴纳日期须晚于申请日期、依次递增，且不超过{MAX_SCHEDULE_YEARS}年",
                     "Due dates must follow the application, ascend, and lie within 3 years.")
    unpaid = balance(act.enforcement, act.on).principal_due
    if sum(i["amount"] for i in items) != unpaid:
        _field_error("items", f"各期金额合计须等于尚未缴纳的罚款 {unpaid} 元", f"The parts must add up to {unpaid}.")
    return None


def arrangement_pending(act: Act) -> Refusal | None:
    if _pending(act.enforcement) is None:
        return Refusal("没有待批准的延期（分期）缴纳申请（行政处罚法第六十六条）。",
                       "There is no pending application for a deferral or instalments (Art. 66).")
    if act.on < _pending(act.enforcement).applied_on:
        _field_error("date", "审批日期不能早于申请日期", "The decision cannot predate the application.")
    return None


def leader_approves(act: Act) -> Refusal | None:
    """Art. 66: a deferral or instalments need the approval of the agency, given by its leader."""
    if not ACTOR_PREDICATES["leader"].test(act.actor, act.case):
        return Refusal("延期或分期缴纳罚款须经本机关负责人批准（行政处罚法第六十六条）。",
                       "A deferral or instalments need a leader's approval (Art. 66).")
    return None


def leader_signs(act: Act) -> Refusal | None:
    """行政强制法 Art. 55: the application is signed by the agency's leader and sealed."""
    if not ACTOR_PREDICATES["leader"].test(act.actor, act.case):
        return Refusal("强制执行申请书应当由行政机关负责人签名，加盖行政机关的印章（行政强制法第五十五条）。",
                       "The application is signed by a leader of the agency (Coercion Law Art. 55).")
    return None


def windows_passed(act: Act) -> Refusal | None:
    end = challenge_windows_end(act.enforcement.served_on)
    if act.on <= end:
        return Refusal(f"申请行政复议（六十日）和提起行政诉讼（六个月）的期限至 {end:%Y-%m-%d} 届满，届满前不得催告、申请"
                       f"人民法院强制执行（行政强制法第五十三条）。",
                       f"The reconsideration and lawsuit windows run until {end}; no reminder or application to the "
                       f"court before then (Coercion Law Art. 53).")
    return None


def unchallenged(act: Act) -> Refusal | None:
    if act.case.matters.exists():
        return Refusal("当事人已对处罚决定申请行政复议或提起行政诉讼，不属于“在法定期限内不申请行政复议或者提起行政诉讼”的情形，"
                       "不能依此申请人民法院强制执行（行政强制法第五十三条）。",
                       "The party challenged the decision; this route to the court is closed (Coercion Law Art. 53).")
    return None


def unperformed(act: Act) -> Refusal | None:
    owed = balance(act.enforcement, act.on)
    if owed.total_due <= 0:
        return Refusal("当事人已履行处罚决定，无需强制执行（行政强制法第五十三条）。",
                       "The party has performed the decision (Coercion Law Art. 53).")
    return None


def within_application_period(act: Act) -> Refusal | None:
    windows_end, due = application_deadline(act.enforcement)
    if act.on > due.due:
        return Refusal(f"申请人民法院强制执行应自期限届满之日（{windows_end:%Y-%m-%d}）起三个月内提出，已于 {due.due:%Y-%m-%d} "
                       f"届满（行政强制法第五十三条）。",
                       f"The application to the court was due within 3 months of {windows_end}, by {due.due} "
                       f"(Coercion Law Art. 53).")
    return None


def reminder_not_served(act: Act) -> Refusal | None:
    if act.enforcement.reminder_served_on:
        return Refusal(f"催告书已于 {act.enforcement.reminder_served_on:%Y-%m-%d} 送达（行政强制法第五十四条）。",
                       "The reminder has already been served (Coercion Law Art. 54).")
    return None


def reminder_served(act: Act) -> Refusal | None:
    if not act.enforcement.reminder_served_on:
        return Refusal("催告书尚未送达当事人（行政强制法第三十五条、第五十四条）。",
                       "The reminder has not been served (Coercion Law Art. 35, 54).")
    return None


def statement_given(act: Act) -> Refusal | None:
    if act.data.get("statement_made") is None:
        require(act, "statement_made")
    if act.data["statement_made"]:
        require(act, "statement")
    return None


def statement_recorded(act: Act) -> Refusal | None:
    if act.enforcement.statement_made is None:
        return Refusal("须记录当事人的陈述、申辩及复核情况，或当事人未提出陈述、申辩，方可申请强制执行"
                       "（行政强制法第三十六条、第五十五条）。",
                       "Record the party's statement and its review, or that it made none (Coercion Law Art. 36, 55).")
    return None


def ten_days_after_reminder(act: Act) -> Refusal | None:
    served = act.enforcement.reminder_served_on
    wait = REMINDER_WAIT.due(served)
    if act.on <= wait.due:
        return Refusal(f"催告书于 {served:%Y-%m-%d} 送达，送达十日后（{wait.due:%Y-%m-%d} 之后）当事人仍未履行的，方可申请"
                       f"人民法院强制执行（行政强制法第五十四条）。",
                       f"The reminder was served on {served}; the application may be made only after {wait.due} "
                       f"(Coercion Law Art. 54).")
    return None


def court_given(act: Act) -> Refusal | None:
    require(act, "court")
    return None


NEXT_RULINGS = {
    S.APPLIED: (CourtRuling.ACCEPTED,),
    S.ACCEPTED: (CourtRuling.ENFORCE, CourtRuling.TERMINATED),
    S.ORDERED: (CourtRuling.COMPLETED, CourtRuling.TERMINATED),
}


def ruling_follows(act: Act) -> Refusal | None:
    require(act, "ruling", "number")
    allowed = NEXT_RULINGS[act.enforcement.state]
    if act.data["ruling"] not in allowed:
        names = "、".join(CourtRuling(r).label for r in allowed)
        return Refusal(f"执行处于“{act.enforcement.get_state_display()}”，人民法院此时的裁定只能是：{names}"
                       f"（行政强制法第五十六条、第五十七条）。",
                       f"At this stage the court's next ruling can only be: {', '.join(allowed)} "
                       f"(Coercion Law Art. 56, 57).")
    if act.data["ruling"] == CourtRuling.ACCEPTED:
        require(act, "court_case_number")
    return None


# --- effects ---------------------------------------------------------------------------------


def record_payment(act: Act) -> None:
    """Principal first, then the surcharge; the case carries the fine paid, and the date it was paid in full."""
    e, amount = act.enforcement, act.data["amount"]
    owed = balance(e, act.on)
    principal = min(amount, owed.principal_due)
    Payment.objects.create(enforcement=e, paid_on=act.on, amount=amount, principal=principal,
                           surcharge=amount - principal, receipt_number=act.data["receipt_number"],
                           bank=act.data.get("bank", ""), recorded_by=act.actor)
    case = act.case
    case.fine_paid_amount = owed.principal_paid + principal
    if case.fine_paid_amount >= e.fine and not case.fine_paid_on:
        case.fine_paid_on = act.on
    act.result["payment"] = {"amount": amount, "paid_in_full": bool(case.fine_paid_on)}
    if balance(e, act.on).total_due <= 0:
        e.state = S.PERFORMED
        e.ended_on = act.on


def record_arrangement(act: Act) -> None:
    Arrangement.objects.create(enforcement=act.enforcement, kind=act.data["kind"], applied_on=act.on,
                               reason=act.data["reason"], created_by=act.actor,
                               items=[{"due_on": i["due_on"].isoformat(), "amount": str(i["amount"])}
                                      for i in act.data["items"]])


def decide_arrangement(state: str) -> Effect:
    def effect(act: Act) -> None:
        arrangement = _pending(act.enforcement)
        arrangement.state, arrangement.decided_by, arrangement.decided_on = state, act.actor, act.on
        arrangement.decision_note = act.data.get("note", "")
        arrangement.save()

    effect.__name__ = f"arrangement_{state}"
    return effect


def issue(kind: str, field_name: str, content: Callable[[Act], dict]) -> Effect:
    def effect(act: Act) -> None:
        officers = list(act.case.assignments.values_list("officer_id", flat=True))
        document = document_issue(case=act.case, kind=kind, actor=act.actor, issued_on=act.on, officers=officers,
                                  content=content(act))
        setattr(act.enforcement, field_name, document)
        act.result.setdefault("documents", []).append(document.number)

    effect.__name__ = f"issue_{kind}"
    return effect


def _reminder_content(act: Act) -> dict:
    owed = balance(act.enforcement, act.on)
    served = act.case.served_on
    return {
        "履行义务": f"缴纳罚款人民币{owed.principal_due}元，及截至{act.on:%Y年%m月%d日}的加处罚款{owed.surcharge_due}元"
                    f"（每日按罚款数额的百分之三加处，总额不超过罚款数额）",
        "履行期限": f"收到本催告书之日起{REMINDER_WAIT.words()}内",
        "履行方式": "到本机关指定的银行缴纳（罚缴分离），持缴款凭证到本机关登记",
        "依据": f"{served:%Y年%m月%d日}送达的行政处罚决定书；《行政处罚法》第六十七条、第七十二条；《行政强制法》第五十四条",
        "当事人的权利": "对本催告书有权进行陈述和申辩；逾期仍不履行的，本机关将依法申请人民法院强制执行",
    }


def _application_content(act: Act) -> dict:
    e = act.enforcement
    owed = balance(e, act.on)
    statement = e.statement if e.statement_made else "当事人在催告后未提出陈述、申辩"
    return {
        "受理法院": act.data["court"],
        "申请执行事项": f"罚款人民币{owed.principal_due}元，加处罚款人民币{owed.surcharge_due}元",
        "催告情况": f"{e.reminder.number if e.reminder else ''}，于{e.reminder_served_on:%Y年%m月%d日}送达，"
                    f"十日期满仍未履行",
        "当事人的意见": statement,
        "依据": "《行政强制法》第五十三条、第五十四条、第五十五条",
    }


def set_date(name: str) -> Effect:
    def effect(act: Act) -> None:
        setattr(act.enforcement, name, act.on)

    effect.__name__ = f"set_{name}"
    return effect


def record_statement(act: Act) -> None:
    e = act.enforcement
    e.statement_on, e.statement_made = act.on, bool(act.data["statement_made"])
    e.statement = act.data.get("statement", "") if e.statement_made else ""


def record_application(act: Act) -> None:
    act.enforcement.applied_on, act.enforcement.court = act.on, act.data["court"]


RULING_STATES = {CourtRuling.ACCEPTED: S.ACCEPTED, CourtRuling.ENFORCE: S.ORDERED,
                 CourtRuling.COMPLETED: S.ENFORCED, CourtRuling.TERMINATED: S.TERMINATED}


def record_ruling(act: Act) -> None:
    e, ruling = act.enforcement, act.data["ruling"]
    Ruling.objects.create(enforcement=e, kind=ruling, ruled_on=act.on, number=act.data["number"],
                          summary=act.data.get("summary", ""), recorded_by=act.actor)
    e.state = RULING_STATES[ruling]
    if ruling == CourtRuling.ACCEPTED:
        e.accepted_on, e.court_case_number = act.on, act.data["court_case_number"]
    elif ruling == CourtRuling.ENFORCE:
        e.ordered_on = act.on
    else:
        e.ended_on = act.on


def close_case(act: Act) -> None:
    """结案: the case's own closing step, its report saying whether the decision was performed or enforcement
    ended by law (DOMAIN.md §9)."""
    from zhifa.cases.services import case_transition

    e = act.enforcement
    e.closing_basis = ClosingBasis.PERFORMED if e.state == S.PERFORMED else ClosingBasis.ENFORCEMENT_ENDED
    e.closed_on = act.on
    e.save()
    case_transition(case_id=act.case.pk, actor=act.actor, action="close",
                    data={"date": act.on})
    act.result["case_closed"] = True


# --- the procedure ---------------------------------------------------------------------------

PAYING = (S.PERFORMING, S.REMINDED, S.APPLIED, S.ACCEPTED, S.ORDERED)
COURT = "行政强制法第五十三条、第五十四条"

ENFORCEMENT: dict[str, Step] = {
    # 缴纳罚款: to the designated bank, by its receipt; never more than is due (Art. 67, 72). Paid in full, with
    # any surcharge, the decision has been performed.
    A.RECORD_PAYMENT: Step(
        sources=PAYING, target=None, actor="handler", article="行政处罚法第六十七条",
        guards=(dated_in_order, payment_given, within_what_is_due), effects=(record_payment,),
    ),
    # 延期、分期缴纳: the party applies before the fine falls due; only the leader approves (Art. 66).
    A.APPLY_ARRANGEMENT: Step(
        sources=(S.PERFORMING,), target=None, actor="handler", article="行政处罚法第六十六条",
        guards=(dated_in_order, arrangement_may_be_applied_for, arrangement_given), effects=(record_arrangement,),
    ),
    A.APPROVE_ARRANGEMENT: Step(
        sources=(S.PERFORMING,), target=None, actor="handler_or_leader", article="行政处罚法第六十六条",
        guards=(dated_in_order, leader_approves, arrangement_pending),
        effects=(decide_arrangement(ArrangementState.APPROVED),),
    ),
    A.REFUSE_ARRANGEMENT: Step(
        sources=(S.PERFORMING,), target=None, actor="handler_or_leader", article="行政处罚法第六十六条",
        guards=(dated_in_order, leader_approves, arrangement_pending),
        effects=(decide_arrangement(ArrangementState.REFUSED),),
    ),
    # 催告: only once both challenge windows have passed, unchallenged and unperformed, and while the bureau
    # may still apply (行政强制法 Art. 53, 54); a numbered 催告书.
    A.REMIND: Step(
        sources=(S.PERFORMING,), target=S.REMINDED, actor="handler", article=COURT,
        guards=(dated_in_order, windows_passed, unchallenged, unperformed, within_application_period),
        effects=(set_date("reminded_on"),
                 issue(DocumentKind.ENFORCEMENT_REMINDER, "reminder", _reminder_content)),
    ),
    A.RECORD_REMINDER_SERVICE: Step(
        sources=(S.REMINDED,), target=None, actor="handler", article="行政强制法第三十八条",
        guards=(dated_in_order, reminder_not_served), effects=(set_date("reminder_served_on"),),
    ),
    # 陈述、申辩: heard and reviewed, or recorded as not made (行政强制法 Art. 36).
    A.RECORD_STATEMENT: Step(
        sources=(S.REMINDED,), target=None, actor="handler", article="行政强制法第三十六条",
        guards=(dated_in_order, reminder_served, statement_given), effects=(record_statement,),
    ),
    # 申请强制执行: signed by the leader (Art. 55), more than ten days after the reminder was served (Art. 54),
    # within three months of the windows' end (Art. 53), still unchallenged and unperformed.
    A.APPLY_TO_COURT: Step(
        sources=(S.REMINDED,), target=S.APPLIED, actor="handler_or_leader", article="行政强制法第五十三条至第五十五条",
        guards=(dated_in_order, leader_signs, court_given, reminder_served, statement_recorded,
                ten_days_after_reminder, within_application_period, unchallenged, unperformed),
        effects=(record_application, issue(DocumentKind.ENFORCEMENT_APPLICATION, "application", _application_content)),
    ),
    # 人民法院: acceptance, then an order to enforce, then completion; or 终结执行 at any point after acceptance.
    A.RECORD_RULING: Step(
        sources=(S.APPLIED, S.ACCEPTED, S.ORDERED), target=None, actor="handler_or_leader",
        article="行政强制法第五十六条、第五十七条", guards=(dated_in_order, ruling_follows), effects=(record_ruling,),
    ),
    # 结案: once performed, or once enforcement ended by law; the closing report says which.
    A.CLOSE_CASE: Step(
        sources=(S.PERFORMED, S.ENFORCED, S.TERMINATED), target=None, actor="leader",
        article="行政处罚法第六十六条", guards=(dated_in_order,), effects=(close_case,),
    ),
}


def allowed_actions(enforcement: Enforcement) -> list[str]:
    if enforcement.closed_on:
        return []
    return [action for action, step in ENFORCEMENT.items() if enforcement.state in step.sources]


# Guards that judge only what the request carries: a form's business, not a reason to grey out a button.
INPUT_GUARDS = frozenset({payment_given, within_what_is_due, arrangement_given, statement_given, court_given,
                          ruling_follows})


def action_options(enforcement: Enforcement, user) -> list[dict]:
    """For this user, every action of the enforcement's state: whether it may be taken today, and if not, each
    refusing reason with its article. Reads only: no effect runs, nothing is saved; the server judges the real
    request again."""
    from zhifa.cases.procedure import _reason
    from zhifa.cases.rules import ACTOR_WORDS

    if enforcement.closed_on:
        return []
    case = enforcement.case
    options = []
    for action, step in ENFORCEMENT.items():
        if enforcement.state not in step.sources:
            continue
        reasons = []
        if not ACTOR_PREDICATES[step.actor].test(user, case):
            zh, en = ACTOR_WORDS[step.actor]
            reasons.append(_reason(f"此操作须由{zh}执行。", f"This action must be taken by {en}."))
        else:
            act = Act(enforcement=enforcement, case=case, actor=user, action=action, data={})
            for guard in step.guards:
                if guard in INPUT_GUARDS:
                    continue
                try:
                    refusal = guard(act)
                except (InvalidInput, KeyError, TypeError, AttributeError):
                    continue  # the guard wants the form's input first
                if refusal is not None:
                    reasons.append(_reason(refusal.zh, refusal.en))
        options.append({"action": action, "allowed": not reasons, "reasons": reasons})
    return options
