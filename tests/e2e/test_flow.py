"""One case from lead to the public disclosure site, in real headless Chromium against the real backend.

pytest-django's live server serves the API, the built app under /app/ and the public site under /disclosure/;
a real Celery worker ingests the uploaded footage (queue `ingest`), publishes the notice (`publish`) and sends
notifications (`default`). flow.mjs (playwright-core) walks the procedure as each role would:

1. officer1 logs a lead against a demo organisation;
2. leader1 approves filing;
3. officer1 investigates: an inquiry record, then footage uploaded over tus with the progress bar and the
   SHA-256 shown once ingested, played back in the browser; the investigation is closed with a proposed
   revocation (a major decision by the catalogue) and submitted for legal review;
4. leader1 assigns reviewer1, who fills in the checklist and agrees;
   The steps are dated in the past, as a bureau enters them afterwards, so the party's windows have run out;
5. officer1 notifies the party, who received the notice on the spot; leader1's decision button is disabled,
   its tooltip giving the server's reasons with their articles (the statement and defence are not handled
   yet); officer1 records that the party made no statement; leader1 records the collective deliberation
   (the form requires exactly what the server requires: the attendees with their opinions) and decides,
   with the finding of serious circumstances; officer1 serves the decision;
6. editor1 checks the redaction of the drafted notice and leader1 approves it (the checker may not approve);
7. the public page at /disclosure/ shows the notice, masked.

Beat is not started: nothing in this flow waits for a schedule (publishing is queued on approval).
"""

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from tests.evidence.helpers import mp4_bytes

from zhifa.cases.models import Case
from zhifa.disclosure.models import Notice
from zhifa.evidence.models import EvidenceItem
from zhifa.registry.models import Organisation
from zhifa.reviews.models import Review

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("flow.mjs")
FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
SCREENSHOT_PREFIX = "flow-"
SCREENS = [
    "flow-01-lead-validation",
    "flow-02-lead-logged",
    "flow-03-file-dialog",
    "flow-04-filed",
    "flow-05-evidence-uploaded",
    "flow-06-footage-playback",
    "flow-07-legal-review-submitted",
    "flow-08-review-queue",
    "flow-09-review-checklist",
    "flow-10-review-agreed",
    "flow-11-legal-gate-refusal",
    "flow-12-decided",
    "flow-13-notice-checked",
    "flow-14-public-notice",
    "flow-15-case-list",
    "flow-16-case-tablet",
    "flow-17-case-en",
]
# A contact number in the facts: it appears in the served decision and must be masked on the public page.
PHONE = "13907281234"


@pytest.fixture
def celery_worker_queues():
    return ("ingest", "publish", "default")


def test_a_case_from_lead_to_the_public_notice(publication_root, celery_worker, live_server, node, chromium,
                                              frontend_dist, screenshots_dir, tmp_path):
    call_command("load_demo", verbosity=0)
    # A registered social group with no case yet: the lead is logged against it.
    organisation = (Organisation.objects.filter(type="social_group", status="normal", cases__isnull=True)
                    .order_by("id").first())
    assert organisation is not None
    footage = tmp_path / "执法记录仪-现场检查.mp4"
    footage.write_bytes(mp4_bytes(seed=7, padding=3 * 1024 * 1024))

    env = {
        "PATH": str(Path(node).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        # Chromium reads file names in the locale's encoding: without UTF-8 it drops the Chinese file name.
        "LANG": "C.UTF-8",
        "ZHIFA_BASE_URL": live_server.url,
        "ZHIFA_SCREENSHOTS": str(screenshots_dir),
        "ZHIFA_FRONTEND_DIR": str(FRONTEND_DIR),
        "ZHIFA_CHROMIUM": chromium,
        "ZHIFA_FLOW_ORG": organisation.name,
        "ZHIFA_FLOW_FOOTAGE": str(footage),
        "ZHIFA_FLOW_PHONE": PHONE,
    }
    try:
        result = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the browser run took too long:\n{(exc.stderr or '')[-4000:]}\n{celery_worker.log()[-3000:]}",
                    pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"browser run failed (exit {result.returncode}); see var/screenshots/flow-failure.png\n"
                    f"{result.stderr[-6000:]}\nworker log:\n{celery_worker.log()[-3000:]}", pytrace=False)
    summary = json.loads(result.stdout.strip().splitlines()[-1])

    for name in SCREENS:
        shot = screenshots_dir / f"{name}.png"
        assert shot.exists() and shot.stat().st_size > 10_000, f"missing screenshot {shot}"
    assert summary["consoleErrors"] == []
    assert summary["accessibility"] == []

    # The case went the whole way, through every gate, and the registry followed the decision.
    case = Case.objects.get(pk=summary["caseId"])
    assert case.organisation_id == organisation.pk and case.created_by.username == "officer1"
    assert case.state == "served" and case.is_major and case.leader.username == "leader1"
    assert case.decision_penalties == ["deregistration"]
    assert sorted(a.officer.username for a in case.assignments.select_related("officer")) == ["officer1", "officer2"]
    organisation.refresh_from_db()
    assert organisation.status == "deregistered"

    # The footage: the hash the page showed is the hash of the file's bytes, as ingested.
    expected = hashlib.sha256(footage.read_bytes()).hexdigest()
    assert summary["shownSha256"] == expected
    item = EvidenceItem.objects.get(case=case)
    assert item.sha256 == expected and item.kind == "audiovisual" and item.created_by.username == "officer1"

    # The legal review agreed on the first package, item by item, and its opinion is a numbered document.
    review = Review.objects.get(case=case)
    package = review.packages.get()
    assert review.state == "agreed" and review.reviewer.username == "reviewer1"
    assert package.outcome == "agree" and package.verdicts.count() == 9
    assert package.opinion_document.number
    # Before the statement was handled the decision button was disabled, its tooltip giving the server's
    # reasons with their articles; the deliberation's form required exactly what the server required.
    assert "陈述、申辩" in summary["legalGate"] and "第四十五条" in summary["legalGate"]
    assert summary["deliberationRequired"] == ["attendees", "conclusion", "minutes"]
    assert len(case.deliberation_opinions) == 2 and case.serious_finding
    assert case.notice_received_on == case.notified_on

    # Published by the worker; the public page masks the contact number the decision carries.
    notice = Notice.objects.get(case=case)
    assert notice.state == "published"
    assert notice.redaction_checked_by.username == "editor1" and notice.approved_by.username == "leader1"
    decision = case.documents.get(kind="decision")
    assert PHONE in decision.body
    assert PHONE not in summary["publicText"] and PHONE not in notice.masked_body
    assert organisation.name in summary["publicText"]
