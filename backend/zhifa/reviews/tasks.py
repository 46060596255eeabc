from celery import shared_task

from zhifa.reviews.alerts import review_alerts_send


@shared_task(name="zhifa.reviews.tasks.scan_review_deadlines", acks_late=True, soft_time_limit=600, time_limit=660)
def scan_review_deadlines() -> dict:
    return review_alerts_send()
