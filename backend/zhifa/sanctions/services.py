"""Writes of the non-monetary penalties. Each refusal names its article; a refused write changes nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases.choices import CaseState, DocumentKind, PenaltyKind
from zhifa.cases.models import Case
from zhifa.cases.numbering import format_number, next_number
from zhifa.cases.rules import ACTOR_PREDICATES, handles_case
from zhifa.core.concurrency import lock_for_update
from zhifa.core.deadlines import deadline_rows_sync
from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
from zhifa.sanctions.choices import SanctionDeadlineKind, StopOrderAction
from zhifa.sanctions.models import CreditListing, StopOrder
from zhifa.sanctions.periods import (
    CREDIT_LIST_ARTICLE,
    CREDIT_LIST_BASIS,
    CREDIT_LIST_EN,
    STOP_ENDS_BASIS,
    STOP_REMINDER,
    stop_article,
    stop_article_en,
)

SERVED = {CaseState.SERVED, CaseState.EXECUTING}
UNDONE_ARTICLES = "《行政诉讼法》第七十条、第七十四条、第七十五条"
# A stop period longer than this is a typing error, not a decision (the regulations set no maximum).
LONGEST_STOP_DAYS = 3 * 366


def _refuse_fields(errors: dict[str, list[str]]) -> None:
    raise InvalidInput("；".join(m for ms in errors.values() for m in ms), "Invalid input.", fields=errors)


def _check_actor(actor: User, case: Case) -> None:
    if not (handles_case(actor, case) or ACTOR_PREDICATES["leader"].test(actor, case)):
        raise PermissionRefused("只有本案承办人员或负责人可以登记处罚的执行",
                                "Only the case's officers or a leader may record this.")


def _check_date(on: datetime.date, case: Case, field: str = "date") -> None:
    if on > timezone.localdate() or on < case.served_on:
        _refuse_fields({field: [f"日期应在送达日期（{case.served_on}）与今天之间"]})


def _served_with(case: Case, kinds: set[str], article: str, article_en: str) -> str:
    """The one of `kinds` the served decision imposes, or a refusal naming the article."""
    if case.state not in SERVED or not case.served_on:
        raise Conflict(f"处罚决定书送达后方可执行（《行政处罚法》第六十一条；{article}）。",
                       f"The decision is carried out once served (Administrative Penalty Law Art. 61; {article_en}).",
                       code="legal_gate")
    imposed = [k for k in (case.decision_penalties or []) if k in kinds]
    if not imposed:
        words = "或".join(f"“{PenaltyKind(k).label}”" for k in sorted(kinds))
        raise Conflict(f"处罚决定没有{words}（{article}）。", f"The decision imposes no {'/'.join(sorted(kinds))} "
                       f"({article_en}).", code="legal_gate")
    return imposed[0]


def _number(case: Case, kind: str, words: str, on: datetime.date) -> str:
    sequence = next_number(agency=case.agency, kind=f"doc:{kind}", year=on.year)
    return format_number(f"{case.agency.short_name}{words}", on.year, sequence)


def stop_deadlines_recompute(*, order: StopOrder) -> None:
    if order.undone_on:
        deadline_rows_sync(related_manager=order.deadlines, wanted={})  # nothing runs under a decision taken away
        return
    remind = STOP_REMINDER.due(order.ends_on)
    wanted = {(SanctionDeadlineKind.STOP_ENDS, ""): {
        "basis": STOP_ENDS_BASIS.format(article=order.basis)[:200], "start_date": order.starts_on,
        "due_date": order.ends_on, "remind_on": remind.due, "provisional": remind.provisional,
        "met_on": order.lifted_on}}
    deadline_rows_sync(related_manager=order.deadlines, wanted=wanted)


@transaction.atomic
def stop_order_seal(*, case_id: int, actor: User, sealed_on: datetime.date, items: str,
                    starts_on: datetime.date, ends_on: datetime.date) -> StopOrder:
    """封存: the certificate, seal and vouchers sealed for the stop period the served decision set."""
    case = lock_for_update(Case.objects.select_related("agency", "organisation"), case_id)
    _check_actor(actor, case)
    article, article_en = stop_article(case.organisation), stop_article_en(case.organisation)
    _served_with(case, {PenaltyKind.STOP_ACTIVITIES}, article, article_en)
    if StopOrder.objects.filter(case=case).exists():
        raise Conflict(f"本案已登记封存（{article}）。", f"The sealing of this case is already recorded ({article_en}).")
    errors = {}
    if not items.strip():
        errors["sealed_items"] = ["请写明封存的登记证书、印章和财务凭证"]
    if starts_on < case.served_on:
        errors["starts_on"] = [f"停止活动期限自处罚决定书送达（{case.served_on}）后起算（《行政处罚法》第六十一条）"]
    elif starts_on > sealed_on:
        # The sealing is what stops the activities: a period recorded as starting later is a typing error.
        errors["starts_on"] = ["停止活动期限的起始日不应晚于封存日期"]
    if ends_on <= starts_on:
        errors["ends_on"] = ["届满日应晚于起始日"]
    elif (ends_on - starts_on).days > LONGEST_STOP_DAYS:
        errors["ends_on"] = ["停止活动期限超过三年，请核对处罚决定书"]
    if errors:
        _refuse_fields(errors)
    _check_date(sealed_on, case, "sealed_on")
    order = StopOrder.objects.create(
        agency=case.agency, case=case, organisation=case.organisation, basis=article, starts_on=starts_on,
        ends_on=ends_on, sealed_on=sealed_on, sealed_items=items.strip(),
        sealing_number=_number(case, "stop_sealing", "民封", sealed_on), created_by=actor)
    stop_deadlines_recompute(order=order)
    return order


@transaction.atomic
def stop_order_act(*, order_id: int, actor: User, action: str, on: datetime.date, summary: str = "") -> StopOrder:
    order = lock_for_update(StopOrder.objects.all(), order_id)
    case = Case.objects.select_related("agency", "organisation").get(pk=order.case_id)
    article_en = stop_article_en(case.organisation)
    _check_actor(actor, case)
    _check_date(on, case)
    if order.lifted_on:
        raise Conflict(f"封存已于{order.lifted_on}解除（{order.basis}）。",
                       f"The sealing was lifted on {order.lifted_on} ({article_en}).")
    if order.undone_on:
        raise Conflict(f"{order.undone_reason}，封存已于{order.undone_on}解除，不再执行（{UNDONE_ARTICLES}）。",
                       f"The decision was taken away by an effective outcome; the sealing ended on {order.undone_on} "
                       "(Administrative Litigation Law Art. 70, 74, 75).", code="legal_gate")
    if action == StopOrderAction.REPORT:
        if not summary.strip():
            _refuse_fields({"summary": ["请摘录整改报告的内容"]})
        if on < order.sealed_on:
            _refuse_fields({"date": [f"整改报告应在封存（{order.sealed_on}）之后收到"]})
        order.report_received_on, order.report_summary = on, summary.strip()
    elif action == StopOrderAction.LIFT:
        if on < order.ends_on:
            raise Conflict(f"停止活动期限至{order.ends_on}届满，届满前不能解除封存（{order.basis}）。",
                           f"The stop period ends on {order.ends_on}; the sealing is lifted at its end ({article_en}).",
                           code="legal_gate")
        order.lifted_on = on
        order.lifting_number = _number(case, "stop_lifting", "民解封", on)
    else:
        _refuse_fields({"action": ["未知的操作"]})
    order.save()
    stop_deadlines_recompute(order=order)
    return order


@transaction.atomic
def credit_listing_create(*, case_id: int, actor: User, on: datetime.date) -> CreditListing:
    """列入严重违法失信名单: an organisation whose registration was revoked, or ordered to stop its activities, once
    the decision is served."""
    case = lock_for_update(Case.objects.select_related("agency", "organisation"), case_id)
    _check_actor(actor, case)
    kind = _served_with(case, {PenaltyKind.DEREGISTRATION, PenaltyKind.STOP_ACTIVITIES}, CREDIT_LIST_ARTICLE,
                        CREDIT_LIST_EN)
    if case.organisation_id is None:
        raise Conflict(f"当事人不是登记的社会组织，不列入严重违法失信名单（{CREDIT_LIST_ARTICLE}）。",
                       f"The party is not a registered organisation ({CREDIT_LIST_EN}).", code="legal_gate")
    if CreditListing.objects.filter(case=case).exists():
        raise Conflict(f"本案的社会组织已列入严重违法失信名单（{CREDIT_LIST_ARTICLE}）。",
                       f"Already listed under this decision ({CREDIT_LIST_EN}).")
    _check_date(on, case)
    document = (case.documents.filter(kind=DocumentKind.DECISION).order_by("-issued_on", "-id").first())
    return CreditListing.objects.create(
        agency=case.agency, case=case, organisation=case.organisation, listed_on=on, basis=CREDIT_LIST_BASIS[kind],
        decision_number=document.number if document else "", created_by=actor)


def decision_undone(*, case: Case, on: datetime.date, reason: str) -> dict:
    """An effective outcome revoked, voided or confirmed illegal the case's decision (DOMAIN.md §7): the sealing
    still in place ends, and the organisation leaves the 严重违法失信名单. Called by litigation.services in the
    outcome's transaction; safe to call twice."""
    released = 0
    for order in StopOrder.objects.select_for_update().filter(case=case, lifted_on__isnull=True, undone_on__isnull=True):
        order.undone_on, order.undone_reason = on, reason[:300]
        order.save(update_fields=["undone_on", "undone_reason"])
        stop_deadlines_recompute(order=order)
        released += 1
    return {"sealing_released": released, "credit_list_removed": credit_listing_remove(case=case, on=on, reason=reason)}


def credit_listing_remove(*, case: Case, on: datetime.date, reason: str) -> int:
    """Take the organisation off the list when an effective outcome revokes, voids or confirms illegal the
    decision it was listed under (called by litigation when the outcome takes effect). Returns rows changed."""
    return (CreditListing.objects.filter(case=case, removed_on__isnull=True)
            .update(removed_on=on, removal_reason=reason[:300]))

