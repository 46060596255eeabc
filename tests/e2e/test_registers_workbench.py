"""The registers' daily work in real headless Chromium, against the real backend and the demo data.

registers.mjs signs in as the demo user whose work each step is and acts through the screens: the legal
reviewer (who keeps the registers) declares an inspector's conflict of interest, re-draws a plan (the new round's
pool excludes the pair), runs a clean-up campaign (the server's refusal to conclude an empty one shown, then an
outcome recorded and the campaign concluded), edits a normative document and uploads its attachment, edits and
cancels certification matters and publishes their list to the public site, registers a discretion benchmark
entry (裁量基准) and repeals it; one of the drawn inspectors records
the inspection result; the disclosure editor computes and submits the annual report. This module then checks each
effect in the database. Screens go to var/screenshots/registers-*.png, each audited with axe-core.
"""

import datetime
import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases.models import ViolationGround
from zhifa.disclosure import services as disclosure
from zhifa.disclosure.choices import NoticeState
from zhifa.registers import services
from zhifa.registers.choices import InspectionOutcome, Register
from zhifa.registers.models import (
    AnnualReport,
    CertificationMatter,
    CleanupCampaign,
    DiscretionBenchmark,
    InspectionPlan,
    InspectorConnection,
    NormativeDocument,
    RegisterPublication,
)
from zhifa.registry.models import Organisation

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("registers.mjs")
FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
SCREENSHOT_PREFIX = "registers-"
SCREENS = [
    "personnel",
    "personnel-declare",
    "plan-redraw-dialog",
    "plan-redrawn",
    "cleanup-refused",
    "cleanup-concluded",
    "document-edit",
    "document-attachments",
    "certification-edit",
    "certification-published",
    "benchmark-create",
    "benchmark-repeal",
    "benchmarks",
    "cleanup-tablet",
    "personnel-tablet",
    "plan-result-dialog",
    "plan-result",
    "annual-submitted",
]

CONNECTION_REASON = "配偶在该组织担任理事"
REDRAW_REASON = "原抽中对象已于抽取后注销登记，经负责人同意重新抽取"
FINDINGS = "财务凭证不全，已当场责令整改并于一周内补齐。"
ATTACHMENT = "养老机构等级评定实施方案（正式印发稿）"
BENCHMARK_CODE = "QJ-CL-STDJ30AI-0"
BENCHMARK_STANDARD = "不予罚款，给予警告并责令限期改正"
BENCHMARK_REPEAL = "并入新修订的裁量基准第一档，本条目不再单列"


def _drawn_plan(title: str, keeper: User, editor: User, leader: User) -> InspectionPlan:
    """A plan committed, its pool notice published and drawn: results pending."""
    plan = services.inspection_plan_create(
        actor=keeper, title=title, year=timezone.localdate().year, target_count=1,
        target_types=["social_group", "private_non_enterprise"],
        matters=[{"name": "遵守法律法规和章程情况", "basis": "《社会团体登记管理条例》第二十四条"}])
    draw = services.inspection_plan_commit(plan_id=plan.pk, actor=keeper)
    notice = draw.commitment_notice
    disclosure.notice_check_redaction(notice_id=notice.pk, actor=editor)
    disclosure.notice_approve(notice_id=notice.pk, actor=leader)
    disclosure.notice_publish(notice_id=notice.pk, at=timezone.now())
    services.inspection_plan_draw(plan_id=plan.pk, actor=leader)
    return InspectionPlan.objects.get(pk=plan.pk)


