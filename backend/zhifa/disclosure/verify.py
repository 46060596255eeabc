"""The public verification page (验真) of issued documents, part of the static public site (DOMAIN.md §11).

Files, all under verify/ and all pure functions of the database like the rest of the site (zhifa.disclosure.site
hands every verify/ path to `render_file` here and adds `all_files` to a rebuild):

- verify/index.html: the page. In the browser it hashes a chosen PDF (WebCrypto; the file never leaves the
  machine) and looks the hash up, or checks a document number with its printed code (验证码);
- verify/verify.<hash>.js: its script;
- verify/manifest/index.json: the months that have documents;
- verify/manifest/<YYYY-MM>.json: every signed document issued that month: number, kind, agency, issue date,
  SHA-256 of the signed PDF, the printed code, and whether it is current or replaced (and by which number).
  Nothing personal: no party, no name, no content;
- verify/sha256/<xx>.json: SHA-256 → number and month, by the hash's first two hex digits, so a file is found
  without reading every month.

A document enters the manifest when its signed PDF is recorded (cases.pdf queues `publish_document_verification`
on the publish queue); `document_verification_publish` writes only the files that document changes, under the
same lock as every other writer of the site. A correction also rewrites the month of the document it replaces.
"""

from __future__ import annotations

import hashlib
import json
import re

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string

PREFIX = "verify/"
INDEX_PAGE = "verify/index.html"
MANIFEST_INDEX = "verify/manifest/index.json"
VERIFY_JS = render_to_string("disclosure/verify.js").encode()
JS_PATH = f"verify/verify.{hashlib.sha256(VERIFY_JS).hexdigest()[:12]}.js"
HASH_PREFIX = 2

_MONTH = re.compile(r"^verify/manifest/(?P<y>\d{4})-(?P<m>\d{2})\.json$")
_HASH = re.compile(r"^verify/sha256/(?P<p>[0-9a-f]{2})\.json$")


def _documents():
    from zhifa.cases.models import Document

    return Document.objects.exclude(pdf_sha256="")


