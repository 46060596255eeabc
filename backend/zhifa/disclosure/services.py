"""Disclosure (行政执法公示): drafts, redaction, approval, publishing, withdrawal, expiry."""

from __future__ import annotations

import datetime
import hashlib
import re

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.accounts.models import User
from zhifa.calendar import engine
from zhifa.calendar.periods import Period
from zhifa.cases.choices import DecisionOutcome, PartyKind, PenaltyKind
from zhifa.cases.models import Case
from zhifa.core.concurrency import apply_changes, lock_for_update
from zhifa.core.confidential import declared, secret_values
from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
from zhifa.core.search import bigrams
from zhifa.disclosure import hooks, periods, site
from zhifa.disclosure.choices import (
    NoticeKind,
    NoticeState,
    NotPublishedReason,
    PublicationAction,
    Severity,
    WithdrawalTrigger,
)
from zhifa.disclosure.fields import decision_text, penalty_fields
from zhifa.disclosure.masking import mask_fields, mask_text, pii_findings, public_texts
from zhifa.disclosure.models import Notice, NoticeStep, Publication
from zhifa.disclosure.selectors import public_search_text
from zhifa.disclosure.store import publication_store

SITE_LOCK_KEY = 0x5A48_5055  # one writer of the public site at a time
EDITABLE = [NoticeState.DRAFT, NoticeState.REDACTION_CHECKED]


def _step(notice: Notice, action: str, actor=None, note: str = "") -> None:
    NoticeStep.objects.create(notice=notice, action=action, actor=actor, note=note)


DECISION_KINDS = (NoticeKind.PENALTY_DECISION, NoticeKind.DEREGISTRATION)


def withheld_names(case: Case | None) -> list[str]:
    """Who is never named in public: the reporter (举报人), in any form, and the reporter's contact."""
    if case is None:
        return []
    return [value for value in (case.reporter_name, case.reporter_contact) if value and value.strip()]


def _remask(notice: Notice) -> None:
    """The public copy is always recomputed from the original: mandatory masks cannot be switched off.
    Every published text is masked: the title, the field names and values, and the body."""
    case = notice.case if notice.case_id else None
    withheld = withheld_names(case)
    third = [name for name in notice.third_parties if name not in withheld]
    # The public is outside every confidential field's audience (zhifa.core.confidential): whatever value the
    # case's confidential fields hold or held (the party's ID number and home address) is removed wherever it
    # stands, labelled or not, besides what the masking rules find.
    confidential = [v for v in (secret_values(case, declared(case)) if case else ()) if v not in withheld]
    options = {"third_parties": third, "extra_masks": [*notice.extra_masks, *confidential], "withheld": withheld}
    notice.masked_title = mask_text(notice.title, **options)
    notice.masked_fields = mask_fields(notice.fields, **options)
    notice.masked_body = mask_text(notice.body, **options)
    notice.search_bigrams = bigrams(public_search_text(notice))


def public_findings(notice: Notice) -> list[tuple[str, str]]:
    """What the scanner still finds in everything of the notice that would be published."""
    texts = [notice.masked_title, notice.masked_body, *public_texts(notice.masked_fields)]
    return [finding for text in texts for finding in pii_findings(text)]


def birth_date_from_id(number: str) -> datetime.date | None:
    """The birth date an ID number carries (18-digit: characters 7-14; 15-digit: YYMMDD from the 7th)."""
    number = (number or "").strip()
    try:
        if len(number) == 18 and number[:17].isdecimal():
            return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        if len(number) == 15 and number.isdecimal():
            return datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return None
    return None


