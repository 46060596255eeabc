"""Bench-only Celery task (imported through CELERY_IMPORTS in tests/bench/settings.py)."""

from celery import shared_task


@shared_task(name="bench.noop", acks_late=True)
def noop(index: int, done_key: str | None = None) -> None:
    """Does nothing: its throughput is the worker's and the broker's own cost per task. The last task of a
    batch sets `done_key` in Redis, so that the sender knows when the batch is through (the queue is FIFO
    and the worker runs one task at a time)."""
    if done_key:
        import redis
        from django.conf import settings

        redis.Redis.from_url(settings.CELERY_BROKER_URL).set(done_key, 1, ex=3600)
