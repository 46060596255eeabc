"""The agency's electronic seal (电子签章) on issued documents (DOMAIN.md §11).

Every document's PDF is signed after it is rendered and before its SHA-256 is recorded (cases.pdf): a
PAdES signature (pyHanko) with the agency's certificate, shown on the page as the agency's seal image
where the template leaves room for the seal, with the signing time in the signature and the signer's
name and role in its reason.

Where the key comes from (settings DOCUMENT_SIGNING_*, chosen in `_credentials` alone):
- a PKCS#11 token (UKey, HSM) where the agency has one: the module, the token and key labels, and the PIN
  read from a file (a Docker secret); the key never leaves the token;
- production otherwise: a PKCS#12 file and its passphrase, each read from a file (Docker secrets, deploy/);
- local mode and the demo: a demo CA and one certificate per agency, made under var/signing on first use,
  every name in them marked 演示/DEMO. Production settings refuse the demo keys unless told otherwise.

A certificate that can't be read, is not yet valid, has expired or is revoked stops issuing:
`signing_credentials` raises SigningUnavailable (HTTP 503, logged as an error, and the agency's administrators
notified once a day) and no unsigned PDF is ever recorded. Revocation comes from a CRL of the CA that issued
the agency's certificate: DOCUMENT_SIGNING_CRL_FILE in production, demo-ca.crl (published by the demo CA,
refreshed before it goes stale) in the demo. A configured CRL that can't be read, is not signed by that CA or
is past its next update stops issuing too: revocation could not be ruled out. The loaded key and CRL are
cached per process, keyed by the files and their modification times, so a renewed certificate or a new CRL
is picked up without a restart.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import io
import logging
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from zhifa.core.exceptions import ApplicationError, InvalidInput

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "AgencySeal"
_CHINA = datetime.timezone(datetime.timedelta(hours=8))  # dates in messages are the agency's
# RFC 5280 CRLReason, as the administrator reads it.
REVOCATION_REASONS = {"unspecified": "未说明", "keyCompromise": "密钥泄露", "cACompromise": "签发机构密钥泄露",
                      "affiliationChanged": "单位信息变更", "superseded": "证书已被替换",
                      "cessationOfOperation": "停止使用", "certificateHold": "暂停使用",
                      "privilegeWithdrawn": "权限被撤销", "aACompromise": "属性机构密钥泄露"}
DEMO_MARK = "演示 DEMO"
# A round official seal is 42 mm across (GB/T 9704 shows it over the organ's name and date).
SEAL_SIZE_PT = 42 / 25.4 * 72


class SigningUnavailable(ApplicationError):
    """The agency's seal can't be applied: nothing is issued until the certificate is fixed."""

    status = 503
    default_code = "signing_unavailable"


class _PinRefused(SigningUnavailable):
    """The token refused the PIN: not tried again until the PIN file changes, since every wrong try brings a
    token closer to locking itself."""


@dataclass(frozen=True)
class Credentials:
    signer: object  # pyhanko.sign.signers.SimpleSigner
    certificate: object  # asn1crypto.x509.Certificate
    trust_roots: tuple  # asn1crypto certificates a validation chains to
    demo: bool
    not_before: datetime.datetime
    not_after: datetime.datetime
    crls: tuple = ()  # asn1crypto CertificateLists for validation
    revoked_at: datetime.datetime | None = None  # when the CRL says the certificate was revoked
    revocation_reason: str = ""
    crl_next_update: datetime.datetime | None = None
    crl_problem: tuple[str, str] | None = None  # (中文, English): the CRL is configured but unusable
    session: object = None  # the open PKCS#11 session, when the key is on a token

    @property
    def subject(self) -> str:
        return self.certificate.subject.human_friendly


_cache: dict = {}
_lock = threading.Lock()
_token_lock = threading.Lock()
_token_pid: int | None = None  # the process that initialised the PKCS#11 module


# --- the demo PKI ------------------------------------------------------------------------------------

def _demo_dir() -> Path:
    return Path(settings.DOCUMENT_SIGNING_DEMO_DIR)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".tmp-{path.name}-{os.getpid()}")
    tmp.write_bytes(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _name(common_name: str, organisation: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _demo_ca(directory: Path):
    """The demo root (made once): its key and certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key_path, cert_path = directory / "demo-ca.key", directory / "demo-ca.pem"
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    name = _name(f"Zhifa 演示根证书 {DEMO_MARK} CA（不可信）", f"Zhifa {DEMO_MARK}")
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    _write_atomic(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
    _write_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


DEMO_CRL = "demo-ca.crl"
DEMO_CRL_DAYS = 30  # the demo CA's CRL is valid this long, and republished when a week or less is left


def _demo_crl_write(directory: Path, revoked: list[tuple[int, datetime.datetime, object]]) -> None:
    """The demo CA's CRL (PEM) listing `revoked` (serial, date, reason flag or None), valid DEMO_CRL_DAYS."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    ca_key, ca_cert = _demo_ca(directory)
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca_cert.subject)
               .last_update(now - datetime.timedelta(minutes=5))
               .next_update(now + datetime.timedelta(days=DEMO_CRL_DAYS))
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                              critical=False)
               .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False))
    for serial, when, reason in revoked:
        entry = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when)
        if reason is not None:
            entry = entry.add_extension(x509.CRLReason(reason), critical=False)
        builder = builder.add_revoked_certificate(entry.build())
    _write_atomic(directory / DEMO_CRL, builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))


def _demo_crl_entries(directory: Path) -> list[tuple[int, datetime.datetime, object]]:
    from cryptography import x509

    path = directory / DEMO_CRL
    if not path.exists():
        return []
    entries = []
    for revoked in x509.load_pem_x509_crl(path.read_bytes()):
        try:
            reason = revoked.extensions.get_extension_for_class(x509.CRLReason).value.reason
        except x509.ExtensionNotFound:
            reason = None
        entries.append((revoked.serial_number, revoked.revocation_date_utc, reason))
    return entries


def demo_crl_file(directory: Path | None = None) -> Path:
    """The demo CA's CRL, published (empty) with the CA and republished, with the same entries, before its
    next update comes."""
    from cryptography import x509

    directory = directory or _demo_dir()
    path = directory / DEMO_CRL
    margin = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=7)
    if path.exists() and x509.load_pem_x509_crl(path.read_bytes()).next_update_utc > margin:
        return path
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists() or x509.load_pem_x509_crl(path.read_bytes()).next_update_utc <= margin:
            _demo_crl_write(directory, _demo_crl_entries(directory))
    return path


def demo_revoke(agency, *, when: datetime.datetime | None = None, reason: str = "keyCompromise",
                directory: Path | None = None) -> datetime.datetime:
    """Revoke the agency's demo certificate: the demo CA publishes a new CRL listing it (from `when`, default
    now). For drills and tests; a real certificate is revoked by the CA that issued it."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs12

    directory = directory or _demo_dir()
    p12_path, pass_path = demo_agency_files(agency, directory)
    _, cert, _ = pkcs12.load_key_and_certificates(p12_path.read_bytes(), pass_path.read_bytes().strip())
    when = (when or datetime.datetime.now(datetime.timezone.utc)).replace(microsecond=0)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        entries = [e for e in _demo_crl_entries(directory) if e[0] != cert.serial_number]
        _demo_crl_write(directory, [*entries, (cert.serial_number, when, x509.ReasonFlags(reason))])
    logger.warning("Revoked the demo signing certificate of %s from %s", agency.name, when)
    return when