def _age_on(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def minor_party_note(case: Case) -> str | None:
    """Why a decision concerning a minor is never published, or None. A party who was under 18 when the act
    was committed (or, with no act date, when the decision was made) is a minor, as the ID number says."""
    if case.party_kind != PartyKind.PERSON:
        return None
    if getattr(case, "party_is_minor", False):  # declared on the case, where the case records it
        return "当事人为未成年人（案件登记时声明），依法不予公示。"
    born = birth_date_from_id(case.person_id_number)
    on = case.act_date or case.decided_on
    if born and on and _age_on(born, on) < 18:
        return "当事人为未成年人（据公民身份号码所载出生日期，违法行为发生时未满十八周岁），依法不予公示。"
    return None


def severity_for(case: Case) -> str:
    penalties = set(case.decision_penalties or [])
    if penalties & {PenaltyKind.DEREGISTRATION, PenaltyKind.STOP_ACTIVITIES, PenaltyKind.BAN}:
        return Severity.SERIOUS
    if penalties & {PenaltyKind.FINE, PenaltyKind.CONFISCATION}:
        return Severity.ORDINARY
    return Severity.MINOR


def _publication_end(start: datetime.date, months: int) -> datetime.date | None:
    return engine.add_months(start, months).due if months else None


def disclosure_period(case: Case) -> Period:
    """DOMAIN.md §4: a general-procedure penalty decision (a warning alone and 不予处罚 included) is published
    within 7 working days of the decision; other enforcement decisions, 取缔 of an illegal organisation
    included, within 20."""
    if PenaltyKind.BAN in (case.decision_penalties or []):
        return periods.OTHER_DECISION
    if case.decision_outcome in (DecisionOutcome.PENALTY, DecisionOutcome.NO_PENALTY):
        return periods.PENALTY_DECISION
    return periods.OTHER_DECISION


NUMBERISH_TAIL = re.compile("[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a〇零一二三四五六七八九\\s.\\-\uff0d]+$")


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, never ending inside a number or word: a number cut short would no longer be
    recognisable, and half of it would be published."""
    if len(text) <= limit:
        return text
    return NUMBERISH_TAIL.sub("", text[:limit])


def _decision_title(case: Case) -> str:
    penalties = case.decision_penalties or []
    if PenaltyKind.DEREGISTRATION in penalties:
        suffix = "撤销登记公告"
    elif PenaltyKind.BAN in penalties:
        suffix = "取缔决定公告"
    elif case.decision_outcome == DecisionOutcome.NO_PENALTY:
        suffix = "不予行政处罚决定公示"
    else:
        suffix = "行政处罚决定公示"
    return f"{_cut(case.party_name, 200 - len(suffix))}{suffix}"


def notice_draft_from_case(*, case: Case, counted_from: datetime.date | None = None) -> Notice:
    """The draft notice of a decision, due 7 or 20 working days after the decision date
    (`disclosure_period`). It is drafted at the decision but can't be approved or published before the
    party has been served (`notice_approve`). A warning alone is published on the site too; as a minor
    breach it has no period on the credit platform and stays out of the 双公示 export. A decision concerning
    a minor is never published, and the reason is recorded. A decision changed by an effective outcome
    (变更) is drafted again, its periods counted from the day the change took effect (`counted_from`)."""
    severity = severity_for(case)
    months = settings.DISCLOSURE_PERIOD_MONTHS[severity][0]
    start = counted_from or case.decided_on
    due = disclosure_period(case).due(start)
    end = _publication_end(start, months)
    revoked = PenaltyKind.DEREGISTRATION in (case.decision_penalties or [])
    notice = Notice(
        agency=case.agency, case=case, kind=NoticeKind.DEREGISTRATION if revoked else NoticeKind.PENALTY_DECISION,
        title=_decision_title(case),
        fields=penalty_fields(case, publication_end=end), body=decision_text(case),
        third_parties=[], severity=severity, period_months=months,
        decided_on=case.decided_on, due_date=due.due, due_provisional=due.provisional, publication_end=end,
    )
    if note := minor_party_note(case):
        notice.state, notice.not_published_reason = NoticeState.NOT_PUBLISHED, NotPublishedReason.MINOR_PARTY
        notice.not_published_note = note
    _remask(notice)
    notice.save()
    _step(notice, "drafted", note="原决定被变更后重新生成" if counted_from else "作出决定后自动生成")
    return notice


@transaction.atomic
def notice_create(*, actor: User, kind: str, title: str, body: str, fields: dict | None = None,
                  third_parties=(), decided_on=None, due_date: datetime.date | None = None) -> Notice:
    """A notice written by hand: a general notice, an illegal-organisation announcement, a register.
    Due 20 working days after `decided_on` unless a rule fixes the date (`due_date`, e.g. the annual
    report's 31 January)."""
    if kind in (NoticeKind.PENALTY_DECISION, NoticeKind.DEREGISTRATION, NoticeKind.WITHDRAWAL_STATEMENT):
        raise InvalidInput("处罚决定公示由作出决定时自动生成；撤回说明由撤回操作生成。",
                           "Decision notices and withdrawal statements are created by the system.",
                           fields={"kind": ["此类公示不能手工创建"]})
    today = timezone.localdate()
    notice = Notice(agency_id=actor.agency_id, kind=kind, title=title, body=body, fields=fields or {},
                    third_parties=list(third_parties), severity=Severity.ORDINARY, period_months=0,
                    decided_on=decided_on or today,
                    due_date=due_date or periods.OTHER_DECISION.due(decided_on or today).due)
    _remask(notice)
    notice.save()
    _step(notice, "created", actor)
    return notice


@transaction.atomic
def notice_update(*, notice_id: int, actor: User, expected_version: int | None = None, **changes) -> Notice:
    notice = lock_for_update(Notice.objects.all(), notice_id, expected_version=expected_version)
    if notice.state not in EDITABLE:
        raise Conflict(f"公示处于“{notice.get_state_display()}”状态，不能修改。", "The notice can no longer be edited.")
    if all(getattr(notice, name) == value for name, value in changes.items()):
        return notice  # nothing to change: the checked redaction stands, no version, no step
    severity = changes.get("severity", notice.severity)
    default, low, high = settings.DISCLOSURE_PERIOD_MONTHS[severity]
    months = changes.get("period_months", default if "severity" in changes else notice.period_months)
    if not low <= months <= high:
        raise InvalidInput(f"“{Severity(severity).label}”失信的公示期应为 {low}–{high} 个月",
                           f"The period for {severity} must be {low}-{high} months.",
                           fields={"period_months": [f"应为 {low}–{high} 个月"]})
    changed = apply_changes(notice, {**changes, "period_months": months})
    if notice.decided_on:
        notice.publication_end = _publication_end(notice.decided_on, months)
        if "CF_GSJZQ" in notice.fields:
            notice.fields = {**notice.fields, "CF_GSJZQ": notice.publication_end.isoformat()
                             if notice.publication_end else ""}
    notice.state = NoticeState.DRAFT  # any change needs the redaction checked again
    notice.version += 1
    _remask(notice)
    notice.save()
    _step(notice, "edited", actor, note="、".join(sorted(changed)))
    return notice


def awaiting_service(notice: Notice) -> bool:
    """A decision notice whose decision has not been served on the party yet (DOMAIN.md §4: nothing is
    published before the party has been served)."""
    if notice.kind not in DECISION_KINDS or not notice.case_id:
        return False
    served_on = Case.objects.filter(pk=notice.case_id).values_list("served_on", flat=True).first()
    return served_on is None or served_on > timezone.localdate()


def _unserved_decisions() -> Q:
    unserved = Case.objects.filter(Q(served_on__isnull=True) | Q(served_on__gt=timezone.localdate())).values("pk")
    return Q(kind__in=DECISION_KINDS, case_id__in=unserved)  # a subquery: no join under FOR UPDATE


def _require_served(notice: Notice) -> None:
    if awaiting_service(notice):
        raise Conflict("处罚决定书尚未送达当事人，送达前不得公示（国办发〔2018〕118号：行政执法决定公示）。",
                       "The decision has not been served on the party yet; it can't be published before service.",
                       code="not_served")


def _require_editor(actor: User, notice: Notice, *also) -> None:
    roles = {Role.DISCLOSURE_EDITOR, *also}
    if actor.role not in roles or actor.agency_id != notice.agency_id:
        raise PermissionRefused("此操作须由本机关公示管理员执行", "Only the agency's disclosure editors may do this.")


@transaction.atomic
def notice_check_redaction(*, notice_id: int, actor: User, expected_version: int | None = None) -> Notice:
    notice = lock_for_update(Notice.objects.all(), notice_id, expected_version=expected_version)
    _require_editor(actor, notice)
    if notice.state != NoticeState.DRAFT:
        raise Conflict(f"公示处于“{notice.get_state_display()}”状态。", "Only a draft's redaction is checked.")
    findings = public_findings(notice)
    if findings:
        raise Conflict(f"隐私处理后仍有未隐去的信息：{'、'.join(m for _, m in findings[:5])}", "Unmasked data remains.")
    notice.state, notice.redaction_checked_by, notice.redaction_checked_at = (
        NoticeState.REDACTION_CHECKED, actor, timezone.now())
    notice.version += 1
    notice.save()
    _step(notice, "redaction_checked", actor)
    return notice


@transaction.atomic
def notice_approve(*, notice_id: int, actor: User, expected_version: int | None = None) -> Notice:
    """Approval publishes: the notice goes to the publish queue as soon as the transaction commits."""
    from zhifa.disclosure.tasks import publish_notice

    notice = lock_for_update(Notice.objects.all(), notice_id, expected_version=expected_version)
    _require_editor(actor, notice, Role.LEADER)
    if notice.state != NoticeState.REDACTION_CHECKED:
        raise Conflict(f"公示处于“{notice.get_state_display()}”状态，须先核查隐私处理后方可审批发布。",
                       "Only a notice whose redaction was checked can be approved.", code="not_checked")
    if notice.redaction_checked_by_id == actor.pk:
        raise PermissionRefused("核查隐私处理与审批发布须由不同人员完成。", "The checker may not also approve.")
    _require_served(notice)
    notice.state, notice.approved_by, notice.approved_at = NoticeState.APPROVED, actor, timezone.now()
    notice.version += 1
    notice.save()
    _step(notice, "approved", actor)
    publish_notice.delay_on_commit(notice.pk, republish=False)
    return notice


@transaction.atomic
def notice_mark_not_published(*, notice_id: int, actor: User, reason: str, note: str) -> Notice:
    notice = lock_for_update(Notice.objects.all(), notice_id)
    _require_editor(actor, notice)
    if notice.state not in EDITABLE:
        raise Conflict("已审批或已发布的公示不能改为不予公示。", "Too late to decide not to publish.")
    if not note:
        raise InvalidInput("请说明不予公示的具体理由", "Explain why.", fields={"note": ["请说明具体理由"]})
    notice.state, notice.not_published_reason, notice.not_published_note = NoticeState.NOT_PUBLISHED, reason, note
    notice.version += 1
    notice.save()
    _step(notice, "not_published", actor, note=f"{NotPublishedReason(reason).label}：{note}")
    return notice


def _site_lock(cursor) -> None:
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SITE_LOCK_KEY])


