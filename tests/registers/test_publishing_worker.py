"""Through a real Celery worker: the editors approve the annual report's notice, the worker publishes it,
and the report is published at once (the daily run is only the safety net)."""

import datetime

import pytest

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture
from zhifa.registers import services
from zhifa.registers.models import AnnualReport


@pytest.fixture
def celery_worker_queues():
    return ("publish", "default")


def test_report_published_as_soon_as_the_worker_publishes_its_notice(celery_worker, agency, keeper, editor, leader,
                                                                     client_for, publication_root):
    year = datetime.date.today().year - 1
    report = services.annual_report_prepare(actor=keeper, year=year)
    report = services.annual_report_submit(report_id=report.pk, actor=keeper)
    notices = "/api/disclosures/"
    assert client_for(editor).post(f"{notices}{report.notice_id}/check-redaction/").status_code == 200
    assert client_for(leader).post(f"{notices}{report.notice_id}/approve/").status_code == 200

    published = celery_worker.wait_for(lambda: AnnualReport.objects.filter(pk=report.pk, state="published").first(),
                                       timeout=60)  # a loaded machine starts the worker slowly
    assert published.notice.state == "published"
    page = (publication_root / published.notice.url_path).read_text(encoding="utf-8")
    assert "<svg" in page and f"{published.notice.slug}.xlsx" in page
    assert (publication_root / "notices" / f"{published.notice.slug}.xlsx").exists()
