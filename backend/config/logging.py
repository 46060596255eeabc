"""Structured logging: one JSON object per line on stdout, with the request id.

Used by the production settings (Django, Celery) and by deploy/gunicorn.conf.py (gunicorn's own
error and access logs), so every process of the stack writes the same shape:

    {"ts": "2025-01-31T08:00:00.123Z", "level": "INFO", "logger": "django.request",
     "message": "...", "request_id": "3f2a...", "process": 12, ...}

The request id is the one RequestIdMiddleware gives the request (or keeps from nginx's
X-Request-ID), so a line in nginx's access log, gunicorn's access log and Django's own logs can be
joined on it. Inside a Celery task the task id and name are added instead.

This module must stay importable before Django is set up: gunicorn's master imports it.
"""

from __future__ import annotations

import datetime
import json
import logging
import traceback
from collections.abc import Mapping

# Attributes every LogRecord has; anything else on a record came in through `extra=` and is kept.
_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys()
    | {"message", "asctime", "request", "request_id", "color_message"}
)


def _request_id_from_context() -> str | None:
    try:
        from zhifa.core.middleware import current_request_id
    except Exception:  # noqa: BLE001 - logging must never fail because the app is half imported
        return None
    return current_request_id()


def _celery_task() -> tuple[str | None, str | None]:
    try:
        from celery._state import get_current_task
    except Exception:  # noqa: BLE001
        return None, None
    task = get_current_task()
    if task is None or task.request is None or task.request.id is None:
        return None, None
    return task.request.id, task.name


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return str(value)


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record (None outside a request); use it with any formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or _request_id_from_context()
        return True


class JSONFormatter(logging.Formatter):
    """Formats a record as a single line of JSON."""

    def __init__(self, *args, static_fields: Mapping[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.static_fields = dict(static_fields or {})

    def format(self, record: logging.LogRecord) -> str:
        entry: dict = {
            "ts": datetime.datetime.fromtimestamp(record.created, tz=datetime.timezone.utc)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
        }
        entry.update(self.static_fields)

        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update(self._access_fields(record.args))
        else:
            entry["message"] = record.getMessage()

        request = getattr(record, "request", None)
        request_id = (
            getattr(record, "request_id", None)
            or getattr(request, "request_id", None)
            or entry.get("request_id")
            or _request_id_from_context()
        )
        if request_id:
            entry["request_id"] = request_id
        if request is not None and hasattr(request, "method"):
            entry.setdefault("method", request.method)
            entry.setdefault("path", getattr(request, "path", None))
        task_id, task_name = _celery_task()
        if task_id:
            entry["task_id"] = task_id
            entry["task_name"] = task_name
        entry["process"] = record.process

        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and key not in entry and not key.startswith("_"):
                entry[key] = _jsonable(value)

        if record.exc_info:
            entry["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["exc"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)

    @staticmethod
    def _access_fields(atoms: Mapping) -> dict:
        """gunicorn passes its access-log atoms as the record's args: keep them as fields."""

        def atom(key):
            value = atoms.get(key)
            return None if value in (None, "-") else value

        status = atom("s")
        size = atom("b")
        duration = atom("L")
        query = atom("q")
        return {
            "message": f'{atom("m")} {atom("U")}{"?" + query if query else ""} {status}',
            "request_id": atom("{x-request-id}o"),
            "remote_addr": atom("{x-real-ip}i") or atom("h"),
            "method": atom("m"),
            "path": atom("U"),
            "query": query,
            "status": int(status) if status and str(status).isdigit() else status,
            "bytes": int(size) if size and str(size).isdigit() else 0,
            "duration_s": float(duration) if duration else None,
            "user_agent": atom("a"),
        }
