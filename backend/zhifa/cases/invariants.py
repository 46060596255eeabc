"""Legal invariants: what a case's STORED record must satisfy once it has reached a state, whatever path it took.

The procedure table (procedure.py) refuses unlawful steps one at a time. These predicates look at the result
instead: the dates, penalties, documents, reviews and notices as they are stored, so a path that slips
between two gates (penalties changed after the close, a waiver recorded before the notice, a date moved
by hand or imported from an older system) shows up here. They do not call the guards: a gate that is wrong
cannot vouch for itself.

One registry, INVARIANTS, serves every use: the nightly audit of the register (`legal_audit`), the stateful
fuzzer of the procedure (tests/law), and later the supervision warnings and the case-file review pre-score.

    for violation in case_violations(case, context): ...

A check returns the reasons it fails (Chinese), or nothing. A record it cannot read (a missing date, a
deleted reviewer, an imported case without documents) is a violation with that reason, never an exception.
`audit_context(cases)` loads what the checks need beyond the prefetched case in a fixed number of queries.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from zhifa.calendar import engine
from zhifa.cases import gates, periods, redecision
from zhifa.cases.choices import CaseState as S  # noqa: N817
from zhifa.cases.choices import DecisionOutcome, DocumentKind, FineBasis, PartyKind, PenaltyKind, ServiceMethod, \
    StatementStatus
from zhifa.cases.choices import CaseEventKind
from zhifa.cases.deadlines import decision_time_limit
from zhifa.cases.major import HEARING_PENALTIES, MAJOR_PENALTIES, large_fine_threshold
from zhifa.cases.models import Case, Document, TimelineEvent

DECIDED = frozenset({S.DECIDED, S.SERVED, S.EXECUTING, S.CLOSED, S.ARCHIVED})
SERVED = frozenset({S.SERVED, S.EXECUTING, S.CLOSED, S.ARCHIVED})
CLOSED = frozenset({S.CLOSED, S.ARCHIVED})
PUBLISHED_NOTICE_STATES = ("published", "withdrawn", "expired")


class Unreadable(Exception):
    """The record lacks what the law's check needs (a corrupted or legacy record)."""


def need(value, what: str):
    if value in (None, ""):
        raise Unreadable(f"记录缺少{what}")
    return value


@dataclass
class Context:
    """What the checks need beyond the case and its prefetched relations, loaded once for a batch."""

    today: datetime.date = field(default_factory=timezone.localdate)
    investigators: dict[int, set[int]] = field(default_factory=dict)

    def investigator_ids(self, case: Case) -> set[int]:
        """Everyone who ever worked the case (Art. 43, 64(4)): assigned at any time, signed a record, logged
        the lead."""
        ids = set(self.investigators.get(case.pk, set()))
        ids |= {a.officer_id for a in case.assignments.all()}
        ids |= {o.pk for d in case.documents.all() for o in d.officers.all()}
        ids.add(case.created_by_id)
        return ids


@dataclass(frozen=True)
class Invariant:
    code: str
    title: str
    title_en: str
    article: str        # 《行政处罚法》第四十四条 …
    article_en: str     # Administrative Penalty Law Art. 44 …
    applies: Callable[[Case], bool]
    check: Callable[[Case, Context], Iterable[str]]


@dataclass(frozen=True)
class Violation:
    case_id: int
    case_number: str
    invariant: str
    title: str
    article: str
    article_en: str
    reason: str

    def as_dict(self) -> dict:
        return {"case_id": self.case_id, "case_number": self.case_number, "invariant": self.invariant,
                "title": self.title, "article": self.article, "article_en": self.article_en, "reason": self.reason}


# --- what the record says -------------------------------------------------------------------------


def decided(case: Case) -> bool:
    return case.state in DECIDED or case.decided_on is not None


def decided_penalty(case: Case) -> bool:
    return decided(case) and case.decision_outcome != DecisionOutcome.NO_PENALTY


def filed(case: Case) -> bool:
    return case.filed_on is not None or case.state not in (S.LEAD, S.DROPPED, S.TRANSFERRED)


def _documents(case: Case, kind: str) -> list[Document]:
    return [d for d in case.documents.all() if d.kind == kind]


def _over(deadline: engine.Deadline, day: datetime.date) -> bool:
    """The day is after the deadline; a deadline counted on a provisional calendar never fails by itself."""
    return day > deadline.due or deadline.provisional


