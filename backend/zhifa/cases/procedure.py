"""The penalty procedure (行政处罚法 2021; 民政部令第68号) as one table.

PROCEDURE maps each action to the states it may start from, the state it leads to, who may take
it, the legal guards that must hold, and the effects it has. Read it top to bottom: it is the
procedure. Guards return a Refusal (the law forbids it now: 409) or raise InvalidInput (the
request lacks something: 400). services.case_transition runs a step under a row lock.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.calendar import engine
from zhifa.cases import gates, hooks, periods, redecision
from zhifa.cases.assignments import case_investigator_ids, case_recused_ids, officers_assign
from zhifa.cases.choices import CaseAction as A  # noqa: N817 - the table reads better short
from zhifa.cases.choices import CaseState as S  # noqa: N817
from zhifa.cases.choices import (
    DecisionOutcome,
    SuspensionKind,
    DocumentKind,
    FineBasis,
    PartyKind,
    PenaltyKind,
    PreservationOutcome,
    PreservationStatus,
    ProcedureKind,
    ServiceMethod,
    StatementStatus,
)
from zhifa.cases.deadlines import decision_time_limit
from zhifa.cases.documents import document_issue
from zhifa.cases.gates import Refusal
from zhifa.cases.major import MAJOR_PENALTIES, hearing_available, large_fine_threshold
from zhifa.cases.models import Case
from zhifa.cases.numbering import format_number, next_number
from zhifa.cases.rules import ACTOR_PREDICATES, ACTOR_WORDS
from zhifa.core.exceptions import InvalidInput
from zhifa.registry.choices import IllegalOrganisationStatus, OrganisationStatus


@dataclass
class Transition:
    """One request to move a case: the locked case, who asks, and the validated input."""

    case: Case
    actor: object
    action: str
    data: dict
    on: datetime.date = field(default_factory=timezone.localdate)
    event_data: dict = field(default_factory=dict)


Guard = Callable[[Transition], "Refusal | None"]
Effect = Callable[[Transition], None]


@dataclass(frozen=True)
class Field:
    """One input a step takes: its name in the transition request, and whether this case needs it now
    (a bool, or a question put to the case: a fine's amount only where a fine is proposed)."""

    name: str
    required: bool | Callable[[Case], bool] = False

    def required_for(self, case: Case) -> bool:
        return self.required(case) if callable(self.required) else bool(self.required)


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]
    target: str | None            # None: the case stays where it is
    actor: str                    # "leader" | "handler" | "handler_or_leader"
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = ()
    fields: tuple[Field, ...] = ()  # what the step takes; the date is every step's


def require(t: Transition, *names: str) -> None:
    missing = {name: ["此操作必须填写该项"] for name in names if t.data.get(name) in (None, "", [])}
    if missing:
        raise InvalidInput("缺少必填项：" + "、".join(missing), "Missing: " + ", ".join(missing), fields=missing)


def _date_fields(case: Case) -> list[datetime.date]:
    names = ["received_on", "filed_on", "investigation_started_on", "investigation_closed_on", "deliberated_on",
             "notified_on", "notice_received_on", "hearing_requested_on", "hearing_held_on", "decided_on", "served_on",
             "execution_started_on", "closed_on", "reopened_on"]
    return [d for d in (getattr(case, n) for n in names) if d]


# --- guards ----------------------------------------------------------------------------------


def dated_in_order(t: Transition) -> Refusal | None:
    """The step's date is not in the future and not before the steps already taken."""
    if t.on > timezone.localdate():
        raise InvalidInput("日期不能晚于今天", "The date cannot be in the future.", fields={"date": ["日期不能晚于今天"]})
    latest = max(_date_fields(t.case))
    if t.on < latest:
        message = f"日期不能早于本案上一环节的日期（{latest:%Y-%m-%d}）"
        raise InvalidInput(message, f"The date cannot be before the previous step ({latest}).",
                           fields={"date": [message]})
    return None


def filing_request_pending(t: Transition) -> datetime.date | None:
    """The date a lead was sent for filing approval, while that request waits for the leader."""
    return (t.case.events_timeline.filter(action=A.REQUEST_FILING).order_by("-occurred_on")
            .values_list("occurred_on", flat=True).first())


def filing_not_requested_yet(t: Transition) -> Refusal | None:
    """One request at a time: the leader approves filing it (立案), or closes the lead."""
    if requested_on := filing_request_pending(t):
        return Refusal(f"本线索已于 {requested_on:%Y-%m-%d} 报请立案审批，等待负责人审批。",
                       f"This lead was sent for filing approval on {requested_on}; it awaits the leader.")
    return None


def lead_logger_does_not_approve(t: Transition) -> Refusal | None:
    """Separation of duties at filing: whoever logged the lead does not approve its filing."""
    if t.case.created_by_id == t.actor.pk:
        return Refusal("登记线索的人员不能自行批准立案。", "Whoever logged the lead may not approve its filing.")
    return None


def notified_before(t: Transition) -> Refusal | None:
    if not t.case.notified_on:
        return Refusal("尚未事先告知（行政处罚法第四十四条）。", "The party has not been notified (Art. 44).")
    return None