def demo_certify(public_key, agency_name: str, directory: Path | None = None):
    """A signing certificate for `agency_name` over `public_key` (a cryptography key), issued by the demo CA,
    valid three years: for the demo PKCS#12, or for a key made on a PKCS#11 token."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    ca_key, ca_cert = _demo_ca(directory or _demo_dir())
    now = datetime.datetime.now(datetime.timezone.utc)
    return (x509.CertificateBuilder()
            .subject_name(_name(f"{agency_name}（{DEMO_MARK}）", f"{agency_name}（{DEMO_MARK}）"))
            .issuer_name(ca_cert.subject).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=False, crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))


def demo_agency_files(agency, directory: Path | None = None) -> tuple[Path, Path]:
    """The demo PKCS#12 of an agency and its passphrase file, made (with the demo CA) on first use.
    A file lock keeps two processes starting together from making two different CAs."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12

    directory = directory or _demo_dir()
    stem = f"agency-{hashlib.sha256(agency.name.encode()).hexdigest()[:16]}"  # the name: unique, and stable
    p12_path, pass_path = directory / f"{stem}.p12", directory / f"{stem}.pass"
    if p12_path.exists() and pass_path.exists():
        return p12_path, pass_path
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if p12_path.exists() and pass_path.exists():
            return p12_path, pass_path
        ca_key, ca_cert = _demo_ca(directory)
        key = ec.generate_private_key(ec.SECP256R1())
        cert = demo_certify(key.public_key(), agency.name, directory)
        passphrase = secrets.token_urlsafe(24)
        data = pkcs12.serialize_key_and_certificates(
            f"{agency.name} {DEMO_MARK}".encode(), key, cert, [ca_cert],
            serialization.BestAvailableEncryption(passphrase.encode()))
        _write_atomic(pass_path, passphrase.encode())
        _write_atomic(p12_path, data)
    logger.warning("Made a demo signing certificate for %s under %s (demo only: not for real documents)",
                   agency.name, directory)
    return p12_path, pass_path


