"""The seal in the workbench: a document's signature re-validated (校验), an uploaded PDF checked, a number looked
up. Every bad input gets a clear 4xx and never a 5xx: not a PDF, a truncated file, a file too large, a signature by
an unknown certificate, a number never issued."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.exports.factories import TODAY, make_case
from zhifa.accounts.choices import Role
from zhifa.cases import pdf, signing
from zhifa.cases.choices import DocumentKind
from zhifa.cases.documents import document_issue
from zhifa.cases.models import Document


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def case(agency, unit, officers, leader, organisation, ground, make_user):
    presider = make_user(Role.LEGAL_ADVISER, full_name="周主持")
    return make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="closed", hearing=True, presider=presider)


@pytest.fixture
def made(case, leader):
    document = document_issue(case=case, kind=DocumentKind.DECISION, actor=leader, issued_on=TODAY,
                              officers=[a.officer for a in case.assignments.all()])
    return pdf.document_pdf_make(document_id=document.pk)


def upload(api, data: bytes, name="document.pdf"):
    return api.post("/api/documents/validate/", {"file": SimpleUploadedFile(name, data, "application/pdf")},
                    format="multipart")


def test_the_signature_action_revalidates_the_stored_pdf(made, leader, client_for):
    response = client_for(leader).get(f"/api/documents/{made.pk}/signature/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["valid"] and body["intact"] and body["trusted"] and body["covers_whole_file"]
    assert body["matches_record"] and body["sha256"] == made.pdf_sha256
    assert "潜江市民政局" in body["signer"] and body["signing_time"]
    assert len(body["chain"]) == 2 and "DEMO" in body["chain"][0]  # the agency's demo CA, then its certificate
    assert body["document"] == {"id": made.pk, "number": made.number}


def test_an_uploaded_copy_is_recognised_and_a_changed_one_is_not(made, leader, client_for, media):
    api = client_for(leader)
    data = (media / made.pdf_file.name).read_bytes()
    good = upload(api, data).json()
    assert good["valid"] and good["document"]["number"] == made.number
    changed = bytearray(data)
    changed[len(data) // 2] ^= 0x01
    response = upload(api, bytes(changed))
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert not response.json()["valid"] and response.json()["document"] is None


@pytest.mark.parametrize("data", [b"", b"not a pdf at all", b"%PDF-1.7\n1 0 obj\n<<", b"\x89PNG\r\n\x1a\n" + b"0" * 64])
def test_what_is_not_a_pdf_is_a_400_naming_the_file(leader, client_for, data):
    response = upload(client_for(leader), data)
    assert response.status_code == 400, response.content
    assert "PDF" in str(response.json())


def test_a_truncated_pdf_is_a_clear_answer(made, leader, client_for, media):
    data = (media / made.pdf_file.name).read_bytes()
    for cut in (len(data) // 2, len(data) - 200, 1000):
        response = upload(client_for(leader), data[:cut])
        assert response.status_code in (200, 400), response.content
        if response.status_code == 200:
            assert not response.json()["valid"]


def test_a_signature_by_an_unknown_certificate_is_not_trusted(made, leader, client_for, tmp_path, settings):
    document = Document.objects.select_related("agency", "created_by").get(pk=made.pk)
    rendered, page, box = pdf.document_pdf_render(document)
    signing.trust_roots_for(document.agency)  # the agency's own roots, loaded before the stranger appears
    stranger = signing.demo_agency_files(document.agency, tmp_path / "stranger")
    settings.DOCUMENT_SIGNING_PKCS12_FILE, settings.DOCUMENT_SIGNING_PASSPHRASE_FILE = map(str, stranger)
    forged = signing.sign_pdf(rendered, document, box=box, page=page)
    settings.DOCUMENT_SIGNING_PKCS12_FILE = settings.DOCUMENT_SIGNING_PASSPHRASE_FILE = ""
    response = upload(client_for(leader), forged)
    assert response.status_code == 200
    body = response.json()
    assert body["signed"] and body["intact"] and not body["trusted"] and not body["valid"]
    assert "受信任" in body["summary"]


def test_an_unsigned_pdf_says_so(made, leader, client_for):
    document = Document.objects.select_related("agency").get(pk=made.pk)
    response = upload(client_for(leader), pdf.document_pdf_bytes(document))
    assert response.status_code == 200 and response.json()["signed"] is False and not response.json()["valid"]


def test_too_large_an_upload_is_refused_before_it_is_read(leader, client_for, settings, monkeypatch):
    monkeypatch.setattr(signing, "MAX_VALIDATION_BYTES", 1024)
    response = upload(client_for(leader), b"%PDF-1.7\n" + b"0" * 4096)
    assert response.status_code == 413 and "过大" in str(response.json())


def test_no_file_is_a_400_naming_the_field(leader, client_for):
    response = client_for(leader).post("/api/documents/validate/", {}, format="multipart")
    assert response.status_code == 400 and "file" in str(response.json())


def test_a_number_is_looked_up_with_its_code(made, leader, client_for):
    api = client_for(leader)
    found = api.get("/api/documents/lookup/", {"n": made.number, "c": pdf.verification_code(made).lower()})
    assert found.status_code == 200 and found.json()["code_matches"] is True
    assert found.json()["sha256"] == made.pdf_sha256 and found.json()["status"] == "current"
    wrong = api.get("/api/documents/lookup/", {"n": made.number, "c": "00000-00000"})
    assert wrong.json()["code_matches"] is False


@pytest.mark.parametrize("params", [{"n": "潜民罚决〔1999〕999号"}, {"n": "x" * 61}, {}, {"n": "   "}])
def test_an_unknown_or_missing_number_is_a_clear_4xx(db, leader, client_for, params):
    response = client_for(leader).get("/api/documents/lookup/", params)
    assert response.status_code in (400, 404), response.content
    assert response.json()


def test_the_endpoints_are_for_staff_only_and_scoped(made, client_for, make_user, other_agency):
    assert client_for().get(f"/api/documents/{made.pk}/signature/").status_code == 401
    assert client_for().post("/api/documents/validate/", {}).status_code == 401
    stranger = make_user(Role.OFFICER, unit=None)
    response = client_for(stranger).get(f"/api/documents/{made.pk}/signature/")
    assert response.status_code in (403, 404)
    assert client_for(made.created_by).get("/api/documents/987654321/signature/").status_code == 404
