"""Fault injection in the background work: a batch of publications on a private Redis broker, with the
Celery worker killed (kill -9) mid-batch and Redis itself restarted before the worker comes back.

acks_late and the publication's own idempotency (the notice row says what is left to do) must bring every
notice to "published" with exactly one publication; the periodic sweep (celery beat in production) requeues
what the killed worker had taken."""

import datetime
import re
import time

import psutil
import psycopg
import pytest
from django.db import connection

from tests.celery_worker import CeleryWorker, database_url
from tests.reliability.processes import PrivateRedis
from tests.reliability.world import record_figures
from zhifa.disclosure import services
from zhifa.disclosure.models import Notice, Publication
from zhifa.disclosure.services import SITE_LOCK_KEY

pytestmark = pytest.mark.slow
BATCH = 5


def _reopen_broker_connections(app) -> None:
    """Drop the producer's pooled connections, so the next task is sent to the broker now configured."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def private_broker(settings):
    """This process and the worker both on a private Redis (the producer pool is reopened on it)."""
    from config.celery import app

    server = PrivateRedis()
    old = app.conf.broker_url
    settings.CELERY_BROKER_URL = settings.REDIS_URL = server.url
    app.conf.broker_url = server.url
    _reopen_broker_connections(app)
    try:
        yield server
    finally:
        app.conf.broker_url = old
        _reopen_broker_connections(app)
        server.close()


def kill_9(worker: CeleryWorker) -> None:
    parent = psutil.Process(worker.process.pid)
    for process in [parent, *parent.children(recursive=True)]:
        process.kill()
    worker.process.wait()


def test_worker_killed_and_redis_restarted_in_a_batch_of_publications(transactional_db, private_broker, settings,
                                                                      tmp_path, decide_case, editors, client_for,
                                                                      publication_root):
    notices = [Notice.objects.get(case=decide_case()) for _ in range(BATCH)]
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = str(media)
    worker = CeleryWorker(queues=("publish", "default"), media_root=media, log_path=tmp_path / "worker.log")
    worker.start()
    try:
        first, second = (client_for(editor) for editor in editors)
        with psycopg.connect(database_url(connection.settings_dict), autocommit=True) as other:
            other.execute("SELECT pg_advisory_lock(%s)", [SITE_LOCK_KEY])  # the worker blocks inside the task
            for notice in notices:
                assert first.post(f"/api/disclosures/{notice.pk}/check-redaction/").status_code == 200
                assert second.post(f"/api/disclosures/{notice.pk}/approve/").status_code == 200
            worker.wait_for(lambda: re.search(r"publish_notice\[.*\] received", worker.log()), timeout=30)
            time.sleep(1)
            kill_9(worker)  # mid-task, with the rest of the batch still queued
            other.execute("SELECT pg_advisory_unlock(%s)", [SITE_LOCK_KEY])
        private_broker.stop()  # Redis restarts while the batch is in flight
        private_broker.start()
        worker.start()
        requeued = services.publication_sweep(older_than=datetime.timedelta(0))  # what beat does every 2 minutes
        worker.wait_for(lambda: Notice.objects.filter(pk__in=[n.pk for n in notices], state="published").count()
                        == BATCH, timeout=90)
    finally:
        worker.stop()
    feed = (publication_root / "feed.atom").read_text()
    for notice in notices:
        notice.refresh_from_db()
        assert Publication.objects.filter(notice=notice, action="publish").count() == 1
        assert (publication_root / notice.url_path).exists()
        assert feed.count(f"notices/{notice.slug}.html</id>") == 1
    record_figures("fault_worker", {"publications": BATCH, "kills": 1, "redis_restarts": 1,
                                    "requeued_by_sweep": requeued, "published_exactly_once": BATCH})