def _hearing_right(penalties, fine, party_kind) -> bool:
    if set(penalties or []) & HEARING_PENALTIES:
        return True
    return fine is not None and Decimal(fine) >= large_fine_threshold(party_kind)


def _statement_events(case: Case) -> list[TimelineEvent]:
    return [e for e in case.events_timeline.all() if e.kind == CaseEventKind.STATEMENT_RECORDED]


# --- the invariants ---------------------------------------------------------------------------------


def notified_before_decision(case: Case, ctx: Context):
    """Art. 44, 45, 62, 64: notified, the notice received, and the decision after both windows ran out, unless
    the party waived its statement and declined a hearing in writing after notification."""
    decided_on = need(case.decided_on, "决定日期")
    if not case.notified_on:
        yield "作出处罚决定但没有事先告知的记录"
        return
    if case.notified_on > decided_on:
        yield f"事先告知日期 {case.notified_on} 晚于决定日期 {decided_on}"
        return
    if not case.notice_received_on:
        yield "没有当事人收到事先告知书的日期，陈述申辩期和听证申请期无从起算"
        return
    if not case.notified_on <= case.notice_received_on <= decided_on:
        yield f"收到告知书的日期 {case.notice_received_on} 不在告知日期 {case.notified_on} 与决定日期之间"
        return
    if case.statement_status == StatementStatus.PENDING:
        yield "陈述、申辩未经处理即作出决定"
    else:
        # The statement was heard (or its absence or waiver recorded) after this notice and before the
        # decision: in writing, or at a hearing on this notice.
        handled = [e.occurred_on for e in _statement_events(case) if e.occurred_on >= case.notified_on]
        at_hearing = case.hearing_held_on and case.hearing_held_on >= case.notified_on
        if handled and max(handled) > decided_on:
            yield f"陈述、申辩于 {max(handled)} 才处理，晚于决定日期 {decided_on}"
        elif not handled and not at_hearing:
            yield "没有在本次告知之后处理陈述、申辩的记录"
    if case.notice_waived or case.hearing_declined:
        waivers = [e for e in _statement_events(case) if (e.data or {}).get("status") == StatementStatus.WAIVED
                   or case.hearing_declined]
        if not any(case.notified_on <= e.occurred_on <= decided_on for e in waivers):
            yield "放弃陈述申辩或听证的书面意见不是在告知之后、决定之前作出的"
    if not case.notice_waived:
        window = periods.STATEMENT.due(case.notice_received_on, case.statement_period_days)
        if not _over(window, decided_on):
            yield f"陈述、申辩期限至 {window.due} 届满，决定于 {decided_on} 作出"
    requested = case.hearing_requested_on and case.hearing_requested_on >= case.notified_on
    if _hearing_right(case.notified_penalties, case.notified_fine, case.party_kind) and not case.hearing_declined \
            and not requested:
        window = periods.HEARING_REQUEST.due(case.notice_received_on)
        if not _over(window, decided_on):
            yield f"听证申请期限至 {window.due} 届满，决定于 {decided_on} 作出"


def decided_as_notified(case: Case, ctx: Context):
    """Art. 44, 45: every decided kind was notified, none added, no fine above the notified amount."""
    added = [p for p in case.decision_penalties or [] if p not in (case.notified_penalties or [])]
    if added:
        yield "决定的处罚种类未经告知：" + "、".join(PenaltyKind(p).label for p in added)
    if case.decision_fine is not None and case.notified_fine is not None and case.decision_fine > case.notified_fine:
        yield f"决定罚款 {case.decision_fine} 元高于告知的 {case.notified_fine} 元"
    if case.decision_fine is not None and case.notified_fine is None and PenaltyKind.FINE in (case.decision_penalties
                                                                                               or []):
        yield "决定罚款，但告知中没有罚款金额"


def _major_reason(case: Case) -> str | None:
    if case.is_major:
        return case.major_reason or "认定为重大执法决定"
    for penalties, fine in ((case.decision_penalties, case.decision_fine),
                            (case.notified_penalties, case.notified_fine)):
        reason = gates.major_reason(case=case, penalties=penalties or [], fine=fine)
        if reason:
            return reason
    return None