# --- loading ---------------------------------------------------------------------------------------------

def _certificate_files(agency) -> tuple[Path, Path, Path | None, bool]:
    """The PKCS#12, its passphrase file, the CRL (None: revocation is not checked) and whether it is the demo."""
    p12 = settings.DOCUMENT_SIGNING_PKCS12_FILE
    if p12:
        crl = settings.DOCUMENT_SIGNING_CRL_FILE
        return Path(p12), Path(settings.DOCUMENT_SIGNING_PASSPHRASE_FILE or ""), Path(crl) if crl else None, False
    if not settings.DOCUMENT_SIGNING_ALLOW_DEMO:
        raise SigningUnavailable(
            "未配置本机关的签章证书（DOCUMENT_SIGNING_PKCS12_FILE），文书暂停签发，请联系系统管理员。",
            "No signing certificate is configured (DOCUMENT_SIGNING_PKCS12_FILE): documents are not issued.")
    try:
        p12_path, pass_path = demo_agency_files(agency)
        crl_path = demo_crl_file(p12_path.parent)
    except (OSError, ValueError) as exc:
        raise _unavailable("无法创建演示签章证书，文书暂停签发，请联系系统管理员。",
                           f"The demo signing certificate can't be made under {_demo_dir()}: {exc}", exc) from exc
    return p12_path, pass_path, crl_path, True


def _load_certs_pem(paths) -> list:
    from asn1crypto import pem, x509 as asn1_x509

    certs = []
    for path in paths:
        data = Path(path).read_bytes()
        if pem.detect(data):
            certs += [asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
        else:
            certs.append(asn1_x509.Certificate.load(data))
    return certs


def _unavailable(message: str, english: str, cause=None) -> SigningUnavailable:
    logger.error("Document signing is unavailable: %s", english, exc_info=cause)
    return SigningUnavailable(message, english)


def _revocation(cert, crl_path: Path | None, issuers) -> dict:
    """What the CRL at `crl_path` says of `cert`: the Credentials fields crls, revoked_at, revocation_reason,
    crl_next_update, or crl_problem when the CRL can't be used (unreadable, damaged, not signed by the CA that
    issued the certificate)."""
    from asn1crypto import crl as asn1_crl, pem
    from cryptography import x509

    if crl_path is None:
        return {}
    try:
        data = crl_path.read_bytes()
        der = pem.unarmor(data)[2] if pem.detect(data) else data
        crl = x509.load_der_x509_crl(der)
    except (OSError, ValueError) as exc:
        logger.error("The certificate revocation list %s can't be read: %s", crl_path, exc)
        return {"crl_problem": ("证书吊销列表（CRL）无法读取，无法确认签章证书未被吊销，文书暂停签发，请联系系统管理员。",
                                f"The certificate revocation list {crl_path} can't be read: {str(exc)[:200]}")}
    issuer = next((x509.load_der_x509_certificate(c.dump()) for c in issuers if c.subject == cert.issuer), None)
    if issuer is None or crl.issuer != issuer.subject or not crl.is_signature_valid(issuer.public_key()):
        return {"crl_problem": ("证书吊销列表（CRL）不是签发本机关签章证书的机构签发的，文书暂停签发，请联系系统管理员。",
                                f"The CRL {crl_path} is not signed by the CA that issued the signing certificate.")}
    found = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    reason = ""
    if found is not None:
        try:
            reason = found.extensions.get_extension_for_class(x509.CRLReason).value.reason.value
        except x509.ExtensionNotFound:
            pass
    return {"crls": (asn1_crl.CertificateList.load(der),),
            "revoked_at": found.revocation_date_utc if found is not None else None, "revocation_reason": reason,
            "crl_next_update": crl.next_update_utc}


def _load(p12_path: Path, pass_path: Path, crl_path: Path | None, demo: bool) -> Credentials:
    from pyhanko.sign.signers import SimpleSigner

    try:
        data = p12_path.read_bytes()
        passphrase = pass_path.read_bytes().strip() if pass_path.name else None
    except OSError as exc:
        raise _unavailable("签章证书文件无法读取，文书暂停签发，请联系系统管理员。",
                           f"The signing certificate or its passphrase can't be read: {exc}", exc) from exc
    try:
        signer = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase or None)
    except ValueError as exc:
        raise _unavailable("签章证书无法打开（文件损坏或口令错误），文书暂停签发，请联系系统管理员。",
                           "The signing PKCS#12 can't be opened (damaged file or wrong passphrase).", exc) from exc
    return _assemble(signer, crl_path, demo_ca=p12_path.parent / "demo-ca.pem" if demo else None)


