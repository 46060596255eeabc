"""The public verification page (验真, DOMAIN.md §11) in real headless Chromium with the backend stopped: the site's
static files alone, served by a plain file server (Python's http.server) on a port of its own. A document is issued
and signed through the services, the site is written, and then no Django serves anything: the page finds the real
signed PDF (本文书由…签发，未被篡改), refuses a copy with one byte changed (不一致), checks the number with its printed
code, and passes axe-core on every screen."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.exports.factories import TODAY, make_case
from zhifa.accounts.choices import Role
from zhifa.cases import pdf
from zhifa.cases.choices import DocumentKind
from zhifa.cases.documents import document_issue
from zhifa.disclosure import verify

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("public_verify.mjs")
FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
SCREENSHOT_PREFIX = "verify-"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def static_server(publication_root, tmp_path):
    """The publication directory at /disclosure/ under a plain static file server, and nothing else."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "disclosure").symlink_to(publication_root, target_is_directory=True)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(served)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):  # not listening yet
                time.sleep(0.1)
        else:
            pytest.fail("the static file server did not start", pytrace=False)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_verification_page_checks_a_real_pdf_with_the_backend_stopped(
        publication_root, static_server, node, chromium, screenshots_dir, tmp_path, settings,
        agency, unit, officers, leader, organisation, ground, make_user):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    presider = make_user(Role.LEGAL_ADVISER, full_name="周主持")
    case = make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="closed", hearing=True, presider=presider)
    document = document_issue(case=case, kind=DocumentKind.DECISION, actor=leader, issued_on=TODAY,
                              officers=[a.officer for a in case.assignments.all()])
    document = pdf.document_pdf_make(document_id=document.pk)  # rendered, sealed, recorded
    verify.document_verification_publish(document_id=document.pk)
    call_command("rebuild_disclosure_site", verbosity=0)  # the whole site: its stylesheet and script too

    # The citizen's copy, under an ASCII name: Chromium under the C locale can't open a path in Chinese.
    good = tmp_path / "received.pdf"
    good.write_bytes((tmp_path / "media" / document.pdf_file.name).read_bytes())
    assert good.read_bytes().count(b"/ByteRange") >= 1, "the PDF carries the agency's signature"
    changed = tmp_path / "changed.pdf"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    # Only static files answer: there is no API behind this server.
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{static_server}/api/health/", timeout=5)
    assert missing.value.code == 404

    assert (FRONTEND_DIR / "node_modules" / "playwright-core").exists(), "npm packages of frontend/ are installed"
    expected = {
        "good": str(good), "changed": str(changed), "number": document.number, "sha256": document.pdf_sha256,
        "code": pdf.verification_code(document),
        "issued": f"本文书由{agency.name}于{TODAY.year}年{TODAY.month}月{TODAY.day}日签发，未被篡改。",
    }
    env = {
        "PATH": str(Path(node).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ZHIFA_BASE_URL": static_server,
        "ZHIFA_SCREENSHOTS": str(screenshots_dir),
        "ZHIFA_FRONTEND_DIR": str(FRONTEND_DIR),
        "ZHIFA_CHROMIUM": chromium,
        "ZHIFA_VERIFY": json.dumps(expected),
    }
    try:
        result = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the browser run took too long:\n{(exc.stderr or '')[-4000:]}", pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"browser run failed (exit {result.returncode}); see var/screenshots/verify-failure.png\n"
                    f"{result.stderr[-6000:]}", pytrace=False)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["consoleErrors"] == [] and summary["accessibility"] == []
    assert summary["results"]["match"]["state"] == "match"
    assert summary["results"]["mismatch"]["state"] == "mismatch"
    assert summary["results"]["code"]["state"] == "match"
    for name in ("page", "match", "mismatch", "code"):
        assert (screenshots_dir / f"verify-{name}.png").stat().st_size > 5_000