def major_reviewed(case: Case, ctx: Context):
    """Art. 58: a decision major by the catalogue (on the penalties decided and notified) rests on a passed
    legal review concluded on or before the decision date."""
    reason = _major_reason(case)
    if not reason:
        return
    decided_on = need(case.decided_on, "决定日期")
    reviews = sorted(case.reviews.all(), key=lambda r: r.pk)
    if not reviews:
        yield f"重大执法决定（{reason}）未经法制审核"
        return
    review = reviews[-1]
    if review.state != "agreed":
        yield f"重大执法决定（{reason}）的法制审核未同意（{review.get_state_display()}）"
        return
    if review.reviewer_id is None:
        yield "法制审核同意，但没有审核人员的记录"
    if review.concluded_on is None:
        yield "法制审核同意，但没有办结日期"
    elif review.concluded_on > decided_on:
        yield f"法制审核于 {review.concluded_on} 办结，晚于决定日期 {decided_on}"
    agreed = [p for p in review.packages.all() if p.outcome == "agree"]
    if not agreed:
        yield "法制审核同意，但送审材料中没有同意的审核意见"
    elif agreed[-1].opinion_document_id is None:
        yield "法制审核同意，但没有法制审核意见书"


def _deliberation_reason(case: Case) -> str | None:
    for penalty, name in MAJOR_PENALTIES.items():
        if penalty in (case.decision_penalties or []):
            return f"作出{name}"
    if case.decision_fine is not None and case.decision_fine >= large_fine_threshold(case.party_kind):
        return "较大数额罚款"
    if case.hearing_held_on:
        return "经过听证程序"
    if case.is_major:
        return "重大执法决定"
    if case.is_complex:
        return "负责人认定情节复杂"
    return None


def deliberated(case: Case, ctx: Context):
    """Art. 57 ¶2: serious and complex cases are decided collectively: minutes with the leaders present,
    each one's opinion and the conclusion, on or before the decision (and after any hearing)."""
    reason = _deliberation_reason(case)
    if not reason:
        return
    decided_on = need(case.decided_on, "决定日期")
    if not case.deliberated_on:
        yield f"本案{reason}，没有集体讨论的记录"
        return
    if case.deliberated_on > decided_on:
        yield f"集体讨论日期 {case.deliberated_on} 晚于决定日期 {decided_on}"
    if case.hearing_held_on and case.deliberated_on < case.hearing_held_on:
        yield f"集体讨论日期 {case.deliberated_on} 早于听证日期 {case.hearing_held_on}"
    opinions = case.deliberation_opinions or []
    complete = [o for o in opinions if isinstance(o, dict) and str(o.get("name", "")).strip()
                and str(o.get("opinion", "")).strip()]
    if len(complete) < 2 or len(complete) != len(opinions):
        yield "集体讨论记录没有至少两名出席负责人及各自的意见"
    if not (case.deliberation_conclusion or "").strip():
        yield "集体讨论记录没有结论"


def filed_by_two_officers(case: Case, ctx: Context):
    """Art. 42, 43: filing approved by a leader who did not log the lead, with at least two officers who held
    valid enforcement credentials on the filing date (the filing approval form names them)."""
    filed_on = need(case.filed_on, "立案日期")
    if case.leader_id is None:
        yield "没有批准立案的负责人"
    elif case.leader_id == case.created_by_id:
        yield "登记线索的人员自行批准立案"
    forms = _documents(case, DocumentKind.FILING_APPROVAL)
    if not forms:
        yield "没有立案审批表"
        return
    valid = set()
    for officer in forms[0].officers.all():
        # The credential's validity on the day; a later revocation does not undo a filing made before it.
        if officer.role == "officer" and any(c.valid_from <= filed_on <= c.valid_to for c in officer.credentials.all()):
            valid.add(officer.pk)
    if len(valid) < 2:
        yield f"立案时持有效执法证的承办人员只有 {len(valid)} 名"


def hearing_lawful(case: Case, ctx: Context):
    """Art. 64: a hearing held was noticed 7 full working days ahead and presided by someone who never worked
    the case; it was held on or after its date."""
    hearing_date = need(case.hearing_date, "听证日期")
    if case.hearing_presider_id is None:
        yield "听证没有主持人的记录"
    elif case.hearing_presider_id in ctx.investigator_ids(case):
        yield "听证主持人曾承办本案、在本案笔录上签名或登记线索"
    notice_on = case.hearing_notice_on
    if notice_on is None:
        yield "没有听证通知送达日期"
    else:
        latest = periods.HEARING_NOTICE.due(hearing_date)
        if notice_on > latest.due and not latest.provisional:
            yield f"听证通知于 {notice_on} 送达，距听证日期 {hearing_date} 不足七个工作日"
    if case.hearing_held_on < hearing_date:
        yield f"听证笔录日期 {case.hearing_held_on} 早于听证日期 {hearing_date}"
    if not _documents(case, DocumentKind.HEARING_RECORD):
        yield "没有听证笔录"


