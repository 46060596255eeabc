"""Fixity: re-hash stored originals and compare with the SHA-256 recorded at ingest.

The beat job (tasks.fixity_scan) takes, each run, the files whose last check is oldest (never-checked
first), up to a number of files and bytes, so every original is re-read at least every
EVIDENCE_FIXITY_INTERVAL_DAYS on a rolling schedule. "Verify now" checks one item's file on demand.
A mismatch or a missing file is recorded, opens an alarm (one open alarm per file) and notifies the
leaders of every agency whose evidence uses the file.
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.selectors import agency_leaders
from zhifa.evidence import storage
from zhifa.evidence.choices import AlarmStatus, FixityResult, FixityTrigger
from zhifa.evidence.models import EvidenceItem, FixityAlarm, FixityCheck, StoredFile
from zhifa.notifications.services import notify

logger = logging.getLogger(__name__)
SCAN_LOCK_KEY = 0x5A48_4946  # one scanner at a time


def stored_sha256(stored: StoredFile) -> tuple[str, int] | None:
    """The SHA-256 and size of what the store holds now, or None if the file is gone."""
    digest, size = hashlib.sha256(), 0
    try:
        for chunk in storage.read_range(stored.storage_name, 0, None, 8 << 20):
            digest.update(chunk)
            size += len(chunk)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - S3 reports a missing key as its own ClientError
        if "NoSuchKey" in repr(exc) or "404" in repr(exc):
            return None
        raise
    return digest.hexdigest(), size


def fixity_check(*, file_id: int, trigger: str = FixityTrigger.SCHEDULED, actor: User | None = None,
                 item: EvidenceItem | None = None) -> FixityCheck:
    stored = StoredFile.objects.get(pk=file_id)
    started = timezone.now()
    found = stored_sha256(stored)
    if found is None:
        result, found_sha256, found_size = FixityResult.MISSING, "", None
    else:
        found_sha256, found_size = found
        intact = (found_sha256, found_size) == (stored.sha256, stored.size)
        result = FixityResult.OK if intact else FixityResult.MISMATCH
    with transaction.atomic():
        check = FixityCheck.objects.create(
            file=stored, item=item, trigger=trigger, result=result, expected_sha256=stored.sha256,
            found_sha256=found_sha256, found_size=found_size, checked_by=actor, started_at=started,
            finished_at=timezone.now())
        StoredFile.objects.filter(pk=stored.pk).update(last_checked_at=check.finished_at, last_result=result)
        if result != FixityResult.OK:
            _raise_alarm(stored, check)
    if result != FixityResult.OK:
        logger.error("Fixity %s for stored file %s (%s): found %s", result, stored.pk, stored.sha256, found_sha256)
    return check


def _raise_alarm(stored: StoredFile, check: FixityCheck) -> None:
    if check.result == FixityResult.MISSING:
        message = f"原始文件缺失：{stored.storage_name}"
    else:
        message = f"原始文件摘要不符：应为 {stored.sha256[:16]}…，实为 {check.found_sha256[:16]}…"
    if FixityAlarm.objects.filter(file=stored, status=AlarmStatus.OPEN).exists():
        return  # already raised and not yet handled
    alarm = FixityAlarm.objects.create(file=stored, check_run=check, message=message)
    items = list(EvidenceItem.objects.filter(file=stored).select_related("case").order_by("id"))
    for agency_id in {i.agency_id for i in items}:
        titles = "、".join(f"“{i.title}”" for i in items if i.agency_id == agency_id)[:150]
        notify(recipients=agency_leaders(agency_id=agency_id), kind="evidence_fixity", key=f"evidence-fixity:{alarm.pk}",
               title="证据完整性告警：原始文件被改动或缺失",
               message=f"{message}。涉及证据：{titles}。请立即核查存储并从备份恢复。",
               link=f"/app/evidence/alarms/{alarm.pk}")


def fixity_due(*, now: datetime.datetime | None = None):
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.EVIDENCE_FIXITY_INTERVAL_DAYS)
    return (StoredFile.objects.filter(purged_at__isnull=True)
            .filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=cutoff))
            .order_by(F("last_checked_at").asc(nulls_first=True), "id"))


def fixity_scan(*, now: datetime.datetime | None = None, max_files: int | None = None,
                max_bytes: int | None = None) -> dict:
    """Check the files whose turn has come, oldest check first, within this run's budget."""
    max_files = max_files or settings.EVIDENCE_FIXITY_BATCH_FILES
    max_bytes = max_bytes or settings.EVIDENCE_FIXITY_BATCH_BYTES
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SCAN_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return {"checked": 0, "problems": 0, "skipped": "another scan is running"}
    try:
        checked = problems = read = 0
        for stored in fixity_due(now=now).only("pk", "size")[:max_files]:
            if read and read + stored.size > max_bytes:
                break
            check = fixity_check(file_id=stored.pk, trigger=FixityTrigger.SCHEDULED)
            checked += 1
            read += stored.size
            problems += check.result != FixityResult.OK
        return {"checked": checked, "problems": problems, "bytes": read}
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SCAN_LOCK_KEY])


@transaction.atomic
def alarm_acknowledge(*, alarm_id: int, actor: User, note: str) -> FixityAlarm:
    from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
    from zhifa.evidence.rules import can_handle_alarms

    alarm = FixityAlarm.objects.select_for_update().get(pk=alarm_id)
    if not can_handle_alarms(actor):
        raise PermissionRefused("只有负责人或系统管理员可以处理完整性告警。", "Only leaders or administrators handle alarms.")
    if not note.strip():
        raise InvalidInput("请填写处理情况。", "Say what was done.", fields={"note": ["请填写处理情况"]})
    if alarm.status != AlarmStatus.OPEN:
        raise Conflict("该告警已处理。", "The alarm has been handled already.")
    alarm.status, alarm.acknowledged_by, alarm.acknowledged_at, alarm.note = (
        AlarmStatus.ACKNOWLEDGED, actor, timezone.now(), note.strip())
    alarm.save()
    return alarm