def _record(notice: Notice, action: str, written: int) -> None:
    page = site.render_file(f"notices/{notice.slug}.html") or b""
    Publication.objects.get_or_create(notice=notice, action=action, defaults={
        "path": notice.url_path, "sha256": hashlib.sha256(page).hexdigest(), "at": timezone.now(),
        "pages_written": written})


PUBLISHABLE = [NoticeState.APPROVED, NoticeState.PUBLISHING, NoticeState.PUBLISHED]
PUBLISH_BATCH = 200  # notices that share one rewrite of the index pages; bounds how long the site lock is held


def notice_publish(*, notice_id: int, at: datetime.datetime | None = None, with_waiting: bool = False) -> Notice | None:
    """Write an approved notice to the public site. Safe to run twice or after a crash: the files are
    a function of the database, and the publication record is unique per notice and action.
    `at` backdates the publication when loading records of notices published before Zhifa.

    `with_waiting` is how the publish task calls it: other approved notices waiting in the queue go out in
    the same pass (up to PUBLISH_BATCH), so the home, archive, category and feed pages they share are
    rewritten once rather than once per notice; their own tasks then find them published and do nothing."""
    with transaction.atomic(), connection.cursor() as cursor:
        _site_lock(cursor)
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.state not in PUBLISHABLE or awaiting_service(notice):
            return notice
        if with_waiting and notice.state == NoticeState.PUBLISHED:
            return notice  # published already, with an earlier batch
        batch = [notice]
        if with_waiting:
            batch += list(Notice.objects.select_for_update(skip_locked=True)
                          .filter(state__in=[NoticeState.APPROVED, NoticeState.PUBLISHING]).exclude(pk=notice_id)
                          .exclude(kind=NoticeKind.WITHDRAWAL_STATEMENT)  # published by its withdrawal
                          .exclude(_unserved_decisions())
                          .order_by("approved_at", "id")[:PUBLISH_BATCH - 1])
        for each in batch:
            if each.published_at is None:
                each.published_at = at or timezone.now()
                each.slug = f"{site.local_date(each.published_at):%Y%m%d}-{each.pk}"
            each.state = NoticeState.PUBLISHED
            each.content_sha256 = hashlib.sha256(site.notice_json(each)).hexdigest()
            each.save()
        written = site.write_notice_files(publication_store(), batch)
        for each in batch:
            _record(each, PublicationAction.PUBLISH, written)
            if not each.steps.filter(action="published").exists():
                _step(each, "published")
            hooks.notice_published(notice=each)
    return notice