def within_time_limit(case: Case, ctx: Context):
    """Art. 60: decided within 90 days of filing, plus approved extensions, not counting recorded
    suspensions; each extension approved with a reason, a further one collectively."""
    decided_on = need(case.decided_on, "决定日期")
    need(case.filed_on, "立案日期")
    for index, entry in enumerate(case.time_limit_extensions or []):
        if not entry.get("reason") or not entry.get("approved_by") or int(entry.get("days", 0)) <= 0:
            yield f"第{index + 1}次延长办案期限没有批准人、理由或天数"
        if int(entry.get("days", 0)) > settings.DECISION_EXTENSION_DAYS:
            yield f"第{index + 1}次延长办案期限超过 {settings.DECISION_EXTENSION_DAYS} 日"
        if index > 0 and not (entry.get("deliberation") or {}).get("attendees"):
            yield f"第{index + 1}次延长办案期限未经集体讨论"
    due = decision_time_limit(case)
    if decided_on > due.due and not due.provisional:
        yield f"办案期限于 {due.due} 届满，决定于 {decided_on} 作出"


def not_time_barred(case: Case, ctx: Context):
    """Art. 36: no penalty for an act not discovered within 2 years (5 where life, health or financial
    security is at stake), counted from the act or the end of a continuing act, tested on the discovery
    date."""
    if case.act_continuing:
        if case.act_ended_on is None:
            return  # still going on: no running period
        start = case.act_ended_on
    else:
        start = need(case.act_date, "违法行为发生日")
    years = 5 if case.involves_safety else 2
    try:
        expires = start.replace(year=start.year + years)
    except ValueError:
        expires = start.replace(year=start.year + years, day=28)
    discovered = need(case.received_on, "线索登记日期")
    if discovered > expires:
        yield f"追责时效于 {expires} 届满，线索于 {discovered} 才发现"


def penalties_the_grounds_allow(case: Case, ctx: Context):
    """Art. 4, 38 and the grounds (社团条例 Art. 30 …): each decided kind is one the grounds provide, a fine
    has a positive amount, and a revocation on a ground that allows it only where serious records the
    finding."""
    penalties = case.decision_penalties or []
    if not penalties:
        yield "给予处罚但没有处罚种类"
    grounds = list(case.grounds.all())
    if not grounds:
        yield "没有违法行为及处罚依据"
        return
    allowed = {kind for g in grounds for kind in g.penalty_kinds}
    outside = [p for p in penalties if p not in allowed]
    if outside:
        yield "依据未规定的处罚种类：" + "、".join(PenaltyKind(p).label for p in outside)
    if PenaltyKind.FINE in penalties and (case.decision_fine is None or case.decision_fine <= 0):
        yield "决定罚款但没有罚款金额"
    if PenaltyKind.FINE not in penalties and case.decision_fine is not None:
        yield "记录了罚款金额，但处罚种类中没有罚款"
    serious_only = [g for g in grounds if g.deregistration_if_serious]
    outright = any(PenaltyKind.DEREGISTRATION in g.penalty_kinds and not g.deregistration_if_serious for g in grounds)
    if PenaltyKind.DEREGISTRATION in penalties and serious_only and not outright \
            and not (case.serious_finding or "").strip():
        yield "撤销登记没有情节严重的认定及理由"


def fine_within_ground_range(case: Case, ctx: Context):
    """Art. 4, 38: a decided fine lies inside a range its grounds set: an amount, or a multiple of the illegal
    turnover or gains the case found (社团条例 Art. 30: 违法经营额1至3倍或者违法所得3至5倍)."""
    if PenaltyKind.FINE not in (case.decision_penalties or []) or case.decision_fine is None:
        return
    ranges = [r for g in case.grounds.all() if PenaltyKind.FINE in g.penalty_kinds for r in g.fine_ranges.all()]
    if not ranges:
        return
    for r in ranges:
        if r.basis == FineBasis.AMOUNT:
            low, high = r.minimum, r.maximum
        else:
            base = getattr(case, r.basis)
            if base is None:
                continue
            low, high = base * r.minimum, base * r.maximum
        if low <= case.decision_fine <= high:
            return
    found = [(FineBasis(b).label.removesuffix("的倍数"), getattr(case, b))
             for b in (FineBasis.ILLEGAL_TURNOVER, FineBasis.ILLEGAL_GAINS) if getattr(case, b) is not None]
    bases = "，".join(f"{label}{value}元" for label, value in found) or "未认定违法经营额或违法所得"
    yield f"罚款 {case.decision_fine} 元不在依据规定的幅度内（{'；'.join(map(str, ranges))}；{bases}）"


