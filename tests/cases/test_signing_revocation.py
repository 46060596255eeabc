"""Revocation of the agency's signing certificate (DOMAIN.md §11): the demo CA publishes a CRL; a revoked
certificate stops issuing like an expired one (HTTP 503 with the reason, the administrators told once a day,
`seal_check` says so); validation says a signature is by a revoked certificate, invalid when made after the
revocation and valid, saying so, when made before. In production the CRL is a configured file: one that can't be
read, is not the issuing CA's, or is past its next update stops issuing too."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from tests.exports.factories import TODAY, make_case
from zhifa.accounts.choices import Role
from zhifa.cases import pdf, signing
from zhifa.cases.choices import DocumentKind
from zhifa.cases.documents import document_issue
from zhifa.cases.models import Document

def now():
    return datetime.datetime.now(datetime.timezone.utc)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def demo_dir(settings, tmp_path):
    """A demo CA of the test's own: revoking must not touch the one under var/ the other tests sign with."""
    settings.DOCUMENT_SIGNING_DEMO_DIR = str(tmp_path / "signing")
    return tmp_path / "signing"


@pytest.fixture
def case(agency, unit, officers, leader, organisation, ground, make_user):
    presider = make_user(Role.LEGAL_ADVISER, full_name="周主持")
    return make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="closed", hearing=True, presider=presider)


def issue(case, leader):
    return document_issue(case=case, kind=DocumentKind.DECISION, actor=leader, issued_on=TODAY,
                          officers=[a.officer for a in case.assignments.all()])


def check(agency, data):
    return signing.validate_pdf(data, signing.trust_roots_for(agency), signing.crls_for(agency))


def test_the_demo_ca_publishes_a_crl_and_an_unrevoked_certificate_signs(case, leader, media, demo_dir):
    made = pdf.document_pdf_make(document_id=issue(case, leader).pk)
    assert (demo_dir / "demo-ca.crl").read_bytes().startswith(b"-----BEGIN X509 CRL-----")
    credentials = signing.signing_credentials(case.agency)
    assert credentials.revoked_at is None and credentials.crl_next_update > now() + datetime.timedelta(days=7)
    result = check(case.agency, (media / made.pdf_file.name).read_bytes())
    assert result.valid and not result.as_dict()["revoked"]


def test_a_revoked_certificate_stops_issuing_with_the_reason_and_alarms_once(case, leader, media, make_user):
    from zhifa.notifications.models import Notification

    admin = make_user(Role.ADMINISTRATOR, full_name="系统管理员")
    signing.signing_credentials(case.agency)  # loaded (and cached) before the CA revokes it
    signing.demo_revoke(case.agency)
    document = issue(case, leader)
    for _ in range(2):
        with pytest.raises(signing.SigningUnavailable) as stopped:
            pdf.document_pdf_make(document_id=document.pk)
    assert stopped.value.status == 503
    assert "被吊销" in stopped.value.message and "密钥泄露" in stopped.value.message
    assert "revoked" in stopped.value.message_en
    assert Document.objects.get(pk=document.pk).pdf_sha256 == ""  # nothing unsigned recorded
    [alarm] = Notification.objects.filter(recipient=admin, kind="signing_unavailable")
    assert "暂停签发" in alarm.title and "吊销" in alarm.message

    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("seal_check", stdout=io.StringIO(), stderr=err)
    assert "潜江市民政局" in err.getvalue() and "被吊销" in err.getvalue()


def test_the_issuing_api_refuses_with_a_503_naming_the_revocation(case, leader, client_for):
    document = issue(case, leader)
    signing.demo_revoke(case.agency)
    response = client_for(leader).get(f"/api/documents/{document.pk}/pdf/")
    assert response.status_code == 503, response.content
    assert "吊销" in response.content.decode()


