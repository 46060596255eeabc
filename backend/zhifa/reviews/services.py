"""Legal review of major decisions (法制审核): submit, assign, review, outcome, resubmit, dispute."""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.accounts.models import User
from zhifa.accounts.selectors import agency_leaders
from zhifa.calendar import engine
from zhifa.cases.assignments import case_investigator_ids, case_recused_ids
from zhifa.cases.choices import DocumentKind
from zhifa.cases.documents import document_issue
from zhifa.cases.models import Case
from zhifa.core.concurrency import lock_for_update
from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
from zhifa.notifications.services import notify
from zhifa.reviews import periods
from zhifa.reviews.choices import DisputeResult, ReviewOutcome, ReviewState, Verdict
from zhifa.reviews.models import ChecklistTemplate, ItemVerdict, Package, Review

OPEN_STATES = [ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW, ReviewState.CORRECTION_REQUESTED,
               ReviewState.DISPUTED, ReviewState.REREVIEW_REQUESTED]
# The opinions that have not passed (Art. 58): the case may not be decided on them; one 复核 may be asked.
FAILED_STATES = (ReviewState.CORRECTION_REQUESTED, ReviewState.TRANSFER_RECOMMENDED)


def _money(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def case_fingerprint(case: Case, decided: dict | None = None) -> str:
    """What an agreed review vouches for: if any of this changes afterwards, the review no longer holds.

    Besides the proposal, the penalties the case carries now: those being decided (`decided`, at the
    decision), else those notified, else those proposed. Notifying or deciding anything else than what
    was reviewed voids the review (Art. 58)."""
    if decided is not None:
        outcome, penalties, fine = decided.get("outcome"), decided.get("penalties") or [], decided.get("fine")
    elif case.notified_on:
        outcome, penalties, fine = "penalty", case.notified_penalties, case.notified_fine
    else:
        outcome, penalties, fine = case.proposed_outcome, case.proposed_penalties, case.proposed_fine
    vouched = {
        "facts": case.facts, "grounds": sorted(case.grounds.values_list("pk", flat=True)),
        "proposed": {"outcome": case.proposed_outcome, "penalties": sorted(case.proposed_penalties or []),
                     "fine": _money(case.proposed_fine)},
        "outcome": outcome, "penalties": sorted(penalties or []), "fine": _money(fine),
        "content": case.proposed_content, "hearing_record": case.hearing_record,
    }
    return hashlib.sha256(json.dumps(vouched, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def package_content(case: Case, data: dict) -> dict:
    """The submission package: application, draft decision, evidence list and hearing record."""
    officers = [{"name": a.officer.full_name, "credential_number": a.credential_number}
                for a in case.assignments.select_related("officer")]
    return {
        "application": {
            "facts": case.facts,
            "basis": [str(g) for g in case.grounds.all()],
            "discretion": data.get("discretion", ""),
            "officers": officers,
            "proposed": {"outcome": case.proposed_outcome, "penalties": case.proposed_penalties,
                         "fine": str(case.proposed_fine) if case.proposed_fine is not None else None,
                         "content": case.proposed_content},
        },
        "draft_decision": data.get("draft_decision") or case.proposed_content,
        "evidence": [{"document": d.number, "kind": d.get_kind_display(), "issued_on": d.issued_on.isoformat()}
                     for d in case.documents.order_by("id")],
        "hearing_record": case.hearing_record,
        "fingerprint": case_fingerprint(case),
    }


def _new_package(review: Review, *, actor: User, on: datetime.date, data: dict, note: str = "",
                 rereview: bool = False) -> Package:
    number = (review.packages.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    content = package_content(review.case, data)
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return Package.objects.create(review=review, number=number, submitted_by=actor, submitted_on=on,
                                  content=content, content_sha256=digest, changes_note=note, rereview=rereview)


def _set_due(review: Review, start: datetime.date) -> None:
    due = periods.REVIEW.due(start)
    review.due_date, review.due_provisional, review.last_alert = due.due, due.provisional, ""


def review_submit(*, case: Case, actor: User, on: datetime.date, data: dict) -> Review:
    """Called inside the case's submit_review transition. A case with a correction outstanding gets
    a new package version; any other open review refuses a second submission."""
    open_review = case.reviews.filter(state__in=OPEN_STATES).first()
    if open_review and open_review.state in (ReviewState.CORRECTION_REQUESTED, ReviewState.DISPUTED):
        return review_resubmit(review_id=open_review.pk, actor=actor, note=data.get("reason", ""), data=data, on=on)
    if open_review:
        raise Conflict("本案已有进行中的法制审核，不能重复提交。", "A review of this case is already in progress.",
                       code="duplicate_submission")
    review = Review(agency=case.agency, case=case, submitted_on=on)
    _set_due(review, on)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise Conflict("本案已有进行中的法制审核，不能重复提交。", "A review of this case is already in progress.",
                       code="duplicate_submission") from None
    _new_package(review, actor=actor, on=on, data=data)
    notify(recipients=agency_leaders(agency_id=case.agency_id), kind="review_submitted", key=f"review:{review.pk}:submitted",
           title=f"{case.number} 提交法制审核，待分配审核人员", link=f"/app/reviews/{review.pk}")
    return review


def reviewer_problem(*, reviewer: User, case: Case) -> str | None:
    """Separation of duties: why this person may not review this case, or None."""
    if reviewer.role != Role.LEGAL_REVIEWER or not reviewer.is_active:
        return "审核人员须为在岗的法制审核人员"
    if reviewer.agency_id != case.agency_id:
        return "审核人员须为本机关人员"
    if not reviewer.may_do_legal_review():
        return ("初次从事法制审核的人员须具有法律职业资格（须记录证书编号和授予日期）；2021年7月15日前已从事法制审核的，"
                "须记录为此（行政处罚法第五十八条第二款）")
    if reviewer.pk in case_investigator_ids(case):
        return "审核人员不得审核本人承办过的案件（曾承办、在笔录上签名或登记线索，行政处罚法第四十三条）"
    if reviewer.pk in case_recused_ids(case):
        return "负责人已决定该人员在本案中回避，不得审核本案（行政处罚法第四十三条）"
    if Package.objects.filter(review__case=case, submitted_by=reviewer).exists():
        return "审核人员不得审核本人提交的案件"
    return None


@transaction.atomic
def review_assign(*, review_id: int, actor: User, reviewer: User) -> Review:
    review = lock_for_update(Review.objects.select_related("case"), review_id)
    if actor.role != Role.LEADER or actor.agency_id != review.agency_id:
        raise PermissionRefused("只有本机关负责人可以分配审核人员", "Only a leader of the agency assigns reviewers.")
    if review.state not in (ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW, ReviewState.REREVIEW_REQUESTED):
        raise Conflict(f"审核处于“{review.get_state_display()}”状态，不能分配审核人员。", "Cannot assign now.")
    problem = reviewer_problem(reviewer=reviewer, case=review.case)
    if problem is None and review.packages.filter(rereview=True).exists():
        problem = rereviewer_problem(reviewer=reviewer, review=review)
    if problem:
        raise PermissionRefused(f"不能分配给 {reviewer}：{problem}。", f"Cannot assign {reviewer.username}: {problem}.",
                                code="separation_of_duties")
    review.reviewer, review.assigned_by, review.state = reviewer, actor, ReviewState.UNDER_REVIEW
    review.version += 1
    review.save()
    notify(recipients=[reviewer], kind="review_assigned", key=f"review:{review.pk}:assigned:{reviewer.pk}",
           title=f"{review.case.number} 待您法制审核，期限 {review.due_date:%Y-%m-%d}", link=f"/app/reviews/{review.pk}")
    return review


# DOMAIN.md §5: the nine standard items. The installed checklist starts from these (migration 0002);
# where no active version exists, reviews use them as they stand in the law.
STANDARD_ITEMS = [
    "执法主体合法，在法定职权和管辖范围内实施",
    "执法人员具备执法资格，且不少于两人",
    "执法程序合法：立案、告知、陈述申辩、听证、回避、送达和时限",
    "事实清楚，证据合法、确凿、充分",
    "适用法律依据正确",
    "裁量基准适用适当，从轻、减轻或从重的理由充分",
    "执法文书完备、规范",
    "是否涉嫌犯罪、应当移送司法机关",
    "其他影响合法性、适当性的情形",
]


STANDARD_OPTIONS = [Verdict.PASS, Verdict.PROBLEM, Verdict.NOT_APPLICABLE]
# 行政处罚法第二十七条: whether the facts suggest a crime to transfer to the judicial organs is answered as such.
TRANSFER_OPTIONS = [Verdict.NO_TRANSFER, Verdict.TRANSFER]
# The answers the transfer item took before it had its own: 符合 meant no crime suspected, 存在问题 one suspected.
TRANSFER_LEGACY = {Verdict.PASS: Verdict.NO_TRANSFER, Verdict.PROBLEM: Verdict.TRANSFER}


def item_options(item: dict) -> list[str]:
    """The answers a checklist item takes: its own where it names them, the transfer item's (是否涉嫌犯罪、应当移送)
    for an item about 移送, and 符合 / 存在问题 / 不适用 for the others."""
    if item.get("options"):
        return [str(option) for option in item["options"]]
    return [str(o) for o in (TRANSFER_OPTIONS if "移送" in item.get("text", "") else STANDARD_OPTIONS)]


def _checklist() -> ChecklistTemplate:
    template = ChecklistTemplate.objects.filter(active=True).order_by("-version").first()
    if template is None:
        latest = ChecklistTemplate.objects.order_by("-version").values_list("version", flat=True).first() or 0
        template = ChecklistTemplate.objects.create(
            version=latest + 1, active=True, items=[{"number": i, "text": t} for i, t in enumerate(STANDARD_ITEMS, 1)])
    return template


@transaction.atomic
def review_save_draft(*, review_id: int, actor: User, package_number: int, verdicts: list[dict],
                      opinion: str = "") -> Review:
    """Keep the assigned reviewer's unfinished checklist for the package under review, so that a reload or another
    computer finds it. Nothing is concluded: the outcome still needs every item."""
    review = lock_for_update(Review.objects.all(), review_id)
    if review.reviewer_id != actor.pk:
        raise PermissionRefused("只有分配到本案的审核人员可以保存审核清单。", "Only the assigned reviewer saves the checklist.",
                                code="separation_of_duties")
    if review.state != ReviewState.UNDER_REVIEW:
        raise Conflict(f"审核处于“{review.get_state_display()}”状态，不能保存审核清单。", "The review is not open.")
    package = review.packages.order_by("-number").first()
    if package_number != package.number:
        raise Conflict(f"送审材料已更新为第{package.number}版，您审核的是第{package_number}版，请重新审阅。",
                       f"The package is now version {package.number}; you reviewed version {package_number}.",
                       code="stale_package")
    options = {item["number"]: item_options(item) for item in _checklist().items}
    wrong = [v["item"] for v in verdicts if v["item"] not in options
             or (v.get("verdict") and v["verdict"] not in options[v["item"]])]
    if wrong:
        raise InvalidInput("审核清单草稿有无效的事项或结论。", "The draft names unknown items or answers.",
                           fields={"verdicts": [f"第 {', '.join(map(str, wrong))} 项的结论无效"]})
    review.checklist_draft = {"package": package.number, "opinion": opinion,
                              "verdicts": [{"item": v["item"], "verdict": v.get("verdict") or "",
                                            "note": v.get("note", "")} for v in verdicts]}
    review.save(update_fields=["checklist_draft"])
    return review


@transaction.atomic
def review_record_outcome(*, review_id: int, actor: User, package_number: int, outcome: str, verdicts: list[dict],
                          opinion: str, correction_categories=(), corrections: str = "",
                          on: datetime.date | None = None) -> Review:
    on = on or timezone.localdate()
    review = lock_for_update(Review.objects.select_related("case__agency"), review_id)
    if review.reviewer_id != actor.pk:
        raise PermissionRefused("只有分配到本案的审核人员可以出具审核意见。", "Only the assigned reviewer records the outcome.",
                                code="separation_of_duties")
    problem = reviewer_problem(reviewer=actor, case=review.case)
    if problem:
        raise PermissionRefused(f"{problem}。", problem, code="separation_of_duties")
    if review.state != ReviewState.UNDER_REVIEW:
        raise Conflict(f"审核处于“{review.get_state_display()}”状态，不能出具审核意见。", "The review is not open.")
    package = review.packages.order_by("-number").first()
    if package_number != package.number:
        raise Conflict(f"送审材料已更新为第{package.number}版，您审核的是第{package_number}版，请重新审阅。",
                       f"The package is now version {package.number}; you reviewed version {package_number}.",
                       code="stale_package")
    if on > timezone.localdate() or on < package.submitted_on:
        raise InvalidInput("日期应在提交日期与今天之间", "Date out of range.", fields={"date": ["日期应在提交日期与今天之间"]})

    checklist = _checklist()
    by_item = {v["item"]: v for v in verdicts}
    missing = [item["number"] for item in checklist.items if item["number"] not in by_item]
    unknown = [n for n in by_item if n not in {item["number"] for item in checklist.items}]
    errors = {}
    if missing:
        errors["verdicts"] = [f"以下审核事项缺少结论：{', '.join(map(str, missing))}"]
    if unknown:
        errors.setdefault("verdicts", []).append(f"清单中没有这些事项：{', '.join(map(str, unknown))}")
    for item in checklist.items:
        answer = by_item.get(item["number"])
        if answer is None:
            continue
        options = item_options(item)
        if answer["verdict"] not in options and options == [str(o) for o in TRANSFER_OPTIONS]:
            answer = by_item[item["number"]] = {**answer, "verdict": TRANSFER_LEGACY.get(answer["verdict"],
                                                                                          answer["verdict"])}
        if answer["verdict"] not in options:
            labels = "、".join(Verdict(o).label for o in options)
            errors.setdefault("verdicts", []).append(f"第 {item['number']} 项只能选择：{labels}")
    problems = [n for n, v in by_item.items() if v["verdict"] in (Verdict.PROBLEM, Verdict.TRANSFER)]
    if outcome == ReviewOutcome.AGREE and problems:
        errors["outcome"] = [f"第 {', '.join(map(str, sorted(problems)))} 项存在问题，不能出具同意意见"]
    if outcome == ReviewOutcome.CORRECT:
        if not correction_categories:
            errors["correction_categories"] = ["纠正意见须注明问题类别"]
        if not corrections:
            errors["corrections"] = ["纠正意见须写明补正要求"]
    if errors:
        raise InvalidInput("审核意见不完整。", "The outcome is incomplete.", fields=errors)

    for item in checklist.items:
        verdict = by_item[item["number"]]
        ItemVerdict.objects.create(package=package, item=item["number"], text=item["text"],
                                   verdict=verdict["verdict"], note=verdict.get("note", ""))
    package.outcome, package.checklist, package.opinion = outcome, checklist, opinion
    review.checklist_draft = {}
    package.correction_categories, package.corrections = list(correction_categories), corrections
    package.decided_by, package.decided_on = actor, on
    package.opinion_document = document_issue(
        case=review.case, kind=DocumentKind.LEGAL_REVIEW_OPINION, actor=actor, issued_on=on,
        content={"送审材料版本": f"第{package.number}版", "审核意见": package.get_outcome_display(), "意见": opinion,
                 **({"补正要求": corrections} if corrections else {})},
    )
    package.save()
    review.state = {ReviewOutcome.AGREE: ReviewState.AGREED, ReviewOutcome.CORRECT: ReviewState.CORRECTION_REQUESTED,
                    ReviewOutcome.RECOMMEND_TRANSFER: ReviewState.TRANSFER_RECOMMENDED}[outcome]
    if review.state != ReviewState.CORRECTION_REQUESTED:
        review.concluded_on = on
    review.version += 1
    review.save()
    handlers = [a.officer for a in review.case.assignments.select_related("officer")]
    notify(recipients=handlers + agency_leaders(agency_id=review.agency_id), kind="review_outcome",
           key=f"review:{review.pk}:outcome:{package.number}",
           title=f"{review.case.number} 法制审核意见：{package.get_outcome_display()}", link=f"/app/reviews/{review.pk}")
    return review


def _handles(actor: User, case: Case) -> bool:
    return actor.role == Role.OFFICER and case.assignments.filter(officer=actor).exists() \
        and actor.current_credential() is not None


def review_reviewer_withdrawn(*, case, person: User, actor: User) -> None:
    """A reviewer the leader ordered to withdraw (Art. 43) leaves the case's open reviews they hold: one being
    reviewed waits for the leader to assign another reviewer; one awaiting corrections is resubmitted to the
    one the leader assigns then. Their opinions already given stay on record as they were."""
    for review in Review.objects.select_for_update().filter(case=case, reviewer=person, state__in=OPEN_STATES):
        if review.state == ReviewState.UNDER_REVIEW:
            review.state = ReviewState.SUBMITTED
        review.reviewer = None
        review.version += 1
        review.save()
        notify(recipients=agency_leaders(agency_id=review.agency_id), kind="review_reviewer_withdrawn",
               key=f"review:{review.pk}:withdrawn:{review.version}",
               title=f"{case.number} 的审核人员已决定回避，请重新分配审核人员", link=f"/app/reviews/{review.pk}")


@transaction.atomic
def review_resubmit(*, review_id: int, actor: User, note: str, data: dict | None = None,
                    on: datetime.date | None = None) -> Review:
    on = on or timezone.localdate()
    review = lock_for_update(Review.objects.select_related("case"), review_id)
    if not _handles(actor, review.case):
        raise PermissionRefused("只有本案承办人员可以补正后重新提交", "Only the case's officers resubmit.")
    if review.state != ReviewState.CORRECTION_REQUESTED:
        raise Conflict(f"审核处于“{review.get_state_display()}”状态，不能重新提交。", "Nothing to resubmit.",
                       code="duplicate_submission")
    if not note:
        raise InvalidInput("请说明补正情况", "Say what was corrected.", fields={"note": ["请说明补正情况"]})
    if on > timezone.localdate():
        raise InvalidInput("日期不能晚于今天", "The date cannot be in the future.", fields={"date": ["日期不能晚于今天"]})
    _new_package(review, actor=actor, on=on, data=data or {}, note=note)
    # Back to its reviewer; to the leader for another one if that reviewer has since withdrawn (Art. 43).
    review.state = ReviewState.UNDER_REVIEW if review.reviewer_id else ReviewState.SUBMITTED
    _set_due(review, on)
    review.version += 1
    review.save()
    if review.reviewer_id is None:
        notify(recipients=agency_leaders(agency_id=review.agency_id), kind="review_submitted",
               key=f"review:{review.pk}:resubmitted:{review.version}",
               title=f"{review.case.number} 已补正并重新提交，请分配审核人员", link=f"/app/reviews/{review.pk}")
        return review
    notify(recipients=[review.reviewer], kind="review_resubmitted", key=f"review:{review.pk}:resubmitted:{review.version}",
           title=f"{review.case.number} 已补正并重新提交", link=f"/app/reviews/{review.pk}")
    return review


@transaction.atomic
def review_extend(*, review_id: int, actor: User, reason: str) -> Review:
    review = lock_for_update(Review.objects.all(), review_id)
    if actor.role != Role.LEADER or actor.agency_id != review.agency_id:
        raise PermissionRefused("延长审核期限须经本机关负责人批准", "Only a leader may extend the review period.")
    if review.extended_by_id:
        raise Conflict("审核期限已延长过一次。", "The review period was already extended.")
    if review.state not in (ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW):
        raise Conflict("审核已办结，无需延长。", "The review is not open.")
    if not reason:
        raise InvalidInput("请填写延长理由", "Give a reason.", fields={"reason": ["请填写延长理由"]})
    due = periods.REVIEW_EXTENSION.due(review.due_date)
    review.due_date, review.due_provisional, review.last_alert = due.due, due.provisional, ""
    review.extended_by, review.extension_reason = actor, reason
    review.version += 1
    review.save()
    return review


@transaction.atomic
def review_dispute(*, review_id: int, actor: User, reason: str) -> Review:
    review = lock_for_update(Review.objects.select_related("case"), review_id)
    if not _handles(actor, review.case):
        raise PermissionRefused("只有本案承办人员可以对审核意见提出异议", "Only the case's officers may dispute.")
    if review.state != ReviewState.CORRECTION_REQUESTED:
        raise Conflict("只能对纠正意见提出异议。", "Only a correction can be disputed.")
    if not reason:
        raise InvalidInput("请填写异议理由", "Give the reason.", fields={"reason": ["请填写异议理由"]})
    review.state, review.dispute_reason = ReviewState.DISPUTED, reason
    review.version += 1
    review.save()
    notify(recipients=agency_leaders(agency_id=review.agency_id), kind="review_disputed", key=f"review:{review.pk}:disputed",
           title=f"{review.case.number} 承办人员对审核意见有异议，请提交集体讨论", link=f"/app/reviews/{review.pk}")
    return review


REREVIEW_RULE_ZH = "行政处罚法第五十八条；重大执法决定法制审核：对审核意见有异议的，承办人员可申请复核一次"
REREVIEW_RULE_EN = "Art. 58; legal review of major decisions: one re-review on the handling officers' request"


def rereviewer_problem(*, reviewer: User, review: Review) -> str | None:
    """A re-review is a second look: nobody who gave an opinion that did not pass re-examines it."""
    failed = review.packages.exclude(outcome__in=["", ReviewOutcome.AGREE]).filter(decided_by=reviewer)
    if failed.exists():
        return "复核应由作出原审核意见以外的审核人员进行"
    return None


def rereview_request_due(review: Review) -> engine.Deadline | None:
    """The last day the handling officers may ask for the re-review: a set number of working days after the
    opinion that did not pass."""
    package = review.packages.order_by("-number").first()
    if package is None or package.decided_on is None:
        return None
    return periods.REREVIEW_REQUEST.due(package.decided_on)


@transaction.atomic
def review_request_rereview(*, review_id: int, actor: User, reason: str,
                            on: datetime.date | None = None) -> Review:
    """复核 (DOMAIN.md §5): when the review has not passed (纠正意见 or 建议移送), the case's handling officers may,
    once and with their reasons, ask for it to be reviewed again, within LEGAL_REREVIEW_REQUEST_WORKING_DAYS
    working days of the opinion. A leader assigns a qualified reviewer other than the one who gave the opinion,
    who reviews the same case afresh within the review period. The failed opinion stays on record as it was:
    nothing but an agreed re-review lets the case be decided (Art. 58)."""
    on = on or timezone.localdate()
    review = lock_for_update(Review.objects.select_related("case"), review_id)
    if not _handles(actor, review.case):
        raise PermissionRefused("只有本案承办人员可以申请复核", "Only the case's handling officers may ask for a re-review.")
    if review.rereview_requested_on or review.packages.filter(rereview=True).exists():
        raise Conflict(f"本案已于 {review.rereview_requested_on:%Y-%m-%d} 申请过复核，复核以一次为限；请补正后重新提交审核，"
                       f"或依法撤案（{REREVIEW_RULE_ZH}）。",
                       f"A re-review was already requested on {review.rereview_requested_on}; only one is allowed "
                       f"({REREVIEW_RULE_EN}).", code="rereview_once")
    if review.state not in FAILED_STATES:
        raise Conflict(f"审核处于“{review.get_state_display()}”状态：只能对未通过的审核意见（纠正意见、建议移送）申请复核"
                       f"（{REREVIEW_RULE_ZH}）。",
                       f"Only a review that has not passed can be re-reviewed ({REREVIEW_RULE_EN}).",
                       code="rereview_not_failed")
    if not (reason or "").strip():
        raise InvalidInput("请写明申请复核的理由", "Give the reasons for the re-review.", fields={"reason": ["请写明申请复核的理由"]})
    package = review.packages.order_by("-number").first()
    if on > timezone.localdate() or on < package.decided_on:
        message = "日期应在审核意见日期与今天之间"
        raise InvalidInput(message, "The date must lie between the opinion and today.", fields={"date": [message]})
    due = rereview_request_due(review)
    if on > due.due and not due.provisional:
        raise Conflict(f"申请复核的期限已于 {due.due:%Y-%m-%d} 届满（审核意见作出后{periods.REREVIEW_REQUEST.count}"
                       f"个工作日内；{REREVIEW_RULE_ZH}）。",
                       f"The period to ask for a re-review ended on {due.due} ({REREVIEW_RULE_EN}).",
                       code="rereview_out_of_time")
    if Review.objects.filter(case=review.case, state__in=OPEN_STATES).exclude(pk=review.pk).exists():
        raise Conflict("本案已有进行中的法制审核，不能申请复核（行政处罚法第五十八条）。",
                       "Another review of this case is in progress (Art. 58).", code="duplicate_submission")
    _new_package(review, actor=actor, on=on, data={"discretion": package.content.get("application", {})
                                                   .get("discretion", "")}, note=reason, rereview=True)
    review.rereview_requested_on, review.rereview_requested_by, review.rereview_reason = on, actor, reason
    review.state, review.reviewer, review.concluded_on = ReviewState.REREVIEW_REQUESTED, None, None
    review.extended_by, review.extension_reason = None, ""
    _set_due(review, on)
    review.version += 1
    review.save()
    notify(recipients=agency_leaders(agency_id=review.agency_id), kind="review_rereview_requested",
           key=f"review:{review.pk}:rereview", title=f"{review.case.number} 承办人员申请复核，请分配复核人员",
           link=f"/app/reviews/{review.pk}")
    return review


@transaction.atomic
def review_resolve_dispute(*, review_id: int, actor: User, result: str, minutes: str,
                           on: datetime.date | None = None) -> Review:
    """The leaders hear a disagreement with a correction. They may uphold it (the case goes back for rework);
    they may not overrule it (Art. 58), so a review that has not passed is never recorded as agreed."""
    on = on or timezone.localdate()
    review = lock_for_update(Review.objects.select_related("case"), review_id)
    if actor.role != Role.LEADER or actor.agency_id != review.agency_id:
        raise PermissionRefused("只有本机关负责人可以处理异议", "Only a leader of the agency resolves a dispute.")
    if review.state != ReviewState.DISPUTED:
        raise Conflict("该审核没有待讨论的异议。", "There is no dispute to resolve.")
    if result == DisputeResult.OVERRULE_CORRECTION:
        # 行政处罚法 Art. 58: "未经法制审核或者审核未通过的，不得作出决定". Nobody overrules a review that has
        # not passed, collective deliberation included; the case is reworked and resubmitted, or ends.
        raise Conflict("法制审核未通过的，不得以集体讨论或其他方式推翻审核意见作出决定；请补正后重新提交审核，"
                       "或依法撤案（行政处罚法第五十八条）。",
                       "A review that has not passed cannot be overruled, by deliberation or anyone (Art. 58); "
                       "rework and resubmit the case.", code="legal_gate")
    if not minutes:
        raise InvalidInput("请填写讨论记录", "Give the minutes.", fields={"minutes": ["请填写讨论记录"]})
    if on > timezone.localdate():
        raise InvalidInput("日期不能晚于今天", "The date cannot be in the future.", fields={"date": ["日期不能晚于今天"]})
    review.dispute_result, review.dispute_minutes = result, minutes
    review.state = ReviewState.CORRECTION_REQUESTED
    review.version += 1
    review.save()
    return review
