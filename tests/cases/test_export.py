"""The case ledger (台账): XLSX and CSV of the filtered case list, as the list shows it."""

import csv
import hashlib
import io
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.exports.factories import TODAY, ago, fine_case, make_case
from zhifa.accounts.choices import Role
from zhifa.accounts.models import Unit
from zhifa.exports import services
from zhifa.exports.case_ledger import HEADERS
from zhifa.exports.models import ExportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def other_unit(agency):
    return Unit.objects.create(agency=agency, name="慈善事业促进和社会工作科")


@pytest.fixture
def cases(agency, unit, other_unit, officers, leader, organisation, ground, make_user):
    """Six cases in our unit at several stages, and two in another unit with its own officers."""
    ours = dict(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                grounds=[ground])
    theirs_officers = [make_user(Role.OFFICER, unit=other_unit, full_name=f"外科{i}") for i in range(2)]
    theirs = dict(agency=agency, unit=other_unit, officers=theirs_officers, leader=leader, grounds=[ground])
    return {
        "ours": [
            make_case(state="filed", title="未按规定参加2023年度检查", **ours),
            make_case(state="investigating", title="超出章程规定的宗旨和业务范围进行活动", overdue=True, **ours),
            fine_case(state="decided", title="违反规定收取费用", **ours),
            make_case(state="served", title="不按照规定办理变更登记", **ours),
            make_case(state="closed", title="连续两年未参加年度检查", **ours),
            make_case(state="lead", title="=HYPERLINK(\"http://evil.example\")", **ours),
        ],
        "theirs": [
            make_case(state="filed", title="未经登记以慈善组织名义开展募捐", person_name="赵某", **theirs),
            make_case(state="decided", title="擅自设立分支机构", person_name="钱某", **theirs),
        ],
        "their_officer": theirs_officers[0],
    }


def read_csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def read_xlsx(response) -> list[tuple]:
    raw = b"".join(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(raw))
    return list(book["案件台账"].iter_rows(values_only=True))


def listed(api, query=""):
    return api.get(f"/api/cases/?page_size=500&{query}").json()["results"]


def test_csv_has_the_ledger_columns_and_the_filtered_rows_in_list_order(cases, apis):
    query = "state=filed&state=decided&state=served&ordering=-number_sequence"
    response = apis["leader"].get(f"/api/cases/export/?format=csv&{query}")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    expected_name = f"案件台账_{TODAY:%Y%m%d}.csv"
    assert f"filename*=UTF-8''{quote(expected_name, safe='')}" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == HEADERS
    for column in ["立案编号", "案由", "当事人", "统一社会信用代码", "办理环节", "来源", "承办人员", "立案日期", "决定日期",
                   "处罚种类", "罚款金额（元）", "是否重大", "下一期限", "是否逾期"]:
        assert column in header
    expected = listed(apis["leader"], query)
    assert [r[header.index("立案编号")] for r in rows] == [c["number"] for c in expected]
    assert [r[header.index("案由")] for r in rows] == [c["title"] for c in expected]
    assert [r[0] for r in rows] == [str(n) for n in range(1, len(expected) + 1)]
    fined = next(r for r in rows if r[header.index("案由")] == "违反规定收取费用")
    assert fined[header.index("罚款金额（元）")] == "5000.00"
    assert fined[header.index("处罚种类")] == "警告、罚款"
    assert fined[header.index("办理环节")] == "已决定" and fined[header.index("承办人员")] == "张执法、李执法"
    assert fined[header.index("决定日期")] == ago(30).isoformat() and fined[header.index("是否重大")] == "否"


