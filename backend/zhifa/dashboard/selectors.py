"""The workbench's first screen, read in one request for the requesting user's role.

Each part comes from the selector that already applies who-may-see-what (cases, reviews, notices, matters,
registry, fixity alarms), so the dashboard shows nothing its lists would hide. Every part is a bounded number of
queries, whatever the size of the register: counts are aggregates, lists are capped.
"""

import datetime
from collections import Counter, defaultdict

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.calendar import engine
from zhifa.cases.choices import CaseState
from zhifa.cases.legal_audit import legal_audit_findings
from zhifa.cases.models import CaseOfficer
from zhifa.cases.selectors import FINISHED_STATES, case_list, case_statistics, deadlines_needing_attention
from zhifa.core.deadlines import deadline_status
from zhifa.disclosure.choices import NoticeState
from zhifa.disclosure.selectors import disclosure_alarms, notice_list
from zhifa.evidence.choices import AlarmStatus
from zhifa.evidence.selectors import alarm_list
from zhifa.litigation.choices import MatterState
from zhifa.litigation.models import MatterDeadline
from zhifa.litigation.selectors import matter_list
from zhifa.registry.rules import can_view_registry
from zhifa.registry.selectors import annual_inspection_list, organisation_statistics
from zhifa.reviews.choices import ReviewOutcome, ReviewState
from zhifa.reviews.models import Package
from zhifa.reviews.selectors import review_list

TASK_LIMIT = 10
DEADLINE_LIMIT = 12
ALARM_LIMIT = 10
LEADER_CASE_STATES = [CaseState.LEAD, CaseState.DELIBERATION]
REVIEW_QUEUE_STATES = [ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW, ReviewState.DISPUTED]
NOTICE_TASK_STATES = [NoticeState.DRAFT, NoticeState.REDACTION_CHECKED]
PUBLISHED_STATES = [NoticeState.PUBLISHED, NoticeState.WITHDRAWING, NoticeState.WITHDRAWN, NoticeState.EXPIRED]


def server_today() -> datetime.date:
    """The calendar's today: the date in the server's time zone (Beijing time), whatever the browser's clock."""
    return timezone.localdate()


# --- my to-do items -------------------------------------------------------------------------------------


def _case_rows(queryset, today):
    rows = queryset.exclude(state__in=FINISHED_STATES).order_by("received_on", "id")
    return queryset.count(), [
        {"kind": "case", "id": c.pk, "number": c.number or "", "title": c.title, "stage": c.state,
         "stage_display": c.get_state_display(), "due": c.next_due,
         "status": deadline_status(c.next_due, None, today) if c.next_due else None}
        for c in rows[:TASK_LIMIT]]


def _open_cases(user):
    return case_list(user=user).select_related(None).prefetch_related(None).exclude(state__in=FINISHED_STATES)