def _json(content) -> bytes:
    return (json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


def _month_key(day) -> str:
    return f"{day:%Y-%m}"


def entry(document, replaced_by: str | None) -> dict:
    from zhifa.cases.pdf import verification_code

    return {
        "number": document.number, "kind": document.kind, "kind_label": document.get_kind_display(),
        "agency": document.agency.name, "issued_on": document.issued_on.isoformat(),
        "sha256": document.pdf_sha256, "code": verification_code(document),
        "status": "replaced" if replaced_by else "current", "replaced_by": replaced_by,
        "replaces": document.replaces.number if document.replaces_id else None,
    }


def _month_shard(year: int, month: int) -> bytes | None:
    documents = list(_documents().filter(issued_on__year=year, issued_on__month=month)
                     .select_related("agency", "replaces").order_by("issued_on", "id"))
    if not documents:
        return None
    corrections = dict(_documents().filter(replaces__in=documents).order_by("issued_on", "id")
                       .values_list("replaces_id", "number"))  # the latest correction names it
    return _json({"month": f"{year:04d}-{month:02d}",
                  "documents": [entry(d, corrections.get(d.pk)) for d in documents]})


def _hash_shard(prefix: str) -> bytes | None:
    rows = _documents().filter(pdf_sha256__startswith=prefix).values_list("pdf_sha256", "number", "issued_on")
    found = {sha256: {"number": number, "month": _month_key(issued_on)} for sha256, number, issued_on in rows}
    return _json(found) if found else None


def _months() -> list[dict]:
    rows = (_documents().annotate(month=TruncMonth("issued_on")).values("month").annotate(count=Count("id"))
            .order_by("month"))
    return [{"month": _month_key(row["month"]), "count": row["count"]} for row in rows]


def _manifest_index() -> bytes | None:
    months = _months()
    return _json({"months": months, "hash_prefix_length": HASH_PREFIX}) if months else None


def _page() -> bytes | None:
    from zhifa.disclosure import site

    if not _documents().exists():
        return None  # no document signed yet: the site has no verification page
    return site._page("verify.html", root="../", canonical=INDEX_PAGE, js_file=JS_PATH.removeprefix(PREFIX))


def render_file(path: str) -> bytes | None:
    """The content of a verify/ file as the database says now; None means it should not exist."""
    if path == INDEX_PAGE:
        return _page()
    if path == JS_PATH:
        return VERIFY_JS if _documents().exists() else None
    if path == MANIFEST_INDEX:
        return _manifest_index()
    if match := _MONTH.match(path):
        month = int(match["m"])
        return _month_shard(int(match["y"]), month) if 1 <= month <= 12 else None
    if match := _HASH.match(path):
        return _hash_shard(match["p"])
    return None


def all_files() -> list[str]:
    """Every verify/ file there should be, for a full rebuild."""
    months = _months()
    if not months:
        return []
    prefixes = {sha256[:HASH_PREFIX] for sha256 in _documents().values_list("pdf_sha256", flat=True)}
    return sorted({INDEX_PAGE, JS_PATH, MANIFEST_INDEX, *(f"verify/manifest/{m['month']}.json" for m in months),
                   *(f"verify/sha256/{p}.json" for p in prefixes)})


def files_for_document(document) -> list[str]:
    """Every file a newly signed document changes: its month, its hash shard, the index, the page, and the
    month of the document it replaces."""
    paths = [INDEX_PAGE, JS_PATH, MANIFEST_INDEX, f"verify/manifest/{_month_key(document.issued_on)}.json",
             f"verify/sha256/{document.pdf_sha256[:HASH_PREFIX]}.json"]
    if document.replaces_id:
        paths.append(f"verify/manifest/{_month_key(document.replaces.issued_on)}.json")
    return list(dict.fromkeys(paths))


def document_verification_publish(*, document_id: int) -> int:
    """Write a signed document's entry to the verification manifest. Safe to run twice: the files are a
    function of the database. Returns how many files were written."""
    from zhifa.cases.models import Document
    from zhifa.disclosure import services, site
    from zhifa.disclosure.store import publication_store

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [services.SITE_LOCK_KEY])  # one writer at a time
        document = Document.objects.select_related("replaces").filter(pk=document_id).first()
        if document is None or not document.pdf_sha256:
            return 0
        return site.write_files(publication_store(), files_for_document(document))


def verification_sweep() -> int:
    """Catch up on documents whose publishing task was lost: every month whose count in the published index
    differs from the database's is written again, with its documents' hash shards. Cheap when nothing is
    missing (one small file read); the publication sweep calls it every few minutes. Returns files written."""
    from zhifa.disclosure import services, site
    from zhifa.disclosure.store import publication_store

    store = publication_store()
    wanted = {row["month"]: row["count"] for row in _months()}
    try:
        published = json.loads(store.read(MANIFEST_INDEX) or b"{}").get("months", [])
        have = {row.get("month"): row.get("count") for row in published if isinstance(row, dict)}
    except (ValueError, AttributeError):
        have = {}
    if all(have.get(month) == count for month, count in wanted.items()):
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [services.SITE_LOCK_KEY])
        stale = [month for month, count in wanted.items() if have.get(month) != count]
        paths = [INDEX_PAGE, JS_PATH, MANIFEST_INDEX]
        for month in stale:
            year, number = (int(part) for part in month.split("-"))
            paths.append(f"verify/manifest/{month}.json")
            hashes = _documents().filter(issued_on__year=year, issued_on__month=number).values_list(
                "pdf_sha256", flat=True)
            paths += sorted({f"verify/sha256/{sha256[:HASH_PREFIX]}.json" for sha256 in hashes})
        return site.write_files(store, list(dict.fromkeys(paths)))


def lookup(*, number: str) -> dict | None:
    """The manifest entry of a document number, as the public page would find it (for the workbench)."""
    document = _documents().select_related("agency", "replaces").filter(number=number).first()
    if document is None:
        return None
    correction = _documents().filter(replaces=document).order_by("-issued_on", "-id").values_list(
        "number", flat=True).first()
    return entry(document, correction)
