"""The public disclosure site in real headless Chromium, on a 390 px phone and a 1366 px office PC, with a penalty
decision, an announcement of illegal organisations and a category of several pages published: no page scrolls sideways, axe-core finds nothing serious in the normal and the 适老化 mode, the switch works
from the keyboard and is remembered, and the search finds a name listed only in an announcement's body."""

import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from zhifa.disclosure import services, site
from zhifa.disclosure.models import Notice

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("public_site.mjs")
FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
SCREENSHOT_PREFIX = "public-"
PAGES = ["home", "notice", "announcement", "category", "category-page", "search"]


def publish(notice, editors):
    services.notice_check_redaction(notice_id=notice.pk, actor=editors[0])
    services.notice_approve(notice_id=notice.pk, actor=editors[1])
    services.notice_publish(notice_id=notice.pk)
    return Notice.objects.get(pk=notice.pk)


def test_the_public_site_on_a_phone_and_a_pc(publication_root, live_server, node, chromium, screenshots_dir,
                                             tmp_path, decide_case, editors, monkeypatch):
    monkeypatch.setattr(site, "CATEGORY_SIZE", 3)  # a few notices make numbered pages
    penalty = publish(Notice.objects.get(case=decide_case()), editors)
    announcement = publish(services.notice_create(
        actor=editors[0], kind="illegal_organisations", title="潜江市民政局关于公布一批涉嫌非法社会组织名单的公告",
        body="经调查核实，下列组织未经登记，擅自以社会组织名义开展活动，涉嫌非法社会组织。\n\n"
             "1. 潜江市国学文化促进会（活动地域：潜江市园林街道）\n2. 潜江市老年养生健康协会（活动地域：潜江市杨市街道）"),
        editors)
    for number in range(1, 6):
        publish(services.notice_create(actor=editors[0], kind="general", body="根据工作安排，现将有关事项通知如下。",
                                       title=f"潜江市民政局关于开展社会组织年度检查工作的通知（第{number}号）"), editors)
    call_command("rebuild_disclosure_site", verbosity=0)
    assert (FRONTEND_DIR / "node_modules" / "playwright-core").exists(), "npm packages of frontend/ are installed"
    data = {"penalty": penalty.slug, "announcement": announcement.slug}
    env = {
        "PATH": str(Path(node).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ZHIFA_BASE_URL": live_server.url,
        "ZHIFA_SCREENSHOTS": str(screenshots_dir),
        "ZHIFA_FRONTEND_DIR": str(FRONTEND_DIR),
        "ZHIFA_CHROMIUM": chromium,
        "ZHIFA_PUBLIC": json.dumps(data),
    }
    try:
        result = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the browser run took too long:\n{(exc.stderr or '')[-4000:]}", pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"browser run failed (exit {result.returncode}); see var/screenshots/public-failure.png\n"
                    f"{result.stderr[-6000:]}", pytrace=False)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["consoleErrors"] == [] and summary["accessibility"] == []
    for mode in ("phone", "care"):
        for name in PAGES:
            shot = screenshots_dir / f"public-{mode}-{name}.png"
            assert shot.exists() and shot.stat().st_size > 5_000, f"missing screenshot {shot}"
            assert summary["widths"][f"{mode}-{name}"] <= 390