def test_xlsx_matches_the_list_with_typed_cells(cases, apis):
    response = apis["leader"].get("/api/cases/export/?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    header, *rows = read_xlsx(response)
    assert list(header) == HEADERS
    expected = listed(apis["leader"])
    assert [r[HEADERS.index("立案编号")] or "" for r in rows] == [c["number"] for c in expected]
    overdue = next(r for r in rows if r[HEADERS.index("案由")] == "超出章程规定的宗旨和业务范围进行活动")
    assert overdue[HEADERS.index("是否逾期")] == "是"
    assert overdue[HEADERS.index("下一期限")].date() == ago(1)  # a real date cell
    fined = next(r for r in rows if r[HEADERS.index("案由")] == "违反规定收取费用")
    assert fined[HEADERS.index("罚款金额（元）")] == Decimal("5000") or fined[HEADERS.index("罚款金额（元）")] == 5000


def test_text_is_never_run_as_a_formula(cases, apis):
    rows = read_csv(apis["leader"].get("/api/cases/export/?format=csv&state=lead"))
    assert rows[1][HEADERS.index("案由")] == "'=HYPERLINK(\"http://evil.example\")"
    raw = b"".join(apis["leader"].get("/api/cases/export/?format=xlsx&state=lead").streaming_content)
    cell = openpyxl.load_workbook(io.BytesIO(raw))["案件台账"].cell(row=2, column=HEADERS.index("案由") + 1)
    # A text cell, neutralised as in the CSV: a user who edits it in Excel must not turn it into a formula.
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(\"http://evil.example\")"


def test_visibility_is_the_lists(cases, client_for):
    officer = client_for(cases["their_officer"])
    header, *rows = read_csv(officer.get("/api/cases/export/?format=csv"))
    titles = {r[header.index("案由")] for r in rows}
    assert titles == {"未经登记以慈善组织名义开展募捐", "擅自设立分支机构"}
    assert titles == {c["title"] for c in listed(officer)}


def test_other_agencies_see_nothing(cases, client_for, make_user, other_agency):
    foreign = make_user(Role.LEADER, unit=Unit.objects.create(agency=other_agency, name="办公室"))
    header, *rows = read_csv(client_for(foreign).get("/api/cases/export/?format=csv"))
    assert header == HEADERS and rows == []


def test_query_count_does_not_grow_with_rows(cases, apis, agency, unit, officers, leader, organisation, ground):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = apis["leader"].get("/api/cases/export/?format=csv")
            body = b"".join(response.streaming_content)
        return len(queries), body.count(b"\n")

    few_queries, few_lines = count()
    for _ in range(10):
        make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                  grounds=[ground], state="served")
    many_queries, many_lines = count()
    assert many_lines == few_lines + 10
    assert many_queries == few_queries


@pytest.mark.parametrize("query, field", [
    ("format=pdf", "format"),
    ("state=bogus", "state"),
    ("filed_after=yesterday", "filed_after"),
    ("officer=abc", "officer"),
    ("ordering=party_name", "ordering"),
])
def test_bad_parameters_get_400_in_the_error_shape(cases, apis, query, field):
    response = apis["leader"].get(f"/api/cases/export/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"status", "code", "detail", "detail_en", "fields"}
    assert body["status"] == 400 and body["code"] == "invalid" and field in body["fields"]
    assert not ExportJob.objects.exists()


def test_export_needs_a_login(cases, client_for):
    assert client_for().get("/api/cases/export/?format=csv").status_code == 401


def test_a_large_export_becomes_a_job_with_progress_and_a_download(cases, apis, leader, settings, client_for,
                                                                  officers):
    settings.EXPORT_SYNC_MAX_ROWS = 3
    settings.EXPORT_BATCH_SIZE = 2
    response = apis["leader"].get("/api/cases/export/?format=xlsx&ordering=number_sequence")
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "queued" and job["progress"] == 0 and job["download_url"] is None
    assert response["Location"] == job["url"] == f"/api/exports/{job['id']}/"
    assert ExportJob.objects.get(pk=job["id"]).params == {
        "format": "xlsx", "filters": {}, "ordering": ["number_sequence"]}

    early = apis["leader"].get(f"/api/exports/{job['id']}/download/")
    assert early.status_code == 409 and early.json()["code"] == "export_not_ready"

    services.export_job_run(job_id=job["id"])  # what the worker does
    done = apis["leader"].get(job["url"]).json()
    assert done["status"] == "done" and done["progress"] == 100 and done["row_count"] == 8
    history = ExportJob.pgh_event_model.objects.filter(pgh_obj_id=job["id"]).order_by("pgh_id")
    progress = [e.progress for e in history]
    assert progress[-1] == 100 and any(0 < p < 100 for p in progress)
    assert progress == sorted(progress)

    download = apis["leader"].get(done["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    raw = b"".join(download.streaming_content)
    assert hashlib.sha256(raw).hexdigest() == done["sha256"] and download["ETag"] == f'"{done["sha256"]}"'
    header, *rows = list(openpyxl.load_workbook(io.BytesIO(raw))["案件台账"].iter_rows(values_only=True))
    assert [r[HEADERS.index("立案编号")] or "" for r in rows] == \
        [c["number"] for c in listed(apis["leader"], "ordering=number_sequence")]

    # Jobs are private to whoever asked for them.
    other = client_for(officers[0])
    assert other.get(job["url"]).status_code == 404
    assert other.get(done["download_url"]).status_code == 404
    assert other.get("/api/exports/").json()["results"] == []
    assert [j["id"] for j in apis["leader"].get("/api/exports/").json()["results"]] == [job["id"]]