def recusals_respected(case: Case, ctx: Context):
    """Art. 43: every application is decided by the leader before the case is; a person who withdrew does not
    stay on the case, sign its records, preside its hearing or review it afterwards."""
    for recusal in case.recusals.all():
        name = f"回避申请（{recusal.applied_on}）"
        if recusal.granted is None:
            if case.decided_on:
                yield f"{name}未经负责人决定即作出处罚决定"
            continue
        decided_on = need(recusal.decided_on, "回避决定日期")
        if case.decided_on and decided_on > case.decided_on:
            yield f"{name}于 {decided_on} 才决定，晚于处罚决定日期 {case.decided_on}"
        if not recusal.granted:
            continue
        person = recusal.person_id
        if person in {a.officer_id for a in case.assignments.all()}:
            yield f"{name}已决定回避的人员仍被指派承办本案"
        if any(d.issued_on > decided_on and person in {o.pk for o in d.officers.all()} for d in case.documents.all()):
            yield f"{name}已决定回避的人员在回避决定后仍在本案笔录上签名"
        if case.hearing_presider_id == person and (not case.hearing_held_on or case.hearing_held_on >= decided_on):
            yield f"{name}已决定回避的人员主持本案听证"
        if any(r.reviewer_id == person and (r.concluded_on is None or r.concluded_on >= decided_on)
               for r in case.reviews.all()):
            yield f"{name}已决定回避的人员审核本案"


def not_the_revoked_decision_again(case: Case, ctx: Context):
    """复议法 Art. 64 ¶2; 行诉法 Art. 71: a decision made again after a revocation is not the revoked one on the same
    facts and reasons (cases.redecision)."""
    revoked = redecision.repeats_the_revoked_decision(
        case, outcome=case.decision_outcome, penalties=case.decision_penalties, fine=case.decision_fine,
        confiscation=case.decision_confiscation)
    if revoked is not None:
        yield f"重新作出的决定与被{revoked.get('body', '')}撤销的原决定（{revoked['decision']['number']}）相同，事实和理由未变"


def decision_documented(case: Case, ctx: Context):
    """Art. 59: a decision is made in writing: the decision document is in the file, dated the decision day."""
    decided_on = need(case.decided_on, "决定日期")
    if case.decided_by_id is None:
        yield "没有作出决定的负责人"
    documents = _documents(case, DocumentKind.DECISION)
    if not documents:
        yield "没有行政处罚决定书"
    elif documents[-1].issued_on != decided_on:
        yield f"决定书日期 {documents[-1].issued_on} 与决定日期 {decided_on} 不一致"


def served_lawfully(case: Case, ctx: Context):
    """Art. 61; 民事诉讼法 Art. 87–95: served on or after the decision, by a method whose preconditions hold
    (public notice counts 30 days after publication), with a service receipt."""
    served_on = need(case.served_on, "送达日期")
    method = need(case.service_method, "送达方式")
    decided_on = need(case.decided_on, "决定日期")
    if served_on < decided_on:
        yield f"送达日期 {served_on} 早于决定日期 {decided_on}"
    if method == ServiceMethod.PUBLIC_NOTICE:
        published = case.service_published_on
        if published is None:
            yield "公告送达没有公告刊登日期"
        elif published < decided_on:
            yield f"送达公告于 {published} 刊登，早于决定日期 {decided_on}"
        elif served_on < periods.PUBLIC_NOTICE_SERVICE.due(published).due:
            yield f"公告送达自刊登（{published}）之日起经过三十日才视为送达，记录的送达日期为 {served_on}"
    if method == ServiceMethod.LEFT_AT_ADDRESS:
        # 民事诉讼法 Art. 89: the refusal recorded, before a witness or with a photo or video record.
        if not (case.service_refusal or "").strip():
            yield "留置送达没有记明拒收事由"
        if not (case.service_witnesses or "").strip() and not (case.service_recording or "").strip():
            yield "留置送达既没有见证人，也没有拍照、录像等记录送达过程的材料"
    if method in (ServiceMethod.ENTRUSTED, ServiceMethod.FORWARDED) and not (case.service_agent or "").strip():
        yield "委托送达或转交送达没有记明代为送达、转交的机关或单位"
    if method == ServiceMethod.FORWARDED and case.party_kind != PartyKind.PERSON:
        yield "转交送达只适用于自然人（民事诉讼法第九十二条、第九十三条），本案当事人不是自然人"
    if method == ServiceMethod.PUBLIC_NOTICE and not case.service_attempts \
            and not (case.service_notice_reason or "").strip():
        yield "公告送达没有记明其他方式无法送达的经过或原因"
    if method == ServiceMethod.ELECTRONIC:
        # 行政处罚法 Art. 61 ¶2: only with the party's consent and a signed address confirmation, given first.
        consent_on = getattr(case, "electronic_service_consent_on", None)
        if consent_on is None:
            yield "电子送达没有当事人同意并签订送达地址确认书的记录"
        elif consent_on > served_on:
            yield f"当事人于 {consent_on} 才同意电子送达，晚于送达日期 {served_on}"
    if not _documents(case, DocumentKind.SERVICE_RECEIPT):
        yield "没有送达回证"