@transaction.atomic
def notice_withdraw(*, notice_id: int, actor: User | None, reason: str, trigger: str,
                    on: datetime.date | None = None) -> Notice:
    """Start withdrawing a published notice (3 working days at most): its page becomes a statement with
    the reason, it leaves the indexes and the feed, and a withdrawal statement is published."""
    from zhifa.disclosure.tasks import withdraw_notice

    on = on or timezone.localdate()
    notice = lock_for_update(Notice.objects.all(), notice_id)
    if actor is not None:
        _require_editor(actor, notice)
    if not reason:
        raise InvalidInput("撤回公示须说明理由", "A withdrawal needs a reason.", fields={"reason": ["请填写撤回理由"]})
    if notice.state in (NoticeState.WITHDRAWING, NoticeState.WITHDRAWN):
        return notice
    if notice.state != NoticeState.PUBLISHED:
        raise Conflict(f"公示处于“{notice.get_state_display()}”状态，只有已公示的可以撤回。", "Only published notices.")
    notice.state, notice.withdrawal_reason, notice.withdrawal_trigger = NoticeState.WITHDRAWING, reason, trigger
    notice.withdrawal_requested_on = on
    notice.withdrawal_due = periods.WITHDRAWAL.due(on).due
    notice.version += 1
    notice.save()
    statement = Notice(agency=notice.agency, case=notice.case, kind=NoticeKind.WITHDRAWAL_STATEMENT, withdraws=notice,
                       third_parties=notice.third_parties, extra_masks=notice.extra_masks,
                       title=f"关于撤回“{notice.title}”的说明", severity=notice.severity, period_months=0,
                       body=f"原公示“{notice.title}”（发布于 {site.local_date(notice.published_at):%Y年%m月%d日}）"
                            f"因{WithdrawalTrigger(trigger).label}撤回。理由：{reason}",
                       decided_on=on, due_date=notice.withdrawal_due, state=NoticeState.APPROVED, approved_by=actor,
                       approved_at=timezone.now())
    _remask(statement)
    statement.save()
    _step(notice, "withdrawal_requested", actor, note=reason)
    withdraw_notice.delay_on_commit(notice.pk)
    return notice


