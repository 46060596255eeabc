from celery import shared_task

from zhifa.cases.alerts import deadline_alerts_send


@shared_task(name="zhifa.cases.tasks.scan_deadlines", acks_late=True, soft_time_limit=900, time_limit=960)
def scan_deadlines() -> dict:
    return deadline_alerts_send()