def published_after_service_and_masked(case: Case, ctx: Context):
    """Art. 48; 国办发〔2018〕118号: a decision is published only after it is served, and only its masked
    copy: no ID number, phone, bank account or address is left in what the public reads."""
    from zhifa.disclosure.masking import pii_findings

    for notice in case.notices.all():
        if notice.state not in PUBLISHED_NOTICE_STATES or notice.withdraws_id:
            continue
        published = timezone.localdate(notice.published_at) if notice.published_at else None
        if published is None:
            yield f"公示 #{notice.pk} 没有发布时间"
        elif case.served_on is None or published < case.served_on:
            yield f"公示 #{notice.pk} 于 {published} 发布，决定书尚未送达"
        if not (notice.masked_title or "").strip():
            yield f"公示 #{notice.pk} 没有隐私处理后的标题"
        texts = [notice.masked_title or "", notice.masked_body or "",
                 *(str(v) for v in (notice.masked_fields or {}).values() if v is not None)]
        found = [finding for text in texts for finding in pii_findings(text)]
        if found:
            yield f"公示 #{notice.pk} 的公开内容含未隐去的个人信息（{'、'.join(sorted({c for c, _ in found}))}）"


def closed_when_performed(case: Case, ctx: Context):
    """Art. 66, 67: a case closes when the decision has been performed (the fine paid in full, the revoked
    organisation's certificate and seal collected or declared void), or its enforcement has ended by law."""
    from zhifa.cases import hooks

    need(case.closed_on, "结案日期")
    penalties = case.decision_penalties or []
    if PenaltyKind.FINE in penalties:
        unpaid = case.fine_paid_on is None or (case.fine_paid_amount or 0) < (case.decision_fine or 0)
        if unpaid and not hooks.enforcement_ended(case=case):
            yield "罚款未缴清、也未依法终结执行即结案"
    if PenaltyKind.DEREGISTRATION in penalties and not (
            (case.certificate_collected and case.seal_collected) or case.void_notice_on):
        yield "撤销登记的证书、印章未收缴或公告作废即结案"
    if not _documents(case, DocumentKind.CLOSING_REPORT):
        yield "没有结案报告"


def dates_in_order(case: Case, ctx: Context):
    """Every step is dated on or after the steps it rests on, and none in the future."""
    order = [("received_on", "线索登记"), ("filed_on", "立案"), ("investigation_started_on", "调查开始"),
             ("investigation_closed_on", "调查终结"), ("decided_on", "决定"), ("served_on", "送达"),
             ("execution_started_on", "开始执行"), ("closed_on", "结案"), ("archived_on", "归档")]
    previous = None
    for name, label in order:
        day = getattr(case, name)
        if day is None:
            continue
        if day > ctx.today:
            yield f"{label}日期 {day} 晚于今天"
        if previous and day < previous[1]:
            yield f"{label}日期 {day} 早于{previous[0]}日期 {previous[1]}"
        previous = (label, day)


