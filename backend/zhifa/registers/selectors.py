"""Reads of the registers, scoped to the reader's agency."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from zhifa.accounts.models import EnforcementCredential, User
from zhifa.cases.models import CaseOfficer
from zhifa.core.scope import restrict
from zhifa.registers.models import (
    DiscretionBenchmark,
    AnnualReport,
    CertificationMatter,
    CleanupCampaign,
    CleanupOutcome,
    InspectionDraw,
    InspectionPlan,
    InspectionResult,
    InspectorConnection,
    NormativeDocument,
    PowerList,
    RegisterPublication,
)
from zhifa.registry.choices import OrganisationStatus
from zhifa.registry.models import Organisation

CONFLICT_YEARS = 3


def normative_document_list(*, user) -> QuerySet[NormativeDocument]:
    return restrict(NormativeDocument.objects.all(), user)


def normative_document_detail_queryset(*, user) -> QuerySet[NormativeDocument]:
    return normative_document_list(user=user).prefetch_related("status_changes", "filings", "attachments")


def cleanup_campaign_list(*, user) -> QuerySet[CleanupCampaign]:
    outcomes = CleanupOutcome.objects.select_related("document")
    return restrict(CleanupCampaign.objects.prefetch_related(Prefetch("outcomes", queryset=outcomes)), user)


def discretion_benchmark_list(*, user) -> QuerySet[DiscretionBenchmark]:
    return restrict(DiscretionBenchmark.objects.select_related("ground"), user)


def discretion_benchmarks_in_force(*, agency_id: int, on: datetime.date, ground_ids=None) -> QuerySet[DiscretionBenchmark]:
    """The benchmark entries in force on a day (on the given grounds)."""
    queryset = DiscretionBenchmark.objects.filter(agency_id=agency_id, effective_on__lte=on).filter(
        Q(repealed_on__isnull=True) | Q(repealed_on__gt=on)).select_related("ground")
    return queryset.filter(ground_id__in=ground_ids) if ground_ids is not None else queryset


def certification_matter_list(*, user) -> QuerySet[CertificationMatter]:
    return restrict(CertificationMatter.objects.all(), user)


def power_list_list(*, user) -> QuerySet[PowerList]:
    return restrict(PowerList.objects.prefetch_related("items"), user)


def power_list_current(*, agency_id: int) -> PowerList | None:
    return PowerList.objects.filter(agency_id=agency_id).prefetch_related("items").order_by("-version").first()


def inspection_plan_list(*, user) -> QuerySet[InspectionPlan]:
    results = InspectionResult.objects.select_related("organisation")
    draws = InspectionDraw.objects.prefetch_related(Prefetch("results", queryset=results)).order_by("round")
    return restrict(InspectionPlan.objects.prefetch_related(Prefetch("draws", queryset=draws)), user)


def inspection_connection_list(*, user) -> QuerySet[InspectorConnection]:
    return restrict(InspectorConnection.objects.select_related("inspector", "organisation"), user).order_by("-id")


def annual_report_list(*, user) -> QuerySet[AnnualReport]:
    return restrict(AnnualReport.objects.select_related("notice"), user)


def register_publication_list(*, user) -> QuerySet[RegisterPublication]:
    return restrict(RegisterPublication.objects.select_related("notice"), user)


def current_draw(plan: InspectionPlan) -> InspectionDraw | None:
    return plan.draws.filter(superseded_at__isnull=True).order_by("-round").first()


# --- pools -----------------------------------------------------------------------------------


def inspection_targets(plan: InspectionPlan) -> QuerySet[Organisation]:
    """The target pool: the plan's registry filter (type, status, registered before), in id order."""
    queryset = Organisation.objects.filter(agency_id=plan.agency_id)
    queryset = queryset.filter(status__in=plan.target_statuses or [OrganisationStatus.NORMAL,
                                                                  OrganisationStatus.ABNORMAL])
    if plan.target_types:
        queryset = queryset.filter(type__in=plan.target_types)
    if plan.registered_before:
        queryset = queryset.filter(registration_date__lt=plan.registered_before)
    return queryset.order_by("id")


def inspection_inspectors(*, agency_id: int, on: datetime.date) -> QuerySet[User]:
    """The inspector pool: officers of the agency whose enforcement credential is valid on the day."""
    valid = EnforcementCredential.objects.filter(revoked=False, valid_from__lte=on, valid_to__gte=on)
    return (User.objects.filter(unit__agency_id=agency_id, role="officer", is_active=True,
                                credentials__in=valid).distinct().order_by("id"))


def inspection_conflicts(*, agency_id: int, organisation_ids, inspector_ids,
                         on: datetime.date) -> dict[tuple[int, int], str]:
    """(officer, organisation) pairs that may not be drawn together, with the reason:
    - the officer handled a case against the organisation received in the last 3 years; or
    - the officer is recorded as connected to it (InspectorConnection)."""
    since = on.replace(year=on.year - CONFLICT_YEARS) if not (on.month == 2 and on.day == 29) \
        else on.replace(year=on.year - CONFLICT_YEARS, day=28)
    pairs: dict[tuple[int, int], str] = {}
    handled = CaseOfficer.objects.filter(case__agency_id=agency_id, case__organisation_id__in=organisation_ids,
                                         officer_id__in=inspector_ids, case__received_on__gte=since)
    for officer_id, organisation_id, number in handled.values_list("officer_id", "case__organisation_id",
                                                                  "case__number"):
        pairs[(officer_id, organisation_id)] = f"近{CONFLICT_YEARS}年承办过该组织的案件{number}".strip()
    connected = InspectorConnection.objects.filter(agency_id=agency_id, organisation_id__in=organisation_ids,
                                                   inspector_id__in=inspector_ids)
    for officer_id, organisation_id, reason in connected.values_list("inspector_id", "organisation_id", "reason"):
        pairs[(officer_id, organisation_id)] = reason
    return pairs


def personnel_public_list(*, agency_id: int, on: datetime.date | None = None) -> list[dict]:
    """The public list of enforcement personnel: credentials valid on the day, ordered by number."""
    on = on or timezone.localdate()
    credentials = (EnforcementCredential.objects
                   .filter(Q(holder__unit__agency_id=agency_id), revoked=False, valid_from__lte=on, valid_to__gte=on,
                           holder__is_active=True)
                   .select_related("holder__unit").order_by("number"))
    return [{"name": c.holder.full_name or c.holder.username, "credential_number": c.number,
             "category": c.get_category_display(), "enforcement_area": c.enforcement_area,
             "unit": c.holder.unit.name if c.holder.unit_id else "", "valid_to": c.valid_to.isoformat()}
            for c in credentials]
