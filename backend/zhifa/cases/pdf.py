"""PDF copies of enforcement documents (文书), printed with WeasyPrint in real Chinese fonts.

The PDF is made from the HTML body frozen when the document was issued, inside the print template
cases/pdf/document.html (A4, GB/T 9704 margins, Noto CJK where the official faces are missing). It is
PDF/A-2b, for the case file, and rendering is deterministic: the same body gives the same bytes.

document_pdf_make() is the one way a PDF comes into being: the Celery task (queue `reports`) calls it
after a document is issued, and the download endpoint calls it when a user asks before the worker
got there. It is idempotent. Once a document has its PDF, that file and its SHA-256 never change.

System packages needed (Debian): libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
fonts-noto-cjk. `make install` installs them when it runs as root.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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
    return render_to_string("cases/pdf/document.html", {
        "document": document, "agency": document.agency, "title": document.get_kind_display(),
        # The body was rendered by our templates with autoescaping when the document was issued.
        "body": mark_safe(document.body),  # noqa: S308
        "created": issued.isoformat(),
    })


def document_pdf_bytes(document: Document) -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:  # Pango missing: the web process still runs, PDFs wait.
        logger.error("WeasyPrint cannot load: %s", exc)
        raise PdfUnavailable("PDF 生成组件不可用，请联系系统管理员。", "The PDF renderer is not available.") from exc
    # Nothing is fetched: no network, no local files. Data URIs only.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=document_pdf_html(document), url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)


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
    data = document_pdf_bytes(document)  # outside the lock: rendering takes a moment
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
    logger.info("PDF made for document %s (%s): %s sha256=%s", document_id, locked.number, name, sha256)
    return locked