LAW = "《中华人民共和国行政处罚法》"
INVARIANTS: tuple[Invariant, ...] = (
    Invariant("filed_two_officers", "立案须经负责人批准并指派两名以上持证执法人员",
              "Filed with a leader's approval and two credentialed officers",
              f"{LAW}第四十二条、第四十三条", "Administrative Penalty Law Art. 42, 43",
              filed, filed_by_two_officers),
    Invariant("dates_in_order", "各环节日期先后有序", "Steps dated in order",
              f"{LAW}第五十四条至第六十一条", "Administrative Penalty Law Art. 54–61",
              lambda case: True, dates_in_order),
    Invariant("not_time_barred", "处罚决定未超过追责时效", "Not time-barred on the discovery date",
              f"{LAW}第三十六条", "Administrative Penalty Law Art. 36",
              decided_penalty, not_time_barred),
    Invariant("notified_before_decision", "决定前已事先告知、当事人收到告知书且陈述申辩和听证申请期已届满或书面放弃",
              "Notified and received before the decision, the windows over or waived after notification",
              f"{LAW}第四十四条、第四十五条、第六十二条、第六十四条", "Administrative Penalty Law Art. 44, 45, 62, 64",
              decided_penalty, notified_before_decision),
    Invariant("decided_as_notified", "决定的处罚在告知的范围内", "The decided penalties are among those notified",
              f"{LAW}第四十四条、第四十五条", "Administrative Penalty Law Art. 44, 45",
              decided_penalty, decided_as_notified),
    Invariant("penalties_the_grounds_allow", "处罚种类有法定依据", "Penalties the grounds provide",
              f"{LAW}第四条、第三十八条；《社会团体登记管理条例》第三十条",
              "Administrative Penalty Law Art. 4, 38; Regulations on Social Organisations Art. 30",
              decided_penalty, penalties_the_grounds_allow),
    Invariant("fine_within_ground_range", "罚款在法定幅度内", "The fine lies inside the grounds' range",
              f"{LAW}第四条、第三十八条；《社会团体登记管理条例》第三十条",
              "Administrative Penalty Law Art. 4, 38; Regulations on Social Organisations Art. 30",
              decided_penalty, fine_within_ground_range),
    Invariant("recusals_respected", "回避申请经负责人决定，决定回避的人员不再参与本案", "Recusals decided and respected",
              f"{LAW}第四十三条", "Administrative Penalty Law Art. 43",
              lambda case: True, recusals_respected),
    Invariant("major_reviewed", "重大执法决定经法制审核同意后作出", "A major decision rests on a passed legal review",
              f"{LAW}第五十八条", "Administrative Penalty Law Art. 58",
              decided_penalty, major_reviewed),
    Invariant("deliberated", "情节复杂或重大违法的经负责人集体讨论", "Serious and complex cases deliberated collectively",
              f"{LAW}第五十七条第二款", "Administrative Penalty Law Art. 57(2)",
              decided_penalty, deliberated),
    Invariant("hearing_lawful", "听证提前七个工作日通知、由非本案调查人员主持", "Hearing noticed 7 working days ahead, "
              "presided by a non-investigator", f"{LAW}第六十四条", "Administrative Penalty Law Art. 64",
              lambda case: case.hearing_held_on is not None, hearing_lawful),
    Invariant("within_time_limit", "自立案之日起九十日内作出决定", "Decided within 90 days of filing",
              f"{LAW}第六十条", "Administrative Penalty Law Art. 60",
              decided, within_time_limit),
    Invariant("not_the_revoked_decision_again", "责令重新作出的，不以同一事实和理由作出相同的决定",
              "Decided again, not the revoked decision on the same facts and reasons",
              "《中华人民共和国行政复议法》第六十四条第二款；《中华人民共和国行政诉讼法》第七十一条",
              "Administrative Reconsideration Law Art. 64(2); Administrative Litigation Law Art. 71",
              lambda case: decided(case) and case.reopened_on is not None and case.decided_on is not None,
              not_the_revoked_decision_again),
    Invariant("decision_documented", "决定制作行政处罚决定书", "The decision is made in writing",
              f"{LAW}第五十九条", "Administrative Penalty Law Art. 59",
              decided_penalty, decision_documented),
    Invariant("served_lawfully", "依法送达", "Served by a lawful method",
              f"{LAW}第六十一条；《中华人民共和国民事诉讼法》第八十七条至第九十五条",
              "Administrative Penalty Law Art. 61; Civil Procedure Law Art. 87–95",
              lambda case: case.state in SERVED or case.served_on is not None, served_lawfully),
    Invariant("published_after_service", "送达后公示且经隐私处理", "Published after service, and masked",
              f"{LAW}第四十八条；国办发〔2018〕118号", "Administrative Penalty Law Art. 48; State Council Office "
              "Doc. [2018] 118", lambda case: True, published_after_service_and_masked),
    Invariant("closed_when_performed", "决定履行完毕或依法终结执行后结案", "Closed once performed or enforcement ended",
              f"{LAW}第六十六条、第六十七条；《中华人民共和国行政强制法》第五十三条",
              "Administrative Penalty Law Art. 66, 67; Administrative Compulsion Law Art. 53",
              lambda case: case.state in CLOSED or case.closed_on is not None, closed_when_performed),
)
BY_CODE = {invariant.code: invariant for invariant in INVARIANTS}


