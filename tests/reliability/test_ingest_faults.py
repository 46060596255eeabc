"""Fault injection in evidence ingest: the Celery worker killed (kill -9) in the middle of a batch of ingests.

Each upload must end as exactly one evidence item: the jobs still queued run on the restarted worker; the
one the killed worker had claimed stays "ingesting" until the claim is stale (STALE_AFTER), when the
maintenance job (beat, every 10 minutes) sends it again."""

import datetime
import re
import time

import psutil
import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from tests.celery_worker import CeleryWorker, database_url
from tests.reliability.world import record_figures

pytestmark = pytest.mark.slow
BATCH = 4


def test_worker_killed_in_a_batch_of_evidence_ingests(transactional_db, settings, tmp_path, officers, leader,
                                                      organisation, ground, client_for):
    from tests.evidence.helpers import mp4_bytes, sha256_header, tus_create, tus_patch
    from zhifa.cases import services as case_services
    from zhifa.evidence.ingest import STALE_AFTER, uploads_requeue_stalled
    from zhifa.evidence.models import EvidenceItem, Upload

    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT, settings.EVIDENCE_UPLOAD_DIR = str(media), ""
    today = datetime.date.today()
    case = case_services.case_create(
        actor=officers[0], officers=officers, title="未按规定参加年度检查", source="annual_inspection",
        received_on=today - datetime.timedelta(days=30), party_kind="organisation", organisation=organisation,
        grounds=[ground], facts="连续两年未参加年度检查。", act_date=today - datetime.timedelta(days=300))
    for action, actor in (("file", leader), ("start_investigation", officers[0])):
        case_services.case_transition(case_id=case.pk, actor=actor, action=action,
                                      data={"date": today - datetime.timedelta(days=20)})
    worker = CeleryWorker(queues=("ingest",), media_root=media, log_path=tmp_path / "worker.log")
    worker.purge()
    api = client_for(officers[0])
    uids = []
    for n in range(BATCH):  # complete uploads: their ingest jobs wait in the queue
        data = mp4_bytes(seed=n + 1, padding=200_000)
        created = tus_create(api, length=len(data), filename=f"现场录像{n}.mp4", kind="audiovisual", case=case.pk)
        assert created.status_code == 201, created.content
        uids.append(created.json()["id"])
        assert tus_patch(api, created["Location"], data, offset=0, checksum=sha256_header(data)).status_code == 204
    worker.purge = lambda: None  # keep the queued jobs
    try:
        with psycopg.connect(database_url(connection.settings_dict)) as other:
            # Hold every upload's row: the worker's claim waits on the first, mid-task.
            other.execute("SELECT 1 FROM evidence_upload WHERE uid = ANY(%s) FOR UPDATE", [uids])
            worker.start()
            worker.wait_for(lambda: re.search(r"ingest_upload\[.*\] received", worker.log()), timeout=60)
            time.sleep(1)
            parent = psutil.Process(worker.process.pid)
            for process in [parent, *parent.children(recursive=True)]:
                process.kill()
            worker.process.wait()
            other.rollback()
        time.sleep(1)
        # The claim of the killed worker may have gone through after it died: let it go stale, as time would.
        Upload.objects.filter(uid__in=uids, status="ingesting").update(
            ingest_started_at=timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1))
        worker.start()
        requeued = uploads_requeue_stalled(older_than=datetime.timedelta(0))
        worker.wait_for(lambda: Upload.objects.filter(uid__in=uids, status="done").count() == BATCH, timeout=90)
    finally:
        worker.stop()
    for upload in Upload.objects.filter(uid__in=uids):
        assert upload.item_id and EvidenceItem.objects.filter(sha256=upload.sha256, case=case).count() == 1
    record_figures("fault_ingest", {"ingests": BATCH, "kills": 1, "requeued_by_maintenance": requeued,
                                    "ingested_exactly_once": BATCH})
