"""The case file (卷宗) as a ZIP, built in the background by the export job engine (kind `case_file`).

    manifest.json           every other file: path, category, kind, size, sha256; the case; the builder
    manifest.json.sha256    the manifest's own SHA-256, in `sha256sum -c` form (also the ZIP comment)
    documents/…             each document's stored HTML body, and its PDF when one was made
    evidence/…              each evidence original, byte for byte, with its chain-of-custody JSON
    history/timeline.json   the case timeline; history/case-history.json the case's change history

Everything in it is as the builder may see it (zhifa.core.confidential): a confidential field the builder
is outside the audience of is emptied in the history and cut out of every text file, and a document PDF
that carries it is withheld and listed as such in the manifest.

Evidence originals are copied straight from the evidence store (ZIP_STORED, ZIP64 for files over 4 GB),
a piece at a time, so the build needs neither the files in memory nor twice their size on disk. Each
original put in the file is logged as an export in the access log. The litigation part uses the same
builder for court submission.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import zipfile
from typing import BinaryIO

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.html import escape

from zhifa.audit.selectors import object_history
from zhifa.cases.models import Case
from zhifa.cases.selectors import case_documents, case_list, case_timeline
from zhifa.core.api.params import is_ascii_int
from zhifa.core.confidential import redaction_for
from zhifa.core.exceptions import InvalidInput, PermissionRefused
from zhifa.evidence import storage
from zhifa.evidence.access import access_record
from zhifa.evidence.choices import AccessAction, ItemStatus
from zhifa.evidence.custody import custody_report
from zhifa.evidence.rules import can_see_case_evidence
from zhifa.evidence.selectors import case_items, tombstone_list
from zhifa.exports import registry

KIND = "case_file"
UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def _safe(name: str, limit: int = 120) -> str:
    return (UNSAFE.sub("_", name).strip(" .") or "file")[:limit]


def case_file_params(*, user, case_id) -> dict:
    """Validate a request for a case file; 400 if the case is not one the user may export."""
    case = case_list(user=user).filter(pk=case_id).first() if is_ascii_int(str(case_id)) else None
    if case is None:
        raise InvalidInput("案件不存在或无权查看。", "No such case.", fields={"case": ["案件不存在或无权查看"]})
    if not can_see_case_evidence(user, case):
        raise PermissionRefused("只有本案承办科室、法制审核人员和负责人可以导出案件卷宗。",
                                "Only the case's unit, legal reviewers and leaders may export its case file.")
    return {"case": case.pk}


class _Hashing:
    """Writes to a ZIP entry while hashing what passes."""

    def __init__(self, target):
        self.target, self.digest, self.size = target, hashlib.sha256(), 0

    def write(self, data) -> None:
        self.target.write(data)
        self.digest.update(data)
        self.size += len(data)


class CaseFileExporter:
    kind = KIND

    def extension(self, params: dict) -> str:
        return "zip"

    def content_type(self, params: dict) -> str:
        return "application/zip"

    def filename(self, params: dict, *, on: datetime.date) -> str:
        case = Case.objects.filter(pk=params.get("case")).only("number", "title").first()
        label = (case.number or f"线索{case.pk}") if case else f"案件{params.get('case')}"
        return f"{_safe(label, 60)}_卷宗_{on:%Y%m%d}.zip"

    # What goes in, and what else: the court package (zhifa.litigation.package) narrows and adds to these.
    def contents(self, *, user, case, params: dict) -> tuple[list, list]:
        items = list(case_items(user=user, case=case).exclude(status=ItemStatus.DISPOSED))
        return items, list(case_documents(case=case).select_related("agency"))

    def extra_files(self, *, user, case, params: dict, items, documents) -> list[tuple[str, bytes, dict]]:
        return []

    def manifest_extra(self, *, params: dict) -> dict:
        return {}

    def write(self, *, user, params: dict, out: BinaryIO, progress) -> int:
        job_id = params.get("job")
        case = case_list(user=user).filter(pk=params["case"]).first()
        if case is None or not can_see_case_evidence(user, case):
            raise PermissionRefused("无权导出该案件的卷宗。", "You may not export this case file.")
        # What the builder may not see of the case (zhifa.core.confidential): emptied in the history rows,
        # cut out of every text file; a PDF that carries it is withheld (a PDF can't be redacted).
        redaction = redaction_for(user=user, subject=case)
        items, documents = self.contents(user=user, case=case, params=params)
        total = sum(i.size for i in items) + sum(1 for _ in documents) + 1
        done = 0
        progress(done, total)
        entries: list[dict] = []
        with zipfile.ZipFile(out, "w", allowZip64=True) as archive:

            def put_bytes(path: str, data: bytes, **info) -> None:
                if redaction and info.get("category") != "document_pdf":  # every text file of ours, as `user` may see it
                    try:
                        data = redaction.text(data.decode("utf-8")).encode("utf-8")
                    except UnicodeDecodeError:
                        pass
                archive.writestr(zipfile.ZipInfo(path, date_time=_zip_time()), data, compress_type=zipfile.ZIP_DEFLATED)
                entries.append({"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), **info})

            for document in documents:
                label = _safe(document.number or document.kind, 60)
                stem = f"documents/{document.pk:06d}-{label}-{document.get_kind_display()}"
                html = _document_html(document)
                put_bytes(f"{stem}.html", html.encode("utf-8"), category="document", kind=document.kind,
                          number=document.number)
                if document.pdf_file and document.pdf_sha256 and redaction.leaks(document.body):
                    entries.append({"path": f"{stem}.pdf", "withheld": True, "category": "document_pdf",
                                    "reason": "载有导出人无权查看的保密信息"})
                elif document.pdf_file and document.pdf_sha256:
                    try:
                        with default_storage.open(document.pdf_file.name, "rb") as pdf:
                            put_bytes(f"{stem}.pdf", pdf.read(), category="document_pdf", kind=document.kind,
                                      number=document.number)
                    except FileNotFoundError:
                        entries.append({"path": f"{stem}.pdf", "missing": True, "category": "document_pdf",
                                        "expected_sha256": document.pdf_sha256})
                done += 1
                progress(done, total)

            for item in items:
                path = f"evidence/{item.pk:06d}-{_safe(item.filename)}"
                info = zipfile.ZipInfo(path, date_time=_zip_time(item.created_at))
                info.compress_type = zipfile.ZIP_STORED
                with archive.open(info, "w", force_zip64=item.size >= zipfile.ZIP64_LIMIT) as entry:
                    hashing = _Hashing(entry)
                    for chunk in storage.read_range(item.file.storage_name, 0, None, 8 << 20):
                        hashing.write(chunk)
                        done += len(chunk)
                        progress(done, total)
                found = hashing.digest.hexdigest()
                if found != item.sha256:  # never hand out altered evidence as if it were the original
                    raise InvalidInput(f"证据“{item.title}”的原始文件与入库摘要不符，卷宗未生成，请先处理完整性告警。",
                                       "An original no longer matches its hash; the case file was not built.")
                entries.append({"path": path, "size": hashing.size, "sha256": found, "category": "evidence",
                                "kind": item.kind, "evidence_id": item.pk, "title": item.title,
                                "is_case_evidence": item.is_case_evidence})
                access_record(action=AccessAction.EXPORT, user=user, item=item,
                              purpose=f"案件卷宗导出（导出任务 #{job_id}）" if job_id else "案件卷宗导出")
                report = custody_report(item=item)
                put_bytes(f"evidence/custody/{item.pk:06d}.json", _json(report), category="custody",
                          evidence_id=item.pk)

            for path, data, info in self.extra_files(user=user, case=case, params=params, items=items,
                                                     documents=documents):
                put_bytes(path, data, **info)

            disposed = [{"evidence_id": t.item_id, "title": t.title, "sha256": t.sha256, "size": t.size,
                         "reason": t.reason, "disposed_at": t.disposed_at.isoformat()}
                        for t in tombstone_list(user=user).filter(item__case=case)]
            if disposed:
                put_bytes("evidence/disposed.json", _json(disposed), category="tombstones")
            put_bytes("history/timeline.json", _json(redaction.apply([
                {"id": e.pk, "kind": e.kind, "action": e.action, "from_state": e.from_state, "to_state": e.to_state,
                 "occurred_on": e.occurred_on.isoformat(), "actor": e.actor.username if e.actor else None,
                 "reason": e.reason, "data": e.data, "recorded_at": e.created_at.isoformat()}
                for e in case_timeline(case=case)])), category="history")
            put_bytes("history/case-history.json", _json(redaction.apply([
                {"at": e.pgh_created_at.isoformat(), "label": e.pgh_label, "data": e.pgh_data, "diff": e.pgh_diff,
                 "context": e.pgh_context} for e in object_history(obj=case)])), category="history")

            manifest = {
                "case": {"id": case.pk, "number": case.number, "title": case.title, "party": case.party_name,
                         "state": case.state},
                "built_at": timezone.localtime().isoformat(), "built_by": user.username,
                "files": entries, **self.manifest_extra(params=params),
            }
            manifest_bytes = _json(redaction.apply(manifest))
            manifest_sha256 = hashlib.sha256(manifest_bytes).hexdigest()
            archive.writestr(zipfile.ZipInfo("manifest.json", date_time=_zip_time()), manifest_bytes,
                             compress_type=zipfile.ZIP_DEFLATED)
            archive.writestr(zipfile.ZipInfo("manifest.json.sha256", date_time=_zip_time()),
                             f"{manifest_sha256}  manifest.json\n".encode())
            archive.comment = f"manifest.json sha256={manifest_sha256}".encode()
        progress(total, total)
        return len(entries)


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode("utf-8")


def _zip_time(moment: datetime.datetime | None = None) -> tuple:
    local = timezone.localtime(moment or timezone.now())
    return (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)


def _document_html(document) -> str:
    """The body exactly as stored when the document was issued, in a page of its own."""
    title = escape(f"{document.get_kind_display()} {document.number}")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body>\n{document.body}\n</body></html>\n')


exporter = registry.register(CaseFileExporter())