# Judged on the decision in force, which an effective 变更 may have changed; every other invariant judges the
# bureau's own decision, which the procedure made.
IN_FORCE = {"closed_when_performed"}


def decided_by_the_bureau(case: Case) -> Case:
    """The case as the bureau decided it: where an effective outcome changed the decision (变更), the decision
    fields hold the changed one, and the original is kept in overturned_decisions."""
    changes = case.decision_changes()
    if not changes:
        return case
    changed = changes[0]
    original = copy.copy(case)
    decision = changed["decision"]
    original.decision_penalties = decision["penalties"]
    original.decision_fine = Decimal(decision["fine"]) if decision["fine"] is not None else None
    original.decision_content = decision["content"]
    return original


def case_violations(case: Case, ctx: Context | None = None,
                    invariants: Iterable[Invariant] = INVARIANTS) -> list[Violation]:
    """Every invariant the case's stored record breaks. Never raises: a record that cannot be read is itself
    a violation, with the reason."""
    ctx = ctx or Context()
    found = []
    try:
        bureau = decided_by_the_bureau(case)
    except Exception:  # noqa: BLE001 - a corrupted record is judged as it stands, and reported by the checks
        bureau = case
    for invariant in invariants:
        judged = case if invariant.code in IN_FORCE else bureau
        try:
            reasons = list(invariant.check(judged, ctx)) if invariant.applies(judged) else []
        except Unreadable as problem:
            reasons = [str(problem)]
        except Exception as problem:  # noqa: BLE001 - a corrupted record is reported, never crashes the audit
            reasons = [f"记录无法核查（{type(problem).__name__}：{problem}）"]
        found += [Violation(case.pk, case.number or f"线索 #{case.pk}", invariant.code, invariant.title,
                            invariant.article, invariant.article_en, reason) for reason in reasons]
    return found


def audit_queryset(queryset=None):
    """The cases with everything the checks read, prefetched: a batch costs a fixed number of queries."""
    from zhifa.accounts.models import EnforcementCredential, User
    from zhifa.disclosure.models import Notice
    from zhifa.reviews.models import Package, Review

    queryset = Case.objects.all() if queryset is None else queryset
    officers = User.objects.prefetch_related(
        Prefetch("credentials", queryset=EnforcementCredential.objects.only("id", "holder_id", "valid_from",
                                                                             "valid_to", "revoked")))
    return queryset.prefetch_related(
        "grounds__fine_ranges",
        "recusals",
        Prefetch("assignments"),
        Prefetch("documents", queryset=Document.objects.only("id", "case_id", "kind", "issued_on").order_by("id")
                 .prefetch_related(Prefetch("officers", queryset=officers))),
        Prefetch("events_timeline", queryset=TimelineEvent.objects.filter(kind=CaseEventKind.STATEMENT_RECORDED)
                 .only("id", "case_id", "kind", "occurred_on", "data")),
        Prefetch("reviews", queryset=Review.objects.only("id", "case_id", "state", "reviewer_id", "concluded_on")
                 .prefetch_related(Prefetch("packages", queryset=Package.objects.only(
                     "id", "review_id", "number", "outcome", "opinion_document_id").order_by("number")))),
        Prefetch("notices", queryset=Notice.objects.filter(state__in=PUBLISHED_NOTICE_STATES).only(
            "id", "case_id", "state", "withdraws_id", "published_at", "masked_title", "masked_body", "masked_fields")),
    )


def audit_context(cases: list[Case]) -> Context:
    """Who once worked each case with a hearing presider (the assignment history), in one query."""
    from django.apps import apps

    ctx = Context()
    ids = [c.pk for c in cases if c.hearing_presider_id]
    if ids:
        history = apps.get_model("cases", "CaseOfficerEvent")
        for case_id, officer_id in history.objects.filter(case_id__in=ids).values_list("case_id", "officer_id"):
            ctx.investigators.setdefault(case_id, set()).add(officer_id)
    return ctx
