"""PDF copies of enforcement documents (文书), printed with WeasyPrint in real Chinese fonts.

The PDF is made from the HTML body frozen when the document was issued, inside the print template
cases/pdf/document.html (A4, GB/T 9704 margins, Noto CJK where the official faces are missing). It is
PDF/A-2b, for the case file, and rendering is deterministic: the same body gives the same bytes.

document_pdf_make() is the one way a PDF comes into being: the Celery task (queue `reports`, the documents
queue) calls it after a document is issued, and the download endpoint calls it when a user asks before the
worker got there. It is idempotent. Once a document has its PDF, that file and its SHA-256 never change.

Every page carries a QR code and a printed verification code (the document number and the first characters
of its content digest, `verification_code`) pointing at the public verification page. After rendering, the
agency's electronic seal is applied (cases.signing: a PAdES signature, appended as an incremental update,
shown where the template leaves room for the seal) and the SHA-256 recorded is that of the signed file. A
certificate that can't be used stops the PDF (SigningUnavailable, 503): nothing unsigned is recorded.

System packages needed (Debian): libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
fonts-noto-cjk. `make install` installs them when it runs as root.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from zhifa.cases import signing
from zhifa.cases.models import Document
from zhifa.core.exceptions import ApplicationError

logger = logging.getLogger(__name__)

# Archival PDF: fonts embedded, no external references.
PDF_VARIANT = "pdf/a-2b"
PDF_CONTENT_TYPE = "application/pdf"


class PdfUnavailable(ApplicationError):
    status = 503
    default_code = "pdf_unavailable"


def document_pdf_html(document: Document) -> str:
    """The print page around the stored body. Only the body's own HTML is used: no re-render."""
    issued = datetime.datetime.combine(document.issued_on, datetime.time(), tzinfo=datetime.timezone(
        datetime.timedelta(hours=8)))
    code = verification_code(document)
    url = verification_url(document)
    return render_to_string("cases/pdf/document.html", {
        "document": document, "agency": document.agency, "title": document.get_kind_display(),
        # The body was rendered by our templates with autoescaping when the document was issued.
        "body": mark_safe(document.body),  # noqa: S308
        "created": issued.isoformat(),
        "verify_code": code, "verify_url": url, "qr_data_uri": _qr_data_uri(url),
    })


def content_digest(document: Document) -> str:
    """SHA-256 of what the document says, from its frozen fields only (kind, number, date, body), so it never
    changes. The PDF can't print its own file hash, so the printed code is taken from this; the manifest holds
    both."""
    content = json.dumps({"kind": document.kind, "number": document.number,
                          "issued_on": document.issued_on.isoformat(), "body": document.body},
                         ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(content).hexdigest()


def verification_code(document: Document) -> str:
    """The printed code (验证码): the first ten hex characters of the content digest, as 5-5 upper case."""
    head = content_digest(document)[:10].upper()
    return f"{head[:5]}-{head[5:]}"


def verification_url(document: Document) -> str:
    query = urlencode({"n": document.number, "c": verification_code(document)})
    return f"{settings.PUBLIC_SITE_URL.rstrip('/')}/verify/?{query}"


def _qr_data_uri(text: str) -> str:
    import qrcode
    from qrcode.image.svg import SvgPathImage

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1,
                         image_factory=SvgPathImage)
    code.add_data(text)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _weasyprint():
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:  # Pango missing: the web process still runs, PDFs wait.
        logger.error("WeasyPrint cannot load: %s", exc)
        raise PdfUnavailable("PDF 生成组件不可用，请联系系统管理员。", "The PDF renderer is not available.") from exc
    return HTML, URLFetcher


PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (1/96 in); PDF user space is in points (1/72 in)


def _find_seal_area(rendered) -> tuple[int, tuple[float, float, float, float]] | None:
    """The page and centre (CSS px, from the top left) of the template's seal placeholder（印章）."""
    def walk(box):
        yield box
        for child in getattr(box, "children", ()) or ():
            yield from walk(child)

    found = None
    for index, page in enumerate(rendered.pages):
        for box in walk(page._page_box):
            element = getattr(box, "element", None)
            if element is None or "seal-area" not in (element.get("class") or "").split():
                continue
            texts = [b for b in walk(box) if type(b).__name__ == "TextBox"]
            target = texts[0] if texts else box
            found = (index, target.position_x + target.width / 2, box.position_y + box.height / 2)
    return found


def _seal_box(rendered) -> tuple[int, tuple[float, float, float, float]]:
    """Where the seal goes: centred on the placeholder, or, for a document without one, at the bottom right
    of its last page, in the margin."""
    size = signing.SEAL_SIZE_PT
    found = _find_seal_area(rendered)
    if found is not None:
        index, x, y = found
        page = rendered.pages[index]
        cx, cy = x * PX_TO_PT, (page.height - y) * PX_TO_PT
    else:
        index, page = len(rendered.pages) - 1, rendered.pages[-1]
        size = 30 / 25.4 * 72
        cx, cy = page.width * PX_TO_PT - 26 / 25.4 * 72 - size / 2, 4 / 25.4 * 72 + size / 2
    return index, (round(cx - size / 2, 2), round(cy - size / 2, 2), round(cx + size / 2, 2),
                   round(cy + size / 2, 2))


