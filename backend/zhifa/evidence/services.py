"""Every write to the evidence locker except uploads (uploads.py), ingest (ingest.py) and fixity (fixity.py).

Devices and their custody ledger; an item's metadata, collectors and recording interruptions; listing an
item as case evidence (kept permanently from then on); retention and disposal with a leader's approval,
ending in a tombstone.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.accounts.models import User
from zhifa.accounts.selectors import agency_leaders
from zhifa.core.concurrency import apply_changes, lock_for_update
from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
from zhifa.evidence import storage
from zhifa.evidence.choices import CustodyAction, DeviceStatus, DisposalStatus, ItemStatus
from zhifa.evidence.ingest import file_admit, retain_until
from zhifa.evidence.models import (
    Collector,
    DeviceCustody,
    DisposalRequest,
    EvidenceItem,
    FootageInterruption,
    RecorderDevice,
    StoredFile,
    Tombstone,
)
from zhifa.evidence.rules import (
    CLOSED_CASE_STATES,
    can_admit_item,
    can_decide_disposal,
    can_edit_item,
    can_manage_devices,
    can_record_custody,
    can_request_disposal,
)
from zhifa.notifications.services import notify

logger = logging.getLogger(__name__)


def _refuse_fields(errors: dict[str, list[str]]) -> None:
    if errors:
        raise InvalidInput("输入有误，请检查标出的字段。", "Invalid input; see the fields named.", fields=errors)


# --- devices and their ledger -------------------------------------------------------------------------


@transaction.atomic
def device_create(*, actor: User, serial_number: str, model: str = "", status: str = DeviceStatus.IN_SERVICE,
                  in_service_on: datetime.date | None = None, note: str = "") -> RecorderDevice:
    if not can_manage_devices(actor, None):
        raise PermissionRefused("只有负责人或系统管理员可以登记执法记录仪。", "Only leaders or administrators register devices.")
    serial_number = serial_number.strip()
    if RecorderDevice.objects.filter(agency_id=actor.agency_id, serial_number=serial_number).exists():
        _refuse_fields({"serial_number": ["本机关已登记该序列号的设备"]})
    return RecorderDevice.objects.create(agency_id=actor.agency_id, serial_number=serial_number, model=model,
                                         status=status, in_service_on=in_service_on, note=note)


@transaction.atomic
def device_update(*, device_id: int, actor: User, expected_version: int | None = None, **changes) -> RecorderDevice:
    device = lock_for_update(RecorderDevice.objects.all(), device_id, expected_version=expected_version)
    if not can_manage_devices(actor, device):
        raise PermissionRefused("只有负责人或系统管理员可以修改执法记录仪信息。", "Only leaders or administrators edit devices.")
    if "serial_number" in changes:
        changes["serial_number"] = changes["serial_number"].strip()
        if (changes["serial_number"] != device.serial_number and device.recordings.exists()):
            raise Conflict("该设备已有录像记录，序列号不能修改。", "The device has recordings; its serial number is fixed.")
        if RecorderDevice.objects.filter(agency_id=device.agency_id, serial_number=changes["serial_number"]).exclude(
                pk=device.pk).exists():
            _refuse_fields({"serial_number": ["本机关已登记该序列号的设备"]})
    if changes.get("status") == DeviceStatus.RETIRED and device.holder_id:
        raise Conflict("设备尚未归还，不能停用。", "The device has not been returned.", code="device_held")
    if not apply_changes(device, changes):
        return device
    device.version += 1
    device.save()
    return device


@transaction.atomic
def device_custody_record(*, device_id: int, actor: User, action: str, holder: User,
                          occurred_at: datetime.datetime | None = None, note: str = "") -> DeviceCustody:
    """领用 (issue) or 归还 (return). The ledger runs in time order and a device has one holder at a time."""
    device = lock_for_update(RecorderDevice.objects.all(), device_id)
    if not can_record_custody(actor, device):
        raise PermissionRefused("只有本机关执法人员、负责人或系统管理员可以登记设备领用和归还。",
                                "Only the agency's officers, leaders or administrators record handovers.")
    occurred_at = occurred_at or timezone.now()
    errors: dict[str, list[str]] = {}
    if occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["occurred_at"] = ["交接时间不能晚于现在"]
    if holder.agency_id != device.agency_id:
        errors["holder"] = ["领用人须为本机关工作人员"]
    if actor.role == Role.OFFICER and holder.pk != actor.pk:
        errors["holder"] = ["执法人员只能登记本人领用或归还"]
    _refuse_fields(errors)
    last = device.custody.order_by("-occurred_at", "-id").first()
    if last is not None and occurred_at < last.occurred_at:
        raise Conflict(f"交接时间早于台账上一条记录（{timezone.localtime(last.occurred_at):%Y-%m-%d %H:%M}）。",
                       "The handover is earlier than the ledger's last entry.", code="custody_out_of_order")
    if action == CustodyAction.ISSUE:
        if device.status != DeviceStatus.IN_SERVICE:
            raise Conflict(f"设备{device.get_status_display()}，不能领用。", f"The device is {device.status}.")
        if device.holder_id:
            raise Conflict(f"设备正由{device.holder}领用，须先归还。", "The device is held by someone else; return it first.",
                           code="device_held")
        device.holder = holder
    elif action == CustodyAction.RETURN:
        if device.holder_id != holder.pk:
            raise Conflict("该人员未领用此设备，不能登记归还。", "That person does not hold the device.", code="not_holder")
        device.holder = None
    else:
        _refuse_fields({"action": ["应为 issue（领用）或 return（归还）"]})
    device.version += 1
    device.save()
    return DeviceCustody.objects.create(device=device, action=action, holder=holder, occurred_at=occurred_at,
                                        recorded_by=actor, note=note)


# --- items -------------------------------------------------------------------------------------------

EDITABLE_FIELDS = {"title", "description", "procedure_step", "collected_at", "collected_place", "kind",
                   "device", "recording_officer", "recorded_from", "recorded_to"}


def _locked_item(item_id: int, expected_version: int | None = None) -> EvidenceItem:
    return lock_for_update(EvidenceItem.objects.select_related("case"), item_id, expected_version=expected_version)


@transaction.atomic
def item_update(*, item_id: int, actor: User, expected_version: int | None = None, collectors=None,
                **changes) -> EvidenceItem:
    item = _locked_item(item_id, expected_version)
    if not can_edit_item(actor, item):
        raise PermissionRefused("只有能查看该证据的执法人员或负责人可以修改其信息。", "You may not edit this evidence.")
    if item.status == ItemStatus.DISPOSED:
        raise Conflict("证据已销毁，信息不能再修改。", "The item has been disposed of.", code="disposed")
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        _refuse_fields({name: ["不能修改"] for name in unknown})
    errors: dict[str, list[str]] = {}
    recorded_from = changes.get("recorded_from", item.recorded_from)
    recorded_to = changes.get("recorded_to", item.recorded_to)
    if recorded_from and recorded_to and recorded_to < recorded_from:
        errors["recorded_to"] = ["录制结束时间不能早于开始时间"]
    device = changes.get("device")
    if device is not None and device.agency_id != item.agency_id:
        errors["device"] = ["须为本机关的执法记录仪"]
    officer = changes.get("recording_officer")
    if officer is not None and officer.agency_id != item.agency_id:
        errors["recording_officer"] = ["须为本机关工作人员"]
    if collectors is not None:
        if not collectors:
            errors["collectors"] = ["至少一名收集人"]
        elif any(c.agency_id != item.agency_id or c.role != Role.OFFICER for c in collectors):
            errors["collectors"] = ["收集人须为本机关执法人员"]
    _refuse_fields(errors)
    changed = apply_changes(item, changes)
    if collectors is not None and {c.pk for c in collectors} != set(
            Collector.objects.filter(item=item).values_list("officer_id", flat=True)):
        changed.append("collectors")
    if not changed:
        return item
    if "device" in changed:
        item.device_serial = device.serial_number if device else ""
    item.version += 1
    item.save()
    if "collectors" in changed:
        wanted = {c.pk for c in collectors}
        Collector.objects.filter(item=item).exclude(officer_id__in=wanted).delete()
        have = set(Collector.objects.filter(item=item).values_list("officer_id", flat=True))
        Collector.objects.bulk_create([Collector(item=item, officer_id=pk) for pk in wanted - have])
    return item


@transaction.atomic
def interruption_add(*, item_id: int, actor: User, started_at: datetime.datetime,
                     reason: str, ended_at: datetime.datetime | None = None) -> FootageInterruption:
    item = _locked_item(item_id)
    if not can_edit_item(actor, item):
        raise PermissionRefused("只有能查看该证据的执法人员或负责人可以登记录制中断。", "You may not edit this evidence.")
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["须说明中断原因"]
    if ended_at and ended_at < started_at:
        errors["ended_at"] = ["恢复时间不能早于中断时间"]
    if (item.recorded_from and started_at < item.recorded_from) or (item.recorded_to and started_at > item.recorded_to):
        errors["started_at"] = ["中断时间应在录制起止时间之内"]
    _refuse_fields(errors)
    return FootageInterruption.objects.create(item=item, started_at=started_at, ended_at=ended_at,
                                              reason=reason.strip(), recorded_by=actor)


@transaction.atomic
def item_admit(*, item_id: int, actor: User, expected_version: int | None = None) -> EvidenceItem:
    """列为定案证据: the item is used as evidence in its case and is kept permanently from now on."""
    item = _locked_item(item_id, expected_version)
    if not can_admit_item(actor, item):
        raise PermissionRefused("只有本案承办人员或负责人可以将证据列为定案证据。",
                                "Only the case's officers or a leader may list evidence for the case.")
    if item.status == ItemStatus.DISPOSED:
        raise Conflict("证据已销毁。", "The item has been disposed of.", code="disposed")
    if item.status == ItemStatus.DISPOSAL_REQUESTED:
        raise Conflict("该证据有待审批的销毁申请，请先驳回申请。", "A disposal request is pending; reject it first.",
                       code="disposal_pending")
    if not item.is_case_evidence:
        item.is_case_evidence, item.admitted_at, item.admitted_by = True, timezone.now(), actor
        item.retain_until = None
        item.version += 1
        item.save()
    return item


def evidence_import(*, actor: User, path, filename: str, kind: str, case=None, **fields) -> EvidenceItem:
    """An item from a file already on this machine (demo data, bulk import): the same checks as ingest."""
    with transaction.atomic():
        admitted = file_admit(path=path, filename=filename, declared_sha256=fields.pop("sha256", ""))
        collectors = fields.pop("collectors", None) or [actor]
        collected_at = fields.get("collected_at") or fields.get("recorded_from")
        start = timezone.localdate(collected_at) if collected_at else timezone.localdate()
        device = fields.get("device")
        item = EvidenceItem.objects.create(
            agency_id=actor.agency_id, unit_id=case.unit_id if case else actor.unit_id, case=case, kind=kind,
            file=admitted.file, filename=filename, content_type=admitted.file_type.content_type,
            size=admitted.file.size, sha256=admitted.file.sha256, created_by=actor,
            device_serial=device.serial_number if device else "", retain_until=retain_until(start),
            title=fields.pop("title", None) or filename, **fields)
        Collector.objects.bulk_create([Collector(item=item, officer=c) for c in collectors])
    return item


# --- retention and disposal -----------------------------------------------------------------------------


def _disposal_refusal(item: EvidenceItem, today: datetime.date) -> tuple[str, str] | None:
    if item.is_case_evidence:
        return ("该证据已作为定案证据，依法永久保存，不能销毁。", "Case evidence is kept permanently.")
    if item.status == ItemStatus.DISPOSED:
        return ("证据已销毁。", "Already disposed of.")
    if item.retain_until is None or item.retain_until > today:
        until = item.retain_until.isoformat() if item.retain_until else "永久"
        return (f"保存期限未满（保存至 {until}），不能销毁。", f"The retention period runs until {until}.")
    if item.case_id and item.case.state not in CLOSED_CASE_STATES:
        return ("所属案件尚未办结，其证据不能销毁。", "The case is still open.")
    return None


@transaction.atomic
def disposal_request(*, item_id: int, actor: User, reason: str) -> DisposalRequest:
    item = _locked_item(item_id)
    if not can_request_disposal(actor, item):
        raise PermissionRefused("只有能查看该证据的执法人员或负责人可以申请销毁。", "You may not request disposal of this item.")
    if not reason.strip():
        _refuse_fields({"reason": ["须说明销毁理由"]})
    if item.status == ItemStatus.DISPOSAL_REQUESTED:
        raise Conflict("该证据已有待审批的销毁申请。", "A disposal request is already pending.", code="disposal_pending")
    refusal = _disposal_refusal(item, timezone.localdate())
    if refusal:
        raise Conflict(*refusal, code="disposal_not_allowed")
    request = DisposalRequest.objects.create(item=item, reason=reason.strip(), requested_by=actor)
    item.status = ItemStatus.DISPOSAL_REQUESTED
    item.version += 1
    item.save()
    notify(recipients=[u for u in agency_leaders(agency_id=item.agency_id) if u.pk != actor.pk], kind="evidence_disposal",
           key=f"evidence-disposal:{request.pk}", title=f"证据销毁申请待审批：{item.title}",
           message=f"{actor}申请销毁证据“{item.title}”（SHA-256 {item.sha256[:16]}…），理由：{request.reason}",
           link=f"/app/evidence/{item.pk}")
    return request


def _snapshot(item: EvidenceItem) -> dict:
    return {
        "id": item.pk, "kind": item.kind, "title": item.title, "description": item.description,
        "case": item.case_id, "case_number": item.case.number if item.case_id else "",
        "procedure_step": item.procedure_step, "filename": item.filename, "content_type": item.content_type,
        "size": item.size, "sha256": item.sha256,
        "collected_at": item.collected_at.isoformat() if item.collected_at else None,
        "collected_place": item.collected_place,
        "collectors": [c.officer_id for c in item.collectors.all()],
        "device_serial": item.device_serial, "recording_officer": item.recording_officer_id,
        "recorded_from": item.recorded_from.isoformat() if item.recorded_from else None,
        "recorded_to": item.recorded_to.isoformat() if item.recorded_to else None,
        "uploaded_by": item.created_by_id, "uploaded_at": item.created_at.isoformat(),
        "retain_until": item.retain_until.isoformat() if item.retain_until else None,
        "derivatives": [{"id": d.pk, "kind": d.kind, "sha256": d.sha256, "size": d.size}
                        for d in item.derivatives.all()],
    }


def _purge_if_unused(stored: StoredFile) -> bool:
    """Delete a stored file's bytes when no item or derivative still in the locker uses them."""
    stored = StoredFile.objects.select_for_update().get(pk=stored.pk)
    in_use = (EvidenceItem.objects.filter(file=stored).exclude(status=ItemStatus.DISPOSED).exists()
              or stored.derivatives.exclude(original__status=ItemStatus.DISPOSED).exists())
    if in_use or stored.purged_at is not None:
        return stored.purged_at is not None
    StoredFile.objects.filter(pk=stored.pk).update(purged_at=timezone.now())
    try:
        storage.delete(stored.storage_name)
    except FileNotFoundError:
        pass
    return True


