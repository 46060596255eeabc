from celery import shared_task


@shared_task(name="zhifa.enforcement.tasks.scan_enforcement_deadlines", acks_late=True, soft_time_limit=300,
             time_limit=330)
def scan_enforcement_deadlines() -> dict:
    from zhifa.enforcement.alerts import enforcement_alerts_send

    return enforcement_alerts_send()