def notice_withdraw_publish(*, notice_id: int) -> Notice | None:
    with transaction.atomic(), connection.cursor() as cursor:
        _site_lock(cursor)
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.state not in (NoticeState.WITHDRAWING, NoticeState.WITHDRAWN):
            return notice
        notice.state = NoticeState.WITHDRAWN
        notice.withdrawn_at = notice.withdrawn_at or timezone.now()
        notice.save()
        statement = notice.withdrawal_statement
        if statement.published_at is None:
            statement.published_at = notice.withdrawn_at
            statement.slug = f"{site.local_date(statement.published_at):%Y%m%d}-{statement.pk}"
        statement.state = NoticeState.PUBLISHED
        statement.content_sha256 = hashlib.sha256(site.notice_json(statement)).hexdigest()
        statement.save()
        written = site.write_notice_files(publication_store(), [notice, statement])
        _record(notice, PublicationAction.WITHDRAW, written)
        _record(statement, PublicationAction.PUBLISH, written)
        if not notice.steps.filter(action="withdrawn").exists():
            _step(notice, "withdrawn")
    return notice


def withdraw_decision_notices(*, case: Case, reason: str, trigger: str, on: datetime.date | None = None) -> list[Notice]:
    """The hook for reconsideration and litigation outcomes that revoke, change, or find a decision
    illegal or void: every published notice of the case is withdrawn."""
    return [notice_withdraw(notice_id=notice.pk, actor=None, reason=reason, trigger=trigger, on=on)
            for notice in case.notices.filter(state=NoticeState.PUBLISHED)
            .exclude(kind=NoticeKind.WITHDRAWAL_STATEMENT)]