def _load_pkcs11(crl_path: Path | None) -> Credentials:
    """The agency's key on a PKCS#11 token (UKey, HSM): a session opened with the PIN from its file, the key and
    certificate found by label, the certificates on the token pulled for the chain. The key never leaves it."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    module, token = settings.DOCUMENT_SIGNING_PKCS11_MODULE, settings.DOCUMENT_SIGNING_PKCS11_TOKEN_LABEL
    key_label = settings.DOCUMENT_SIGNING_PKCS11_KEY_LABEL
    pin_file = settings.DOCUMENT_SIGNING_PKCS11_PIN_FILE
    try:
        pin = Path(pin_file).read_text().strip() if pin_file else None
    except OSError as exc:
        raise _unavailable("签章设备的 PIN 文件无法读取，文书暂停签发，请联系系统管理员。",
                           f"The PIN file of the PKCS#11 token can't be read: {exc}", exc) from exc
    session = None
    try:
        _token_library(module)
        session = open_pkcs11_session(module, token_criteria=TokenCriteria(label=token) if token else None,
                                      user_pin=pin)
        signer = PKCS11Signer(session, key_label=key_label,
                              cert_label=settings.DOCUMENT_SIGNING_PKCS11_CERT_LABEL or key_label,
                              other_certs_to_pull=None,
                              use_raw_mechanism=settings.DOCUMENT_SIGNING_PKCS11_RAW_MECHANISM)
        signer.signing_cert  # noqa: B018 - find the certificate now: a wrong label is a problem now
    except Exception as exc:  # noqa: BLE001 - whatever the module says (no token, wrong PIN, no key): not issuing
        if session is not None:
            _close(session)
        if type(exc).__name__ in ("PinIncorrect", "PinInvalid", "PinLenRange", "PinLocked", "PinExpired"):
            logger.error("The PKCS#11 token refused the PIN (%s)", type(exc).__name__)
            raise _PinRefused(f"签章设备拒绝了 PIN（{type(exc).__name__}），文书暂停签发；为免设备被锁定，更换 PIN 文件前"
                              "不再尝试，请联系系统管理员。",
                              f"The PKCS#11 token refused the PIN ({type(exc).__name__}); not tried again until "
                              "the PIN file changes.") from exc
        raise _unavailable("签章设备（PKCS#11）无法使用：未找到设备、PIN 错误或其中没有签章密钥和证书，文书暂停签发，"
                           "请联系系统管理员。",
                           f"The PKCS#11 token can't be used ({module}, token {token!r}, key {key_label!r}): "
                           f"{type(exc).__name__}: {str(exc)[:200]}", exc) from exc
    return _assemble(signer, crl_path, session=session)


def _token_library(module: str) -> None:
    """The module, initialised in this process: one inherited through a fork (a worker started by a parent that
    had signed) is initialised again, as PKCS#11 requires."""
    global _token_pid
    import pkcs11

    library = pkcs11.lib(module)
    if _token_pid not in (None, os.getpid()):
        try:
            library.reinitialize()
        except Exception:  # noqa: BLE001 - opening the session says what is wrong, if anything is
            logger.warning("Could not initialise the PKCS#11 module %s again after a fork", module, exc_info=True)
    _token_pid = os.getpid()


def _close(session) -> None:
    try:
        session.close()
    except Exception:  # noqa: BLE001 - a session of a token that is gone can't be closed either
        logger.warning("Could not close a PKCS#11 session", exc_info=True)


