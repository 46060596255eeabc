"""Casework in real headless Chromium: what officers, leaders and legal advisers do on the case, evidence and
litigation pages, each through the screen, with the database checked afterwards.

casework.mjs signs in as the demo users and: an officer requests preservation of evidence (先行登记保存) on a
case under investigation, the leader approves it, and the officer records the decision on the items; the officer
flags another case as a major enforcement decision (which then needs legal review), and asks for an item past its
retention to be disposed of; the leader finds the request through the notification bell, approves it, sees its
tombstone, the access log and an item's own log, and edits a recorder in the ledger; a legal adviser takes a
lawsuit through its defence, hearing, outcome, appeal and closing. Every screen is checked with axe-core and for script errors; screenshots go to
var/screenshots/casework-*.png.
"""

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases.models import Case, CaseDeadline
from zhifa.evidence.models import AccessEvent, DisposalRequest, EvidenceItem, RecorderDevice, Tombstone
from zhifa.litigation import services as litigation
from zhifa.litigation.models import Matter
from zhifa.notifications.models import Notification

pytestmark = pytest.mark.slow

SCREENSHOT_PREFIX = "casework-"
SCRIPT = Path(__file__).with_name("casework.mjs")
FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"

SHOTS = [
    "preservation-register",
    "preservation-approve",
    "preservation",
    "preservation-resolved",
    "preservation-en",
    "major-dialog",
    "major",
    "disposal-request",
    "bell",
    "disposal-approve",
    "tombstones",
    "access-log",
    "item-accesses",
    "device-edit",
    "matter-outcome",
    "matter-closed",
    "preservation-tablet",
    "bell-tablet",
]


def _prepare(today: datetime.date) -> dict:
    """The demo data, plus what the flows need that the demo does not have: an item past its retention that is not
    case evidence, and an open first-instance lawsuit for adviser1 that has not been answered yet."""
    call_command("load_demo", verbosity=0)
    preserve = Case.objects.get(title="潜江市国学文化促进会非法开展活动")
    assert preserve.state == "investigating" and not preserve.preservations.exists()
    major = Case.objects.get(title="潜江市摄影家协会涂改登记证书")
    assert not major.is_major and major.state == "investigation_closed"

    item = (EvidenceItem.objects.filter(case__state__in=["closed", "archived"], status="active")
            .order_by("id").first())
    EvidenceItem.objects.filter(pk=item.pk).update(is_case_evidence=False, admitted_at=None, admitted_by=None,
                                                   retain_until=today - datetime.timedelta(days=1))

    adviser, leader = User.objects.get(username="adviser1"), User.objects.get(username="leader1")
    matter = litigation.matter_create(
        actor=adviser, advisers=[adviser], kind="first_instance", body="潜江市人民法院",
        external_number="（2026）鄂9005行初88号", plaintiff="潜江市星光艺术培训中心",
        contested_act="潜民罚决〔2026〕5号行政处罚决定", claims="请求撤销被诉行政处罚决定。",
        received_on=today - datetime.timedelta(days=5), leader=leader)
    device = RecorderDevice.objects.order_by("serial_number").first()
    return {"preserve": preserve, "major": major, "item": EvidenceItem.objects.get(pk=item.pk), "matter": matter,
            "device": device}


