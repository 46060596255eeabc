"""The public verification page (验真, DOMAIN.md §11): every signed document is listed with its number, kind,
issue date and the SHA-256 of its signed PDF, and nothing personal; a changed byte is not found; a correction
shows the original as replaced; the files are a function of the database, written incrementally and rebuilt
byte for byte; the page is served like the rest of the public site."""

import hashlib
import json

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
