"""The agency's key on a PKCS#11 token (UKey, HSM; DOMAIN.md §11), for real with SoftHSM2: a token initialised in a
directory of the test's own, a key made on it (it never leaves the token), certified by the demo CA and the
certificate stored beside it. Configured by settings alone, a document is signed through the same code path as
with a PKCS#12 and pyHanko's validator accepts the signature; a wrong PIN or an unknown token stops issuing with a
503, never a 500. Skipped only where libsofthsm2.so is not installed (Debian: softhsm2; the Makefile installs it
as root)."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tests.exports.factories import TODAY, make_case
from zhifa.accounts.choices import Role
from zhifa.cases import pdf, signing
from zhifa.cases.choices import DocumentKind
from zhifa.cases.documents import document_issue
from zhifa.cases.models import Document

MODULES = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
           "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so"]
MODULE = next((path for path in MODULES if os.path.exists(path)), None)
TOKEN, KEY, PIN, SO_PIN = "zhifa-seal", "agency-seal", "246810", "13579135"

pytestmark = pytest.mark.skipif(MODULE is None, reason="libsofthsm2.so is not installed (apt-get install softhsm2)")


@pytest.fixture(scope="module")
def token(tmp_path_factory):
    """A SoftHSM2 token holding an EC key made on it and the demo CA's certificate for it."""
    import pkcs11
    from cryptography.hazmat.primitives.serialization import Encoding, load_der_public_key
    from pkcs11 import Attribute, KeyType
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
    from pkcs11.util.x509 import decode_x509_certificate

    util = shutil.which("softhsm2-util")
    assert util, "softhsm2-util comes with libsofthsm2.so in Debian's softhsm2"
    home = tmp_path_factory.mktemp("softhsm")
    (home / "tokens").mkdir()
    conf = home / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {home / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    before = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read by the module when it is first loaded, below
    subprocess.run([util, "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN, "--pin", PIN],
                   check=True, capture_output=True, env={**os.environ})
    ca_dir = home / "ca"
    ca_dir.mkdir()
    with pkcs11.lib(MODULE).get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
        curve = session.create_domain_parameters(
            KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True)
        public, _ = curve.generate_keypair(store=True, label=KEY, id=b"\x01")
        cert = signing.demo_certify(load_der_public_key(encode_ec_public_key(public)), "潜江市民政局", ca_dir)
        session.create_object({**decode_x509_certificate(cert.public_bytes(Encoding.DER)),
                               Attribute.LABEL: KEY, Attribute.ID: b"\x01", Attribute.TOKEN: True})
    (home / "pin").write_text(PIN + "\n")
    yield {"home": home, "ca_dir": ca_dir, "pin": home / "pin", "serial": cert.serial_number}
    if before is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = before


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def configured(token, settings):
    """Production's settings for a token: module, labels, the PIN from a file, the CA's root and CRL."""
    settings.DOCUMENT_SIGNING_PKCS11_MODULE = MODULE
    settings.DOCUMENT_SIGNING_PKCS11_TOKEN_LABEL = TOKEN
    settings.DOCUMENT_SIGNING_PKCS11_KEY_LABEL = KEY
    settings.DOCUMENT_SIGNING_PKCS11_PIN_FILE = str(token["pin"])
    settings.DOCUMENT_SIGNING_TRUST_ROOTS = [str(token["ca_dir"] / "demo-ca.pem")]
    settings.DOCUMENT_SIGNING_CRL_FILE = str(signing.demo_crl_file(token["ca_dir"]))
    settings.DOCUMENT_SIGNING_ALLOW_DEMO = False
    return token


@pytest.fixture
def document(agency, unit, officers, leader, organisation, ground, make_user):
    presider = make_user(Role.LEGAL_ADVISER, full_name="周主持")
    case = make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="closed", hearing=True, presider=presider)
    return document_issue(case=case, kind=DocumentKind.DECISION, actor=leader, issued_on=TODAY,
                          officers=[a.officer for a in case.assignments.all()])


def test_a_document_is_signed_with_the_key_on_the_token_and_pyhanko_validates_it(configured, document, media):
    from pyhanko.sign.pkcs11 import PKCS11Signer

    credentials = signing.signing_credentials(document.agency)
    assert isinstance(credentials.signer, PKCS11Signer) and credentials.session is not None
    assert credentials.certificate.serial_number == configured["serial"] and not credentials.demo
    made = pdf.document_pdf_make(document_id=document.pk)
    data = (media / made.pdf_file.name).read_bytes()

    [embedded] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    ca = asn1_x509.Certificate.load(signing._load_certs_pem([configured["ca_dir"] / "demo-ca.pem"])[0].dump())
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[ca], allow_fetching=False))
    assert status.intact and status.valid and status.trusted and status.coverage.name == "ENTIRE_FILE"
    assert status.signing_cert.serial_number == configured["serial"]
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"

    ours = signing.validate_pdf(data, signing.trust_roots_for(document.agency), signing.crls_for(document.agency))
    assert ours.valid and ours.sha256 == made.pdf_sha256 and "潜江市民政局" in ours.signer


def test_a_wrong_pin_stops_issuing_and_is_not_tried_again_until_the_pin_file_changes(
        configured, document, tmp_path, settings, monkeypatch):
    wrong = tmp_path / "pin"
    wrong.write_text("000000")
    settings.DOCUMENT_SIGNING_PKCS11_PIN_FILE = str(wrong)
    with pytest.raises(signing.SigningUnavailable) as stopped:
        pdf.document_pdf_make(document_id=document.pk)
    assert stopped.value.status == 503 and "PIN" in stopped.value.message
    assert Document.objects.get(pk=document.pk).pdf_sha256 == ""

    opened = []
    real = signing._load_pkcs11
    monkeypatch.setattr(signing, "_load_pkcs11", lambda crl: opened.append(crl) or real(crl))
    with pytest.raises(signing.SigningUnavailable):  # a real token would be one try closer to locking
        pdf.document_pdf_make(document_id=document.pk)
    assert opened == []
    wrong.write_text(PIN)  # the administrator fixes the PIN file
    os.utime(wrong, ns=(wrong.stat().st_atime_ns, wrong.stat().st_mtime_ns + 1_000_000))
    assert pdf.document_pdf_make(document_id=document.pk).pdf_sha256
    assert len(opened) == 1


@pytest.mark.parametrize("setting, value", [("DOCUMENT_SIGNING_PKCS11_TOKEN_LABEL", "no-such-token"),
                                            ("DOCUMENT_SIGNING_PKCS11_KEY_LABEL", "no-such-key"),
                                            ("DOCUMENT_SIGNING_PKCS11_MODULE", "/nonexistent/libpkcs11.so"),
                                            ("DOCUMENT_SIGNING_PKCS11_PIN_FILE", "/nonexistent/pin")])
def test_a_token_that_is_not_there_stops_issuing_with_a_503(configured, document, settings, setting, value):
    setattr(settings, setting, value)
    with pytest.raises(signing.SigningUnavailable) as stopped:
        signing.signing_credentials(document.agency)
    assert stopped.value.status == 503 and "文书暂停签发" in stopped.value.message


def test_seal_check_reads_the_token(configured, document):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("seal_check", stdout=out)
    assert "潜江市民政局" in out.getvalue() and "not revoked" in out.getvalue()


def test_the_signer_is_chosen_in_one_place():
    source = Path(signing.__file__).read_text()
    assert source.count("PKCS11Signer(") == 1 and source.count("SimpleSigner.load_pkcs12_data(") == 1
