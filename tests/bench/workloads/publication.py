"""Workload 4: publishing notices to the public site.

- Throughput: approved notices queued as approval queues them (`publish_notice.delay(pk, republish=False)`)
  and published by a real Celery worker (`-Q publish -c 1`, as worker-publish runs) through Redis, into a publication store directory; the clock
  runs from the first message sent until the last notice is `published`. Beside it, the same number of
  no-op tasks on the same worker and queue, run by run: the worker's and broker's own cost per task.
- Incrementality: the cost of publishing one notice (services.notice_publish, in-process) with
  `published_large` notices already published, against `published_small`. The small phase runs first,
  then the register is filled up in bulk; so these two are not interleaved run by run.
"""

from __future__ import annotations

import datetime
import shutil
import time
import uuid
from pathlib import Path

from tests.bench import datasets, processes
from tests.bench.harness import Figure, interleaved, profiled


def _published() -> int:
    from zhifa.disclosure.models import Notice

    return Notice.objects.filter(state="published").count()


def _approved(count: int) -> list[int]:
    from zhifa.disclosure.models import Notice

    start = Notice.objects.count() + 1
    datasets.notices(count, state="approved", first=start)
    return list(Notice.objects.filter(state="approved").order_by("id").values_list("id", flat=True))


def per_notice_cost(spec: dict) -> tuple[list[float], int, str | None]:
    """ms per notice for `publish_probe` notices a run; returns the per-run values, the register size and
    a profile of publishing one more notice."""
    from zhifa.disclosure.services import notice_publish

    probe, runs, warmup = spec["publish_probe"], spec["runs"], spec["warmup"]
    ids = iter(_approved(probe * (runs + warmup) + 1))
    before = _published()

    def publish() -> float:
        batch = [next(ids) for _ in range(probe)]
        started = time.perf_counter()
        for pk in batch:
            notice = notice_publish(notice_id=pk)
            assert notice.state == "published", notice.state
        return (time.perf_counter() - started) / probe * 1000

    values = interleaved({"publish": publish}, runs=runs, warmup=warmup)["publish"]
    last = next(ids)
    profile = profiled(lambda: notice_publish(notice_id=last), limit=45)
    move_off_today()
    return values, before, profile


def move_off_today() -> None:
    """Move the notices just published off today's archive page, so that the next phase's page starts as this
    one did: a day page lists that day's notices, and the phases must not differ in that."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE disclosure_notice SET published_at = published_at - interval '400 days' "
                       "WHERE published_at > now() - interval '1 hour'")
    from zhifa.disclosure import site

    site.months_recount()  # the notices moved to other months


def run(spec: dict) -> dict:
    import redis
    from django.conf import settings
    from django.db import close_old_connections

    from config.celery import app
    from tests.bench.tasks import noop
    from zhifa.disclosure.models import Notice
    from zhifa.disclosure.tasks import publish_notice

    work = Path(spec["scratch_dir"]) / "publication"
    shutil.rmtree(work, ignore_errors=True)
    store = work / "store"
    settings.PUBLICATION_ROOT = str(store)
    small, large = spec["published_small"], spec["published_large"]
    probe_total = spec["publish_probe"] * (spec["runs"] + spec["warmup"])

    # The per-notice cost with `small` already published.
    datasets.notices(small, state="published", first=1)
    small_values, small_at, _ = per_notice_cost(spec)

    # Throughput through the worker.
    per_run = max(1, spec["publish_notices"] // spec["runs"])
    warm = min(per_run, 50)  # the warm-up only has to start the worker's connections and caches
    queued = iter(_approved(per_run * spec["runs"] + warm * spec["warmup"]))
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    env = processes.server_env(PUBLICATION_ROOT=str(store), DATABASE_CONN_MAX_AGE="0")
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("publish")
    worker = processes.start_celery(env, queues="publish", log_path=work / "celery.log")
    try:
        def through_worker(count: int = per_run) -> float:
            batch = [next(queued) for _ in range(count)]
            started = time.perf_counter()
            for pk in batch:
                publish_notice.delay(pk, republish=False)  # as approval queues it
            deadline = time.monotonic() + 1800
            while Notice.objects.filter(pk__in=batch, state="published").count() < len(batch):
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the publish worker stopped or stalled")
                time.sleep(0.05)
                close_old_connections()
            return len(batch) / (time.perf_counter() - started)

        def no_op(count: int = per_run) -> float:
            key = f"bench:noop:{uuid.uuid4().hex}"
            started = time.perf_counter()
            for index in range(count - 1):
                noop.apply_async((index,), queue="publish")
            noop.apply_async((count - 1, key), queue="publish")
            deadline = time.monotonic() + 600
            while not broker.exists(key):
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the no-op tasks did not finish")
                time.sleep(0.005)
            broker.delete(key)
            return count / (time.perf_counter() - started)

        for _ in range(spec["warmup"]):
            through_worker(warm)
            no_op(warm)
        samples = interleaved({"publish": through_worker, "noop": no_op}, runs=spec["runs"], warmup=0)
    finally:
        processes.stop(worker)
    move_off_today()

    # The per-notice cost with `large` already published.
    datasets.notices(max(0, large - _published()), state="published", first=Notice.objects.count() + 1,
                     until=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1))
    large_values, large_at, profile = per_notice_cost(spec)
    files = sum(1 for path in store.rglob("*") if path.is_file())
    shutil.rmtree(work, ignore_errors=True)

    figures = [
        Figure("notices published through the Celery worker", "notices/s", samples["publish"],
               "no-op tasks on the same worker", samples["noop"], higher_is_better=True,
               extra={"notices_per_run": per_run, "notices_in_total": per_run * spec["runs"]}),
        Figure(f"cost of publishing one notice with {large_at:,} already published", "ms/notice", large_values,
               f"with {small_at:,} already published", small_values, target="ratio <= 1.5", target_ratio=1.5,
               extra={"probe_notices_per_run": spec["publish_probe"], "probe_notices": probe_total,
                      "site_files_written": files}),
    ]
    return {"figures": [figure.summary() for figure in figures], "profile": profile}