def two_credentialed_officers(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 42: at least two officers holding valid enforcement credentials."""
    officers = t.data.get("officers") or [a.officer for a in t.case.assignments.select_related("officer")
                                          .prefetch_related("officer__credentials")]
    valid = [o for o in officers if o.role == Role.OFFICER and o.is_active and o.current_credential(t.on)]
    if len(valid) < 2:
        lacking = [o.full_name or o.username for o in officers if o not in valid]
        detail = f"（无有效执法证：{'、'.join(lacking)}）" if lacking else ""
        return Refusal(f"立案须指派至少2名持有效执法证的执法人员，当前 {len(valid)} 名{detail}（行政处罚法第四十二条）。",
                       f"Filing needs at least 2 officers with valid credentials; {len(valid)} assigned (Art. 42).")
    return None


def within_jurisdiction(t: Transition) -> Refusal | None:
    """民政部令第68号 Art. 3: only the registration authority of the organisation handles the case."""
    org = t.case.organisation
    if t.case.party_kind == PartyKind.ORGANISATION and org and org.agency_id != t.case.agency_id:
        return Refusal(f"{org.name} 的登记管理机关是{org.agency.name}，本机关无管辖权，应当移送（民政部令第68号第三条）。",
                       "The organisation is registered with another authority; transfer the case (MCA Order No. 68, Art. 3).")
    return None


def limitation_expires_on(case: Case) -> datetime.date | None:
    """行政处罚法 Art. 36: 2 years from the act, or from its end for a continuing act; 5 years where citizens'
    life, health or financial security is at stake. An act still going on (continuing, no end date) has no
    running period: None."""
    if case.act_continuing:
        start = case.act_ended_on
    else:
        start = case.act_date
    if start is None:
        return None
    years = 5 if case.involves_safety else 2
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def within_limitation_period(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 36: "违法行为在二年内未被发现的，不再给予行政处罚". Tested on the discovery date (the day the
    lead was received), at filing and again at a penalty decision; nothing overrides it."""
    if t.action == A.DECIDE and t.data.get("outcome") == DecisionOutcome.NO_PENALTY:
        return None
    if not t.case.act_date:
        raise InvalidInput("立案前须填写违法行为发生日，以核查追责时效", "act_date is needed to check the limitation period.",
                           fields={"act_date": ["立案前须填写违法行为发生日"]})
    expires = limitation_expires_on(t.case)
    if expires is not None and t.case.received_on > expires:
        years = "五" if t.case.involves_safety else "二"
        return Refusal(f"违法行为在{years}年内未被发现（追责时效于 {expires:%Y-%m-%d} 届满，线索于 "
                       f"{t.case.received_on:%Y-%m-%d} 发现），不再给予行政处罚，只能不予立案或不予处罚（行政处罚法第三十六条）。",
                       f"The act was not discovered within the limitation period (ended {expires}); no penalty "
                       f"may be given (Art. 36).")
    return None


def has_investigative_record(t: Transition) -> Refusal | None:
    kinds = {DocumentKind.INQUIRY_RECORD, DocumentKind.INSPECTION_RECORD}
    if not t.case.documents.filter(kind__in=kinds).exists():
        return Refusal("调查终结前须至少有一份询问笔录或现场检查笔录（行政处罚法第五十五条）。",
                       "At least one inquiry or inspection record is needed before closing the investigation (Art. 55).")
    return None


def proposed_decision_given(t: Transition) -> Refusal | None:
    require(t, "proposed_outcome")
    if t.data["proposed_outcome"] == DecisionOutcome.PENALTY:
        require(t, "proposed_penalties", "proposed_content")
        if PenaltyKind.FINE in t.data["proposed_penalties"]:
            require(t, "proposed_fine")
    return None


def case_is_major(t: Transition) -> Refusal | None:
    if not t.case.is_major:
        return Refusal("本案不属于重大执法决定，无需法制审核（行政处罚法第五十八条）。",
                       "The case is not a major decision; no legal review is needed (Art. 58).")
    return None


def review_not_yet_agreed(t: Transition) -> Refusal | None:
    """Art. 58: a major decision is reviewed before it is made, for what is decided. A review that agreed to
    exactly what is now proposed, notified or heard needs no second submission; a change calls for one."""
    if t.case.is_major and gates.legal_review_refusal(case=t.case) is None:
        return Refusal("法制审核已同意本案拟作出的决定，无需再次提交；拟处理内容、告知的处罚或听证笔录变化后方须重新提交"
                       "（行政处罚法第五十八条）。",
                       "The legal review already agreed to what is proposed; it is resubmitted only if that changes "
                       "(Art. 58).")
    return None


def has_proposed_penalty(t: Transition) -> Refusal | None:
    if t.case.proposed_outcome != DecisionOutcome.PENALTY:
        return Refusal("拟不予处罚的案件无需事先告知（行政处罚法第四十四条）。", "Only a proposed penalty is notified (Art. 44).")
    return None


def hearing_may_be_requested(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 63, 64(1): the right exists for the notified penalty; the request is made within 5 working
    days of RECEIVING the notice. Until the receipt is recorded the window has not been shown to end, and a
    window counted on a provisional calendar warns but never refuses the party by itself."""
    case = t.case
    if not case.notified_on:
        return Refusal("尚未事先告知，当事人无从要求听证（行政处罚法第四十四条、第六十四条）。",
                       "The party has not been notified yet (Art. 44, 64).")
    if not hearing_available(case.notified_penalties, case.notified_fine, case.party_kind):
        return Refusal("告知的处罚不属于可以要求听证的种类（行政处罚法第六十三条）。",
                       "The notified penalty does not carry a right to a hearing (Art. 63).")
    require(t, "hearing_date", "hearing_presider")
    if case.notice_received_on:
        deadline = periods.HEARING_REQUEST.due(case.notice_received_on)
        if t.on > deadline.due and not deadline.provisional:
            return Refusal(f"听证申请已超过期限：应在收到告知书之日起五个工作日内（{deadline.due:%Y-%m-%d} 前）提出"
                           f"（行政处罚法第六十四条）。",
                           f"The hearing request is late: it was due by {deadline.due} (Art. 64).")
    return None


def presider_is_not_an_investigator(t: Transition) -> Refusal | None:
    """Art. 64(4), 43: the presider is never an investigator: anyone who ever worked the case counts."""
    presider = t.data.get("hearing_presider") or t.case.hearing_presider
    if presider and presider.pk in case_investigator_ids(t.case):
        return Refusal("听证主持人不得由本案调查人员担任：曾承办本案、在本案笔录上签名或登记线索的人员均应回避"
                       "（行政处罚法第四十三条、第六十四条）。",
                       "The hearing presider may not be anyone who ever worked the case (Art. 43, 64).")
    return None


# Who may preside a hearing: the agency's own staff in service (Art. 64(4)), not the system administrator,
# who runs accounts, nor an outside legal adviser.
PRESIDER_ROLES = (Role.OFFICER, Role.LEGAL_REVIEWER, Role.LEADER)


def presider_is_the_agency_s_staff(t: Transition) -> Refusal | None:
    """Art. 64(4): the agency designates the presider from its own staff in service."""
    presider = t.data.get("hearing_presider")
    if presider and (not presider.is_active or presider.role not in PRESIDER_ROLES
                     or presider.agency_id != t.case.agency_id):
        return Refusal("听证主持人应由本机关指定的在职执法人员、法制审核人员或负责人担任，系统管理员、法律顾问和已停用的"
                       "账户不能主持听证（行政处罚法第六十四条）。",
                       "The hearing is presided by an officer, legal reviewer or leader of the agency in service; not "
                       "the system administrator, a legal adviser or a disabled account (Art. 64).")
    return None


def presider_is_not_recused(t: Transition) -> Refusal | None:
    """Art. 43: a person the leader has ordered to withdraw (the party may ask it of the presider too) does not
    preside."""
    presider = t.data.get("hearing_presider") or t.case.hearing_presider
    if presider and presider.pk in case_recused_ids(t.case):
        return Refusal("负责人已决定该人员在本案中回避，不得主持听证（行政处罚法第四十三条）。",
                       "The leader ordered this person to withdraw from the case; they may not preside (Art. 43).")
    return None


def hearing_notice_in_time(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 64(2): 7 full working days lie strictly between the notice date and the hearing date."""
    hearing_date, notice_on = t.data["hearing_date"], t.data.get("hearing_notice_on") or t.on
    if notice_on < t.on:
        raise InvalidInput("听证通知日期不能早于听证申请日期", "The hearing notice cannot predate the request.",
                           fields={"hearing_notice_on": ["听证通知日期不能早于听证申请日期"]})
    latest = periods.HEARING_NOTICE.due(hearing_date).due
    if notice_on > latest:
        return Refusal(f"听证通知须在举行听证的七个工作日前送达：听证日期 {hearing_date:%Y-%m-%d} 的通知最迟应于 "
                       f"{latest:%Y-%m-%d} 送达（行政处罚法第六十四条）。",
                       f"The hearing notice must reach the party 7 full working days before the hearing, by {latest} "
                       f"(Art. 64).")
    return None


def hearing_is_pending(t: Transition) -> Refusal | None:
    if t.case.hearing_held_on:
        return Refusal("本案听证笔录已制作（行政处罚法第六十四条）。", "The hearing has already been recorded (Art. 64).")
    if t.on < t.case.hearing_date:
        return Refusal(f"听证日期为 {t.case.hearing_date:%Y-%m-%d}，尚未举行（行政处罚法第六十四条）。",
                       "The hearing has not taken place yet (Art. 64).")
    require(t, "hearing_record")
    return None


def _deciding_penalty(t: Transition) -> bool:
    return t.data.get("outcome") != DecisionOutcome.NO_PENALTY


def _decided(t: Transition) -> dict:
    penalties = list(t.data.get("penalties") or []) if _deciding_penalty(t) else []
    return {"outcome": t.data.get("outcome"), "penalties": penalties,
            "fine": t.data.get("fine") if PenaltyKind.FINE in penalties else None}


def not_the_overturned_decision_again(t: Transition) -> Refusal | None:
    """行政复议法 Art. 64 ¶2; 行政诉讼法 Art. 71: ordered to decide again, not the revoked decision once more on
    the same facts and reasons (cases.redecision)."""
    decided = _decided(t)
    revoked = redecision.repeats_the_revoked_decision(
        t.case, outcome=decided["outcome"], penalties=decided["penalties"], fine=decided["fine"],
        confiscation=t.data.get("confiscation"))
    if revoked is None:
        return None
    before = revoked["decision"]
    said = (f"原决定（{before['number']}）已被{revoked.get('body', '')}撤销并责令重新作出；拟作出的决定与原决定相同，"
            f"所依据的违法行为和依据未变，重新办理后也未补充调查取证，不得以同一事实和理由作出与原决定相同或者基本相同的决定")
    said_en = (f"The decision {before['number']} was revoked with an order to decide again; this decision is the same, "
               f"on the same facts and reasons")
    if revoked.get("reconsideration"):
        return Refusal(f"{said}（行政复议法第六十四条第二款）。", f"{said_en} (Administrative Reconsideration Law Art. 64).")
    return Refusal(f"{said}（行政诉讼法第七十一条）。", f"{said_en} (Administrative Litigation Law Art. 71).")


def decision_given(t: Transition) -> Refusal | None:
    require(t, "outcome")
    if _deciding_penalty(t):
        require(t, "penalties", "content")
        if PenaltyKind.FINE in t.data["penalties"]:
            require(t, "fine")
    return None


def notification_given(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 44, 62: no penalty without prior notification. Notification is never skipped; a party can
    waive only its statement and defence, and only once notified."""
    if _deciding_penalty(t) and not t.case.notified_on:
        return Refusal("作出行政处罚决定前须事先告知当事人拟处罚内容及其陈述、申辩、要求听证的权利，告知不得省略"
                       "（行政处罚法第四十四条、第六十二条）。",
                       "No penalty decision without prior notification of the penalty and the party's rights; "
                       "notification is never skipped (Art. 44, 62).")
    return None


def party_windows(case: Case) -> dict[str, engine.Deadline]:
    """The party's windows still standing, counted from the receipt of the prior notice: the statement period
    the notice states (Art. 44, 45), unless the party waived its statement and defence in writing after
    notification; and the 5-working-day hearing window (Art. 64(1)), where a hearing right exists, unless the
    party declined a hearing in writing or has requested one since this notice (a new notice opens a new
    window, even after a hearing on an earlier one)."""
    windows = {}
    if not case.notified_on or not case.notice_received_on:
        return windows
    if not case.notice_waived:
        windows["statement"] = periods.STATEMENT.due(case.notice_received_on, case.statement_period_days)
    requested_on_this_notice = case.hearing_requested_on and case.hearing_requested_on >= case.notified_on
    if (hearing_available(case.notified_penalties, case.notified_fine, case.party_kind)
            and not case.hearing_declined and not requested_on_this_notice):
        windows["hearing"] = periods.HEARING_REQUEST.due(case.notice_received_on)
    return windows


def party_windows_over(t: Transition) -> Refusal | None:
    """The decision waits until the party's windows have run out (Art. 44, 45, 62, 64)."""
    case = t.case
    if not _deciding_penalty(t) or not case.notified_on:
        return None
    if not case.notice_received_on:
        return Refusal("未记录当事人收到事先告知书的日期，陈述申辩期和听证申请期无从起算，不能作出处罚决定"
                       "（行政处罚法第四十四条、第四十五条、第六十四条）。",
                       "The date the party received the prior notice is not recorded, so its statement and hearing "
                       "windows cannot be counted; no decision yet (Art. 44, 45, 64).")
    windows = party_windows(case)
    if "statement" in windows and t.on <= windows["statement"].due:
        due = windows["statement"].due
        return Refusal(f"当事人的陈述、申辩期限（收到告知书之日起{case.statement_period_days}个工作日）至 {due:%Y-%m-%d} "
                       f"届满，届满前不得作出处罚决定，当事人书面放弃陈述申辩的除外（行政处罚法第四十四条、第四十五条、第六十二条）。",
                       f"The party's statement period runs until {due}; no decision before it ends unless the party "
                       f"waived it in writing (Art. 44, 45, 62).")
    if "hearing" in windows and t.on <= windows["hearing"].due:
        due = windows["hearing"].due
        return Refusal(f"当事人要求听证的期限（收到告知书之日起五个工作日）至 {due:%Y-%m-%d} 届满，届满前不得作出处罚决定，"
                       f"当事人书面放弃听证的除外（行政处罚法第六十三条、第六十四条）。",
                       f"The party may request a hearing until {due}; no decision before then unless it declined a "
                       f"hearing in writing (Art. 63, 64).")
    return None


def statement_handled(t: Transition) -> Refusal | None:
    if not _deciding_penalty(t):
        return None
    if t.case.statement_status == StatementStatus.PENDING:
        return Refusal("当事人的陈述、申辩尚未处理：须记录并复核，或记录当事人未提出或书面放弃（行政处罚法第四十五条）。",
                       "The party's statement and defence have not been handled (Art. 45).")
    handled_on = statement_handled_on(t.case)
    if handled_on and t.on < handled_on:
        return Refusal(f"当事人的陈述、申辩于 {handled_on:%Y-%m-%d} 才记录并复核，决定日期不能早于该日：须先听取当事人的意见再作出决定"
                       f"（行政处罚法第四十五条、第六十二条）。",
                       f"The party's statement was handled on {handled_on}; the decision cannot predate hearing it "
                       f"(Art. 45, 62).")
    return None


def statement_handled_on(case: Case) -> datetime.date | None:
    """The day the party's statement on the current notice was last recorded (heard and re-checked, not made,
    or waived): a decision rests on it only from that day."""
    from django.db.models import Max

    from zhifa.cases.choices import CaseEventKind

    if not case.notified_on:
        return None
    return case.events_timeline.filter(kind=CaseEventKind.STATEMENT_RECORDED, occurred_on__gte=case.notified_on) \
        .aggregate(on=Max("occurred_on"))["on"]


def hearing_record_if_requested(t: Transition) -> Refusal | None:
    if t.case.hearing_requested_on and not t.case.hearing_held_on:
        return Refusal("当事人要求听证的，须依据听证笔录作出决定，听证尚未记录（行政处罚法第六十五条）。",
                       "A hearing was requested: the decision must rest on the hearing record (Art. 65).")
    return None


def decision_dated_after_its_steps(t: Transition) -> Refusal | None:
    """The decision's date is on or after the hearing, the collective deliberation and the recusal decisions
    (the review's date is checked by the legal-review gate); a decision dated earlier could not have rested on
    them."""
    case = t.case
    if case.hearing_held_on and t.on < case.hearing_held_on:
        return Refusal(f"决定日期不能早于听证日期（{case.hearing_held_on:%Y-%m-%d}），决定须依据听证笔录作出（行政处罚法第六十五条）。",
                       f"The decision cannot predate the hearing of {case.hearing_held_on} (Art. 65).")
    if case.deliberated_on and t.on < case.deliberated_on:
        return Refusal(f"决定日期不能早于集体讨论日期（{case.deliberated_on:%Y-%m-%d}）（行政处罚法第五十七条）。",
                       f"The decision cannot predate the collective deliberation of {case.deliberated_on} (Art. 57).")
    recused_on = max((d for d in case.recusals.values_list("decided_on", flat=True) if d), default=None)
    if recused_on and t.on < recused_on:
        return Refusal(f"决定日期不能早于回避决定日期（{recused_on:%Y-%m-%d}），回避申请须在处罚决定前决定（行政处罚法第四十三条）。",
                       f"The decision cannot predate the recusal decision of {recused_on} (Art. 43).")
    return None


def legal_review_passed(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 58: whether the case is major is judged again at the decision, against the penalties
    decided; a major decision needs an agreed review of exactly what is decided, concluded before it."""
    case, decided = t.case, _decided(t)
    if not case.is_major:
        reason = gates.major_reason(case=case, penalties=decided["penalties"], fine=decided["fine"])
        if not reason:
            return None
        return Refusal(f"按决定的处罚，本案属于重大执法决定（{reason}），须先认定为重大执法决定并经法制审核同意（行政处罚法第五十八条）。",
                       f"The decided penalties make this a major decision ({reason}); it needs legal review first (Art. 58).")
    return gates.legal_review_refusal(case=case, decided=decided, on=t.on)


def deliberation_required_reason(case: Case, decided: dict) -> str | None:
    """行政处罚法 Art. 57 ¶2: serious violations and complex cases are decided collectively by the leaders."""
    for penalty, name in MAJOR_PENALTIES.items():
        if penalty in decided["penalties"]:
            return f"作出{name}"
    if decided["fine"] is not None and Decimal(decided["fine"]) >= large_fine_threshold(case.party_kind):
        return "较大数额罚款"
    if case.hearing_held_on:
        return "经过听证程序"
    if case.is_major:
        return f"重大执法决定（{case.major_reason}）"
    if case.is_complex:
        return "负责人认定情节复杂"
    return None


def deliberated_if_required(t: Transition) -> Refusal | None:
    case = t.case
    reason = deliberation_required_reason(case, _decided(t))
    if reason is None:
        return None
    if not case.deliberated_on:
        return Refusal(f"本案{reason}，须经本机关负责人集体讨论决定（行政处罚法第五十七条第二款）。",
                       f"This decision ({reason}) must be made by the leaders' collective deliberation (Art. 57).")
    if case.hearing_held_on and case.deliberated_on < case.hearing_held_on:
        return Refusal("集体讨论早于听证，未依据听证笔录讨论，须在听证后重新集体讨论（行政处罚法第五十七条、第六十五条）。",
                       "The deliberation predates the hearing; deliberate again on the hearing record (Art. 57, 65).")
    return None


SEVERITY = {kind: index for index, kind in enumerate(PenaltyKind.values)}


def penalties_the_grounds_allow(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 4, 38: a penalty needs a legal basis. Each decided kind must be one the case's grounds
    provide."""
    if not _deciding_penalty(t):
        return None
    grounds = list(t.case.grounds.all())
    if not grounds:
        return Refusal("未选择违法行为及处罚依据，处罚没有法定依据的无效（行政处罚法第四条、第三十八条）。",
                       "No ground is recorded; a penalty without a legal basis is void (Art. 4, 38).")
    allowed = {kind for g in grounds for kind in g.penalty_kinds}
    outside = [p for p in _decided(t)["penalties"] if allowed and p not in allowed]
    if outside:
        names = "、".join(PenaltyKind(p).label for p in outside)
        basis = "、".join(f"{g.regulation}{g.article}" for g in grounds)
        return Refusal(f"{basis}未规定{names}，处罚没有法定依据的无效（行政处罚法第四条、第三十八条）。",
                       f"The grounds do not provide {', '.join(outside)} (Art. 4, 38).")
    return None


def _serious_only_grounds(case: Case) -> list:
    """The grounds that allow revocation only where serious, if no other ground allows it outright."""
    grounds = list(case.grounds.all())
    serious_only = [g for g in grounds if g.deregistration_if_serious]
    if any(PenaltyKind.DEREGISTRATION in g.penalty_kinds and not g.deregistration_if_serious for g in grounds):
        return []
    return serious_only


def serious_finding_needed(case: Case) -> bool:
    """For the form: the penalties notified (else proposed) include a revocation that needs the finding."""
    penalties = case.notified_penalties or case.proposed_penalties or []
    return PenaltyKind.DEREGISTRATION in penalties and bool(_serious_only_grounds(case))


def serious_circumstances_found(t: Transition) -> Refusal | None:
    """A revocation on a ground that allows it only where the circumstances are serious (社团条例 Art. 30,
    民非条例 Art. 25, 基金会条例 Art. 42) records the finding of 情节严重 with its reasons (Art. 5)."""
    if PenaltyKind.DEREGISTRATION in _decided(t)["penalties"] and not str(t.data.get("serious_finding", "")).strip():
        serious_only = _serious_only_grounds(t.case)
        if serious_only:
            basis = "、".join(f"{g.regulation}{g.article}" for g in serious_only)
            return Refusal(f"依据{basis}，情节严重的方可撤销登记：须记载情节严重的认定及理由（serious_finding）"
                           f"（行政处罚法第五条）。",
                           "Revocation on this ground needs a recorded finding of serious circumstances, with its "
                           "reasons (serious_finding; Art. 5, 社团条例 Art. 30).")
    return None


def _fine_bases(t: Transition) -> dict[str, Decimal | None]:
    """The illegal turnover and gains a multiple-of fine is counted on: as this request states them, else as
    recorded on the case."""
    bases = {basis: t.data[basis] if t.data.get(basis) is not None else getattr(t.case, basis)
             for basis in (FineBasis.ILLEGAL_TURNOVER, FineBasis.ILLEGAL_GAINS)}
    return {basis: None if value is None else Decimal(str(value)) for basis, value in bases.items()}


def _yuan(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")


def fine_within_ground_range(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 4, 38: a fine lies inside the range its ground sets, e.g. 社团条例 Art. 30 and 民非条例
    Art. 25: 违法经营额1倍以上3倍以下或者违法所得3倍以上5倍以下. A ground with several ranges allows a fine inside
    any one; a multiple is counted on the turnover or gains found. Checked on the fine notified and decided."""
    if t.action == A.NOTIFY:
        penalties = t.data.get("penalties") or t.case.proposed_penalties or []
        fine = t.data.get("fine", t.case.proposed_fine) if PenaltyKind.FINE in penalties else None
    else:
        fine = _decided(t)["fine"] if _deciding_penalty(t) else None
    if fine is None:
        return None
    grounds = [g for g in t.case.grounds.all() if PenaltyKind.FINE in g.penalty_kinds]
    ranges = [(g, r) for g in grounds for r in g.fine_ranges.all()]
    if not ranges:
        return None
    fine, bases, described = Decimal(fine), _fine_bases(t), []
    for ground, r in ranges:
        if r.basis == FineBasis.AMOUNT:
            low, high = r.minimum, r.maximum
            described.append(f"{_yuan(low)}元至{_yuan(high)}元")
        else:
            label = FineBasis(r.basis).label.removesuffix("的倍数")
            if bases[r.basis] is None:
                described.append(f"{label}的{_yuan(r.minimum)}至{_yuan(r.maximum)}倍，但未认定{label}")
                continue
            low, high = bases[r.basis] * r.minimum, bases[r.basis] * r.maximum
            described.append(f"{label}{_yuan(bases[r.basis])}元的{_yuan(r.minimum)}至{_yuan(r.maximum)}倍，"
                             f"即{_yuan(low)}元至{_yuan(high)}元")
        if low <= fine <= high:
            return None
    basis = "、".join(dict.fromkeys(f"{g.regulation}{g.article}" for g, _ in ranges))
    return Refusal(f"罚款{_yuan(fine)}元不在{basis}规定的罚款幅度内：{'；或'.join(described)}。超出法定幅度的罚款没有法定依据"
                   f"（行政处罚法第四条、第三十八条）。",
                   f"The fine of {fine} is outside the range the ground sets ({basis}); a fine outside its legal "
                   f"range has no legal basis (Art. 4, 38).")


def _benchmarks_in_force(case: Case, on: datetime.date):
    from zhifa.registers.selectors import discretion_benchmarks_in_force

    return discretion_benchmarks_in_force(agency_id=case.agency_id, on=on,
                                          ground_ids=case.grounds.values("pk"))


def benchmark_needed(case: Case) -> bool:
    """For the form: a penalty is proposed on a ground the agency's discretion benchmark covers."""
    return _proposes_penalty(case) and _benchmarks_in_force(case, timezone.localdate()).exists()


def discretion_benchmark_applied(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 34: where the agency's published discretion benchmark covers the ground, the decision cites
    the entry it applied: one on the case's ground, in force on the decision date, whose penalties and fine
    range hold what is decided."""
    if not _deciding_penalty(t):
        return None
    chosen = t.data.get("discretion_benchmark")
    if chosen is None:
        if _benchmarks_in_force(t.case, t.on).exists():
            message = "本机关对本案违法行为制定了行政处罚裁量基准，须注明所适用的条目"
            raise InvalidInput(message, "Cite the discretion benchmark entry applied (Art. 34).",
                               fields={"discretion_benchmark": [message]})
        return None
    if not t.case.grounds.filter(pk=chosen.ground_id).exists():
        return Refusal(f"裁量基准条目{chosen.code}适用于“{chosen.ground.title}”，不是本案认定的违法行为（行政处罚法第三十四条）。",
                       f"Benchmark entry {chosen.code} is for another ground than the case's (Art. 34).")
    if not chosen.in_force_on(t.on):
        return Refusal(f"裁量基准条目{chosen.code}在决定日期{t.on:%Y-%m-%d}不在施行期间（行政处罚法第三十四条）。",
                       f"Benchmark entry {chosen.code} is not in force on {t.on} (Art. 34).")
    decided = _decided(t)
    outside = [p for p in decided["penalties"] if chosen.penalty_kinds and p not in chosen.penalty_kinds]
    fine = Decimal(decided["fine"]) if decided["fine"] is not None else None
    too_low = fine is not None and chosen.fine_minimum is not None and fine < chosen.fine_minimum
    too_high = fine is not None and chosen.fine_maximum is not None and fine > chosen.fine_maximum
    if outside or too_low or too_high:
        what = "、".join(PenaltyKind(p).label for p in outside) if outside else f"罚款{_yuan(fine)}元"
        return Refusal(f"决定的{what}不符合所引用的裁量基准条目{chosen.code}（{chosen.circumstance}：{chosen.standard}）；"
                       f"请引用实际适用的条目（行政处罚法第三十四条）。",
                       f"What is decided does not fit the cited benchmark entry {chosen.code}; cite the entry applied "
                       f"(Art. 34).")
    return None


def within_time_limit(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 60: "行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定". Approved extensions
    add to it; hearing, public-notice, expert-opinion and testing periods don't count. A limit counted on a
    provisional calendar warns and does not refuse by itself."""
    due = decision_time_limit(t.case)
    if due is not None and t.on > due.due and not due.provisional:
        return Refusal(f"办案期限已于 {due.due:%Y-%m-%d} 届满（自立案之日起九十日，含批准延长的期限，不含听证、公告、鉴定等期间），"
                       f"未经批准延长不得作出决定（行政处罚法第六十条）。",
                       f"The time limit for the decision ended on {due.due}; it was not extended (Art. 60).")
    return None


def extension_allowed(t: Transition) -> Refusal | None:
    """Art. 60 (法律、法规、规章另有规定的，从其规定): the leader approves one extension of up to 30 days, with a
    reason, before the limit runs out; any further extension is decided collectively by the leaders."""
    require(t, "reason")
    days = t.data.get("days") or periods.DECISION_EXTENSION.count
    if days > periods.DECISION_EXTENSION.count:
        raise InvalidInput(f"每次最多延长{periods.DECISION_EXTENSION.count}日", "Too many days.",
                           fields={"days": [f"每次最多延长{periods.DECISION_EXTENSION.count}日"]})
    due = decision_time_limit(t.case)
    if t.on > due.due and not due.provisional:  # a limit counted on a provisional calendar warns, never refuses
        return Refusal(f"办案期限已于 {due.due:%Y-%m-%d} 届满，延期须在期限届满前批准（行政处罚法第六十条）。",
                       f"The time limit ended on {due.due}; an extension is approved before it ends (Art. 60).")
    if t.case.time_limit_extensions:
        if not t.data.get("attendees") or not t.data.get("conclusion"):
            return Refusal("办案期限已延长过一次，再次延长须经本机关负责人集体讨论决定，请填写出席人员、各自意见和结论"
                           "（行政处罚法第六十条、第五十七条）。",
                           "A further extension needs the leaders' collective deliberation (Art. 60, 57).")
        deliberation_recorded(t)
    return None


def suspension_given(t: Transition) -> Refusal | None:
    require(t, "suspension_kind", "suspension_start", "suspension_end", "reason")
    start, end = t.data["suspension_start"], t.data["suspension_end"]
    if start < t.case.filed_on or end < start or end > timezone.localdate():
        message = "期间应在立案日期之后、今天之前，且终止日不早于起始日"
        raise InvalidInput(message, "The period must lie between filing and today.", fields={"suspension_end": [message]})
    return None


def within_notified_penalties(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 44, 45: the decided penalties are among those notified: every kind notified, none added
    (a fine added to a notified revocation is a new penalty), no fine above the notified amount. Otherwise the
    party is notified again, which restarts its windows."""
    case = t.case
    if not _deciding_penalty(t) or not case.notified_on:
        return None
    decided = _decided(t)
    added = [p for p in decided["penalties"] if p not in (case.notified_penalties or [])]
    if added:
        names = "、".join(PenaltyKind(p).label for p in added)
        return Refusal(f"决定的处罚种类（{names}）未经事先告知，不得作出；须重新告知当事人（行政处罚法第四十四条、第四十五条）。",
                       f"The decided penalties include {', '.join(added)}, which were not notified; notify the party "
                       f"again (Art. 44, 45).")
    if decided["fine"] is not None and case.notified_fine is not None and Decimal(decided["fine"]) > case.notified_fine:
        return Refusal(f"决定的罚款金额高于事先告知的 {case.notified_fine} 元，不得加重处罚（行政处罚法第四十五条）。",
                       f"The fine is higher than the {case.notified_fine} notified (Art. 45).")
    return None


def service_details_given(t: Transition) -> Refusal | None:
    """What each method's service record carries (民事诉讼法 Art. 87–95): a refusal's reason for service left at
    the address, the entrusted or forwarding body, and for a public notice its date and why it was needed."""
    require(t, "service_method")
    method = t.data["service_method"]
    if method == ServiceMethod.LEFT_AT_ADDRESS:
        require(t, "service_refusal")
    if method == ServiceMethod.ENTRUSTED:
        require(t, "service_agent", "reason")  # 直接送达有困难 (民事诉讼法 Art. 91): who serves, and why
    if method == ServiceMethod.FORWARDED:
        require(t, "service_agent")
    if method == ServiceMethod.PUBLIC_NOTICE and not t.case.service_published_on:
        require(t, "service_published_on", "service_notice_reason")
        published = t.data["service_published_on"]
        if published > timezone.localdate() or (t.case.decided_on and published < t.case.decided_on):
            message = "公告发布日期应在决定日期与今天之间"
            raise InvalidInput(message, "The notice's publication date must lie between the decision and today.",
                               fields={"service_published_on": [message]})
    return None


def public_notice_served_on(published: datetime.date) -> engine.Deadline:
    """民事诉讼法 Art. 95: "自发出公告之日起，经过三十日，即视为送达", counted by the calendar engine."""
    return periods.PUBLIC_NOTICE_SERVICE.due(published)


def service_method_lawful(t: Transition) -> Refusal | None:
    """Each method of service only where the law allows it (行政处罚法 Art. 61; 民事诉讼法 Art. 88–95)."""
    method, case = t.data.get("service_method"), t.case
    if method == ServiceMethod.ELECTRONIC:
        consent = case.electronic_service_consent_on
        if not consent or not case.electronic_service_address or consent > t.on:
            return Refusal("当事人未书面同意电子送达并签订送达地址确认书（须先记录同意日期和电子送达地址），不得以电子方式送达"
                           "（行政处罚法第六十一条第二款、民事诉讼法第九十条）。",
                           "No electronic service without the party's recorded written consent and a signed service "
                           "address confirmation naming the electronic address (Art. 61 ¶2; Civil Procedure Law "
                           "Art. 90).")
    if method == ServiceMethod.LEFT_AT_ADDRESS:
        if not str(t.data.get("service_witnesses", "")).strip() and not str(t.data.get("service_recording", "")).strip():
            return Refusal("留置送达须邀请有关基层组织或者所在单位的代表到场见证并签名（service_witnesses），或者以拍照、录像等方式"
                           "记录送达过程（service_recording）（民事诉讼法第八十九条）。",
                           "Service left at the address needs a witness from the local organisation or the party's "
                           "unit, or a photo or video record of the service (Civil Procedure Law Art. 89).")
    if method == ServiceMethod.FORWARDED and case.party_kind != PartyKind.PERSON:
        return Refusal("转交送达只适用于受送达人是军人，或者被监禁、被采取强制性教育措施的自然人（民事诉讼法第九十二条、第九十三条）。",
                       "Forwarded service applies only to a party in the armed forces, in prison or under compulsory "
                       "education measures (Civil Procedure Law Art. 92, 93).")
    if method == ServiceMethod.PUBLIC_NOTICE:
        if refusal := public_notice_needed(t):
            return refusal
        published = _service_notice_published_on(t)
        if published:
            deemed = public_notice_served_on(published)
            # A provisional calendar may move the day later by a guessed holiday; the 30 days themselves are certain.
            earliest = published + datetime.timedelta(days=periods.PUBLIC_NOTICE_SERVICE.count) if deemed.provisional \
                else deemed.due
            if t.on < earliest:
                return Refusal(f"公告于 {published:%Y-%m-%d} 发出，经过三十日，即 {deemed.due:%Y-%m-%d} 方视为送达，此前不能记录送达"
                               f"（民事诉讼法第九十五条）。",
                               f"Service by a notice published on {published} is deemed made on {deemed.due}, not "
                               f"before (Civil Procedure Law Art. 95).")
    return None


def public_notice_needed(t: Transition) -> Refusal | None:
    """民事诉讼法 Art. 95: service by public notice only where the party cannot be found or other methods failed."""
    if not t.case.service_attempts and not t.data.get("party_whereabouts_unknown"):
        return Refusal("公告送达只适用于受送达人下落不明，或者用其他方式无法送达的情形：须先记录其他方式未能送达的经过"
                       "（民事诉讼法第九十五条）。",
                       "Service by public notice only when the party cannot be found or other methods have failed: "
                       "record the failed attempts first (Civil Procedure Law Art. 95).")
    return None


def _service_notice_published_on(t: Transition) -> datetime.date | None:
    """The publication recorded when the notice went out (publish_service_notice), else the one given now."""
    return t.case.service_published_on or t.data.get("service_published_on")


def service_notice_may_be_published(t: Transition) -> Refusal | None:
    """The notice is published once, with its reason, and only where public notice is lawful (Art. 95). Its
    publication is what Art. 61's 7 working days ask of the bureau; the party is served 30 days later."""
    if published := t.case.service_published_on:
        return Refusal(f"送达公告已于 {published:%Y-%m-%d} 发出；自发出之日起经过三十日视为送达（民事诉讼法第九十五条）。",
                       f"The service notice was published on {published}; service is deemed 30 days later "
                       f"(Civil Procedure Law Art. 95).")
    if refusal := public_notice_needed(t):
        return refusal
    require(t, "service_notice_reason")
    return None


def service_consent_given(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 61 ¶2: the party consents to electronic service and signs the address confirmation."""
    require(t, "date", "electronic_service_address")
    if t.on > timezone.localdate() or t.on < t.case.received_on:
        message = "同意日期应在线索登记日期与今天之间"
        raise InvalidInput(message, "The consent date must lie between the lead and today.", fields={"date": [message]})
    return None


def service_attempt_given(t: Transition) -> Refusal | None:
    require(t, "service_method", "reason")
    if t.data["service_method"] == ServiceMethod.PUBLIC_NOTICE:
        message = "公告送达是其他方式无法送达时的方式，不是未能送达的尝试"
        raise InvalidInput(message, "A public notice is not a failed attempt.", fields={"service_method": [message]})
    return None


def execution_complete(t: Transition) -> Refusal | None:
    case = t.case
    if PenaltyKind.DEREGISTRATION in case.decision_penalties:
        if not ((case.certificate_collected and case.seal_collected) or case.void_notice_on):
            return Refusal("撤销登记的，须收缴登记证书正副本和印章，或公告作废后方可结案（行政处罚法第六十六条）。",
                           "Collect the certificate and seal, or publish their voiding, before closing (Art. 66).")
    if PenaltyKind.FINE in case.decision_penalties and not case.fine_paid_on and not hooks.enforcement_ended(case=case):
        return Refusal("罚款尚未缴清，不能结案（行政处罚法第六十六条、第六十七条）。", "The fine has not been paid in full (Art. 66, 67).")
    return None


def announce_filing_request(t: Transition) -> None:
    hooks.filing_requested(case=t.case, actor=t.actor, on=t.on, opinion=t.data["reason"])


def reason_given(t: Transition) -> Refusal | None:
    require(t, "reason")
    if t.action == A.TRANSFER:
        require(t, "transferred_to")
    return None


# --- 先行登记保存 (Art. 56): the officer asks, the leader approves, the items are dealt with in 7 working days ---


def _preservation(t: Transition):
    """The preservation the request names, of this case, locked."""
    from zhifa.cases.models import Preservation

    require(t, "preservation")
    found = Preservation.objects.select_for_update().filter(case=t.case, pk=t.data["preservation"]).first()
    if found is None:
        raise InvalidInput("本案没有该先行登记保存记录", "No such preservation in this case.",
                           fields={"preservation": ["本案没有该先行登记保存记录"]})
    return found


def preservation_request_given(t: Transition) -> Refusal | None:
    require(t, "items", "reason")
    return None


def preservation_awaits_approval(t: Transition) -> Refusal | None:
    """Art. 56: "经行政机关负责人批准，可以先行登记保存": the leader decides a pending request."""
    if not t.case.preservations.filter(status=PreservationStatus.REQUESTED).exists():
        return Refusal("本案没有待负责人批准的先行登记保存申请（行政处罚法第五十六条）。",
                       "There is no preservation request awaiting the leader's approval (Art. 56).")
    if "preservation" not in t.data:
        return None
    preservation = _preservation(t)
    if preservation.status != PreservationStatus.REQUESTED:
        return Refusal(f"该先行登记保存申请已{preservation.get_status_display()}（行政处罚法第五十六条）。",
                       "That preservation request has already been decided (Art. 56).")
    if t.on < preservation.requested_on:
        message = "批准日期不能早于申请日期"
        raise InvalidInput(message, "The approval cannot predate the request.", fields={"date": [message]})
    if t.data.get("approved") is False:
        require(t, "reason")
    return None


def preservation_may_be_dealt_with(t: Transition) -> Refusal | None:
    """Art. 56: only evidence preserved with the leader's approval is dealt with as preserved, within 7 working
    days of its preservation; once they have run out, the preservation has lapsed and the items are released."""
    if not t.case.preservations.filter(status=PreservationStatus.APPROVED).exists():
        return Refusal("本案没有经负责人批准、尚待处理的先行登记保存物品（行政处罚法第五十六条）。",
                       "No evidence preserved with the leader's approval awaits a decision (Art. 56).")
    if "preservation" not in t.data:
        return None
    preservation = _preservation(t)
    if preservation.status == PreservationStatus.REQUESTED:
        return Refusal("先行登记保存须经行政机关负责人批准：该申请尚未批准，不能作为登记保存的证据处理（行政处罚法第五十六条）。",
                       "Preservation needs the leader's approval; this request has not been approved (Art. 56).")
    if preservation.status == PreservationStatus.REFUSED:
        return Refusal("负责人未批准该先行登记保存，不得登记保存或处理该批物品（行政处罚法第五十六条）。",
                       "The leader refused this preservation; the items are not preserved (Art. 56).")
    if preservation.status == PreservationStatus.DEALT:
        return Refusal(f"该批物品已于 {preservation.dealt_on:%Y-%m-%d} 作出处理决定（行政处罚法第五十六条）。",
                       "These items have already been dealt with (Art. 56).")
    require(t, "preservation_outcome", "reason")
    if t.on < preservation.preserved_on or t.on > timezone.localdate():
        message = "处理日期应在登记保存日期与今天之间"
        raise InvalidInput(message, "The decision cannot predate the preservation.", fields={"date": [message]})
    window = preservation_window(preservation)
    if (t.on > window.due and not window.provisional
            and t.data["preservation_outcome"] != PreservationOutcome.RELEASE):
        return Refusal(f"先行登记保存应当在七日内作出处理决定，期限已于 {window.due:%Y-%m-%d} 届满：逾期未处理的，只能解除登记保存、"
                       f"退还物品（行政处罚法第五十六条）。",
                       f"The 7 working days to deal with the preserved items ended on {window.due}; the items can "
                       f"only be released now (Art. 56).")
    return None


def preservation_window(preservation) -> engine.Deadline:
    """行政处罚法 Art. 56, 85: 7 working days from the preservation."""
    return periods.PRESERVATION.due(preservation.preserved_on)



# --- 回避 (Art. 43): the party's application (or the person's own) and the leader's decision ----------------


def recusal_application_given(t: Transition) -> Refusal | None:
    require(t, "recusal_person", "reason")
    return None


def _pending_recusal(t: Transition):
    pending = t.case.recusals.select_for_update().filter(granted__isnull=True)
    if t.data.get("recusal"):
        return pending.filter(pk=t.data["recusal"]).first()
    return pending.first() if pending.count() == 1 else None


def recusal_awaits_decision(t: Transition) -> Refusal | None:
    """Art. 43: "由行政机关负责人决定": the leader decides each pending application, with reasons."""
    if not t.case.recusals.filter(granted__isnull=True).exists():
        return Refusal("本案没有待决定的回避申请（行政处罚法第四十三条）。",
                       "There is no recusal application awaiting the leader's decision (Art. 43).")
    require(t, "granted", "reason")
    recusal = _pending_recusal(t)
    if recusal is None:
        message = "请选择要决定的回避申请"
        raise InvalidInput(message, "Name the pending recusal application.", fields={"recusal": [message]})
    if t.on < recusal.applied_on:
        message = "决定日期不能早于申请日期"
        raise InvalidInput(message, "The decision cannot predate the application.", fields={"date": [message]})
    signed = t.case.documents.filter(officers=recusal.person, issued_on__gt=t.on).order_by("-issued_on").first()
    if t.data.get("granted") and signed is not None:
        # Found by the law fuzzer: a withdrawal dated before a record the person signed afterwards.
        return Refusal(f"被申请回避人员已在 {signed.issued_on:%Y-%m-%d} 的{signed.get_kind_display()}上签名，回避决定不能早于该日期"
                       f"（行政处罚法第四十三条）。",
                       f"The person signed a record on {signed.issued_on}; the recusal cannot be dated before it "
                       f"(Art. 43).")
    return None


def recusals_decided(t: Transition) -> Refusal | None:
    """Art. 43: an application for recusal is decided by the leader before the case is."""
    if t.case.recusals.filter(granted__isnull=True).exists():
        return Refusal("本案有尚未决定的回避申请，须由负责人先作出回避决定（行政处罚法第四十三条）。",
                       "A recusal application is still pending; the leader decides it first (Art. 43).")
    return None


# --- effects ---------------------------------------------------------------------------------


def assign_officers(t: Transition) -> None:
    if t.data.get("officers"):
        officers_assign(case=t.case, officers=t.data["officers"], on=t.on)


def number_case(t: Transition) -> None:
    case, year = t.case, t.on.year
    case.number_year = year
    case.number_sequence = next_number(agency=case.agency, kind="case", year=year)
    case.number = format_number(case.agency.case_number_prefix, year, case.number_sequence)
    case.filed_on, case.leader = t.on, t.actor


def set_date(name: str) -> Effect:
    def effect(t: Transition) -> None:
        setattr(t.case, name, t.on)

    effect.__name__ = f"set_{name}"
    return effect


def copy_input(*names: str, **renamed: str) -> Effect:
    """Copy request fields onto the case: copy_input("a", b="case_field")."""
    pairs = [(n, n) for n in names] + list(renamed.items())

    def effect(t: Transition) -> None:
        for source, target in pairs:
            if source in t.data:
                setattr(t.case, target, t.data[source])

    return effect


def major_recheck(case: Case) -> str | None:
    """Judge Art. 58 again against what the case carries now (notified, else proposed penalties); flag it
    major if the catalogue says so. A flag is never taken off. Returns the new reason, if newly flagged."""
    if case.notified_on:
        reason = gates.major_reason(case=case, penalties=case.notified_penalties, fine=case.notified_fine)
    else:
        reason = gates.major_reason(case=case)
    if reason and not case.is_major:
        case.is_major, case.major_reason = True, reason
        return reason
    return None


def flag_major_from_catalogue(t: Transition) -> None:
    reason = major_recheck(t.case)
    if reason:
        t.event_data["major"] = reason


def notice_receipt_given(t: Transition) -> Refusal | None:
    """The windows run from the day the party receives the notice; a receipt before the notice is impossible."""
    key = "notice_received_on" if t.action == A.NOTIFY else "date"
    received = t.data.get("notice_received_on") or (t.on if t.action == A.RECORD_NOTICE_RECEIPT else None)
    if t.action == A.RECORD_NOTICE_RECEIPT:
        if t.case.notice_received_on:
            return Refusal(f"已记录当事人于 {t.case.notice_received_on:%Y-%m-%d} 收到告知书（行政处罚法第四十四条）。",
                           "The receipt of the notice is already recorded (Art. 44).")
        require(t, "date")
    if received is None:
        return None
    notified_on = t.on if t.action == A.NOTIFY else t.case.notified_on
    if received < notified_on or received > timezone.localdate():
        message = "收到告知书的日期应在告知日期与今天之间"
        raise InvalidInput(message, "The receipt date must lie between the notice date and today.",
                           fields={key: [message]})
    return None


def notify_party(t: Transition) -> None:
    """事先告知, first or again: a new notice restarts the party's windows, and any earlier waiver lapses."""
    case = t.case
    case.notified_on = t.on
    case.notice_received_on = t.data.get("notice_received_on")
    case.statement_period_days = t.data.get("statement_days") or periods.STATEMENT.count
    case.notified_penalties = t.data.get("penalties") or case.proposed_penalties
    case.notified_fine = t.data.get("fine", case.proposed_fine) if PenaltyKind.FINE in case.notified_penalties else None
    case.statement_status = StatementStatus.PENDING
    case.notice_waived = case.hearing_declined = False


def record_notice_receipt(t: Transition) -> None:
    t.case.notice_received_on = t.on


def open_hearing(t: Transition) -> None:
    case = t.case
    case.hearing_requested_on = t.on
    case.hearing_date = t.data["hearing_date"]
    case.hearing_presider = t.data["hearing_presider"]
    case.hearing_notice_on = t.data.get("hearing_notice_on") or t.on
    case.hearing_held_on, case.hearing_declined = None, False
    case.procedure = ProcedureKind.HEARING


def close_hearing(t: Transition) -> None:
    case = t.case
    case.hearing_held_on, case.hearing_record = t.on, t.data["hearing_record"]
    case.statement_status = StatementStatus.HEARD
    case.statement_summary = case.statement_summary or "当事人在听证中陈述、申辩，已记入听证笔录并复核。"


def record_decision(t: Transition) -> None:
    case, data = t.case, t.data
    case.decided_on, case.decided_by = t.on, t.actor
    case.decision_outcome = data["outcome"]
    case.decision_penalties = data.get("penalties") or []
    case.decision_fine = data.get("fine")
    case.decision_confiscation = data.get("confiscation")
    case.decision_content = data.get("content", "")
    case.decision_basis = data.get("basis", "")
    case.serious_finding = data.get("serious_finding", "")
    case.performance_terms = data.get("performance_terms", "")


def record_fine_bases(t: Transition) -> None:
    """The illegal turnover and gains found, as the notice and the decision state them."""
    for basis in (FineBasis.ILLEGAL_TURNOVER, FineBasis.ILLEGAL_GAINS):
        if t.data.get(basis) is not None:
            setattr(t.case, basis, t.data[basis])


def record_discretion(t: Transition) -> None:
    record_fine_bases(t)
    t.case.decision_benchmark = t.data.get("discretion_benchmark") if _deciding_penalty(t) else None


def update_registry_status(t: Transition) -> None:
    """A decision takes effect when it is served (DOMAIN.md §3.10): a revoked organisation is deregistered, and
    a banned one marked so, in the same transaction as the service, on the service date (for a public notice,
    the day service is deemed made), not on the decision date."""
    case = t.case
    if PenaltyKind.DEREGISTRATION in case.decision_penalties and case.organisation_id:
        org = case.organisation
        org.status, org.status_changed_on = OrganisationStatus.DEREGISTERED, case.served_on
        org.version += 1
        org.save(update_fields=["status", "status_changed_on", "version", "updated_at"])
    if PenaltyKind.BAN in case.decision_penalties and case.illegal_organisation_id:
        illegal = case.illegal_organisation
        illegal.status = IllegalOrganisationStatus.BANNED
        illegal.save(update_fields=["status"])


def announce_decision(t: Transition) -> None:
    hooks.case_decided(case=t.case, actor=t.actor)


def record_service(t: Transition) -> None:
    """The receipt's date is the service date (民事诉讼法 Art. 87); a public notice is deemed served 30 days
    after publication (Art. 95); electronic service on the day it reaches the party's address (Art. 90)."""
    case, data = t.case, t.data
    case.service_method = data["service_method"]
    for name in ("service_recipient", "service_refusal", "service_witnesses", "service_recording", "service_agent"):
        setattr(case, name, data.get(name) or "")
    if case.service_method == ServiceMethod.PUBLIC_NOTICE:
        case.service_published_on = _service_notice_published_on(t)
        case.service_notice_reason = data.get("service_notice_reason") or case.service_notice_reason
        case.served_on = public_notice_served_on(case.service_published_on).due
    else:
        case.served_on = t.on


def record_service_consent(t: Transition) -> None:
    t.case.electronic_service_consent_on = t.on
    t.case.electronic_service_address = t.data["electronic_service_address"]


def record_service_attempt(t: Transition) -> None:
    entry = {"method": ServiceMethod(t.data["service_method"]).value, "on": t.on.isoformat(), "reason": t.data["reason"]}
    t.case.service_attempts = [*t.case.service_attempts, entry]


def publish_service_notice(t: Transition) -> None:
    t.case.service_published_on, t.case.service_notice_reason = t.on, t.data["service_notice_reason"]


def apply_recusal(t: Transition) -> None:
    from zhifa.cases.models import Recusal

    Recusal.objects.create(case=t.case, person=t.data["recusal_person"], reason=t.data["reason"], applied_on=t.on,
                           applicant=t.data.get("recusal_applicant") or "party", recorded_by=t.actor)


def decide_recusal(t: Transition) -> None:
    """The leader's decision, in a numbered 回避决定书; a person who withdraws is taken off the case (the
    assignment history still counts them as an investigator)."""
    recusal = _pending_recusal(t)
    recusal.granted, recusal.decision_reason = bool(t.data["granted"]), t.data["reason"]
    recusal.decided_on, recusal.decided_by = t.on, t.actor
    person = recusal.person
    recusal.document = document_issue(
        case=t.case, kind=DocumentKind.RECUSAL_DECISION, actor=t.actor, issued_on=t.on,
        content={"person": person.full_name or person.username, "applicant": recusal.get_applicant_display(),
                 "applied_on": recusal.applied_on.isoformat(), "application": recusal.reason,
                 "decision": "回避" if recusal.granted else "不予回避", "reason": recusal.decision_reason})
    recusal.save()
    t.event_data.setdefault("documents", []).append(recusal.document.number)
    if recusal.granted:
        t.case.assignments.filter(officer=person).delete()
        hooks.person_recused(case=t.case, person=person, actor=t.actor)


def request_preservation(t: Transition) -> None:
    from zhifa.cases.models import Preservation

    Preservation.objects.create(case=t.case, items=t.data["items"], reason=t.data["reason"], requested_on=t.on,
                                requested_by=t.actor, status=PreservationStatus.REQUESTED)


def approve_preservation(t: Transition) -> None:
    """The leader's decision on a request, with the leader's note either way: approved, the items are preserved
    that day and their 7 working days start; refused, with the reason, nothing is preserved."""
    preservation = _preservation(t)
    preservation.approved_by, preservation.approved_on = t.actor, t.on
    preservation.approval_note = t.data.get("reason") or ""
    if t.data.get("approved") is False:
        preservation.status = PreservationStatus.REFUSED
    else:
        preservation.status, preservation.preserved_on = PreservationStatus.APPROVED, t.on
    preservation.save()


def resolve_preservation(t: Transition) -> None:
    preservation = _preservation(t)
    preservation.status, preservation.dealt_on = PreservationStatus.DEALT, t.on
    preservation.outcome_kind, preservation.outcome = t.data["preservation_outcome"], t.data["reason"]
    preservation.save()


def end_case(t: Transition) -> None:
    t.case.ended_reason = t.data["reason"]
    t.case.transferred_to = t.data.get("transferred_to", "")


def issue(kind: str) -> Effect:
    def effect(t: Transition) -> None:
        officers = list(t.case.assignments.values_list("officer_id", flat=True))
        document = document_issue(case=t.case, kind=kind, actor=t.actor, issued_on=t.on, officers=officers,
                                  content=t.data.get("document_content"))
        t.event_data.setdefault("documents", []).append(document.number)

    effect.__name__ = f"issue_{kind}"
    return effect


def deliberation_recorded(t: Transition) -> Refusal | None:
    """行政处罚法 Art. 57 ¶2: the minutes record the date, the leaders present, each one's opinion and the
    conclusion."""
    require(t, "minutes", "attendees", "conclusion")
    attendees = t.data["attendees"]
    problems = [f"第{i}位出席人员须填写姓名和意见" for i, a in enumerate(attendees, 1)
                if not str(a.get("name", "")).strip() or not str(a.get("opinion", "")).strip()]
    if len(attendees) < 2:
        problems.append("集体讨论须有至少2名负责人出席")
    if problems:
        raise InvalidInput("集体讨论记录不完整：" + "；".join(problems), "The deliberation minutes are incomplete.",
                           fields={"attendees": problems})
    return None


def record_deliberation(t: Transition) -> None:
    case = t.case
    case.deliberated_on = t.on
    case.deliberation_minutes = t.data["minutes"]
    case.deliberation_opinions = [{"name": a["name"], "opinion": a["opinion"]} for a in t.data["attendees"]]
    case.deliberation_conclusion = t.data["conclusion"]


def record_extension(t: Transition) -> None:
    entry = {"on": t.on.isoformat(), "days": t.data.get("days") or periods.DECISION_EXTENSION.count,
             "reason": t.data["reason"], "approved_by": t.actor.pk}
    if t.case.time_limit_extensions:
        entry["deliberation"] = {"minutes": t.data["minutes"], "attendees": t.data["attendees"],
                                 "conclusion": t.data["conclusion"]}
    t.case.time_limit_extensions = [*t.case.time_limit_extensions, entry]


def issue_extension_approval(t: Transition) -> None:
    """延期审批 (Art. 60): the leader's approval, or the collective deliberation's, as a numbered document in the
    case file naming the days, the reason and the new last day; the extension's entry names it."""
    entry = t.case.time_limit_extensions[-1]
    due = decision_time_limit(t.case)
    document = document_issue(
        case=t.case, kind=DocumentKind.EXTENSION_APPROVAL, actor=t.actor, issued_on=t.on,
        content={"days": str(entry["days"]), "reason": entry["reason"], "due": due.due.isoformat(),
                 "provisional": "是" if due.provisional else "",
                 "deliberation": entry.get("deliberation", {}).get("conclusion", ""),
                 "attendees": "、".join(a["name"] for a in entry.get("deliberation", {}).get("attendees", []))})
    t.case.time_limit_extensions = [*t.case.time_limit_extensions[:-1], {**entry, "document": document.number}]
    t.event_data.setdefault("documents", []).append(document.number)


def record_suspension(t: Transition) -> None:
    entry = {"kind": SuspensionKind(t.data["suspension_kind"]).value, "start": t.data["suspension_start"].isoformat(),
             "end": t.data["suspension_end"].isoformat(), "reason": t.data["reason"]}
    t.case.suspensions = [*t.case.suspensions, entry]


def submit_for_review(t: Transition) -> None:
    gates.legal_review_submitted(case=t.case, actor=t.actor, on=t.on, data=t.data)


# --- the procedure ---------------------------------------------------------------------------

DATE = Field("date")  # every dated step's: today unless given


def _presumed_penalties(case: Case) -> list[str]:
    return list(case.notified_penalties or case.proposed_penalties or [])


def _proposes_penalty(case: Case) -> bool:
    return case.proposed_outcome == DecisionOutcome.PENALTY


def _extended_before(case: Case) -> bool:
    return bool(case.time_limit_extensions)


BEFORE_DECISION = (S.LEAD, S.FILED, S.INVESTIGATING, S.INVESTIGATION_CLOSED, S.LEGAL_REVIEW, S.DELIBERATION,
                   S.NOTIFIED, S.HEARING)
UNDECIDED = BEFORE_DECISION[1:]
READY_TO_DECIDE = (S.INVESTIGATION_CLOSED, S.LEGAL_REVIEW, S.DELIBERATION, S.NOTIFIED, S.HEARING)

PROCEDURE: dict[str, Step] = {
    # 报请立案审批: an officer of the unit sends the lead to the leader, who is notified, with the reasons for
    # filing it (the 立案审批表's 承办人意见, kept on the timeline).
    A.REQUEST_FILING: Step(
        sources=(S.LEAD,), target=None, actor="lead_officer",
        guards=(dated_in_order, filing_not_requested_yet, reason_given),
        effects=(announce_filing_request,), fields=(DATE, Field("reason", required=True)),
    ),
    # 立案: the leader approves; two credentialed officers; jurisdiction; limitation period.
    A.FILE: Step(
        sources=(S.LEAD,), target=S.FILED, actor="leader",
        guards=(dated_in_order, lead_logger_does_not_approve, two_credentialed_officers, within_jurisdiction,
                within_limitation_period),
        effects=(assign_officers, number_case, issue(DocumentKind.FILING_APPROVAL)),
        fields=(DATE, Field("officers")),
    ),
    # 调查取证
    A.START_INVESTIGATION: Step(
        sources=(S.FILED,), target=S.INVESTIGATING, actor="handler",
        guards=(dated_in_order,), effects=(set_date("investigation_started_on"),), fields=(DATE,),
    ),
    # 调查终结: the report goes to the leader with the proposed decision.
    A.CLOSE_INVESTIGATION: Step(
        sources=(S.INVESTIGATING,), target=S.INVESTIGATION_CLOSED, actor="handler",
        guards=(dated_in_order, has_investigative_record, proposed_decision_given),
        effects=(set_date("investigation_closed_on"),
                 copy_input("proposed_outcome", "proposed_penalties", "proposed_fine", "proposed_content", "facts"),
                 flag_major_from_catalogue, issue(DocumentKind.INVESTIGATION_REPORT)),
        fields=(DATE, Field("facts"), Field("proposed_outcome", True), Field("proposed_penalties"),
                Field("proposed_fine"), Field("proposed_content")),
    ),
    # 法制审核: major decisions only (Art. 58); after a hearing the record is part of the package.
    A.SUBMIT_REVIEW: Step(
        sources=(S.INVESTIGATION_CLOSED, S.DELIBERATION, S.NOTIFIED, S.HEARING), target=S.LEGAL_REVIEW,
        actor="handler", guards=(dated_in_order, case_is_major, review_not_yet_agreed), effects=(submit_for_review,),
        fields=(DATE, Field("discretion"), Field("draft_decision")),
    ),
    # 集体讨论: leaders decide complex and serious cases collectively (Art. 57); the minutes name who was there
    # and what each said.
    A.DELIBERATE: Step(
        sources=(S.INVESTIGATION_CLOSED, S.LEGAL_REVIEW, S.NOTIFIED, S.HEARING), target=S.DELIBERATION,
        actor="leader", guards=(dated_in_order, deliberation_recorded), effects=(record_deliberation,),
        fields=(DATE, Field("minutes", True), Field("attendees", True), Field("conclusion", True)),
    ),
    # 事先告知: the intended penalty, its facts, reasons and basis, and the party's rights (Art. 44). Never
    # skipped (Art. 62). Again from notified or hearing when the penalty changes: a new notice restarts the
    # windows. The catalogue is judged again against the penalties notified (Art. 58).
    A.NOTIFY: Step(
        sources=(S.INVESTIGATION_CLOSED, S.LEGAL_REVIEW, S.DELIBERATION, S.NOTIFIED, S.HEARING), target=S.NOTIFIED,
        actor="handler", guards=(dated_in_order, has_proposed_penalty, notice_receipt_given, fine_within_ground_range),
        effects=(notify_party, record_fine_bases, flag_major_from_catalogue, issue(DocumentKind.PRIOR_NOTICE)),
        fields=(DATE, Field("notice_received_on"), Field("statement_days"), Field("penalties"),
                Field("fine", lambda case: PenaltyKind.FINE in (case.notified_penalties or case.proposed_penalties)),
                Field("illegal_turnover"), Field("illegal_gains")),
    ),
    # 送达告知书: the windows run from the day the party receives the notice (post receipt, deemed date).
    A.RECORD_NOTICE_RECEIPT: Step(
        sources=(S.NOTIFIED, S.LEGAL_REVIEW, S.DELIBERATION, S.HEARING), target=None, actor="handler",
        guards=(dated_in_order, notified_before, notice_receipt_given), effects=(record_notice_receipt,),
        fields=(Field("date", True),),
    ),
    # 听证: requested within 5 working days of receipt, noticed 7 full working days ahead, never presided by
    # an investigator. The party may ask while the case is in review or deliberation after notification.
    A.REQUEST_HEARING: Step(
        sources=(S.NOTIFIED, S.LEGAL_REVIEW, S.DELIBERATION), target=S.HEARING, actor="handler",
        guards=(dated_in_order, hearing_may_be_requested, presider_is_the_agency_s_staff,
                presider_is_not_an_investigator, presider_is_not_recused, hearing_notice_in_time),
        effects=(open_hearing, flag_major_from_catalogue, issue(DocumentKind.HEARING_NOTICE)),
        fields=(DATE, Field("hearing_date", True), Field("hearing_presider", True), Field("hearing_notice_on")),
    ),
    A.RECORD_HEARING: Step(
        sources=(S.HEARING,), target=None, actor="handler",
        guards=(dated_in_order, hearing_is_pending), effects=(close_hearing, issue(DocumentKind.HEARING_RECORD)),
        fields=(DATE, Field("hearing_record", True)),
    ),
    # 决定: within the limitation period; notified, the party's windows over, its statement heard, the hearing
    # record in; only penalties notified; legal review (judged again on what is decided) and collective
    # deliberation where the law requires them, both dated before the decision.
    # Ordered to decide again, not the revoked decision once more on the same facts and reasons.
    A.DECIDE: Step(
        sources=READY_TO_DECIDE, target=S.DECIDED, actor="leader",
        guards=(decision_given, decision_dated_after_its_steps, dated_in_order, within_time_limit,
                within_limitation_period, recusals_decided, not_the_overturned_decision_again,
                notification_given, hearing_record_if_requested, within_notified_penalties,
                penalties_the_grounds_allow, party_windows_over,
                statement_handled, legal_review_passed, deliberated_if_required, serious_circumstances_found,
                fine_within_ground_range, discretion_benchmark_applied),
        effects=(record_decision, record_discretion, issue(DocumentKind.DECISION), announce_decision),
        fields=(DATE, Field("outcome", True), Field("penalties", _proposes_penalty),
                Field("fine", lambda case: _proposes_penalty(case) and PenaltyKind.FINE in _presumed_penalties(case)),
                Field("confiscation"), Field("content", _proposes_penalty), Field("basis"),
                Field("serious_finding", serious_finding_needed), Field("performance_terms"),
                Field("illegal_turnover"), Field("illegal_gains"), Field("discretion_benchmark", benchmark_needed)),
    ),
    # 送达: the receipt date is the service date; public notice counts after 30 days.
    # 送达: by a method the law allows in the case (民事诉讼法 Art. 88–95): electronic only with the party's
    # written consent, left at the address with a witness or a recording, public notice only once other
    # methods have failed; the receipt date is the service date, a public notice counts after 30 days.
    A.SERVE: Step(
        sources=(S.DECIDED,), target=S.SERVED, actor="handler",
        guards=(dated_in_order, service_details_given, service_method_lawful),
        effects=(record_service, update_registry_status, issue(DocumentKind.SERVICE_RECEIPT)),
        fields=(DATE, Field("service_method", True), Field("service_recipient"), Field("service_refusal"),
                Field("service_witnesses"), Field("service_recording"), Field("service_agent"), Field("reason"),
                Field("service_published_on"), Field("service_notice_reason"), Field("party_whereabouts_unknown")),
    ),
    # 送达地址确认书: the party's written consent to electronic service, with its address (Art. 61 ¶2).
    A.RECORD_SERVICE_CONSENT: Step(
        sources=(*UNDECIDED, S.DECIDED), target=None, actor="handler",
        guards=(service_consent_given,), effects=(record_service_consent,),
        fields=(Field("date", True), Field("electronic_service_address", True)),
    ),
    # 送达未果: a method tried and failed, the precondition of service by public notice (民事诉讼法 Art. 95).
    A.RECORD_SERVICE_ATTEMPT: Step(
        sources=(S.DECIDED,), target=None, actor="handler",
        guards=(dated_in_order, service_attempt_given), effects=(record_service_attempt,),
        fields=(DATE, Field("service_method", True), Field("reason", True)),
    ),
    # 公告送达: the notice goes out within Art. 61's 7 working days once other methods failed (民事诉讼法
    # Art. 95); the party is served 30 days later, recorded then by serve.
    A.PUBLISH_SERVICE_NOTICE: Step(
        sources=(S.DECIDED,), target=None, actor="handler",
        guards=(dated_in_order, service_notice_may_be_published), effects=(publish_service_notice,),
        fields=(DATE, Field("service_notice_reason", True), Field("party_whereabouts_unknown")),
    ),
    # 先行登记保存 (Art. 56): where evidence may be lost, an officer asks and a leader approves first; the
    # preserved items are dealt with within 7 working days, after which they can only be released.
    A.REQUEST_PRESERVATION: Step(
        sources=(S.INVESTIGATING,), target=None, actor="handler",
        guards=(dated_in_order, preservation_request_given), effects=(request_preservation,),
        fields=(DATE, Field("items", True), Field("reason", True)),
    ),
    A.APPROVE_PRESERVATION: Step(
        sources=(S.INVESTIGATING,), target=None, actor="leader",
        guards=(dated_in_order, preservation_awaits_approval), effects=(approve_preservation,),
        fields=(DATE, Field("preservation", True), Field("approved"), Field("reason")),
    ),
    A.RESOLVE_PRESERVATION: Step(
        sources=(*UNDECIDED, S.DECIDED, S.SERVED, S.EXECUTING), target=None, actor="handler",
        guards=(preservation_may_be_dealt_with,), effects=(resolve_preservation,),
        fields=(DATE, Field("preservation", True), Field("preservation_outcome", True), Field("reason", True)),
    ),
    # 回避 (Art. 43): the party applies (or the person withdraws); the leader decides in a numbered 回避决定书,
    # and the investigation goes on meanwhile. A person who withdraws may not investigate, preside or review.
    A.APPLY_RECUSAL: Step(
        sources=UNDECIDED, target=None, actor="handler_or_leader",
        guards=(dated_in_order, recusal_application_given), effects=(apply_recusal,),
        fields=(DATE, Field("recusal_person", True), Field("recusal_applicant"), Field("reason", True)),
    ),
    A.DECIDE_RECUSAL: Step(
        sources=UNDECIDED, target=None, actor="leader",
        guards=(dated_in_order, recusal_awaits_decision), effects=(decide_recusal,),
        fields=(DATE, Field("recusal"), Field("granted", True), Field("reason", True)),
    ),
    A.START_EXECUTION: Step(
        sources=(S.SERVED,), target=S.EXECUTING, actor="handler",
        guards=(dated_in_order,), effects=(set_date("execution_started_on"),), fields=(DATE,),
    ),
    # 结案: the leader approves the closing report once the decision has been carried out.
    A.CLOSE: Step(
        sources=(S.SERVED, S.EXECUTING), target=S.CLOSED, actor="leader",
        guards=(dated_in_order, execution_complete),
        effects=(set_date("closed_on"), issue(DocumentKind.CLOSING_REPORT)), fields=(DATE,),
    ),
    # 归档: the case file is sealed.
    A.ARCHIVE: Step(
        sources=(S.CLOSED,), target=S.ARCHIVED, actor="handler_or_leader",
        guards=(dated_in_order,), effects=(set_date("archived_on"),), fields=(DATE,),
    ),
    # 办案期限 (Art. 60): the leader extends it with a reason (further only collectively); hearing, public
    # notice, expert opinion and testing periods are recorded and don't count.
    A.EXTEND_TIME_LIMIT: Step(sources=UNDECIDED, target=None, actor="leader",
                              guards=(dated_in_order, extension_allowed),
                              effects=(record_extension, issue_extension_approval),
                              fields=(DATE, Field("days"), Field("reason", True), Field("minutes", _extended_before),
                                      Field("attendees", _extended_before), Field("conclusion", _extended_before))),
    A.RECORD_SUSPENSION: Step(sources=UNDECIDED, target=None, actor="handler",
                              guards=(suspension_given,), effects=(record_suspension,),
                              fields=(Field("suspension_kind", True), Field("suspension_start", True),
                                      Field("suspension_end", True), Field("reason", True))),
    # 撤案 / 移送: side exits before a decision, with a reason.
    A.DROP: Step(sources=BEFORE_DECISION, target=S.DROPPED, actor="leader",
                 guards=(dated_in_order, reason_given), effects=(end_case,),
                 fields=(DATE, Field("reason", True))),
    A.TRANSFER: Step(sources=BEFORE_DECISION, target=S.TRANSFERRED, actor="leader",
                     guards=(dated_in_order, reason_given), effects=(end_case,),
                     fields=(DATE, Field("reason", True), Field("transferred_to", True))),
}


def allowed_actions(case: Case) -> list[str]:
    return [action for action, step in PROCEDURE.items() if case.state in step.sources]


# Guards that judge only what the request carries: a form's business, not a reason to grey out a button.
INPUT_GUARDS = frozenset({decision_given, proposed_decision_given, serious_circumstances_found, deliberation_recorded,
                          discretion_benchmark_applied,
                          suspension_given, reason_given, service_details_given, service_consent_given,
                          service_attempt_given, preservation_request_given, recusal_application_given})


def _article(zh: str) -> str:
    """The article a refusal names: its last parenthesis citing 第…条, e.g. 行政处罚法第四十四条、第六十二条."""
    cited = re.findall(r"（([^（）]*第[^（）]*条[^（）]*)）", zh)
    return cited[-1] if cited else ""


def _reason(zh: str, en: str) -> dict:
    return {"detail": zh, "detail_en": en, "article": _article(zh)}


def _presumed_data(case: Case, action: str) -> dict:
    """What the form would send unchanged: a decision as proposed and notified."""
    if action != A.DECIDE:
        return {}
    penalties = _presumed_penalties(case)
    return {"outcome": case.proposed_outcome, "penalties": penalties,
            "fine": (case.notified_fine if case.notified_fine is not None else case.proposed_fine)
            if PenaltyKind.FINE in penalties else None}


def action_options(case: Case, user) -> list[dict]:
    """For this user, every action of the case's state: whether it may be taken now, and if not, each refusing
    reason with its article (who may take it, then every legal guard, judged on today and on the form as the
    case presumes it); and the fields its form takes. Reads only: no effect runs, nothing is saved. The server
    judges the real request again."""
    options = []
    for action, step in PROCEDURE.items():
        if case.state not in step.sources:
            continue
        reasons = []
        if not ACTOR_PREDICATES[step.actor].test(user, case):
            zh, en = ACTOR_WORDS[step.actor]
            reasons.append(_reason(f"此操作须由{zh}执行。", f"This action must be taken by {en}."))
        else:
            t = Transition(case=case, actor=user, action=action, data=_presumed_data(case, action))
            for guard in step.guards:
                if guard in INPUT_GUARDS:
                    continue
                try:
                    refusal = guard(t)
                except (InvalidInput, KeyError, TypeError):
                    continue  # the guard wants the form's input first: the form asks for it
                if refusal is not None:
                    reasons.append(_reason(refusal.zh, refusal.en))
        options.append({"action": action, "allowed": not reasons, "reasons": reasons,
                         "fields": [{"name": f.name, "required": f.required_for(case)} for f in step.fields]})
    return options