def document_pdf_render(document: Document) -> tuple[bytes, int, tuple[float, float, float, float]]:
    """The unsigned PDF (deterministic: the same document gives the same bytes), the page and box of the seal."""
    html_class, fetcher_class = _weasyprint()
    # Nothing is fetched: no network, no local files. Data URIs only.
    fetcher = fetcher_class(allowed_protocols={"data"})
    rendered = html_class(string=document_pdf_html(document), url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)
    page, box = _seal_box(rendered)
    return rendered.write_pdf(pdf_variant=PDF_VARIANT), page, box


def document_pdf_bytes(document: Document) -> bytes:
    """The unsigned rendering."""
    return document_pdf_render(document)[0]


def _safe(text: str) -> str:
    """潜民罚决〔2023〕3号 -> 潜民罚决-2023-3号 (word characters, CJK included, joined by hyphens)."""
    return re.sub(r"[^\w]+", "-", text).strip("-_") or "document"


def document_pdf_storage_name(document: Document) -> str:
    return f"documents/{document.year}/{_safe(document.number)}.pdf"


def document_pdf_filename(document: Document) -> str:
    """The name a user saves the file under: 潜民罚决〔2023〕3号行政处罚决定书.pdf"""
    name = f"{document.number}{document.get_kind_display()}"
    return re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "_", name)[:150] + ".pdf"


def _sha256_of_stored(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as stored:
        for chunk in iter(lambda: stored.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _store(document: Document, data: bytes, sha256: str) -> str:
    """Write the PDF under documents/<year>/<number>.pdf and return the stored name.

    A file already at that name is either this document's own PDF left by a run that died before
    recording it (same bytes: reuse it; different: nobody refers to it, replace it), or another
    document's PDF whose number reads the same (keep it; this one gets its id appended).
    """
    name = document_pdf_storage_name(document)
    if default_storage.exists(name):
        if Document.objects.filter(pdf_file=name).exclude(pk=document.pk).exists():
            name = name.removesuffix(".pdf") + f"-{document.pk}.pdf"
        elif _sha256_of_stored(name) == sha256:
            return name
        else:
            default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def _signed_copy_left_behind(document: Document, rendered: bytes) -> bytes | None:
    """The signed PDF a run that died before recording it left at the document's name: the same rendering
    (its first bytes) under an intact signature of ours. Reused, so the document keeps one file."""
    name = document_pdf_storage_name(document)
    if not default_storage.exists(name) or Document.objects.filter(pdf_file=name).exclude(pk=document.pk).exists():
        return None
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    if len(data) <= len(rendered) or not data.startswith(rendered):
        return None
    try:
        check = signing.validate_pdf(data, signing.trust_roots_for(document.agency),
                               signing.crls_for(document.agency))
    except signing.InvalidInput:
        return None
    return data if check.valid else None


def _queue_verification(document_id: int) -> None:
    from zhifa.disclosure.tasks import publish_document_verification

    publish_document_verification.apply_async((document_id,), queue="publish")


def document_pdf_open(document: Document):
    """The stored PDF, open for reading."""
    try:
        return default_storage.open(document.pdf_file.name, "rb")
    except FileNotFoundError:
        logger.error("The PDF of document %s is recorded as %s but is missing from storage", document.pk,
                     document.pdf_file.name)
        raise ApplicationError("文书 PDF 文件缺失，请联系系统管理员核查。", "The document's PDF file is missing from storage.",
                               code="pdf_missing", status=410) from None


def document_pdf_make(*, document_id: int) -> Document:
    """The document with its PDF, rendering and storing it first if it has none yet."""
    document = Document.objects.select_related("agency", "case").get(pk=document_id)
    if document.pdf_sha256 and document.pdf_file:
        return document
    # Outside the lock: rendering and signing take a moment. The certificate is checked first, so a
    # document is never rendered to be thrown away.
    credentials = signing.signing_credentials(document.agency)
    rendered, page, box = document_pdf_render(document)
    data = _signed_copy_left_behind(document, rendered) or signing.sign_pdf(
        rendered, document, box=box, page=page, credentials=credentials)
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        locked = Document.objects.select_for_update(of=("self",)).select_related("agency", "case").get(
            pk=document_id)
        if locked.pdf_sha256 and locked.pdf_file:
            return locked  # another worker or request made it meanwhile
        name = _store(locked, data, sha256)
        # Conditional: a PDF, once recorded, is never replaced.
        Document.objects.filter(pk=document_id, pdf_sha256="").update(pdf_file=name, pdf_sha256=sha256)
        locked.pdf_file.name, locked.pdf_sha256 = name, sha256
        # The public verification page lists it from now on (the publishing pipeline, one writer at a time).
        transaction.on_commit(lambda: _queue_verification(document_id), robust=True)
    logger.info("PDF made for document %s (%s): %s sha256=%s", document_id, locked.number, name, sha256)
    return locked