def _assemble(signer, crl_path: Path | None, *, demo_ca: Path | None = None, session=None) -> Credentials:
    """Credentials of a loaded signer: the roots (the demo CA's, the configured ones, or the self-signed ones it
    carries), its validity and what the CRL says of it."""
    cert = signer.signing_cert
    demo = demo_ca is not None
    roots = [c for c in [*signer.cert_registry, cert] if c.self_signed in ("yes", "maybe")]
    if demo:
        roots = _load_certs_pem([demo_ca])
    elif settings.DOCUMENT_SIGNING_TRUST_ROOTS:
        try:
            roots = _load_certs_pem(settings.DOCUMENT_SIGNING_TRUST_ROOTS)
        except (OSError, ValueError) as exc:
            raise _unavailable("签章根证书无法读取，文书暂停签发，请联系系统管理员。",
                               "The signing trust roots can't be read.", exc) from exc
    validity = cert["tbs_certificate"]["validity"]
    return Credentials(signer=signer, certificate=cert, trust_roots=tuple(roots), demo=demo,
                       not_before=validity["not_before"].native, not_after=validity["not_after"].native,
                       session=session, **_revocation(cert, crl_path, [*signer.cert_registry, *roots]))


def signing_credentials(agency, *, at: datetime.datetime | None = None) -> Credentials:
    """The agency's signing key and certificate, valid now; raises SigningUnavailable otherwise, and tells the
    agency's administrators (once a day per problem)."""
    try:
        credentials = _credentials(agency)
        at = at or datetime.datetime.now(datetime.timezone.utc)
        if at < credentials.not_before:
            raise _unavailable(
                f"签章证书尚未生效（{credentials.not_before:%Y-%m-%d} 起），文书暂停签发，请联系系统管理员。",
                f"The signing certificate is not valid before {credentials.not_before:%Y-%m-%d}.")
        if at >= credentials.not_after:
            raise _unavailable(
                f"签章证书已于 {credentials.not_after:%Y-%m-%d} 过期，文书暂停签发，请联系系统管理员更换证书。",
                f"The signing certificate expired on {credentials.not_after:%Y-%m-%d}.")
        if credentials.crl_problem:
            raise _unavailable(*credentials.crl_problem)
        if credentials.revoked_at is not None and at >= credentials.revoked_at:
            revoked = credentials.revoked_at.astimezone(_CHINA)
            reason = credentials.revocation_reason
            because = f"（原因：{REVOCATION_REASONS.get(reason, reason)}）" if reason else ""
            raise _unavailable(
                f"签章证书已于 {revoked:%Y-%m-%d %H:%M} 被吊销{because}，文书暂停签发，请联系系统管理员更换证书。",
                f"The signing certificate was revoked on {revoked:%Y-%m-%d %H:%M}"
                f"{f' ({credentials.revocation_reason})' if credentials.revocation_reason else ''}.")
        if credentials.crl_next_update is not None and at >= credentials.crl_next_update:
            raise _unavailable(
                f"证书吊销列表（CRL）已于 {credentials.crl_next_update:%Y-%m-%d} 过期，无法确认签章证书未被吊销，"
                "文书暂停签发，请联系系统管理员更新吊销列表。",
                f"The certificate revocation list is stale since {credentials.crl_next_update:%Y-%m-%d}: "
                "revocation can't be ruled out.")
    except SigningUnavailable as exc:
        _alarm(agency, exc)
        raise
    return credentials


def _alarm(agency, problem: SigningUnavailable) -> None:
    """A notification to the agency's administrators: issuing has stopped, and why."""
    if getattr(agency, "pk", None) is None:
        return
    try:
        from django.utils import timezone

        from zhifa.accounts.choices import Role
        from zhifa.accounts.models import User
        from zhifa.notifications.services import notify

        admins = User.objects.filter(role=Role.ADMINISTRATOR, unit__agency_id=agency.pk, is_active=True)
        digest = hashlib.sha256(problem.message_en.encode()).hexdigest()[:12]
        notify(recipients=list(admins), kind="signing_unavailable",
               key=f"signing:{agency.pk}:{digest}:{timezone.localdate():%Y%m%d}",
               title="文书电子签章不可用，文书暂停签发", message=f"{problem.message}（{problem.message_en}）")
    except Exception:  # noqa: BLE001 - the alarm must never hide the refusal itself
        logger.exception("Could not notify the administrators of %s that signing is unavailable", agency)


