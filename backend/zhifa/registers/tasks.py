"""Beat task: in January (and after, until published) draft last year's statistics report and remind editors."""

from celery import shared_task


@shared_task(name="zhifa.registers.tasks.annual_report_reminders", acks_late=True, soft_time_limit=600,
             time_limit=660)
def annual_report_reminders() -> int:
    from zhifa.registers.alerts import annual_report_alerts_send

    return annual_report_alerts_send()
