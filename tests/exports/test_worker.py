"""A large ledger export, built by a real Celery worker on the `reports` queue."""

import hashlib
import io

import openpyxl

from tests.exports.factories import make_case
from zhifa.exports.case_ledger import HEADERS
from zhifa.exports.models import ExportJob


def test_a_large_export_is_built_by_the_worker(celery_worker, settings, apis, agency, unit, officers, leader,
                                               organisation, ground):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    cases = [make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                       grounds=[ground], state=state) for state in ("filed", "decided", "served", "closed")]

    response = apis["leader"].get("/api/cases/export/?format=xlsx&state=decided&state=served&state=closed")
    assert response.status_code == 202, response.json()
    url = response["Location"]

    job = celery_worker.wait_for(lambda: (lambda j: j if j["status"] in ("done", "failed") else None)(
        apis["leader"].get(url).json()))
    assert job["status"] == "done", job["error"]
    assert job["progress"] == 100 and job["row_count"] == 3 and job["total"] == 3

    download = apis["leader"].get(job["download_url"])
    raw = b"".join(download.streaming_content)
    assert hashlib.sha256(raw).hexdigest() == job["sha256"] == ExportJob.objects.get(pk=job["id"]).sha256
    assert (celery_worker.media_root / ExportJob.objects.get(pk=job["id"]).file.name).read_bytes() == raw
    header, *rows = openpyxl.load_workbook(io.BytesIO(raw))["案件台账"].iter_rows(values_only=True)
    assert list(header) == HEADERS
    assert [r[HEADERS.index("立案编号")] for r in rows] == [c.number for c in reversed(cases[1:])]