def test_a_document_signed_before_the_revocation_validates_and_says_so(case, leader, media, client_for):
    made = pdf.document_pdf_make(document_id=issue(case, leader).pk)
    data = (media / made.pdf_file.name).read_bytes()
    revoked_at = signing.demo_revoke(case.agency, when=now() + datetime.timedelta(hours=1))
    result = check(case.agency, data)
    assert result.revoked_at == revoked_at and result.signed_before_revocation
    assert result.valid and "早于证书吊销时间" in result.summary
    body = client_for(leader).get(f"/api/documents/{made.pk}/signature/").json()
    assert body["valid"] and body["revoked"] and body["signed_before_revocation"] and body["matches_record"]


def test_a_signature_made_after_the_revocation_is_invalid(case, leader, media, client_for):
    made = pdf.document_pdf_make(document_id=issue(case, leader).pk)
    data = (media / made.pdf_file.name).read_bytes()
    # The CA dates the revocation back to when the key was compromised: before this signature was made.
    signing.demo_revoke(case.agency, when=now() - datetime.timedelta(hours=1))
    result = check(case.agency, data)
    assert result.intact and result.revoked_at is not None and not result.signed_before_revocation
    assert not result.valid and "被吊销" in result.summary
    body = client_for(leader).get(f"/api/documents/{made.pk}/signature/").json()
    assert not body["valid"] and body["revoked"] and "被吊销" in body["summary"]


@pytest.fixture
def production(case, settings, tmp_path):
    """Production's configuration: a PKCS#12 and its passphrase from files, and a CRL file."""
    p12, passphrase = signing.demo_agency_files(case.agency, tmp_path / "ca")
    settings.DOCUMENT_SIGNING_PKCS12_FILE = str(p12)
    settings.DOCUMENT_SIGNING_PASSPHRASE_FILE = str(passphrase)
    settings.DOCUMENT_SIGNING_ALLOW_DEMO = False
    return tmp_path / "ca"


def test_production_reads_the_crl_file_and_a_revocation_in_it_stops_issuing(case, leader, production, settings):
    settings.DOCUMENT_SIGNING_CRL_FILE = str(signing.demo_crl_file(production))
    assert signing.signing_credentials(case.agency).crl_next_update is not None
    signing.demo_revoke(case.agency, directory=production)  # the CA publishes a new CRL in place
    with pytest.raises(signing.SigningUnavailable) as stopped:
        signing.signing_credentials(case.agency)
    assert "被吊销" in stopped.value.message


def test_without_a_crl_production_signs_and_seal_check_says_revocation_is_not_checked(case, production):
    out = io.StringIO()
    call_command("seal_check", stdout=out)
    assert "revocation not checked" in out.getvalue()


def _crl(key, issuer, *, next_update):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    return (x509.CertificateRevocationListBuilder().issuer_name(issuer).last_update(now() - datetime.timedelta(days=2))
            .next_update(next_update).sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER))


@pytest.mark.parametrize("problem", ["missing", "garbage", "other_ca", "stale"])
def test_a_crl_that_cannot_be_used_stops_issuing(case, leader, production, settings, tmp_path, problem):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    path = tmp_path / "agency.crl"
    ca_key = serialization.load_pem_private_key((production / "demo-ca.key").read_bytes(), password=None)
    ca_cert = x509.load_pem_x509_certificate((production / "demo-ca.pem").read_bytes())
    if problem == "garbage":
        path.write_bytes(b"not a CRL")
    elif problem == "other_ca":  # the right name, another key
        path.write_bytes(_crl(ec.generate_private_key(ec.SECP256R1()), ca_cert.subject,
                              next_update=now() + datetime.timedelta(days=30)))
    elif problem == "stale":
        path.write_bytes(_crl(ca_key, ca_cert.subject, next_update=now() - datetime.timedelta(days=1)))
    settings.DOCUMENT_SIGNING_CRL_FILE = str(path)
    document = issue(case, leader)
    with pytest.raises(signing.SigningUnavailable) as stopped:
        pdf.document_pdf_make(document_id=document.pk)
    assert stopped.value.status == 503 and "吊销列表" in stopped.value.message
    assert Document.objects.get(pk=document.pk).pdf_sha256 == ""
