from celery import shared_task


@shared_task(name="zhifa.sanctions.tasks.scan_sanction_deadlines", acks_late=True, soft_time_limit=300,
             time_limit=330)
def scan_sanction_deadlines() -> dict:
    from zhifa.sanctions.alerts import sanction_alerts_send

    return sanction_alerts_send()
