"""Reads of cases that apply who-may-see-what.

- leaders, legal reviewers, legal advisers and administrators: every case of their agency;
- officers: the cases of their unit, and any case they are assigned to;
- disclosure editors: decided cases of their agency (they publish decisions);
- everyone else: nothing.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, JSONObject
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.cases.choices import CaseState
from zhifa.cases.models import Case, CaseDeadline, CaseOfficer, Document, TimelineEvent
from zhifa.core.scope import restrict

DECIDED_STATES = [CaseState.DECIDED, CaseState.SERVED, CaseState.EXECUTING, CaseState.CLOSED, CaseState.ARCHIVED]
FINISHED_STATES = [CaseState.CLOSED, CaseState.ARCHIVED, CaseState.DROPPED, CaseState.TRANSFERRED]
AGENCY_WIDE_ROLES = {Role.LEADER, Role.LEGAL_REVIEWER, Role.LEGAL_ADVISER, Role.ADMINISTRATOR}


def _visible(queryset: QuerySet[Case], user) -> QuerySet[Case]:
    queryset = restrict(queryset, user)
    role = getattr(user, "role", None)
    if getattr(user, "is_superuser", False) or role in AGENCY_WIDE_ROLES:
        return queryset
    if role == Role.OFFICER:
        assigned = CaseOfficer.objects.filter(case=OuterRef("pk"), officer_id=user.pk)
        return queryset.filter(Q(unit_id=user.unit_id) | Exists(assigned))
    if role == Role.DISCLOSURE_EDITOR:
        return queryset.filter(state__in=DECIDED_STATES)
    return queryset.none()


def case_list(*, user) -> QuerySet[Case]:
    open_deadlines = CaseDeadline.objects.filter(case=OuterRef("pk"), met_on__isnull=True)
    return (
        _visible(Case.objects.all(), user)
        .select_related("organisation", "unit", "leader")
        .prefetch_related(Prefetch("assignments", queryset=CaseOfficer.objects.select_related("officer")))
        .annotate(next_due=Subquery(open_deadlines.order_by("due_date").values("due_date")[:1]))
        # Overdue means the earliest open deadline has passed. Read off next_due, it costs one index probe
        # per listed case; as its own EXISTS, PostgreSQL hashes every overdue deadline of the register first.
        .annotate(overdue=Coalesce(ExpressionWrapper(Q(next_due__lt=timezone.localdate()),
                                                     output_field=BooleanField()), False))
    )


# What the case list shows (CaseListSerializer). A case row is wide (facts, decisions, hearing, service…);
# a list page reads only these columns of it.
CASE_LIST_COLUMNS = (
    "id", "number", "title", "state", "source", "party_kind", "party_name", "organisation", "unit", "leader",
    "is_major", "procedure", "received_on", "filed_on", "decided_on", "proposed_penalties", "decision_penalties",
    "decision_fine", "version",
)


def case_list_page(*, user) -> QuerySet[Case]:
    """The list page: its columns, the names it shows of what a case links to, and the case's officers as one
    JSON array (`officer_rows`, in assignment order), so that a page of 50 cases is 50 model instances read
    by one query, not 50 × 4 joined instances plus a prefetch of two more per officer."""
    officers = (CaseOfficer.objects.filter(case=OuterRef("pk")).order_by().values("case")
                .annotate(rows=JSONBAgg(JSONObject(id="officer_id", name="officer__full_name",
                                                   credential_number="credential_number", is_lead="is_lead"),
                                        order_by=("-is_lead", "id")))
                .values("rows"))
    return (case_list(user=user).select_related(None).prefetch_related(None).only(*CASE_LIST_COLUMNS)
            .annotate(organisation_credit_code=F("organisation__credit_code"), unit_name=F("unit__name"),
                      leader_name=F("leader__full_name"),
                      officer_rows=Coalesce(Subquery(officers), Value([], output_field=JSONField()))))


def case_detail_queryset(*, user) -> QuerySet[Case]:
    return case_list(user=user).select_related("illegal_organisation", "hearing_presider", "decided_by",
                                               "created_by").prefetch_related("grounds")


def case_timeline(*, case: Case) -> QuerySet[TimelineEvent]:
    return case.events_timeline.select_related("actor").order_by("id")


def case_deadlines(*, case: Case) -> QuerySet[CaseDeadline]:
    return case.deadlines.order_by("due_date", "id")


def case_documents(*, case: Case) -> QuerySet[Document]:
    return case.documents.prefetch_related("officers").order_by("id")


def document_list(*, user) -> QuerySet[Document]:
    visible_cases = _visible(Case.objects.all(), user)
    return Document.objects.filter(case__in=visible_cases).select_related("case").prefetch_related("officers")


def deadlines_needing_attention(*, user, mine: bool = False, today=None) -> QuerySet[CaseDeadline]:
    """Open deadlines of the cases the user may see that are overdue or due within DEADLINE_DUE_SOON_DAYS,
    most urgent first (the dashboard's countdowns). `mine`: only cases the user handles or leads."""
    today = today or timezone.localdate()
    cases = _visible(Case.objects.all(), user)
    if mine:
        assigned = CaseOfficer.objects.filter(case=OuterRef("pk"), officer_id=user.pk)
        cases = cases.filter(Q(leader_id=user.pk) | Exists(assigned))
    cases = cases.exclude(state__in=FINISHED_STATES)  # a closed case's leftover deadlines need no one
    soon = today + datetime.timedelta(days=settings.DEADLINE_DUE_SOON_DAYS)
    return (CaseDeadline.objects.filter(case__in=cases, met_on__isnull=True, due_date__lte=soon)
            .select_related("case").order_by("due_date", "id"))


def case_statistics(*, user, year: int) -> dict:
    """Cases the user may see, by state (all years) and by month of the year (received and decided)."""
    cases = _visible(Case.objects.all(), user)
    by_state = dict(cases.order_by().values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    received = dict(cases.filter(received_on__year=year).order_by().annotate(m=ExtractMonth("received_on"))
                    .values("m").annotate(n=Count("id")).values_list("m", "n"))
    decided = dict(cases.filter(decided_on__year=year).order_by().annotate(m=ExtractMonth("decided_on"))
                   .values("m").annotate(n=Count("id")).values_list("m", "n"))
    return {"year": year, "total": sum(by_state.values()), "by_state": by_state,
            "by_month": [{"month": m, "received": received.get(m, 0), "decided": decided.get(m, 0)}
                         for m in range(1, 13)]}
