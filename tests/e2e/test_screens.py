"""The workbench's disclosure, dashboard, litigation, registers and evidence screens in real headless Chromium.

pytest-django's live server serves the API and the built app on the demo data; screens.mjs signs in as
the demo user whose work each screen is, acts where the screen is for acting (the editor checks a
draft's redaction, the leader approves it), and saves var/screenshots/screen-*.png, each checked with
axe-core and for script errors.
"""

import datetime
import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture
from tests.e2e.conftest import load_demo_without_pdf_backlog

from zhifa.disclosure.models import Notice
from zhifa.exports.models import ExportJob
from zhifa.litigation.models import Matter

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("screens.mjs")
REPO_DIR = Path(__file__).resolve().parents[2]
FRONTEND_DIR = REPO_DIR / "frontend"

ADDRESS = "江汉路268号"  # the draft's party's address, which the editor hides as well
SCREENS = [
    "dashboard-editor",
    "disclosure-list",
    "disclosure-draft",
    "disclosure-masks",
    "disclosure-withdraw-reason",
    "dashboard-leader",
    "disclosure-published",
    "evidence-fixity",
    "dashboard-officer",
    "evidence-items",
    "evidence-custody",
    "evidence-devices",
    "review-rereview-dialog",
    "review-rereview-requested",
    "review-rereview-assign",
    "dashboard-reviewer",
    "registers-documents",
    "registers-document-status",
    "registers-certification",
    "registers-powers",
    "registers-inspections",
    "registers-inspection-draw",
    "registers-annual-report",
    "dashboard-adviser",
    "litigation-list",
    "litigation-detail",
    "litigation-hearing-record",
    "litigation-package",
    "disclosure-published-tablet",
    "litigation-list-tablet",
    "dashboard-adviser-tablet",
    "disclosure-list-en",
]


@pytest.fixture
def celery_worker_queues():
    """Approval publishes through the publish queue; the court evidence package is built on the reports queue."""
    return ("publish", "reports", "default")


@pytest.fixture
def screen_shots() -> Path:
    """var/screenshots/, clearing only this test's own screen-*.png files."""
    directory = REPO_DIR / "var" / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("screen-*.png"):
        old.unlink()
    return directory


def open_matter_with_a_hearing() -> Matter:
    """The demo's lawsuits are all closed, and a closed one no longer offers recording a hearing: the adviser's
    screens need one still before the court, about a decided case (so its evidence package can be built),
    whose hearing has been held and can be recorded again."""
    from zhifa.accounts.models import User
    from zhifa.cases.models import Case
    from zhifa.litigation import services

    adviser, leader = User.objects.get(username="adviser1"), User.objects.get(username="leader1")
    # decided long enough ago for the hearing to lie in the past
    case = (Case.objects.filter(agency_id=adviser.agency_id, decided_on__lte=datetime.date.today()
                                - datetime.timedelta(days=40)).order_by("id").first())
    received = case.decided_on + datetime.timedelta(days=10)
    matter = services.matter_create(
        actor=adviser, advisers=[adviser], kind="first_instance", body="潜江市人民法院",
        external_number="（2026）鄂9005行初96号", plaintiff=case.party_name, contested_act="行政处罚决定",
        claims="请求撤销被诉行政处罚决定。", case=case, received_on=received, leader=leader)
    services.matter_record_response(matter_id=matter.pk, actor=adviser, on=received + datetime.timedelta(days=5))
    hearing = services.hearing_schedule(matter_id=matter.pk, actor=adviser,
                                        scheduled_on=received + datetime.timedelta(days=20), place="第二法庭")
    services.hearing_record(hearing_id=hearing.pk, actor=adviser, head_appeared=True, appeared=leader,
                            notes="负责人出庭应诉。")
    return matter


REREVIEW_REASON = "两个年度未参加年检的事实已有登记管理机关的年检结论和催告回执证明，证据充分，申请复核。"


