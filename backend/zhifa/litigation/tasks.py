from celery import shared_task

from zhifa.litigation.services import matter_apply_outcome, matters_apply_effective


@shared_task(name="zhifa.litigation.tasks.apply_outcome", acks_late=True, soft_time_limit=120, time_limit=150,
             autoretry_for=(OSError,), retry_backoff=2, max_retries=5)
def apply_outcome(matter_id: int) -> int:
    return matter_apply_outcome(matter_id=matter_id)


@shared_task(name="zhifa.litigation.tasks.scan_matter_deadlines", acks_late=True, soft_time_limit=300, time_limit=330)
def scan_matter_deadlines() -> dict:
    from zhifa.litigation.alerts import matter_alerts_send

    return matter_alerts_send()


@shared_task(name="zhifa.litigation.tasks.apply_effective_outcomes", acks_late=True, soft_time_limit=600,
             time_limit=660)
def apply_effective_outcomes() -> int:
    """Daily: first-instance outcomes whose appeal window ended unappealed take effect, and act."""
    return matters_apply_effective()
