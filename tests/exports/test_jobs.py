"""Export jobs: a row with a status, claimed by a conditional UPDATE, safe to run twice."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from tests.exports.factories import make_case
from zhifa.exports import services, tasks
from zhifa.exports.choices import ExportKind, ExportStatus
from zhifa.exports.http import content_disposition
from zhifa.exports.models import ExportJob


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def some_cases(agency, unit, officers, leader, organisation, ground):
    return [make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                      grounds=[ground], state=state) for state in ("filed", "decided", "closed")]


@pytest.fixture
def job(leader, some_cases, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = services.export_job_create(kind=ExportKind.CASE_LEDGER, user=leader,
                                             params={"format": "csv", "filters": {}, "ordering": []})
    assert len(callbacks) == 1  # the task is sent once the row is committed, not before
    return created


def test_a_job_runs_once_and_a_second_run_leaves_it_alone(job, media):
    done = tasks.run_export_job(job.pk)
    assert done == ExportStatus.DONE
    job.refresh_from_db()
    assert (job.progress, job.row_count, job.attempts) == (100, 3, 1)
    stored = (media / job.file.name).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == job.sha256 and job.size == len(stored)
    assert job.filename.startswith("案件台账_") and job.filename.endswith(".csv")
    before = (job.file.name, job.sha256, job.finished_at)

    assert tasks.run_export_job(job.pk) is None  # a redelivered message
    job.refresh_from_db()
    assert (job.file.name, job.sha256, job.finished_at, job.attempts) == (*before, 1)
    assert len(list(media.rglob("*.csv"))) == 1


def test_a_running_job_is_not_claimed_twice_until_its_worker_is_presumed_dead(job):
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, started_at=timezone.now(), attempts=1)
    assert services.export_job_run(job_id=job.pk) is None
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.RUNNING

    long_ago = timezone.now() - services.STALE_AFTER - datetime.timedelta(minutes=1)
    ExportJob.objects.filter(pk=job.pk).update(started_at=long_ago)
    redone = services.export_job_run(job_id=job.pk)
    assert redone.status == ExportStatus.DONE and redone.attempts == 2 and redone.row_count == 3


def test_a_run_that_lost_its_claim_stops_without_touching_the_job(job, monkeypatch):
    from zhifa.exports import case_ledger

    real_rows = case_ledger.ledger_rows

    def rows_then_takeover(**kwargs):
        for batch in real_rows(**kwargs):
            # Another worker reclaims the job while this one is writing.
            ExportJob.objects.filter(pk=job.pk).update(attempts=5)
            yield batch

    monkeypatch.setattr(case_ledger, "ledger_rows", rows_then_takeover)
    assert services.export_job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == ExportStatus.RUNNING and job.attempts == 5 and not job.file


def test_a_failure_is_recorded_on_the_job(job, monkeypatch):
    from zhifa.exports import case_ledger

    def broken(**kwargs):
        raise RuntimeError("disk full")
        yield  # pragma: no cover

    monkeypatch.setattr(case_ledger, "ledger_rows", broken)
    failed = services.export_job_run(job_id=job.pk)
    assert failed.status == ExportStatus.FAILED and "RuntimeError" in failed.error and failed.finished_at
    assert not failed.file


def test_a_deactivated_requester_gets_no_file(job, leader):
    leader.is_active = False
    leader.save(update_fields=["is_active"])
    failed = services.export_job_run(job_id=job.pk)
    assert failed.status == ExportStatus.FAILED and "停用" in failed.error


def test_stalled_jobs_are_sent_again(job, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "_enqueue", sent.append)
    assert services.export_jobs_requeue_stalled() == 0  # just created: its message is on its way
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    assert services.export_jobs_requeue_stalled() == 1 and sent == [job.pk]
    tasks.run_export_job(job.pk)
    assert services.export_jobs_requeue_stalled() == 0  # done jobs are not sent again
    assert sent == [job.pk]


def test_the_job_is_in_the_history(job):
    tasks.run_export_job(job.pk)
    statuses = list(ExportJob.pgh_event_model.objects.filter(pgh_obj_id=job.pk).order_by("pgh_id")
                    .values_list("status", flat=True))
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "done"


def test_content_disposition_carries_the_chinese_name_and_an_ascii_stand_in():
    header = content_disposition('案件台账/2024"年".xlsx', fallback="export-1.xlsx")
    assert header == ("attachment; filename=\"export-1.xlsx\"; "
                      "filename*=UTF-8''%E6%A1%88%E4%BB%B6%E5%8F%B0%E8%B4%A6_2024_%E5%B9%B4_.xlsx")
