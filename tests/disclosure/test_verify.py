"""The public verification page (验真, DOMAIN.md §11): every signed document is listed with its number, kind,
issue date and the SHA-256 of its signed PDF, and nothing personal; a changed byte is not found; a correction
shows the original as replaced; the files are a function of the database, written incrementally and rebuilt
byte for byte; the page is served like the rest of the public site."""

import hashlib
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.exports.factories import TODAY, make_case
from tests.reliability.pii import scan
from zhifa.accounts.choices import Role
from zhifa.cases import pdf
from zhifa.cases.choices import DocumentKind
from zhifa.cases.documents import document_issue
from zhifa.disclosure import site, verify
from zhifa.disclosure.masking import pii_findings


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def case(agency, unit, officers, leader, organisation, ground, make_user):
    presider = make_user(Role.LEGAL_ADVISER, full_name="周主持")
    return make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="closed", hearing=True, presider=presider)


def signed(case, leader, kind=DocumentKind.DECISION, replaces=None):
    """Issue, sign and record a document, and publish it to the verification manifest as the pipeline does."""
    document = document_issue(case=case, kind=kind, actor=leader, issued_on=TODAY, replaces=replaces,
                              officers=[a.officer for a in case.assignments.all()])
    made = pdf.document_pdf_make(document_id=document.pk)
    verify.document_verification_publish(document_id=document.pk)
    return made


def files(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def public_lookup(root, data: bytes) -> dict | None:
    """What the page's script does with a chosen file: hash it, find the hash's shard, then its month."""
    sha256 = hashlib.sha256(data).hexdigest()
    shard = root / "verify" / "sha256" / f"{sha256[:2]}.json"
    if not shard.exists():
        return None
    found = json.loads(shard.read_text()).get(sha256)
    if found is None:
        return None
    month = json.loads((root / "verify" / "manifest" / f"{found['month']}.json").read_text())
    return next(doc for doc in month["documents"] if doc["sha256"] == sha256)


def test_a_signed_document_is_listed_and_its_pdf_found(case, leader, media, publication_root, agency):
    made = signed(case, leader)
    data = (media / made.pdf_file.name).read_bytes()
    listed = public_lookup(publication_root, data)
    assert listed == {
        "number": made.number, "kind": "decision", "kind_label": "行政处罚决定书", "agency": agency.name,
        "issued_on": TODAY.isoformat(), "sha256": made.pdf_sha256, "code": pdf.verification_code(made),
        "status": "current", "replaced_by": None, "replaces": None}
    index = json.loads((publication_root / "verify" / "manifest" / "index.json").read_text())
    assert index["months"] == [{"month": f"{TODAY:%Y-%m}", "count": 1}]
    page = (publication_root / "verify" / "index.html").read_text()
    assert "文书验真" in page and verify.JS_PATH.removeprefix("verify/") in page
    assert (publication_root / verify.JS_PATH).read_bytes() == verify.VERIFY_JS


def test_the_printed_code_is_on_the_pdf_and_in_the_manifest(case, leader, media, publication_root):
    import subprocess

    made = signed(case, leader)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(media / made.pdf_file.name), "-"], check=True,
                          capture_output=True, text=True).stdout
    code = pdf.verification_code(made)
    assert code in text and made.number in text
    assert public_lookup(publication_root, (media / made.pdf_file.name).read_bytes())["code"] == code
    assert pdf.verification_url(made).startswith(f"{site.site_url()}verify/?n=")


