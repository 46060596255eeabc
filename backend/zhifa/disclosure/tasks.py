"""Publishing tasks: each gets a notice id; the database row says what is left to do.
They run on the `publish` queue (CELERY_TASK_ROUTES)."""

from celery import shared_task

from zhifa.disclosure import services

# A store that is briefly unavailable (disk, bucket) is retried with backoff.
RETRY = {"autoretry_for": (OSError,), "retry_backoff": 2, "retry_backoff_max": 300, "max_retries": 8,
         "retry_jitter": True}


@shared_task(name="zhifa.disclosure.tasks.publish_notice", acks_late=True,
             soft_time_limit=120, time_limit=150, **RETRY)
def publish_notice(notice_id: int, republish: bool = True) -> None:
    """Write the notice to the public site (again, if it is there already: republishing repairs its files).
    Approval and the sweep queue it with republish=False: then approved notices waiting behind it go out in
    the same pass, and a notice such a pass already published is left alone."""
    services.notice_publish(notice_id=notice_id, with_waiting=not republish)


@shared_task(name="zhifa.disclosure.tasks.withdraw_notice", acks_late=True,
             soft_time_limit=120, time_limit=150, **RETRY)
def withdraw_notice(notice_id: int) -> None:
    services.notice_withdraw_publish(notice_id=notice_id)


@shared_task(name="zhifa.disclosure.tasks.expire_notices", acks_late=True, soft_time_limit=600,
             time_limit=660)
def expire_notices() -> int:
    return services.notices_expire()


@shared_task(name="zhifa.disclosure.tasks.sweep_publications", acks_late=True, soft_time_limit=60, time_limit=90)
def sweep_publications() -> int:
    from zhifa.disclosure.verify import verification_sweep

    return services.publication_sweep() + verification_sweep()


@shared_task(name="zhifa.disclosure.tasks.scan_disclosure_deadlines", acks_late=True, soft_time_limit=300,
             time_limit=330)
def scan_disclosure_deadlines() -> int:
    from zhifa.disclosure.alerts import disclosure_alerts_send

    return disclosure_alerts_send()


@shared_task(name="zhifa.disclosure.tasks.publish_document_verification", acks_late=True,
             soft_time_limit=120, time_limit=150, **RETRY)
def publish_document_verification(document_id: int) -> int:
    """Add a newly signed document to the public verification manifest (verify/). Sent to the publish queue
    by cases.pdf once the signed PDF's hash is recorded."""
    from zhifa.disclosure.verify import document_verification_publish

    return document_verification_publish(document_id=document_id)