def _stamp(path: Path | None) -> tuple:
    if path is None:
        return ()
    try:
        return (str(path), path.stat().st_mtime_ns)
    except OSError:
        return (str(path), None)  # missing: the loader says so


def _credentials(agency) -> Credentials:
    """The agency's key and certificate as configured, valid or not: the one place the signer is chosen. A
    PKCS#11 token when DOCUMENT_SIGNING_PKCS11_MODULE is set; else the PKCS#12 of DOCUMENT_SIGNING_PKCS12_FILE;
    else, where allowed, the demo CA's certificate. Loaded once per version of the files (and, for a token, per
    process: a session does not survive a fork)."""
    if settings.DOCUMENT_SIGNING_PKCS11_MODULE:
        crl = Path(settings.DOCUMENT_SIGNING_CRL_FILE) if settings.DOCUMENT_SIGNING_CRL_FILE else None
        pin = Path(settings.DOCUMENT_SIGNING_PKCS11_PIN_FILE) if settings.DOCUMENT_SIGNING_PKCS11_PIN_FILE else None
        stamp = ("pkcs11", os.getpid(), settings.DOCUMENT_SIGNING_PKCS11_MODULE,
                 settings.DOCUMENT_SIGNING_PKCS11_TOKEN_LABEL, settings.DOCUMENT_SIGNING_PKCS11_KEY_LABEL,
                 settings.DOCUMENT_SIGNING_PKCS11_CERT_LABEL, *_stamp(pin), *_stamp(crl))
        with _lock:
            credentials = _cache.get(stamp)
            if isinstance(credentials, _PinRefused):
                raise _unavailable(credentials.message, credentials.message_en)
            if credentials is None:
                for old in [key for key in _cache if key[0] == "pkcs11"]:
                    if getattr(_cache[old], "session", None) is not None and old[1] == os.getpid():
                        _close(_cache[old].session)
                    del _cache[old]
                try:
                    credentials = _cache[stamp] = _load_pkcs11(crl)
                except _PinRefused as refused:
                    _cache[stamp] = refused
                    raise
        return credentials
    p12_path, pass_path, crl_path, demo = _certificate_files(agency)
    try:
        stamp = (str(p12_path), p12_path.stat().st_mtime_ns)
    except OSError as exc:
        raise _unavailable("签章证书文件不存在，文书暂停签发，请联系系统管理员。",
                           f"The signing certificate {p12_path} is missing.", exc) from exc
    stamp += _stamp(crl_path)
    with _lock:
        credentials = _cache.get(stamp)
        if credentials is None:
            credentials = _cache[stamp] = _load(p12_path, pass_path, crl_path, demo)
    return credentials


def _forget(credentials: Credentials) -> None:
    """Drop loaded credentials that failed to sign (a token pulled out, a session gone): the next document
    loads them afresh."""
    with _lock:
        for key in [key for key, value in _cache.items() if value is credentials]:
            del _cache[key]
    if credentials.session is not None:
        _close(credentials.session)


# --- the seal image --------------------------------------------------------------------------------------

SEAL_RED = (200, 16, 30, 255)