def test_one_flipped_byte_is_not_found(case, leader, media, publication_root):
    made = signed(case, leader)
    data = bytearray((media / made.pdf_file.name).read_bytes())
    data[len(data) // 2] ^= 0x01
    assert public_lookup(publication_root, bytes(data)) is None


def test_a_correction_shows_the_original_as_replaced(case, leader, media, publication_root):
    original = signed(case, leader)
    correction = signed(case, leader, replaces=original)
    first = public_lookup(publication_root, (media / original.pdf_file.name).read_bytes())
    second = public_lookup(publication_root, (media / correction.pdf_file.name).read_bytes())
    assert first["status"] == "replaced" and first["replaced_by"] == correction.number
    assert second["status"] == "current" and second["replaces"] == original.number
    assert verify.lookup(number=original.number)["replaced_by"] == correction.number


def test_the_manifest_holds_nothing_personal(case, leader, media, publication_root, organisation):
    signed(case, leader)
    signed(case, leader, kind=DocumentKind.INQUIRY_RECORD)
    texts = {path: content.decode() for path, content in files(publication_root).items()
             if path.startswith("verify/manifest/") or path.startswith("verify/sha256/")}
    assert texts
    for path, text in texts.items():
        assert pii_findings(text) == [], path
        assert scan(text) == [], path
        for personal in (organisation.name, organisation.legal_representative, organisation.address,
                         organisation.credit_code, *(u.full_name for u in case.officers.all()), leader.full_name):
            if personal:
                assert personal not in text, (path, personal)


def test_rebuild_reproduces_the_verification_files_byte_for_byte(case, leader, media, publication_root):
    original = signed(case, leader)
    signed(case, leader, replaces=original)
    signed(case, leader, kind=DocumentKind.PRIOR_NOTICE)
    incremental = {p: c for p, c in files(publication_root).items() if p.startswith("verify/")}
    assert len(incremental) >= 5
    for path in incremental:
        (publication_root / path).unlink()
    call_command("rebuild_disclosure_site")
    rebuilt = {p: c for p, c in files(publication_root).items() if p.startswith("verify/")}
    assert rebuilt == incremental
    assert set(verify.all_files()) == set(incremental)


def test_no_signed_document_means_no_verification_files(db, publication_root):
    assert verify.all_files() == []
    assert site.render_file("verify/index.html") is None


def test_the_page_and_manifest_are_served_like_the_public_site(case, leader, media, publication_root):
    made = signed(case, leader)
    client = Client()
    page = client.get("/disclosure/verify/")
    assert page.status_code == 200 and "文书验真" in page.content.decode()
    month = client.get(f"/disclosure/verify/manifest/{TODAY:%Y-%m}.json")
    assert month.status_code == 200 and month["Content-Type"].startswith("application/json")
    assert made.pdf_sha256 in month.content.decode()
    assert client.get("/disclosure/verify/manifest/1999-01.json").status_code == 404


@pytest.mark.parametrize("path", ["verify/manifest/2026-13.json", "verify/sha256/zz.json", "verify/../index.html",
                                  "verify/manifest/0000-00.json", "verify/unknown.txt"])
def test_unknown_verification_paths_are_nothing(db, path):
    assert site.render_file(path) is None


def test_the_page_script_checks_files_and_codes_against_the_static_files_alone(case, leader, media,
                                                                                   publication_root, tmp_path):
    """The page's own script, run by Node with the backend out of the picture: fetch reads the published
    files, the hash is WebCrypto's. A signed PDF matches; a copy with one byte changed does not; the printed
    code matches its number and a wrong one does not; the QR code's address checks itself on arrival."""
    import os
    import shutil
    import subprocess
    from urllib.parse import urlsplit

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    original = signed(case, leader)
    correction = signed(case, leader, replaces=original)
    good = media / correction.pdf_file.name
    changed = tmp_path / "changed.pdf"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    code = pdf.verification_code(correction)
    cases = [{"file": str(good)}, {"file": str(changed)}, {"file": str(media / original.pdf_file.name)},
             {"number": correction.number.replace("〔", "[").replace("〕", "]"), "code": code.lower()},
             {"number": correction.number, "code": "00000-00000"}, {"number": "潜民罚决〔1999〕9号", "code": code},
             {"query": "?" + urlsplit(pdf.verification_url(correction)).query}]
    result = subprocess.run(
        [node, str(Path(__file__).with_name("verify_page.mjs"))], capture_output=True, text=True, timeout=120,
        env={**os.environ, "ZHIFA_VERIFY_ROOT": str(publication_root / "verify"),
             "ZHIFA_VERIFY_JS": str(publication_root / verify.JS_PATH), "ZHIFA_VERIFY_CASES": json.dumps(cases)})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    match, mismatch, replaced, by_code, wrong_code, unknown, scanned = shown
    issued = f"本文书由潜江市民政局于{TODAY.year}年{TODAY.month}月{TODAY.day}日签发，未被篡改。"
    assert match["state"] == "match" and match["lines"][0] == issued
    assert any(correction.pdf_sha256 in line for line in match["lines"])
    assert mismatch["state"] == "mismatch" and mismatch["lines"][0].startswith("不一致")
    assert replaced["state"] == "match replaced" and any(correction.number in line for line in replaced["lines"])
    assert by_code["state"] == "match" and "文号与验证码相符" in by_code["lines"][0]
    assert wrong_code["state"] == "mismatch" and unknown["state"] == "mismatch"
    assert scanned["state"] == "match" and "相符" in scanned["lines"][0]
    assert all(not path.startswith(("/", "http")) for case_ in shown for path in case_["fetched"])  # relative only


def test_the_sweep_catches_up_on_a_document_whose_publishing_task_was_lost(case, leader, media, publication_root):
    from zhifa.disclosure.tasks import sweep_publications

    first = signed(case, leader)
    lost = document_issue(case=case, kind=DocumentKind.PRIOR_NOTICE, actor=leader, issued_on=TODAY,
                          officers=[a.officer for a in case.assignments.all()])
    lost = pdf.document_pdf_make(document_id=lost.pk)  # signed and recorded; its publishing task never ran
    assert public_lookup(publication_root, (media / lost.pdf_file.name).read_bytes()) is None
    assert sweep_publications() > 0
    assert public_lookup(publication_root, (media / lost.pdf_file.name).read_bytes())["number"] == lost.number
    assert public_lookup(publication_root, (media / first.pdf_file.name).read_bytes())["number"] == first.number
    assert verify.verification_sweep() == 0  # nothing missing: nothing written
