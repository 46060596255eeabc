from celery import shared_task
from django.db import OperationalError

from zhifa.cases.alerts import deadline_alerts_send
from zhifa.cases.deadlines import party_windows_close
from zhifa.cases.models import Document
from zhifa.cases.pdf import document_pdf_make


@shared_task(name="zhifa.cases.tasks.scan_deadlines", acks_late=True, soft_time_limit=900, time_limit=960)
def scan_deadlines() -> dict:
    party_windows_close()
    return deadline_alerts_send()


@shared_task(name="zhifa.cases.tasks.make_document_pdf", acks_late=True, soft_time_limit=120, time_limit=150,
             autoretry_for=(OperationalError,), retry_backoff=5, retry_backoff_max=300, max_retries=5)
def make_document_pdf(document_id: int) -> str | None:
    """Render and store a document's PDF (queue `reports`). Safe to run twice: a made PDF is kept."""
    try:
        return document_pdf_make(document_id=document_id).pdf_sha256
    except Document.DoesNotExist:
        return None  # the document is gone (its case was deleted)


@shared_task(name="zhifa.cases.tasks.legal_audit_register", acks_late=True, soft_time_limit=3600, time_limit=3660)
def legal_audit_register() -> dict:
    """The nightly audit of the register against the legal invariants; each violation is logged with its
    case, invariant and article, and each agency's findings are kept for its dashboard."""
    from zhifa.cases.legal_audit import legal_audit, legal_audit_store

    report = legal_audit()
    legal_audit_store(report)
    return report.summary()