def _tasks(user, role, today) -> tuple[int, list[dict]]:
    if role == Role.LEGAL_REVIEWER:
        reviews = (review_list(user=user).prefetch_related(None)
                   .filter(Q(reviewer=user) | Q(reviewer__isnull=True), state__in=REVIEW_QUEUE_STATES)
                   .order_by("due_date", "id"))
        return reviews.count(), [
            {"kind": "review", "id": r.pk, "number": r.case.number or "", "title": r.case.title, "stage": r.state,
             "stage_display": r.get_state_display(), "due": r.due_date,
             "status": deadline_status(r.due_date, None, today)}
            for r in reviews[:TASK_LIMIT]]
    if role == Role.LEGAL_ADVISER:
        matters = _open_matters(user).prefetch_related(None).order_by("received_on", "id")
        deadlines = defaultdict(list)
        page = list(matters[:TASK_LIMIT])
        for d in MatterDeadline.objects.filter(matter__in=[m.pk for m in page], met_on__isnull=True):
            deadlines[d.matter_id].append(d)
        rows = []
        for m in page:
            nearest = min(deadlines[m.pk], key=lambda d: d.due_date, default=None)
            rows.append({"kind": "matter", "id": m.pk, "number": m.external_number, "title":
                         f"{m.get_kind_display()} {m.plaintiff}", "stage": nearest.kind if nearest else m.state,
                         "stage_display": nearest.get_kind_display() if nearest else m.get_state_display(),
                         "due": nearest.due_date if nearest else None,
                         "status": deadline_status(nearest.due_date, None, today) if nearest else None})
        return matters.count(), rows
    if role == Role.DISCLOSURE_EDITOR:
        notices = notice_list(user=user).select_related(None).filter(state__in=NOTICE_TASK_STATES).order_by(
            "due_date", "id")
        return notices.count(), [
            {"kind": "notice", "id": n.pk, "number": "", "title": n.title, "stage": n.state,
             "stage_display": n.get_state_display(), "due": n.due_date,
             "status": deadline_status(n.due_date, None, today) if n.due_date else None}
            for n in notices[:TASK_LIMIT]]
    cases = _open_cases(user)
    if role == Role.OFFICER:
        cases = cases.filter(Exists(CaseOfficer.objects.filter(case=OuterRef("pk"), officer_id=user.pk)))
    elif role == Role.LEADER:
        cases = cases.filter(state__in=LEADER_CASE_STATES)
    return _case_rows(cases, today)


def _open_matters(user):
    return matter_list(user=user).filter(state=MatterState.OPEN)


# --- deadlines due soon or overdue ----------------------------------------------------------------------


def _deadlines(user, role, today) -> list[dict]:
    mine = role in (Role.OFFICER, Role.LEADER)
    rows = [{"kind": "case", "id": d.pk, "object_id": d.case_id, "number": d.case.number or "",
             "title": d.case.title, "stage": d.kind, "stage_display": d.get_kind_display(), "due": d.due_date,
             "status": deadline_status(d.due_date, None, today)}
            for d in deadlines_needing_attention(user=user, mine=mine, today=today)[:DEADLINE_LIMIT]]
    soon = today + datetime.timedelta(days=settings.DEADLINE_DUE_SOON_DAYS)
    matters = _open_matters(user).select_related(None).prefetch_related(None).values("pk")
    rows += [{"kind": "matter", "id": d.pk, "object_id": d.matter_id, "number": d.matter.external_number,
              "title": f"{d.matter.get_kind_display()} {d.matter.plaintiff}", "stage": d.kind,
              "stage_display": d.get_kind_display(), "due": d.due_date,
              "status": deadline_status(d.due_date, None, today)}
             for d in MatterDeadline.objects.filter(matter__in=matters, met_on__isnull=True, due_date__lte=soon)
             .select_related("matter").order_by("due_date", "id")[:DEADLINE_LIMIT]]
    rows.sort(key=lambda r: (r["due"], r["kind"], r["id"]))
    return rows[:DEADLINE_LIMIT]


# --- alarms -----------------------------------------------------------------------------------------------


def _alarms(user, today) -> dict:
    fixity = alarm_list(user=user).select_related(None).filter(status=AlarmStatus.OPEN).annotate(
        item_count=Count("file__items", distinct=True)).order_by("-id")
    shown = list(fixity[:ALARM_LIMIT])
    return {
        "disclosure": disclosure_alarms(user=user, today=today)[:ALARM_LIMIT],
        "fixity": [{"id": a.pk, "message": a.message, "opened_at": a.opened_at, "item_count": a.item_count}
                   for a in shown],
        "fixity_total": len(shown) if len(shown) < ALARM_LIMIT else fixity.count(),
    }


# --- the agency's figures ---------------------------------------------------------------------------------


