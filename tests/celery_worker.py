"""A real Celery worker for tests: `celery -A config worker` in a subprocess, on the pytest test database.

Use it from any test module or conftest.py (pytest runs from the repository root, so `tests` imports):

    from tests.celery_worker import celery_worker  # noqa: F401 - the fixture

    def test_pdf_is_made_in_the_background(celery_worker, ...):
        ...                                        # commit work that enqueues a task
        celery_worker.wait_for(lambda: Document.objects.get(pk=pk).pdf_sha256, timeout=30)

The fixture implies `transactional_db` (the worker only sees committed rows). It gives the worker the
test database (from `django.db.connection.settings_dict`), the same broker, and a fresh MEDIA_ROOT that
the test process uses too, so both sides see the same stored files. The queues it consumes are
emptied first, so messages left by earlier runs do not leak in. It consumes `reports` and `default`;
define a `celery_worker_queues` fixture in a module or conftest.py to choose others.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import close_old_connections, connection

BACKEND_DIR = Path(__file__).resolve().parents[1] / "backend"


def database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    # The embedded PostgreSQL of local mode is reached through a socket directory given as an option.
    host = settings_dict.get("HOST") or (settings_dict.get("OPTIONS") or {}).get("host") or ""
    port, name = settings_dict.get("PORT") or "", settings_dict["NAME"]
    if host.startswith("/"):  # a Unix socket directory (the embedded PostgreSQL of local mode)
        return f"postgresql://{credentials}/{quote(name)}?host={quote(host, safe='')}"
    return f"postgresql://{credentials}{host}{':' + str(port) if port else ''}/{quote(name)}"


class CeleryWorker:
    QUEUES = ("reports", "default")

    def __init__(self, *, queues, media_root: Path, log_path: Path):
        self.queues, self.media_root, self.log_path = tuple(queues), media_root, log_path
        self.name = f"test-{uuid.uuid4().hex[:8]}@%h"
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(connection.settings_dict),
            "DATABASE_CONN_MAX_AGE": "0",
            "REDIS_URL": django_settings.REDIS_URL,
            "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
            "DJANGO_MEDIA_ROOT": str(self.media_root),
            "PYTHONUNBUFFERED": "1",
        }

    def purge(self) -> None:
        from config.celery import app

        with app.connection_for_write() as conn:
            channel = conn.default_channel
            for queue in self.queues:
                channel.queue_purge(queue)

    def start(self) -> None:
        self.purge()
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", ",".join(self.queues),
                   "-c", "1", "-n", self.name, "-l", "info", "--without-gossip", "--without-mingle",
                   "--without-heartbeat"]
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(command, cwd=BACKEND_DIR, env=self.environment(), stdout=self._log,
                                        stderr=subprocess.STDOUT)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_for(self, condition, *, timeout: float = 30, interval: float = 0.1):
        """Poll `condition()` until it returns something truthy; fail with the worker's log if it does not."""
        deadline = time.monotonic() + timeout
        while True:
            close_old_connections()
            result = condition()
            if result:
                return result
            if self.process.poll() is not None:
                pytest.fail(f"the Celery worker exited with {self.process.returncode}:\n{self.log()[-4000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"nothing happened within {timeout}s; worker log:\n{self.log()[-4000:]}")
            time.sleep(interval)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # warm shutdown: finishes the task in hand
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()


@pytest.fixture
def celery_worker_queues():
    return CeleryWorker.QUEUES


@pytest.fixture
def celery_worker(request, transactional_db, settings, tmp_path):
    try:  # a `celery_worker_queues` fixture in scope chooses the queues
        queues = request.getfixturevalue("celery_worker_queues")
    except pytest.FixtureLookupError:
        queues = CeleryWorker.QUEUES
    media_root = tmp_path / "media"
    media_root.mkdir()
    settings.MEDIA_ROOT = str(media_root)
    worker = CeleryWorker(queues=queues, media_root=media_root, log_path=tmp_path / "celery-worker.log")
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
