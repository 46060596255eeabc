"""The agency's electronic seal on issued documents (DOMAIN.md §11): a PAdES signature that pyHanko's own
validator accepts, chaining to the agency's CA; one changed byte breaks it; no certificate, no document."""

import datetime
import hashlib
import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

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


def issue(case, kind, leader):
    return document_issue(case=case, kind=kind, actor=leader, issued_on=TODAY,
                          officers=[a.officer for a in case.assignments.all()])


def demo_root(agency):
    return signing.signing_credentials(agency).trust_roots


def test_a_signed_decision_validates_with_pyhanko_and_chains_to_the_demo_ca(case, leader, media, settings):
    document = issue(case, DocumentKind.DECISION, leader)
    made = pdf.document_pdf_make(document_id=document.pk)
    data = (media / made.pdf_file.name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == made.pdf_sha256  # the recorded hash is the signed file's

    reader = PdfFileReader(io.BytesIO(data))
    [embedded] = reader.embedded_signatures
    ca_pem = (signing._demo_dir() / "demo-ca.pem").read_bytes()
    from asn1crypto import pem, x509
    ca = x509.Certificate.load(pem.unarmor(ca_pem)[2])
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[ca], allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert status.validation_path.trust_anchor.authority.name == ca.subject
    assert "演示" in status.signing_cert.subject.human_friendly and "潜江市民政局" in status.signing_cert.subject.human_friendly
    # the seal is visible (an appearance on the page), with the signing time and the signer in the reason
    sig = embedded.sig_object
    assert sig["/SubFilter"] == "/ETSI.CAdES.detached"
    assert "刘局长" in sig["/Reason"] and "负责人" in sig["/Reason"] and document.number in sig["/Reason"]
    signed_at = embedded.self_reported_timestamp
    assert abs(signed_at - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(minutes=5)
    field = embedded.sig_field
    rect = [float(v) for v in field["/Rect"]]
    assert rect[2] - rect[0] > 100 and rect[3] - rect[1] > 100  # 42 mm: the size of an official seal
    assert "/AP" in field

    ours = signing.validate_pdf(data, demo_root(case.agency))
    assert ours.valid and ours.signer and ours.sha256 == made.pdf_sha256


# The documents issued to the party in the agency's name: each closes with the organ, its seal and the date.
SEALED_FOR_THE_PARTY = [DocumentKind.DECISION, DocumentKind.PRIOR_NOTICE, DocumentKind.HEARING_NOTICE,
                        DocumentKind.RECUSAL_DECISION]


@pytest.mark.parametrize("kind", SEALED_FOR_THE_PARTY)
def test_the_seal_sits_on_the_placeholder_over_the_organ_and_date(case, leader, kind):
    document = Document.objects.select_related("agency").get(pk=issue(case, kind, leader).pk)
    rendered, page, (x1, y1, x2, y2) = pdf.document_pdf_render(document)
    reader = PdfFileReader(io.BytesIO(rendered))
    width = float(reader.root["/Pages"]["/Kids"][page]["/MediaBox"][2])
    assert page == len(reader.root["/Pages"]["/Kids"]) - 1  # the organ, seal and date close the document
    assert x1 > width / 2  # the right half, where the organ's name and the date are
    assert 0 < y1 < y2 and round(x2 - x1) == round(y2 - y1) == round(signing.SEAL_SIZE_PT)


def test_one_flipped_byte_fails_validation(case, leader, media):
    document = issue(case, DocumentKind.DECISION, leader)
    made = pdf.document_pdf_make(document_id=document.pk)
    data = bytearray((media / made.pdf_file.name).read_bytes())
    data[len(data) // 3] ^= 0x01
    check = signing.validate_pdf(bytes(data), demo_root(case.agency))
    assert not check.valid and not check.intact


def test_a_document_signed_by_an_unknown_certificate_is_not_trusted(case, leader, media, tmp_path, settings):
    document = Document.objects.select_related("agency", "created_by").get(
        pk=issue(case, DocumentKind.PRIOR_NOTICE, leader).pk)
    roots = demo_root(case.agency)
    rendered, page, box = pdf.document_pdf_render(document)
    settings.DOCUMENT_SIGNING_DEMO_DIR = str(tmp_path / "stranger")  # another CA altogether, same agency name
    forged = signing.sign_pdf(rendered, document, box=box, page=page)
    stranger = signing._load_certs_pem([tmp_path / "stranger" / "demo-ca.pem"])
    assert signing.validate_pdf(forged, stranger).valid  # a good signature by its own CA...
    check = signing.validate_pdf(forged, roots)  # ...but not by the agency's
    assert check.intact and not check.trusted and not check.valid
    assert "受信任" in check.summary


def test_an_added_update_after_signing_no_longer_covers_the_whole_file(case, leader, media):
    document = issue(case, DocumentKind.DECISION, leader)
    made = pdf.document_pdf_make(document_id=document.pk)
    data = (media / made.pdf_file.name).read_bytes()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils import generic

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root["/Zhifa"] = generic.TextStringObject("added")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    check = signing.validate_pdf(out.getvalue(), demo_root(case.agency))
    assert not check.valid


@pytest.mark.parametrize("data", [b"", b"hello, not a pdf", b"%PDF-1.7\n%broken", b"\x00" * 100])
def test_what_is_not_a_pdf_is_a_clear_refusal(data):
    with pytest.raises(signing.InvalidInput) as refused:
        signing.validate_pdf(data, ())
    assert refused.value.status == 400 and "PDF" in refused.value.message


def test_a_truncated_pdf_is_refused_or_fails(case, leader, media):
    document = issue(case, DocumentKind.DECISION, leader)
    made = pdf.document_pdf_make(document_id=document.pk)
    data = (media / made.pdf_file.name).read_bytes()
    try:
        check = signing.validate_pdf(data[: len(data) * 2 // 3], demo_root(case.agency))
    except signing.InvalidInput:
        return
    assert not check.valid


def test_an_expired_certificate_stops_issuing_and_nothing_unsigned_is_recorded(case, leader, media):
    document = issue(case, DocumentKind.DECISION, leader)
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=365 * 20)
    with pytest.raises(signing.SigningUnavailable) as stopped:
        signing.signing_credentials(case.agency, at=later)
    assert stopped.value.status == 503 and "过期" in stopped.value.message


def test_an_unreadable_certificate_stops_the_pdf(case, leader, media, tmp_path, settings):
    document = issue(case, DocumentKind.DECISION, leader)
    broken = tmp_path / "agency.p12"
    broken.write_bytes(b"not a pkcs12")
    (tmp_path / "pass").write_text("secret")
    settings.DOCUMENT_SIGNING_PKCS12_FILE = str(broken)
    settings.DOCUMENT_SIGNING_PASSPHRASE_FILE = str(tmp_path / "pass")
    with pytest.raises(signing.SigningUnavailable) as stopped:
        pdf.document_pdf_make(document_id=document.pk)
    assert "签章证书" in stopped.value.message
    assert Document.objects.get(pk=document.pk).pdf_sha256 == ""  # nothing unsigned was recorded
    assert not (media / "documents").exists()


def test_production_settings_refuse_the_demo_certificate(case, leader, media, settings):
    document = issue(case, DocumentKind.DECISION, leader)
    settings.DOCUMENT_SIGNING_ALLOW_DEMO = False
    with pytest.raises(signing.SigningUnavailable):
        pdf.document_pdf_make(document_id=document.pk)
    assert Document.objects.get(pk=document.pk).pdf_sha256 == ""


def test_a_pkcs12_with_its_passphrase_from_files_signs(case, leader, media, tmp_path, settings):
    """How production is configured: the PKCS#12 and its passphrase are Docker secrets (files)."""
    p12, passphrase = signing.demo_agency_files(case.agency, tmp_path / "made")
    settings.DOCUMENT_SIGNING_PKCS12_FILE = str(p12)
    settings.DOCUMENT_SIGNING_PASSPHRASE_FILE = str(passphrase)
    settings.DOCUMENT_SIGNING_ALLOW_DEMO = False
    document = issue(case, DocumentKind.DECISION, leader)
    made = pdf.document_pdf_make(document_id=document.pk)
    data = (media / made.pdf_file.name).read_bytes()
    roots = signing._load_certs_pem([tmp_path / "made" / "demo-ca.pem"])
    assert signing.validate_pdf(data, roots).valid
    assert signing.validate_pdf(data, signing.trust_roots_for(case.agency)).valid  # the chain inside the PKCS#12
    assert not signing.validate_pdf(data, demo_root_of_var(case.agency, settings)).trusted


def demo_root_of_var(agency, settings):
    settings.DOCUMENT_SIGNING_PKCS12_FILE = ""
    settings.DOCUMENT_SIGNING_ALLOW_DEMO = True
    return signing.signing_credentials(agency).trust_roots


def test_a_demo_directory_that_cannot_be_written_stops_issuing_with_a_clear_error(case, leader, media, settings):
    document = issue(case, DocumentKind.DECISION, leader)
    settings.DOCUMENT_SIGNING_DEMO_DIR = "/proc/zhifa-no-such-place/signing"
    with pytest.raises(signing.SigningUnavailable) as stopped:
        pdf.document_pdf_make(document_id=document.pk)
    assert "演示签章证书" in stopped.value.message
    assert Document.objects.get(pk=document.pk).pdf_sha256 == ""


def test_seal_check_makes_the_demo_certificates_and_says_until_when(agency, settings, tmp_path):
    from django.core.management import CommandError, call_command

    settings.DOCUMENT_SIGNING_DEMO_DIR = str(tmp_path / "first-start")
    out = io.StringIO()
    call_command("seal_check", stdout=out)
    assert "潜江市民政局" in out.getvalue() and "演示 DEMO" in out.getvalue() and "valid until" in out.getvalue()
    assert (tmp_path / "first-start" / "demo-ca.pem").exists()
    settings.DOCUMENT_SIGNING_ALLOW_DEMO = False
    with pytest.raises(CommandError):
        call_command("seal_check", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_certificate_problem_alarms_the_agencys_administrators_once_a_day(case, leader, make_user):
    from zhifa.notifications.models import Notification

    admin = make_user(Role.ADMINISTRATOR, full_name="系统管理员")
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=365 * 20)
    for _ in range(2):
        with pytest.raises(signing.SigningUnavailable):
            signing.signing_credentials(case.agency, at=later)
    [alarm] = Notification.objects.filter(recipient=admin, kind="signing_unavailable")
    assert "暂停签发" in alarm.title and "过期" in alarm.message
    assert not Notification.objects.filter(recipient=leader, kind="signing_unavailable").exists()