def test_casework_in_headless_chromium(live_server, node, chromium, frontend_dist, screenshots_dir, tmp_path):
    today = timezone.localdate()
    data = _prepare(today)
    env = {
        "PATH": str(Path(node).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ZHIFA_BASE_URL": live_server.url,
        "ZHIFA_SCREENSHOTS": str(screenshots_dir),
        "ZHIFA_FRONTEND_DIR": str(FRONTEND_DIR),
        "ZHIFA_CHROMIUM": chromium,
        "ZHIFA_TODAY": today.isoformat(),
        "ZHIFA_PRESERVE_CASE": str(data["preserve"].pk),
        "ZHIFA_MAJOR_CASE": str(data["major"].pk),
        "ZHIFA_DISPOSE_SHA256": data["item"].sha256,
        "ZHIFA_DISPOSE_TITLE": data["item"].title,
        "ZHIFA_MATTER_ID": str(data["matter"].pk),
        "ZHIFA_DEVICE_SERIAL": data["device"].serial_number,
    }
    try:
        result = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the browser run took too long:\n{(exc.stderr or '')[-4000:]}", pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"browser run failed (exit {result.returncode}); see var/screenshots/casework-failure.png\n"
                    f"{result.stderr[-6000:]}", pytrace=False)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["consoleErrors"] == [] and summary["accessibility"] == []
    for name in SHOTS:
        shot = screenshots_dir / f"{SCREENSHOT_PREFIX}{name}.png"
        assert shot.exists() and shot.stat().st_size > 10_000, f"missing screenshot {shot}"

    officer1, leader1 = User.objects.get(username="officer1"), User.objects.get(username="leader1")

    # 先行登记保存: requested by officer1, approved by leader1, dealt with by officer1, all through the case page;
    # the due date shown is the server's, counted from the approval.
    preservation = data["preserve"].preservations.get()
    assert "收费收据" in preservation.items and "灭失" in preservation.reason
    assert preservation.requested_by == officer1 and preservation.requested_on == today
    assert preservation.approved_by == leader1 and preservation.approved_on == today
    assert preservation.preserved_on == today and preservation.status == "dealt"
    assert preservation.dealt_on == today and preservation.outcome_kind == "release" and "退还" in preservation.outcome
    deadline = CaseDeadline.objects.get(case=data["preserve"], kind="preservation", reference=f"preservation:{preservation.pk}")
    assert summary["preservationDue"] == deadline.due_date.isoformat()
    assert deadline.met_on == today

    # 认定为重大执法决定: flagged with its reason; the page then offered the submission for legal review.
    major = Case.objects.get(pk=data["major"].pk)
    assert major.is_major and "撤销登记" in major.major_reason
    assert major.events_timeline.filter(kind="major_flagged").exists()
    assert summary["legalReviewOffered"]

    # Disposal: officer1 asked, leader1 read the bell's notification and approved; a tombstone remains.
    request = DisposalRequest.objects.get(item=data["item"])
    assert request.requested_by == officer1 and request.status == "approved" and request.decided_by == leader1
    assert EvidenceItem.objects.get(pk=data["item"].pk).status == "disposed"
    assert Tombstone.objects.filter(item=data["item"], approved_by=leader1).exists()
    notice = Notification.objects.get(recipient=leader1, key=f"evidence-disposal:{request.pk}")
    assert notice.read_at is not None
    assert summary["bellCount"] >= 1
    # The leader's reading of the custody report went into the access log the leader then read.
    assert AccessEvent.objects.filter(item=data["item"], user=leader1, action="report").exists()
    assert summary["accessRows"] >= 1 and summary["itemAccessRows"] >= 1

    # The recorder edited in the ledger.
    device = RecorderDevice.objects.get(pk=data["device"].pk)
    assert device.model == "DSJ-Y8 执法记录仪" and device.note == "已更换电池" and device.version == data["device"].version + 1

    # The lawsuit: defence, hearing with the head of agency appearing, outcome, appeal, closed.
    matter = Matter.objects.get(pk=data["matter"].pk)
    assert matter.response_submitted_on == today
    hearing = matter.hearings.get()
    assert hearing.scheduled_on == today and hearing.held and hearing.head_appeared and hearing.appeared == leader1
    assert matter.outcome == "rejected" and matter.outcome_form == "judgment" and matter.outcome_on == today
    assert matter.outcome_document_number == "（2026）鄂9005行初88号判决书"
    assert matter.appealed_on == today
    assert matter.state == "closed" and matter.closed_on == today and matter.closing_note
