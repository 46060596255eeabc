"""The web workbench end to end, in real headless Chromium against the real backend.

pytest-django's live server (a real HTTP server in this process, on the test database) serves the
API and the built app under /app/; workbench.mjs (playwright-core) signs in as officer1, walks the
registry screens and writes a screenshot of each to var/screenshots/.
"""

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from zhifa.accounts.models import User
from zhifa.audit.selectors import object_history
from zhifa.registry.models import Organisation

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("workbench.mjs")
FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"

SCREENS = [
    "01-login",
    "02-dashboard",
    "03-organisations",
    "04-organisations-filtered",
    "05-organisation-detail",
    "06-organisation-edit-validation",
    "07-organisation-edit-conflict",
    "08-organisation-history",
    "09-import-errors",
    "10-illegal-organisations",
    "11-organisations-tablet",
    "12-dashboard-en",
    "13-cases-1366",
]

# A file the import must reject row by row: an empty name, a short code, an impossible date,
# an unknown type and a code that is already registered (filled in below).
BAD_IMPORT = """名称,类型,统一社会信用代码,法定代表人,成立登记日期
潜江市测试协会,社会团体,{free_code},张三,2020-01-01
,基金会,53429005MJ000033,李四,2030-13-01
潜江市另一个协会,未知类型,{taken_code},王五,2019-05-05
"""


def test_workbench_in_headless_chromium(live_server, node, chromium, frontend_dist, screenshots_dir, tmp_path):
    call_command("load_demo", verbosity=0)
    taken = Organisation.objects.order_by("id").first()
    csv_file = tmp_path / "bad-import.csv"
    csv_file.write_text(BAD_IMPORT.format(free_code="51429005MJ9999990X", taken_code=taken.credit_code),
                        encoding="utf-8")
    downloads = tmp_path / "downloads"

    env = {
        "PATH": str(Path(node).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ZHIFA_BASE_URL": live_server.url,
        "ZHIFA_SCREENSHOTS": str(screenshots_dir),
        "ZHIFA_DOWNLOADS": str(downloads),
        "ZHIFA_FRONTEND_DIR": str(FRONTEND_DIR),
        "ZHIFA_CHROMIUM": chromium,
        "ZHIFA_IMPORT_CSV": str(csv_file),
    }
    try:
        result = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=150)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the browser run took too long:\n{(exc.stderr or b'')[-4000:]}", pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"browser run failed (exit {result.returncode}); see var/screenshots/failure.png\n"
                    f"{result.stderr[-6000:]}", pytrace=False)
    summary = json.loads(result.stdout.strip().splitlines()[-1])

    for name in SCREENS:
        shot = screenshots_dir / f"{name}.png"
        assert shot.exists() and shot.stat().st_size > 10_000, f"missing screenshot {shot}"
    assert summary["consoleErrors"] == []

    # The dashboard and the list show the real registry.
    assert summary["dashboardTotal"] == Organisation.objects.count()
    foundations = Organisation.objects.filter(type="foundation", name__icontains="基金会")
    assert summary["filteredRows"] == foundations.count()

    # The edit went through the API with the version check, and history names the officer.
    edited = Organisation.objects.get(pk=summary["detailId"])
    assert edited.address == summary["savedAddress"]
    assert "并发修改" in edited.business_supervisor
    officer = User.objects.get(username="officer1")
    updates = [event for event in object_history(obj=edited) if event.pgh_label == "update"]
    assert [(event.pgh_context or {}).get("user") for event in updates][-2:] == [officer.pk, officer.pk]

    # The export holds the filtered list under the headings the import reads.
    sheet = openpyxl.load_workbook(summary["exported"], read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("名称", "类型", "统一社会信用代码", "登记证号", "法定代表人")
    assert sorted(row[2] for row in rows[1:]) == sorted(foundations.values_list("credit_code", flat=True))
    assert {row[1] for row in rows[1:]} == {"基金会"}

    # Nothing was imported from the rejected file.
    assert not Organisation.objects.filter(credit_code="51429005MJ9999990X").exists()
    assert summary["importIssueRows"] >= 4