def _font(size: int):
    from PIL import ImageFont

    for path in ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
                 "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"):
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def demo_seal_image(agency_name: str):
    """A round red seal in the official shape (ring, the organ's name along the top, a star), marked 演示."""
    import math

    from PIL import Image, ImageDraw

    size = 600
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = size / 2
    draw.ellipse((12, 12, size - 12, size - 12), outline=SEAL_RED, width=18)
    # the five-pointed star
    outer, inner = 95, 38
    points = [(centre + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / 5),
               centre - 20 - (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / 5)) for i in range(10)]
    draw.polygon(points, fill=SEAL_RED)
    # the name along the upper arc, each character turned to face the centre
    text = agency_name or "演示机关"
    font = _font(64)
    span = min(240.0, 26.0 * len(text))
    radius = 205
    for index, char in enumerate(text):
        angle = -span / 2 + span * (index + 0.5) / len(text)  # degrees from the top, clockwise
        glyph = Image.new("RGBA", (90, 90), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((45, 45), char, font=font, fill=SEAL_RED, anchor="mm")
        glyph = glyph.rotate(-angle, resample=Image.BICUBIC)
        x = centre + radius * math.sin(math.radians(angle)) - 45
        y = centre - radius * math.cos(math.radians(angle)) - 45
        image.alpha_composite(glyph, (int(round(x)), int(round(y))))
    draw.text((centre, centre + 125), "演示 DEMO", font=_font(48), fill=SEAL_RED, anchor="mm")
    draw.text((centre, centre + 185), "电子签章", font=_font(40), fill=SEAL_RED, anchor="mm")
    return image


def seal_image(agency):
    """The agency's seal: DOCUMENT_SEAL_DIR/<credit code or region code>.png if there is one, otherwise the
    demo seal (drawn once per process and agency)."""
    from PIL import Image

    directory = settings.DOCUMENT_SEAL_DIR
    for key in (agency.credit_code, agency.region_code, str(agency.pk)):
        path = Path(directory) / f"{key}.png" if directory and key else None
        if path is not None and path.is_file():
            stamp = ("seal", str(path), path.stat().st_mtime_ns)
            if stamp not in _cache:
                _cache[stamp] = Image.open(path).convert("RGBA")
            return _cache[stamp]
    stamp = ("demo-seal", agency.name)
    if stamp not in _cache:
        _cache[stamp] = demo_seal_image(agency.name)
    return _cache[stamp]


# --- signing ---------------------------------------------------------------------------------------------

def signature_reason(document) -> str:
    """Who issued it, in the signature's reason: 签发人：张三（负责人）."""
    user = document.created_by
    name = (getattr(user, "full_name", "") or getattr(user, "username", "")) if user else ""
    role = user.get_role_display() if user is not None and hasattr(user, "get_role_display") else ""
    return f"{document.get_kind_display()} {document.number} 签发；签发人：{name}（{role}）"


def sign_pdf(data: bytes, document, *, box: tuple[float, float, float, float], page: int,
             credentials: Credentials | None = None) -> bytes:
    """The rendered PDF with the agency's PAdES signature appended as an incremental update: the rendered
    bytes stay the signed file's first bytes, and the signature covers them all."""
    from pyhanko.pdf_utils import images
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    credentials = credentials or signing_credentials(document.agency)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=signature_reason(document), location=document.agency.name,
        name=credentials.subject, contact_info=settings.PUBLIC_SITE_URL)
    style = StaticStampStyle(background=images.PdfImage(seal_image(document.agency)), background_opacity=0.9,
                             border_width=0)
    pdf_signer = signers.PdfSigner(meta, signer=credentials.signer, stamp_style=style,
                                   new_field_spec=fields.SigFieldSpec(SIGNATURE_FIELD, on_page=page, box=box))
    out = io.BytesIO()
    if credentials.session is None:
        pdf_signer.sign_pdf(writer, output=out)
        return out.getvalue()
    try:
        with _token_lock:  # one operation at a time on a PKCS#11 session
            pdf_signer.sign_pdf(writer, output=out)
    except Exception as exc:  # noqa: BLE001 - the token failed (pulled out, locked): not issuing, and retry afresh
        _forget(credentials)
        problem = _unavailable("签章设备（PKCS#11）签章失败，文书暂停签发，请检查签章设备后重试。",
                               f"The PKCS#11 token failed to sign: {type(exc).__name__}: {str(exc)[:200]}", exc)
        _alarm(document.agency, problem)
        raise problem from exc
    return out.getvalue()


# --- validation ------------------------------------------------------------------------------------------

MAX_VALIDATION_BYTES = 8 * 1024 * 1024  # under nginx's 10 MB cap on request bodies


@dataclass(frozen=True)
class Validation:
    signed: bool
    intact: bool = False  # the signed bytes are unchanged
    covers_whole_file: bool = False  # nothing was added after the signature
    trusted: bool = False  # the certificate chains to a trusted root
    signer: str = ""
    signing_time: datetime.datetime | None = None
    reason: str = ""
    chain: tuple[str, ...] = ()
    sha256: str = ""
    summary: str = ""
    revoked_at: datetime.datetime | None = None  # the signer's certificate is revoked (per a loaded CRL) since
    signed_before_revocation: bool = False  # the signing time in the signature is before that

    @property
    def valid(self) -> bool:
        return (self.signed and self.intact and self.covers_whole_file and self.trusted
                and (self.revoked_at is None or self.signed_before_revocation))

    def as_dict(self) -> dict:
        return {"signed": self.signed, "valid": self.valid, "intact": self.intact,
                "covers_whole_file": self.covers_whole_file, "trusted": self.trusted, "signer": self.signer,
                "signing_time": self.signing_time.isoformat() if self.signing_time else None,
                "reason": self.reason, "chain": list(self.chain), "sha256": self.sha256, "summary": self.summary,
                "revoked": self.revoked_at is not None,
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
                "signed_before_revocation": self.signed_before_revocation}


