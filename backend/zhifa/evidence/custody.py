"""The chain-of-custody report (证据保管链报告) of one item: collection, upload, hash, storage, fixity,
every access, derivatives, admission and disposal, as JSON and as PDF (WeasyPrint, like the case
documents). The report carries its own SHA-256 over its canonical JSON, so a printed copy can be checked
against a fresh one.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.template.loader import render_to_string
from django.utils import timezone

from zhifa.audit.selectors import object_history
from zhifa.core.exceptions import ApplicationError
from zhifa.evidence.models import EvidenceItem
from zhifa.evidence.selectors import item_accesses


try:  # the case documents' PDF service names the same failure
    from zhifa.cases.pdf import PdfUnavailable
except ImportError:  # pragma: no cover
    class PdfUnavailable(ApplicationError):
        status = 503
        default_code = "pdf_unavailable"


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": user.full_name or user.username}


def _t(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def custody_report(*, item: EvidenceItem) -> dict:
    item = (EvidenceItem.objects.select_related("case", "file", "device", "recording_officer", "created_by",
                                                "admitted_by")
            .prefetch_related("collectors__officer", "interruptions", "derivatives__created_by")
            .get(pk=item.pk))
    upload = item.uploads.select_related("created_by").order_by("id").first()
    checks = item.file.checks.select_related("checked_by").order_by("id")
    body = {
        "report": "证据保管链报告 / chain of custody",
        "generated_at": _t(timezone.now()),
        "item": {
            "id": item.pk, "kind": item.kind, "kind_display": item.get_kind_display(), "title": item.title,
            "description": item.description, "status": item.status, "status_display": item.get_status_display(),
            "case": item.case_id, "case_number": item.case.number if item.case_id else "",
            "case_title": item.case.title if item.case_id else "", "procedure_step": item.procedure_step,
            "filename": item.filename, "content_type": item.content_type, "size": item.size, "sha256": item.sha256,
        },
        "collection": {
            "collected_at": _t(item.collected_at), "place": item.collected_place,
            "collectors": [_person(c.officer) for c in item.collectors.all()],
            "device_serial": item.device_serial, "device_model": item.device.model if item.device else "",
            "recording_officer": _person(item.recording_officer),
            "recorded_from": _t(item.recorded_from), "recorded_to": _t(item.recorded_to),
            "interruptions": [{"started_at": _t(i.started_at), "ended_at": _t(i.ended_at), "reason": i.reason}
                              for i in item.interruptions.all()],
        },
        "upload": None if upload is None else {
            "id": str(upload.uid), "uploaded_by": _person(upload.created_by), "started_at": _t(upload.created_at),
            "completed_at": _t(upload.completed_at), "ingested_at": _t(upload.finished_at), "size": upload.length,
            "client_declared_sha256": upload.declared_sha256 or None, "server_sha256": upload.sha256,
            "client_hash_matched": (upload.declared_sha256 == upload.sha256) if upload.declared_sha256 else None,
        },
        "storage": {
            "content_address": item.file.storage_name, "stored_at": _t(item.file.created_at),
            "sha256": item.file.sha256, "size": item.file.size, "detected_type": item.file.type_label,
            "shared_with_items": list(item.file.items.exclude(pk=item.pk).values_list("pk", flat=True)),
            "content_purged_at": _t(item.file.purged_at),
        },
        "fixity": [{"at": _t(c.finished_at), "trigger": c.trigger, "trigger_display": c.get_trigger_display(),
                    "result": c.result, "result_display": c.get_result_display(),
                    "found_sha256": c.found_sha256, "checked_by": _person(c.checked_by)} for c in checks],
        "accesses": [{"id": a.pk, "at": _t(a.at), "user": _person(a.user), "action": a.action,
                      "action_display": a.get_action_display(), "outcome": a.outcome, "purpose": a.purpose,
                      "reason": a.reason, "ip": a.ip, "range": a.byte_range,
                      "derivative": a.derivative_id} for a in item_accesses(item=item)],
        "derivatives": [{"id": d.pk, "kind": d.kind, "kind_display": d.get_kind_display(), "filename": d.filename,
                         "size": d.size, "sha256": d.sha256, "note": d.note, "created_by": _person(d.created_by),
                         "created_at": _t(d.created_at)} for d in item.derivatives.all()],
        "admission": {"is_case_evidence": item.is_case_evidence, "admitted_at": _t(item.admitted_at),
                      "admitted_by": _person(item.admitted_by)},
        "retention": {"retain_until": _t(item.retain_until), "permanent": item.retain_until is None},
        "disposal": [{"requested_by": r.requested_by_id, "requested_at": _t(r.requested_at), "reason": r.reason,
                      "status": r.status, "status_display": r.get_status_display(),
                      "decided_by": r.decided_by_id, "decided_at": _t(r.decided_at),
                      "note": r.decision_note} for r in item.disposal_requests.order_by("id")],
        "history": [{"at": _t(e.pgh_created_at), "label": e.pgh_label, "diff": e.pgh_diff,
                     "context": e.pgh_context} for e in object_history(obj=item)],
    }
    body["report_sha256"] = hashlib.sha256(canonical(body)).hexdigest()
    return body


def canonical(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


RUN_GAP = datetime.timedelta(minutes=30)


def access_runs(accesses: list[dict]) -> list[dict]:
    """The accesses as the printed report lists them: consecutive ones by the same person, with the same action,
    outcome, purpose and address, each within 30 minutes of the last, make one line with their first and last
    time and their count (playing a video is hundreds of range requests). The JSON report keeps every one."""
    runs: list[dict] = []
    for access in accesses:
        key = ((access["user"] or {}).get("id"), access["action"], access["outcome"], access["purpose"],
               access["reason"], access["ip"])
        at = datetime.datetime.fromisoformat(access["at"])
        last = runs[-1] if runs else None
        if last and last["key"] == key and at - last["last"] <= RUN_GAP:
            last.update(last=at, last_at=access["at"], count=last["count"] + 1, range=None)
            continue
        runs.append({**access, "key": key, "last": at, "last_at": access["at"], "count": 1})
    return runs


def custody_report_pdf(*, report: dict) -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:
        raise PdfUnavailable("PDF 生成组件不可用，请联系系统管理员。", "The PDF renderer is not available.") from exc
    html = render_to_string("evidence/custody_report.html", {"r": report, "runs": access_runs(report["accesses"])})
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
