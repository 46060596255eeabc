"""Enforcement in real headless Chromium, each step through the screen, with the database checked afterwards.

enforcement.mjs signs in as the demo users: officer1 opens 执行管理, reaches the partly paid fine (潜江市启明星培训学校)
from its case, is refused a payment above what is due with the server's message naming the article, and records the
remaining 3000 yuan by its bank receipt; officer1 sees that the court application is the leader's; leader1 applies to
the court for the fine whose reminder was served more than ten days ago (潜江市泽口街道社会工作服务站), builds the
application package (ZIP, on a real Celery worker) and reads the refunds list. Every screen is checked with axe-core and for script errors; screenshots go to
var/screenshots/enforcement-*.png.
"""

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.conftest import load_demo_without_pdf_backlog
from zhifa.accounts.models import User
from zhifa.enforcement.models import Enforcement, Payment
from zhifa.exports.models import ExportJob

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("enforcement.mjs")
FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
SHOTS = ["list", "detail", "payment-refused", "payment", "paid", "apply", "applied", "package", "detail-en", "refunds"]


@pytest.fixture
def celery_worker_queues():
    """The court application package is built on the reports queue."""
    return ("reports", "default")


def test_enforcement_in_headless_chromium(publication_root, celery_worker, live_server, node, chromium, frontend_dist,
                                          screenshots_dir, tmp_path):
    today = timezone.localdate()
    load_demo_without_pdf_backlog(celery_worker)  # the court application package is built on `reports`
    partial = Enforcement.objects.get(case__title__startswith="潜江市启明星培训学校")
    reminded = Enforcement.objects.get(case__title__startswith="潜江市泽口街道社会工作服务站")
    assert partial.state == "performing" and partial.payments.count() == 1
    assert reminded.state == "reminded" and not reminded.applied_on
    receipt = f"ABC{today:%Y%m%d}7001"
    env = {
        "PATH": str(Path(node).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ZHIFA_BASE_URL": live_server.url,
        "ZHIFA_SCREENSHOTS": str(screenshots_dir),
        "ZHIFA_FRONTEND_DIR": str(FRONTEND_DIR),
        "ZHIFA_CHROMIUM": chromium,
        "ZHIFA_TODAY": today.isoformat(),
        "ZHIFA_PARTIAL_CASE": str(partial.case_id),
        "ZHIFA_PARTIAL_ID": str(partial.pk),
        "ZHIFA_REMINDED_ID": str(reminded.pk),
        "ZHIFA_RECEIPT": receipt,
    }
    try:
        result = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the browser run took too long:\n{(exc.stderr or '')[-4000:]}", pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"browser run failed (exit {result.returncode}); see var/screenshots/enforcement-failure.png\n"
                    f"{result.stderr[-6000:]}", pytrace=False)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["consoleErrors"] == [] and summary["accessibility"] == []
    for name in SHOTS:
        shot = screenshots_dir / f"enforcement-{name}.png"
        assert shot.exists() and shot.stat().st_size > 10_000, f"missing screenshot {shot}"
    assert "第六十七条" in summary["refusal"] and "负责人" in summary["officerReason"]

    officer1, leader1 = User.objects.get(username="officer1"), User.objects.get(username="leader1")

    # The refused payment left nothing; the one made was recorded by officer1 with its receipt, all of it to the
    # fine, which is now paid in full while the surcharge is still owed.
    assert not Payment.objects.filter(receipt_number=f"{receipt}X").exists()
    payment = Payment.objects.get(receipt_number=receipt)
    assert payment.enforcement_id == partial.pk and payment.recorded_by == officer1 and payment.paid_on == today
    assert (payment.amount, payment.principal, payment.surcharge) == (Decimal("3000.00"), Decimal("3000.00"), 0)
    assert payment.bank == "中国农业银行潜江分行"
    partial = Enforcement.objects.get(pk=partial.pk)
    assert partial.payments.count() == 2 and partial.state == "performing"
    assert partial.case.fine_paid_amount == Decimal("5000.00") and partial.case.fine_paid_on == today

    # The court application: signed by leader1 today, numbered, the state moved once.
    applied = Enforcement.objects.get(pk=reminded.pk)
    assert applied.state == "applied" and applied.applied_on == today and applied.court == "潜江市人民法院"
    assert applied.application is not None and applied.application.kind == "enforcement_application"
    assert applied.application.created_by == leader1
    assert applied.version == reminded.version + 1

    # The package: asked for by leader1 from the page, built by the worker, its digest the one the page showed.
    job = ExportJob.objects.get(kind="enforcement_package", params__enforcement=applied.pk)
    assert job.status == "done" and job.sha256 == summary["packageSha256"] and job.requested_by == leader1