def review_not_passed():
    """The demo's review in progress gets a correction (纠正意见) from reviewer1, so the handling officer may ask
    for a 复核; a second qualified legal reviewer is on the staff, for the leader to assign it to."""
    from django.conf import settings

    from zhifa.accounts.choices import LegalQualificationKind, Role
    from zhifa.accounts.models import User
    from zhifa.demo.cases import PASS
    from zhifa.reviews import services as reviews
    from zhifa.reviews.models import Review

    reviewer = User.objects.get(username="reviewer1")
    review = Review.objects.filter(state="under_review", reviewer=reviewer).order_by("id").first()
    problem = [*PASS[:3], {"item": 4, "verdict": "problem", "note": "缺少年检结论书证"}, *PASS[4:]]
    reviews.review_record_outcome(
        review_id=review.pk, actor=reviewer, package_number=review.packages.order_by("-number").first().number,
        outcome="correct", verdicts=problem, opinion="事实认定的证据不足，退回补正。",
        correction_categories=["insufficient_evidence"], corrections="补充连续两个年度未参加年检的结论书证。",
        on=timezone.localdate())
    second = User.objects.create_user(
        username="reviewer2", password=settings.DEMO_PASSWORD, full_name="刘洋", role=Role.LEGAL_REVIEWER,
        unit=reviewer.unit, legal_qualification_kind=LegalQualificationKind.LEGAL_PROFESSION,
        legal_certificate_number="A20194290050456", legal_qualification_date=datetime.date(2020, 3, 1))
    return review, reviewer, second


def test_screens_in_headless_chromium(publication_root, celery_worker, live_server, node, chromium, frontend_dist,
                                      screen_shots, tmp_path):
    load_demo_without_pdf_backlog(celery_worker)  # the court package is built on `reports`
    matter = open_matter_with_a_hearing()
    review, first_reviewer, second_reviewer = review_not_passed()
    env = {
        "PATH": str(Path(node).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ZHIFA_BASE_URL": live_server.url,
        "ZHIFA_SCREENSHOTS": str(screen_shots),
        "ZHIFA_DOWNLOADS": str(tmp_path / "downloads"),
        "ZHIFA_FRONTEND_DIR": str(FRONTEND_DIR),
        "ZHIFA_CHROMIUM": chromium,
        "ZHIFA_MATTER_ID": str(matter.pk),
        "ZHIFA_DRAFT_ID": str(Notice.objects.filter(state="draft", body__contains=ADDRESS).latest("pk").pk),
        "ZHIFA_REREVIEW": json.dumps({"review": review.pk, "reason": REREVIEW_REASON,
                                      "excluded": first_reviewer.full_name, "reviewer": second_reviewer.full_name},
                                     ensure_ascii=False),
    }
    try:
        result = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the browser run took too long:\n{(exc.stderr or '')[-4000:]}\n{celery_worker.log()[-3000:]}",
                    pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"browser run failed (exit {result.returncode}); see var/screenshots/screen-failure.png\n"
                    f"{result.stderr[-6000:]}\nworker log:\n{celery_worker.log()[-3000:]}", pytrace=False)
    summary = json.loads(result.stdout.strip().splitlines()[-1])

    for name in SCREENS:
        shot = screen_shots / f"screen-{name}.png"
        assert shot.exists() and shot.stat().st_size > 10_000, f"missing screenshot {shot}"
    assert summary["consoleErrors"] == [] and summary["accessibility"] == []

    # The editor checked the draft's redaction through the screen, and the leader's approval published it.
    draft = Notice.objects.get(pk=summary["draftId"])
    assert draft.redaction_checked_by.username == "editor1"
    assert draft.approved_by.username == "leader1"
    assert draft.state == "published" and (publication_root / f"notices/{draft.slug}.html").exists()
    assert draft.extra_masks == [ADDRESS] and ADDRESS in draft.body
    assert ADDRESS not in draft.masked_body
    assert not summary["maskedHasAddress"]

    # The export holds every notice of the agency, under Chinese headings.
    rows = list(openpyxl.load_workbook(summary["noticesExported"], read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("标题", "公示类别", "状态")
    assert len(rows) - 1 == Notice.objects.count()
    assert summary["noticeRows"] == min(20, Notice.objects.count())

    assert summary["drawVerified"]

    # The litigation ledger exports every matter; the package was asked for as a background job.
    rows = list(openpyxl.load_workbook(summary["mattersExported"], read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("类型", "复议/案号", "申请人/原告") and len(rows) - 1 == Matter.objects.count()
    job = ExportJob.objects.get(kind="court_package", params__matter=matter.pk)
    assert job.status == "done" and job.sha256 == summary["packageSha256"]

    # 复核: asked once by the handling officer with the reasons, as its own package; the leader could not pick
    # the reviewer of the failed opinion and assigned the other one.
    review.refresh_from_db()
    assert (review.rereview_reason, review.rereview_requested_on) == (REREVIEW_REASON, timezone.localdate())
    assert review.rereview_requested_by.username == "officer1"
    assert review.packages.order_by("-number").first().rereview
    assert review.state == "under_review" and review.reviewer == second_reviewer
    assert first_reviewer.full_name not in summary["rereviewOffered"]
    assert second_reviewer.full_name in summary["rereviewOffered"]