@transaction.atomic
def disposal_decide(*, request_id: int, actor: User, approve: bool, note: str = "") -> DisposalRequest:
    request = DisposalRequest.objects.select_for_update().select_related("item").get(pk=request_id)
    item = _locked_item(request.item_id)
    if not can_decide_disposal(actor, item):
        raise PermissionRefused("证据销毁须由本机关负责人审批。", "Disposal must be approved by a leader of the agency.")
    if actor.pk == request.requested_by_id:
        raise PermissionRefused("申请人不能审批自己的销毁申请。", "The requester may not approve their own request.",
                                code="separation_of_duties")
    if request.status != DisposalStatus.PENDING:
        raise Conflict(f"该申请已{request.get_status_display()}。", f"The request is already {request.status}.")
    now = timezone.now()
    request.decided_by, request.decided_at, request.decision_note = actor, now, note.strip()
    if not approve:
        request.status = DisposalStatus.REJECTED
        request.save()
        item.status = ItemStatus.ACTIVE
        item.version += 1
        item.save()
        return request
    item.status = ItemStatus.ACTIVE  # the checks below see the item as it stands
    refusal = _disposal_refusal(item, timezone.localdate())
    if refusal:
        raise Conflict(*refusal, code="disposal_not_allowed")
    snapshot = _snapshot(item)
    request.status = DisposalStatus.APPROVED
    request.save()
    item.status, item.disposed_at = ItemStatus.DISPOSED, now
    item.version += 1
    item.save()
    # The bytes go last, once every row is written; derivatives go with their original.
    purged = _purge_if_unused(item.file)
    for derivative in item.derivatives.select_related("file"):
        _purge_if_unused(derivative.file)
    Tombstone.objects.create(
        item=item, request=request, agency_id=item.agency_id, sha256=item.sha256, size=item.size,
        filename=item.filename, kind=item.kind, title=item.title,
        case_number=item.case.number if item.case_id else "", metadata=snapshot, reason=request.reason,
        requested_by_id=request.requested_by_id, approved_by=actor, content_purged=purged)
    logger.info("Evidence %s disposed of (sha256 %s), approved by %s", item.pk, item.sha256, actor.pk)
    return request


def retention_scan(*, today: datetime.date | None = None) -> dict:
    """Daily: tell each agency's leaders which items have passed their retention period and may be
    reviewed for disposal. Nothing is disposed of without a request and a leader's approval."""
    today = today or timezone.localdate()
    due = (EvidenceItem.objects.filter(status=ItemStatus.ACTIVE, is_case_evidence=False, retain_until__lt=today)
           .filter(Q(case__isnull=True) | Q(case__state__in=CLOSED_CASE_STATES)))
    counts: dict[int, int] = {}
    for agency_id in due.values_list("agency_id", flat=True):
        counts[agency_id] = counts.get(agency_id, 0) + 1
    for agency_id, count in counts.items():
        notify(recipients=agency_leaders(agency_id=agency_id), kind="evidence_retention", key=f"evidence-retention:{agency_id}:{today}",
               title=f"{count} 件证据已过保存期限，可审查是否销毁",
               message="这些证据未作为定案证据，保存期限已满；销毁须经负责人审批并留存销毁记录。",
               link="/app/evidence?retention=due")
    return {"due": sum(counts.values()), "agencies": len(counts)}
