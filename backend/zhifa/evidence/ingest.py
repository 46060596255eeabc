"""Ingest: a complete upload becomes evidence, or is refused with the reason. The upload row is the job.

1. claim the row (queued -> ingesting, or an ingesting row whose worker died long ago): a task that runs
   twice finds the row claimed or finished and does nothing;
2. sniff the type from the content against the allow-list (a renamed executable is refused);
3. hash the bytes (SHA-256) and compare with the hash the client declared, if any;
4. store the bytes under their content address (once, however many items share them);
5. create the evidence item (or the derivative) and finish the row, in one transaction;
6. remove the staged file.
A refusal (wrong type, wrong hash, incomplete) ends in `rejected` and nothing becomes evidence. A system
failure is retried with backoff, then ends in `failed` with the staged bytes kept for an administrator.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from zhifa.evidence import sniffing, storage
from zhifa.evidence.choices import FixityResult, FixityTrigger, UploadStatus
from zhifa.evidence.models import (
    Collector,
    Derivative,
    EvidenceItem,
    FixityCheck,
    RecorderDevice,
    StoredFile,
    Upload,
)
from zhifa.evidence.uploads import remove_staging, staging_path

logger = logging.getLogger(__name__)

# Longer than the ingest task's hard time limit: a row "ingesting" for longer has lost its worker.
STALE_AFTER = datetime.timedelta(seconds=4200)
MAX_ATTEMPTS = 5
READ_BYTES = 8 << 20


class Rejected(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class Admitted:
    file: StoredFile
    file_type: sniffing.FileType
    created: bool


def sha256_of_path(path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    buffer = bytearray(READ_BYTES)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as handle:
        while True:
            count = handle.readinto(buffer)
            if not count:
                break
            digest.update(view[:count])
            size += count
    return digest.hexdigest(), size


def _lock_key(sha256: str) -> int:
    return int(sha256[:15], 16)  # fits a bigint


def file_admit(*, path, filename: str, declared_sha256: str = "") -> Admitted:
    """Sniff, hash and store one file. Raises Rejected for bad content; the stored file row is locked
    in the caller's transaction, so a disposal cannot purge it before the caller's item exists."""
    try:
        file_type = sniffing.sniff(str(path), filename)
    except sniffing.Refused as refused:
        raise Rejected(refused.code, refused.message) from None
    sha256, size = sha256_of_path(path)
    if size == 0:
        raise Rejected("empty_file", "文件为空。")
    if declared_sha256 and declared_sha256.lower() != sha256:
        raise Rejected("checksum_mismatch",
                       f"服务器计算的 SHA-256（{sha256}）与上传时声明的（{declared_sha256.lower()}）不符，文件可能在传输中损坏，未入库。")
    key = storage.content_key(sha256)
    storage.store(key, source_path=str(path))  # outside the lock: may take minutes on S3
    assert transaction.get_connection().in_atomic_block, "file_admit must run in a transaction"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(sha256)])
    stored, created = StoredFile.objects.select_for_update().get_or_create(
        sha256=sha256, defaults={"size": size, "storage_name": key, "content_type": file_type.content_type,
                                 "type_label": file_type.label})
    if stored.purged_at is not None or not storage.exists(key):
        # Disposed of earlier (or removed meanwhile): the same bytes come back, at the same address.
        storage.store(key, source_path=str(path))
        StoredFile.objects.filter(pk=stored.pk).update(purged_at=None)
        stored.purged_at = None
    if created:
        now = timezone.now()
        FixityCheck.objects.create(file=stored, trigger=FixityTrigger.INGEST, result=FixityResult.OK,
                                   expected_sha256=sha256, found_sha256=sha256, found_size=size, started_at=now,
                                   finished_at=now)
        StoredFile.objects.filter(pk=stored.pk).update(last_checked_at=now, last_result=FixityResult.OK)
    return Admitted(file=stored, file_type=file_type, created=created)


def retain_until(start: datetime.date) -> datetime.date:
    return start + relativedelta(months=settings.EVIDENCE_RETENTION_MONTHS)


def _when(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def item_from_upload(*, upload: Upload, admitted: Admitted) -> EvidenceItem:
    meta = upload.metadata or {}
    stem = os.path.splitext(upload.filename)[0] or upload.filename
    device = None
    if meta.get("device"):
        device = RecorderDevice.objects.filter(agency_id=upload.agency_id, serial_number=meta["device"]).first()
    recorded_from, recorded_to = _when(meta.get("recorded_from")), _when(meta.get("recorded_to"))
    collected_at = _when(meta.get("collected_at")) or recorded_from
    start = timezone.localdate(collected_at) if collected_at else timezone.localdate()
    item = EvidenceItem.objects.create(
        agency_id=upload.agency_id, unit_id=upload.unit_id, case=upload.case, kind=upload.kind,
        procedure_step=meta.get("step") or (upload.case.state if upload.case else ""),
        title=meta.get("title") or stem[:200], description=meta.get("description", ""),
        collected_at=collected_at, collected_place=meta.get("place", ""),
        file=admitted.file, filename=upload.filename, content_type=admitted.file_type.content_type,
        size=admitted.file.size, sha256=admitted.file.sha256,
        device=device, device_serial=meta.get("device", ""),
        recording_officer=upload.created_by if device else None,
        recorded_from=recorded_from, recorded_to=recorded_to,
        retain_until=retain_until(start), created_by=upload.created_by,
    )
    Collector.objects.create(item=item, officer=upload.created_by)
    return item


def derivative_from_upload(*, upload: Upload, admitted: Admitted) -> Derivative:
    return Derivative.objects.create(
        original=upload.derivative_of, kind=upload.derivative_kind, file=admitted.file, filename=upload.filename,
        content_type=admitted.file_type.content_type, size=admitted.file.size, sha256=admitted.file.sha256,
        note=(upload.metadata or {}).get("note", ""), created_by=upload.created_by)


def _claim(upload_id: int) -> Upload | None:
    now = timezone.now()
    claimable = (Q(status=UploadStatus.QUEUED)
                 | Q(status=UploadStatus.INGESTING, ingest_started_at__lt=now - STALE_AFTER))
    if not Upload.objects.filter(claimable, pk=upload_id).update(
            status=UploadStatus.INGESTING, ingest_started_at=now, attempts=F("attempts") + 1):
        return None
    return Upload.objects.select_related("case", "created_by", "derivative_of").get(pk=upload_id)


def _finish(upload: Upload, **changes) -> bool:
    return bool(Upload.objects.filter(pk=upload.pk, status=UploadStatus.INGESTING, attempts=upload.attempts)
                .update(finished_at=timezone.now(), **changes))


def upload_ingest(*, upload_id: int) -> Upload | None:
    """Turn a complete upload into evidence. Returns the upload as left, or None if it was not claimable."""
    upload = _claim(upload_id)
    if upload is None:
        logger.info("Upload %s is not waiting for ingest (done, running elsewhere or gone)", upload_id)
        return None
    path = staging_path(upload)
    try:
        if not path.exists() or path.stat().st_size != upload.length:
            raise Rejected("incomplete", "上传的数据不完整，未入库。")
        with transaction.atomic():
            admitted = file_admit(path=path, filename=upload.filename, declared_sha256=upload.declared_sha256)
            result = {}
            if upload.derivative_of_id:
                result["derivative"] = derivative_from_upload(upload=upload, admitted=admitted)
            else:
                result["item"] = item_from_upload(upload=upload, admitted=admitted)
            if not _finish(upload, status=UploadStatus.DONE, sha256=admitted.file.sha256,
                           content_type=admitted.file_type.content_type, error="", error_code="", **result):
                raise transaction.TransactionManagementError("ingest claim lost")
    except Rejected as rejected:
        logger.info("Upload %s rejected: %s", upload.uid, rejected.message)
        _finish(upload, status=UploadStatus.REJECTED, error_code=rejected.code, error=rejected.message)
        remove_staging(upload)
        return Upload.objects.get(pk=upload.pk)
    except Exception as exc:
        logger.exception("Upload %s: ingest failed (attempt %s)", upload.uid, upload.attempts)
        if upload.attempts >= MAX_ATTEMPTS:
            _finish(upload, status=UploadStatus.FAILED, error_code="ingest_failed",
                    error=f"入库失败（{type(exc).__name__}），暂存数据已保留，请联系系统管理员。")
        else:
            Upload.objects.filter(pk=upload.pk, status=UploadStatus.INGESTING, attempts=upload.attempts).update(
                status=UploadStatus.QUEUED, error=f"第 {upload.attempts} 次入库失败，稍后重试：{type(exc).__name__}")
        raise
    remove_staging(upload)
    upload = Upload.objects.get(pk=upload.pk)
    logger.info("Upload %s ingested: sha256=%s", upload.uid, upload.sha256)
    return upload


def uploads_requeue_stalled(*, older_than: datetime.timedelta = datetime.timedelta(minutes=10)) -> int:
    """Send again the ingest jobs whose message was lost, or whose worker died."""
    from zhifa.evidence.uploads import enqueue_ingest

    now = timezone.now()
    stalled = Upload.objects.filter(
        Q(status=UploadStatus.QUEUED, completed_at__lt=now - older_than)
        | Q(status=UploadStatus.INGESTING, ingest_started_at__lt=now - STALE_AFTER)
    ).values_list("pk", flat=True)[:500]
    ids = list(stalled)
    for upload_id in ids:
        enqueue_ingest(upload_id)
    return len(ids)
