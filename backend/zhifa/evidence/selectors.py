"""Reads of evidence that apply who-may-see-what (rules.py says the same thing object by object)."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from zhifa.accounts.choices import Role
from zhifa.cases.models import CaseOfficer
from zhifa.core.scope import restrict
from zhifa.evidence.models import (
    AccessEvent,
    Collector,
    DeviceCustody,
    DisposalRequest,
    EvidenceItem,
    FixityAlarm,
    FootageInterruption,
    RecorderDevice,
    Tombstone,
    Upload,
)
from zhifa.evidence.rules import AGENCY_WIDE_ROLES, EVIDENCE_ROLES


def _visible(queryset: QuerySet[EvidenceItem], user) -> QuerySet[EvidenceItem]:
    role = getattr(user, "role", None)
    if not (user and user.is_authenticated and user.is_active) or role not in EVIDENCE_ROLES | {Role.LEGAL_ADVISER}:
        return queryset.none()
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return queryset.none()
    queryset = queryset.filter(agency_id=agency_id)
    if role == Role.LEGAL_ADVISER:  # the evidence of decisions they defend in court or reconsideration
        from zhifa.litigation.models import Matter

        return queryset.filter(Exists(Matter.objects.filter(case_id=OuterRef("case_id"), advisers=user)))
    if role in AGENCY_WIDE_ROLES:
        return queryset
    assigned = CaseOfficer.objects.filter(case_id=OuterRef("case_id"), officer_id=user.pk)
    return queryset.filter(Q(case__isnull=False, case__unit_id=user.unit_id)
                           | Q(case__isnull=True, unit_id=user.unit_id) | Exists(assigned))


def item_list(*, user) -> QuerySet[EvidenceItem]:
    return (
        _visible(EvidenceItem.objects.all(), user)
        .select_related("case", "device", "recording_officer", "created_by", "file")
        .prefetch_related(Prefetch("collectors", queryset=Collector.objects.select_related("officer")))
    )


def item_detail_queryset(*, user) -> QuerySet[EvidenceItem]:
    return item_list(user=user).select_related("admitted_by").prefetch_related(
        Prefetch("interruptions", queryset=FootageInterruption.objects.order_by("started_at", "id")),
        "derivatives",
    )


def case_items(*, user, case) -> QuerySet[EvidenceItem]:
    return item_list(user=user).filter(case=case).order_by("id")


def item_any(pk) -> EvidenceItem | None:
    """The item whatever the user may see: only to decide and log a refusal."""
    try:
        return EvidenceItem.objects.select_related("case").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def item_accesses(*, item) -> QuerySet[AccessEvent]:
    return item.accesses.select_related("user", "derivative").order_by("id")


def access_log(*, user) -> QuerySet[AccessEvent]:
    """The agency's whole access log: leaders only (they answer for the locker)."""
    if getattr(user, "role", None) != Role.LEADER:
        return AccessEvent.objects.none()
    return restrict(AccessEvent.objects.all(), user).select_related("user", "item")


def upload_list(*, user) -> QuerySet[Upload]:
    """A user's own uploads."""
    if not (user and user.is_authenticated):
        return Upload.objects.none()
    return Upload.objects.filter(created_by_id=user.pk).select_related("case", "item")


def device_list(*, user) -> QuerySet[RecorderDevice]:
    return restrict(RecorderDevice.objects.all(), user).select_related("holder")


def device_custody(*, device) -> QuerySet[DeviceCustody]:
    return device.custody.select_related("holder", "recorded_by").order_by("occurred_at", "id")


def alarm_list(*, user) -> QuerySet[FixityAlarm]:
    """Alarms about files that some item of the user's agency uses."""
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None or getattr(user, "role", None) not in (Role.LEADER, Role.ADMINISTRATOR):
        return FixityAlarm.objects.none()
    used = EvidenceItem.objects.filter(agency_id=agency_id, file_id=OuterRef("file_id"))
    return FixityAlarm.objects.filter(Exists(used)).select_related("file", "check_run", "acknowledged_by")


def disposal_list(*, user) -> QuerySet[DisposalRequest]:
    items = _visible(EvidenceItem.objects.all(), user)
    return DisposalRequest.objects.filter(item__in=items).select_related("item", "requested_by", "decided_by")


def tombstone_list(*, user) -> QuerySet[Tombstone]:
    if getattr(user, "role", None) not in EVIDENCE_ROLES:
        return Tombstone.objects.none()
    items = _visible(EvidenceItem.objects.all(), user)
    return Tombstone.objects.filter(item__in=items).select_related("requested_by", "approved_by")
