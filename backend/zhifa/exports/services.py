"""Export jobs: create one, and run one (the Celery task's only work).

Running a job:
1. claim it with a conditional UPDATE (queued -> running; or a running job whose worker died long
   ago); a job someone else holds, or one already done, is left alone, so a task may run twice;
2. let the kind's exporter write the file to a temporary file, recording progress as it goes;
3. store the file under exports/<year>/<month>/<job>-<attempt>.<ext>, with its SHA-256;
4. finish with a conditional UPDATE that only the claim's holder can make.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import tempfile
from functools import partial

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from zhifa.exports.choices import ExportStatus
from zhifa.exports.models import ExportJob
from zhifa.exports.registry import exporter_for

logger = logging.getLogger(__name__)

# A running job whose worker has said nothing for this long is taken to be dead and may be claimed
# again. Longer than the export task's hard time limit.
STALE_AFTER = datetime.timedelta(seconds=getattr(settings, "EXPORT_STALE_AFTER_SECONDS", 2 * 3600))


class ClaimLost(Exception):
    """Another run took the job over (this one was presumed dead): stop without touching it."""


def export_job_create(*, kind: str, params: dict, user) -> ExportJob:
    """Queue a job; its task is sent once the row is committed."""
    exporter = exporter_for(kind)
    job = ExportJob.objects.create(kind=kind, params=params, requested_by=user,
                                   filename=exporter.filename(params, on=timezone.localdate()))
    transaction.on_commit(partial(_enqueue, job.pk), robust=True)
    return job


def _enqueue(job_id: int) -> None:
    from zhifa.exports.tasks import run_export_job

    run_export_job.delay(job_id)


def _claim(job_id: int) -> ExportJob | None:
    now = timezone.now()
    claimable = Q(status=ExportStatus.QUEUED) | Q(status=ExportStatus.RUNNING, started_at__lt=now - STALE_AFTER)
    claimed = ExportJob.objects.filter(claimable, pk=job_id).update(
        status=ExportStatus.RUNNING, started_at=now, attempts=F("attempts") + 1, progress=0, row_count=0, error="")
    if not claimed:
        return None
    return ExportJob.objects.select_related("requested_by").get(pk=job_id)


def _held(job: ExportJob):
    """The job's row, as long as this run still holds the claim."""
    return ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING, attempts=job.attempts)


def _progress_recorder(job: ExportJob):
    last = {"percent": -1}

    def record(done: int, total: int) -> None:
        # 100 is kept for the moment the file is stored.
        percent = min(99, done * 100 // total) if total else 0
        if percent == last["percent"]:
            return
        if not _held(job).update(progress=percent, row_count=done, total=total):
            raise ClaimLost(job.pk)
        last["percent"] = percent

    return record


def _sha256(fileobj) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Build the job's file if the job is free to claim. Returns the job as left, or None if not claimed."""
    job = _claim(job_id)
    if job is None:
        logger.info("Export job %s is not claimable (running elsewhere, done or gone)", job_id)
        return None
    exporter = exporter_for(job.kind)
    name = None
    try:
        if not job.requested_by.is_active:
            raise PermissionError("申请人账号已停用")
        with tempfile.TemporaryFile() as out:
            rows = exporter.write(user=job.requested_by, params=job.params, out=out,
                                  progress=_progress_recorder(job))
            sha256, size = _sha256(out)
            now = timezone.localtime()
            name = f"exports/{now:%Y}/{now:%m}/{job.pk}-{job.attempts}.{exporter.extension(job.params)}"
            if default_storage.exists(name):  # left by a run that died before finishing: nobody refers to it
                default_storage.delete(name)
            name = default_storage.save(name, File(out, name=name))
        finished = _held(job).update(status=ExportStatus.DONE, progress=100, row_count=rows, file=name,
                                     sha256=sha256, size=size, finished_at=timezone.now())
        if not finished:
            raise ClaimLost(job.pk)
    except ClaimLost:
        logger.warning("Export job %s was taken over by another run; this run stops", job_id)
        if name:
            default_storage.delete(name)
        return None
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the job for the user to see
        logger.exception("Export job %s failed", job_id)
        if name:
            default_storage.delete(name)
        _held(job).update(status=ExportStatus.FAILED, error=_describe(exc), finished_at=timezone.now())
    return ExportJob.objects.get(pk=job_id)


def _describe(exc: Exception) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    from zhifa.core.exceptions import ApplicationError

    if isinstance(exc, SoftTimeLimitExceeded):
        return "导出超时，请缩小筛选范围后重试。"
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, PermissionError):
        return str(exc)
    return f"导出失败（{type(exc).__name__}），请稍后重试或联系系统管理员。"


def export_jobs_requeue_stalled(*, older_than: datetime.timedelta = datetime.timedelta(minutes=5)) -> int:
    """Send again the jobs whose message was lost (still queued) or whose worker died (stale claim)."""
    now = timezone.now()
    stalled = ExportJob.objects.filter(
        Q(status=ExportStatus.QUEUED, created_at__lt=now - older_than)
        | Q(status=ExportStatus.RUNNING, started_at__lt=now - STALE_AFTER)
    ).values_list("pk", flat=True)
    ids = list(stalled[:1000])
    for job_id in ids:
        _enqueue(job_id)
    return len(ids)