def _registry(user) -> dict | None:
    if not can_view_registry(user):
        return None
    figures = organisation_statistics(user=user)
    figures["illegal_total"] = sum(figures["illegal_by_status"].values())
    by_year = defaultdict(Counter)
    for year, result, n in (annual_inspection_list(user=user).order_by().values_list("year", "result")
                            .annotate(n=Count("id"))):
        by_year[year][result] += n
    latest = max(by_year, default=None)
    figures["inspections"] = {"year": latest, "by_result": dict(by_year[latest]) if latest else {}}
    return figures


def review_statistics_by_month(*, user, year: int) -> dict:
    """Legal reviews concluded in the year, per month of the outcome: how many, and the average working days
    from submission to outcome. One query for the packages, whatever the number of months."""
    packages = list(Package.objects.filter(review__in=review_list(user=user).prefetch_related(None).values("pk"),
                                           decided_on__year=year).exclude(outcome="")
                    .values_list("submitted_on", "decided_on", "outcome"))
    months = {m: [] for m in range(1, 13)}
    with engine.calendar_snapshot():
        for submitted_on, decided_on, _outcome in packages:
            months[decided_on.month].append(engine.working_days_between(submitted_on, decided_on))
    total = len(packages)
    days = [d for month in months.values() for d in month]
    agreed = sum(1 for *_, outcome in packages if outcome == ReviewOutcome.AGREE)
    return {
        "year": year, "outcomes": total,
        "pass_rate": round(agreed / total, 4) if total else None,
        "average_working_days": round(sum(days) / total, 2) if total else None,
        "by_month": [{"month": m, "outcomes": len(months[m]),
                      "average_working_days": round(sum(months[m]) / len(months[m]), 2) if months[m] else None}
                     for m in range(1, 13)],
    }


def disclosure_timeliness(*, user, year: int) -> dict:
    """Notices published in the year, per month of publication (Beijing time): on time when published on or
    before the day they were due. Notices without a due date are not counted."""
    rows = (notice_list(user=user).select_related(None)
            .filter(state__in=PUBLISHED_STATES, published_at__year=year, due_date__isnull=False)
            .order_by().annotate(m=ExtractMonth("published_at")).values("m")
            .annotate(on_time=Count("id", filter=Q(published_at__date__lte=F("due_date"))),
                      late=Count("id", filter=Q(published_at__date__gt=F("due_date")))))
    by_month = {r["m"]: r for r in rows}
    return {"year": year, "by_month": [{"month": m, "on_time": by_month.get(m, {}).get("on_time", 0),
                                        "late": by_month.get(m, {}).get("late", 0)} for m in range(1, 13)]}


def dashboard(*, user) -> dict:
    """What the requesting user's dashboard shows."""
    today = server_today()
    role = getattr(user, "role", None) or Role.ADMINISTRATOR
    tasks_total, tasks = _tasks(user, role, today)
    sees_reviews = role != Role.DISCLOSURE_EDITOR
    sees_notices = getattr(user, "is_superuser", False) or role in (
        Role.DISCLOSURE_EDITOR, Role.LEADER, Role.ADMINISTRATOR, Role.LEGAL_REVIEWER, Role.LEGAL_ADVISER)
    return {
        "role": role,
        "today": today,
        "year": today.year,
        "tasks_total": tasks_total,
        "tasks": tasks,
        "deadlines": _deadlines(user, role, today),
        "alarms": _alarms(user, today),
        "registry": _registry(user),
        "cases": case_statistics(user=user, year=today.year),
        "reviews": review_statistics_by_month(user=user, year=today.year) if sees_reviews else None,
        "disclosure": disclosure_timeliness(user=user, year=today.year) if sees_notices else None,
        # The nightly legal audit of the agency's register (cases/invariants.py), for those who answer for it.
        "legality": legal_audit_findings(agency_id=getattr(user, "agency_id", None))
        if role in (Role.LEADER, Role.LEGAL_REVIEWER, Role.LEGAL_ADVISER, Role.ADMINISTRATOR) else None,
    }
