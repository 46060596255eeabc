"""Evidence fixtures: a case under investigation, tus uploads through the API, and a live gunicorn server
for the real tuspy client."""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.celery_worker import BACKEND_DIR, database_url
from tests.evidence.helpers import free_port, sha256_header, tus_create, tus_patch
from zhifa.accounts.choices import Role
from zhifa.cases import services as case_services
from zhifa.evidence.ingest import upload_ingest
from zhifa.evidence.models import Upload


@pytest.fixture(autouse=True)
def _evidence_media(settings, tmp_path):
    """Every test stores evidence and stages uploads under its own MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EVIDENCE_UPLOAD_DIR = ""
    settings.EVIDENCE_UPLOAD_FSYNC = True


@pytest.fixture
def case_for(officers, leader, organisation, ground):
    """case_for(state="investigating") -> a case of the officers' unit moved through the services."""

    def make(state: str = "investigating", title: str = "潜江市龙虾产业协会未按规定参加年度检查"):
        today = datetime.date.today()
        case = case_services.case_create(
            actor=officers[0], officers=officers, title=title, source="annual_inspection",
            received_on=today - datetime.timedelta(days=30), party_kind="organisation", organisation=organisation,
            grounds=[ground], facts="连续两年未参加年度检查。", act_date=today - datetime.timedelta(days=300))
        steps = {"filed": [("file", leader)],
                 "investigating": [("file", leader), ("start_investigation", officers[0])],
                 "dropped": [("drop", leader)]}[state]
        for action, actor in steps:
            data = {"date": today - datetime.timedelta(days=20)}
            if action == "drop":
                data["reason"] = "经核查不构成违法。"
            case = case_services.case_transition(case_id=case.pk, actor=actor, action=action, data=data)
        return case

    return make


@pytest.fixture
def case(case_for):
    return case_for()


@pytest.fixture
def upload_via_api(client_for):
    """upload_via_api(user, data, filename=..., kind=..., case=..., **metadata) -> the Upload after ingest."""

    def upload(user, data: bytes, *, filename: str = "现场录像.mp4", kind: str = "audiovisual", case=None,
               ingest: bool = True, **metadata):
        client = client_for(user)
        meta = {"filename": filename, "kind": kind, **metadata}
        if case is not None:
            meta["case"] = case.pk
        created = tus_create(client, length=len(data), **meta)
        assert created.status_code == 201, created.content
        url = created["Location"]
        half = len(data) // 2
        for start, end in ((0, half), (half, len(data))):
            if end > start:
                piece = data[start:end]
                response = tus_patch(client, url, piece, offset=start, checksum=sha256_header(piece))
                assert response.status_code == 204, response.content
        upload = Upload.objects.get(uid=created.json()["id"])
        if ingest:
            upload_ingest(upload_id=upload.pk)
            upload.refresh_from_db()
        return upload

    return upload


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.LEGAL_REVIEWER, full_name="陈审核", legal_qualification=True)


# --- a live server for the real tus client ----------------------------------------------------------


class LiveServer:
    def __init__(self, process: subprocess.Popen, url: str, log: Path):
        self.process, self.url, self.log_path = process, url, log

    def worker_pid(self) -> int:
        import psutil

        children = psutil.Process(self.process.pid).children()
        assert children, "gunicorn has no worker"
        return children[0].pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


@pytest.fixture
def live_gunicorn(transactional_db, settings, tmp_path, request):
    """gunicorn (one gthread worker, as in production) on the test database and this test's MEDIA_ROOT."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    extra = getattr(request, "param", {}) or {}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DJANGO_MEDIA_ROOT": settings.MEDIA_ROOT,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--worker-class", "gthread", "--workers", "1", "--threads", "4", "--timeout", "600",
               "--log-level", "warning"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=BACKEND_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = LiveServer(process, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{log.read_text(errors='replace')[-3000:]}")
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
