"""The workbench's back-office conventions in real headless Chromium at 1366×768 (a common government PC).

back_office.mjs signs in as the demo officer: the case list keeps the deadline in view without sideways scrolling and
remembers a hidden column across a reload; several cases open as tabs, which scroll inside their bar, survive a
reload and close to their neighbour; the case page prints (print media) without the side menu, the bars and the
buttons, in black. Screens go to var/screenshots/back-office-*.png, each audited with axe-core, and the printed case
to var/screenshots/back-office-case.pdf, for people to look at.
"""

import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("back_office.mjs")
FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
SCREENSHOT_PREFIX = "back-office-"


def test_tabs_columns_totals_and_print_in_headless_chromium(live_server, node, chromium, frontend_dist,
                                                           screenshots_dir, tmp_path):
    call_command("load_demo", verbosity=0)
    env = {
        "PATH": str(Path(node).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ZHIFA_BASE_URL": live_server.url,
        "ZHIFA_SCREENSHOTS": str(screenshots_dir),
        "ZHIFA_FRONTEND_DIR": str(FRONTEND_DIR),
        "ZHIFA_CHROMIUM": chromium,
    }
    try:
        run = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the browser run took too long:\n{(exc.stderr or '')[-4000:]}", pytrace=False)
    if run.returncode != 0:
        pytest.fail(f"browser run failed (exit {run.returncode}); see var/screenshots/back-office-failure.png\n"
                    f"{run.stderr[-6000:]}", pytrace=False)
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["consoleErrors"] == [] and summary["accessibility"] == []
    for name in ["cases", "case-tabs"]:
        shot = screenshots_dir / f"{SCREENSHOT_PREFIX}{name}.png"
        assert shot.exists() and shot.stat().st_size > 10_000, f"missing screenshot {shot}"
    pdf = screenshots_dir / f"{SCREENSHOT_PREFIX}case.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "当事人" not in summary["headersAfterReload"]