def test_registers_daily_work_in_headless_chromium(publication_root, live_server, node, chromium, frontend_dist,
                                                   screenshots_dir, tmp_path):
    call_command("load_demo", verbosity=0)
    keeper, editor, leader, officer = (User.objects.get(username=n)
                                       for n in ("reviewer1", "editor1", "leader1", "officer1"))
    redraw = _drawn_plan("养老服务机构双随机抽查（重新抽取）", keeper, editor, leader)
    results = _drawn_plan("社会组织年度双随机抽查（第二批）", keeper, editor, leader)
    result = results.draws.get().results.get()
    inspector = User.objects.get(pk=result.inspector_ids[0])  # a drawn inspector records the result
    # The organisation the inspector is connected to: one of the pool other than the one drawn in round 1.
    drawn = redraw.draws.get().results.values_list("organisation_id", flat=True)
    target_ids = redraw.draws.get().pool["targets"]
    organisation = Organisation.objects.filter(pk__in=target_ids).exclude(pk__in=drawn).order_by("id").first()
    document = NormativeDocument.objects.get(number="潜民政发〔2023〕37号")
    edited_matter, cancelled_matter = CertificationMatter.objects.filter(status="retained").order_by("id")[:2]
    publications_before = RegisterPublication.objects.filter(register=Register.CERTIFICATION_MATTERS).count()
    benchmark_ground = ViolationGround.objects.get(code="STDJ-30-AI")
    benchmark_effective = timezone.localdate() - datetime.timedelta(days=30)
    upload = tmp_path / "实施方案.pdf"
    upload.write_bytes(b"%PDF-1.4\n% Zhifa test attachment\n" + "潜江市养老机构等级评定实施方案".encode() * 40)

    env = {
        "PATH": str(Path(node).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ZHIFA_BASE_URL": live_server.url,
        "ZHIFA_SCREENSHOTS": str(screenshots_dir),
        "ZHIFA_FRONTEND_DIR": str(FRONTEND_DIR),
        "ZHIFA_CHROMIUM": chromium,
        "ZHIFA_REGISTERS": json.dumps({
            "redrawPlan": redraw.pk, "resultPlan": results.pk, "resultInspector": inspector.username,
            "organisation": organisation.name, "inspector": officer.full_name or officer.username,
            "connectionReason": CONNECTION_REASON, "redrawReason": REDRAW_REASON, "findings": FINDINGS,
            "document": document.pk, "documentNumber": document.number, "attachment": str(upload),
            "attachmentName": ATTACHMENT, "editedMatter": edited_matter.name, "cancelledMatter": cancelled_matter.name,
            "reportYear": timezone.localdate().year - 1,
            "benchmarkCode": BENCHMARK_CODE, "benchmarkGround": str(benchmark_ground),
            "benchmarkEffective": benchmark_effective.isoformat(), "benchmarkCircumstance": "情节轻微",
            "benchmarkStandard": BENCHMARK_STANDARD, "benchmarkRepealReason": BENCHMARK_REPEAL,
        }, ensure_ascii=False),
    }
    try:
        run = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the browser run took too long:\n{(exc.stderr or '')[-4000:]}", pytrace=False)
    if run.returncode != 0:
        pytest.fail(f"browser run failed (exit {run.returncode}); see var/screenshots/registers-failure.png\n"
                    f"{run.stderr[-6000:]}", pytrace=False)
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["consoleErrors"] == [] and summary["accessibility"] == []
    for name in SCREENS:
        shot = screenshots_dir / f"{SCREENSHOT_PREFIX}{name}.png"
        assert shot.exists() and shot.stat().st_size > 10_000, f"missing screenshot {shot}"

    # The declared conflict, and the re-drawn plan's new pool excludes the pair.
    connection = InspectorConnection.objects.get(inspector=officer, organisation=organisation)
    assert connection.reason == CONNECTION_REASON and connection.recorded_by == keeper
    rounds = list(redraw.draws.order_by("round"))
    assert len(rounds) == 2 and rounds[0].superseded_reason == REDRAW_REASON and rounds[0].superseded_at
    assert [officer.pk, organisation.pk] in rounds[1].pool["conflicts"]
    assert rounds[1].pool["conflict_reasons"][f"{officer.pk}:{organisation.pk}"] == CONNECTION_REASON
    assert InspectionPlan.objects.get(pk=redraw.pk).state == "committed"

    # The drawn inspector recorded the result.
    result.refresh_from_db()
    assert (result.outcome, result.findings) == (InspectionOutcome.PROBLEMS_RECTIFIED, FINDINGS)
    assert result.inspected_on == timezone.localdate()

    # The clean-up campaign: refused while empty, then concluded with the document amended and its notice drafted.
    campaign = CleanupCampaign.objects.get(title=summary["campaignTitle"])
    assert campaign.state == "concluded" and campaign.concluded_on == timezone.localdate()
    assert [(o.document_id, o.outcome) for o in campaign.outcomes.all()] == [(document.pk, "amend")]
    document.refresh_from_db()
    assert document.status == "amended" and document.status_changes.filter(campaign=campaign).exists()
    notice = RegisterPublication.objects.get(register=Register.CLEANUP, reference=f"campaign:{campaign.pk}").notice
    assert notice.state == NoticeState.DRAFT
    assert summary["cleanupRefusal"] == "尚未登记任何文件的清理结果"

    # The document's fields were edited and the attachment uploaded, byte for byte.
    assert document.expires_on == datetime.date(2028, 9, 11)
    assert document.full_text.endswith("本方案自印发之日起施行，有效期五年。")
    attachment = document.attachments.get()
    assert attachment.name == ATTACHMENT and attachment.uploaded_by == keeper
    assert attachment.sha256 == hashlib.sha256(upload.read_bytes()).hexdigest() and attachment.size == upload.stat().st_size

    # Certification matters: one edited, one cancelled, and the list published as a new notice for the editors.
    edited_matter.refresh_from_db()
    assert edited_matter.notification_commitment and edited_matter.purpose == "证明注册资金已实缴到位"
    cancelled_matter.refresh_from_db()
    assert cancelled_matter.status == "cancelled" and cancelled_matter.cancellation_basis == summary["cancelBasis"]
    publications = RegisterPublication.objects.filter(register=Register.CERTIFICATION_MATTERS).order_by("id")
    assert publications.count() == publications_before + 1
    latest = publications.last()
    assert latest.created_by == keeper and latest.notice.state == NoticeState.DRAFT
    assert summary["latestNotice"] == latest.notice_id
    assert summary["livePage"].startswith("/disclosure/notices/") and summary["livePageStatus"] == 200

    # The annual report of last year, computed and submitted by the disclosure editor.
    report = AnnualReport.objects.get(year=timezone.localdate().year - 1)
    assert report.state == "submitted" and report.notice_id is not None

    # The discretion benchmark entry: registered by the keeper within its ground, then repealed today, kept.
    entry = DiscretionBenchmark.objects.get(code=BENCHMARK_CODE, agency_id=keeper.agency_id)
    assert (entry.ground_id, entry.penalty_kinds, entry.circumstance, entry.standard) == (
        benchmark_ground.pk, ["warning"], "情节轻微", BENCHMARK_STANDARD)
    assert entry.created_by == keeper and entry.effective_on == benchmark_effective
    assert (entry.repealed_on, entry.repeal_reason) == (timezone.localdate(), BENCHMARK_REPEAL)
    assert entry.version == 2 and not entry.in_force_on(timezone.localdate())
