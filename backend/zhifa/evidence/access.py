"""The access log: one function, called for every view, stream, download, export, report and check of
evidence, and for every refusal. Callers write the row outside any transaction that a refusal rolls back
(an API error rolls back the request's work, never its log entry).
"""

from __future__ import annotations

from urllib.parse import unquote

from zhifa.core.middleware import client_ip
from zhifa.core.text import clean_text
from zhifa.evidence.choices import AccessAction, AccessOutcome
from zhifa.evidence.models import AccessEvent

DEFAULT_PURPOSE = {
    AccessAction.VIEW: "办案查阅",
    AccessAction.STREAM: "在线播放查看",
    AccessAction.DOWNLOAD: "下载",
    AccessAction.EXPORT: "卷宗导出",
    AccessAction.REPORT: "调阅保管链报告",
    AccessAction.VERIFY: "完整性校验",
}


def purpose_from(request, action: str) -> str:
    """`?purpose=` or the X-Access-Purpose header (percent-encoded for Chinese), else the action's default."""
    if request is None:
        return DEFAULT_PURPOSE.get(action, "")
    params = getattr(request, "query_params", None) or getattr(request, "GET", {})
    text = params.get("purpose") or unquote(request.headers.get("X-Access-Purpose", ""))
    text = " ".join(clean_text(str(text), one_line=True).split())[:200]
    return text or DEFAULT_PURPOSE.get(action, "")


def access_record(*, action: str, user=None, item=None, derivative=None, request=None,
                  outcome: str = AccessOutcome.ALLOWED, purpose: str | None = None, reason: str = "",
                  byte_range: str = "") -> AccessEvent:
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    agency_id = item.agency_id if item is not None else getattr(user, "agency_id", None)
    fields = {"action": action, "outcome": outcome, "user": user, "item": item, "derivative": derivative,
              "agency_id": agency_id, "reason": _line(reason, 200), "byte_range": _line(byte_range, 80),
              "purpose": purpose_from(request, action) if purpose is None else _line(purpose, 200)}
    if request is not None:
        ip = client_ip(request)
        # Whatever the client sent, the row is written: text the database refuses (NUL) is removed first.
        fields.update(ip=ip if _is_ip(ip) else None, user_agent=_line(request.headers.get("User-Agent", ""), 300),
                      request_id=getattr(request, "request_id", "") or "")
    return AccessEvent.objects.create(**fields)


def _line(text, limit: int) -> str:
    return clean_text(str(text or ""), one_line=True)[:limit]


def _is_ip(value) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(value)
    except (TypeError, ValueError):
        return False
    return True