def _not_a_pdf(detail: str = "") -> InvalidInput:
    return InvalidInput("所选文件不是有效的 PDF 文书。", f"The file is not a readable PDF. {detail}".strip(),
                        fields={"file": ["不是有效的 PDF 文件"]})


def _revoked_in(cert, crls) -> datetime.datetime | None:
    """When one of `crls` (ours, their signatures checked on loading) revoked `cert`, if it did."""
    if cert is None:
        return None
    for crl in crls:
        if crl["tbs_cert_list"]["issuer"] != cert.issuer:
            continue
        for entry in crl["tbs_cert_list"]["revoked_certificates"] or ():
            if entry["user_certificate"].native == cert.serial_number:
                return entry["revocation_date"].native
    return None


def validate_pdf(data: bytes, trust_roots=None, crls=()) -> Validation:
    """What the PDF's last signature says: intact, covering the whole file, chaining to a trusted root, and
    whether the certificate is revoked by one of `crls`: a signature made after the revocation is invalid, one
    made before it (by the signing time in the signature) is valid and says the certificate is revoked since.
    Raises InvalidInput (400) for something that is not a readable PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    sha256 = hashlib.sha256(data).hexdigest()
    if not data.startswith(b"%PDF-"):
        raise _not_a_pdf()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001 - a damaged file can fail anywhere in the parser: it is bad input
        raise _not_a_pdf(str(exc)[:200]) from None
    if not signatures:
        return Validation(signed=False, sha256=sha256, summary="文件未加盖电子签章")
    signature = signatures[-1]
    when = signature.self_reported_timestamp
    try:
        status = validate_pdf_signature(signature, ValidationContext(
            trust_roots=list(trust_roots or ()), crls=list(crls), allow_fetching=False, revocation_mode="soft-fail"))
        revoked_at = _revoked_in(status.signing_cert, crls)
        before = revoked_at is not None and when is not None and when < revoked_at
        if before:
            # pyHanko judges the chain as of now, revocation included; signed before it, judge it without
            status = validate_pdf_signature(signature, ValidationContext(
                trust_roots=list(trust_roots or ()), allow_fetching=False, revocation_mode="soft-fail"))
    except Exception as exc:  # noqa: BLE001 - a damaged signature is a failed check, not a server error
        return Validation(signed=True, sha256=sha256, summary=f"签章无法校验：{str(exc)[:200]}")
    cert = status.signing_cert
    chain = tuple(c.subject.human_friendly for c in (status.validation_path or ())) if status.trusted else ()
    intact = bool(status.intact and status.valid)
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not intact:
        summary = "签章校验失败：文件内容已被改动"
    elif not covers:
        summary = "签章后文件被追加修改"
    elif revoked_at is not None and not before:
        summary = (f"签章无效：签章证书已于 {revoked_at.astimezone(_CHINA):%Y-%m-%d %H:%M} 被吊销，"
                   "此后的签章不予认可")
    elif not status.trusted:
        summary = "签章证书不属于受信任的签发机构"
    elif before:
        summary = (f"签章有效，文件未被篡改；签章时间（{when.astimezone(_CHINA):%Y-%m-%d %H:%M}）早于证书吊销时间"
                   f"（{revoked_at.astimezone(_CHINA):%Y-%m-%d %H:%M}），该证书此后签发的文书无效")
    else:
        summary = "签章有效，文件未被篡改"
    return Validation(signed=True, intact=intact, covers_whole_file=covers, trusted=bool(status.trusted),
                      signer=cert.subject.human_friendly if cert is not None else "", signing_time=when,
                      reason=str(signature.sig_object.get("/Reason", "")), chain=chain, sha256=sha256,
                      summary=summary, revoked_at=revoked_at, signed_before_revocation=before)


def trust_roots_for(agency) -> tuple:
    """The roots an agency's documents chain to (the demo CA in demo mode). Documents signed before the
    certificate expired still validate: only issuing stops."""
    return _credentials(agency).trust_roots


def crls_for(agency) -> tuple:
    """The CRLs a validation of the agency's documents checks revocation against (none configured: none)."""
    return _credentials(agency).crls
