"""Evidence tasks. Each gets primary keys only, claims its row, and can run twice without harm."""

from celery import shared_task
from django.db import OperationalError

from zhifa.evidence import fixity, ingest, services, uploads
from zhifa.evidence.choices import FixityTrigger
from zhifa.evidence.models import EvidenceItem


@shared_task(name="zhifa.evidence.tasks.ingest_upload", bind=True, acks_late=True, soft_time_limit=3600,
             time_limit=3900, max_retries=4)
def ingest_upload(self, upload_id: int) -> str | None:
    """Queue `ingest`: hash, sniff and store a complete upload; the upload row is the job."""
    try:
        upload = ingest.upload_ingest(upload_id=upload_id)
    except Exception as exc:  # the row is back to `queued` (or `failed` after the last attempt)
        raise self.retry(exc=exc, countdown=min(600, 15 * 2 ** self.request.retries))
    return upload.status if upload else None


@shared_task(name="zhifa.evidence.tasks.verify_file", acks_late=True, soft_time_limit=3600, time_limit=3900,
             autoretry_for=(OperationalError,), retry_backoff=30, max_retries=3)
def verify_file(file_id: int, item_id: int | None = None, user_id: int | None = None) -> str:
    """Queue `ingest`: "verify now" for a file too large to check while the user waits."""
    from zhifa.accounts.models import User

    item = EvidenceItem.objects.filter(pk=item_id).first() if item_id else None
    actor = User.objects.filter(pk=user_id).first() if user_id else None
    return fixity.fixity_check(file_id=file_id, trigger=FixityTrigger.MANUAL, actor=actor, item=item).result


@shared_task(name="zhifa.evidence.tasks.fixity_scan", acks_late=True, soft_time_limit=3300, time_limit=3500)
def fixity_scan() -> dict:
    """Beat, hourly: re-hash the originals whose turn has come (one scanner at a time)."""
    return fixity.fixity_scan()


@shared_task(name="zhifa.evidence.tasks.retention_scan", acks_late=True, soft_time_limit=300, time_limit=360)
def retention_scan() -> dict:
    """Beat, daily: tell leaders which items are past retention (disposal still needs their approval)."""
    return services.retention_scan()


@shared_task(name="zhifa.evidence.tasks.maintain_uploads", acks_late=True, soft_time_limit=300, time_limit=360)
def maintain_uploads() -> dict:
    """Beat: expire abandoned uploads (their bytes are removed) and resend lost ingest jobs."""
    return {"expired": uploads.uploads_expire(), "requeued": ingest.uploads_requeue_stalled()}
