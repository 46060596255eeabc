from celery import shared_task

from zhifa.audit.services import history_seal


@shared_task(name="zhifa.audit.tasks.seal_history", acks_late=True, soft_time_limit=600, time_limit=660)
def seal_history() -> int:
    # Idempotent: rows already sealed are skipped, and an advisory lock keeps sealers apart.
    return history_seal()