def notices_expire(*, today: datetime.date | None = None) -> int:
    """Take down notices whose publication period has ended."""
    today = today or timezone.localdate()
    expired = 0
    for notice_id in Notice.objects.filter(state=NoticeState.PUBLISHED, publication_end__lt=today) \
            .values_list("pk", flat=True):
        with transaction.atomic(), connection.cursor() as cursor:
            _site_lock(cursor)
            notice = Notice.objects.select_for_update().get(pk=notice_id)
            if notice.state != NoticeState.PUBLISHED:
                continue
            notice.state, notice.expired_at = NoticeState.EXPIRED, timezone.now()
            notice.save()
            written = site.write_notice_files(publication_store(), [notice])
            _record(notice, PublicationAction.EXPIRE, written)
            _step(notice, "expired")
            expired += 1
    return expired


def publication_sweep(*, older_than: datetime.timedelta = datetime.timedelta(minutes=5)) -> int:
    """Requeue notices stuck mid-publication (a worker died): the database row is the job."""
    from zhifa.disclosure.tasks import publish_notice, withdraw_notice

    cutoff = timezone.now() - older_than
    stuck = Notice.objects.filter(updated_at__lt=cutoff)
    count = 0
    for pk in stuck.filter(state__in=[NoticeState.APPROVED, NoticeState.PUBLISHING]).values_list("pk", flat=True):
        publish_notice.delay(pk, republish=False)
        count += 1
    for pk in stuck.filter(state=NoticeState.WITHDRAWING).values_list("pk", flat=True):
        withdraw_notice.delay(pk)
        count += 1
    return count


def disclosure_site_rebuild() -> int:
    """Regenerate every file from the database (disaster recovery); removes files that should not exist."""
    with transaction.atomic(), connection.cursor() as cursor:
        _site_lock(cursor)
        site.months_recount()
        store = publication_store()
        wanted = site.all_files()
        if hasattr(store, "files"):
            for stale in set(store.files()) - set(wanted):
                store.delete(stale)
        return site.write_files(store, wanted)
