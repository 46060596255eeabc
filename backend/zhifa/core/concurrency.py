"""Optimistic concurrency: a `version` column, compared under a row lock.

A client sends the version it read (If-Match: "<version>" or a `version` field). Of two
conflicting writers exactly one wins; the other gets 409 and re-reads.
"""

from django.db.models import F, Model, QuerySet

from zhifa.core.api.params import parse_int
from zhifa.core.exceptions import Conflict


def lock_for_update(queryset: QuerySet, pk, *, expected_version: int | None = None) -> Model:
    obj = queryset.select_for_update(of=("self",)).get(pk=pk)
    if expected_version is not None and obj.version != expected_version:
        raise Conflict(
            f"该记录已被他人修改（当前版本 {obj.version}，您提交的版本 {expected_version}），请刷新后重试。",
            f"The record was changed by someone else (now version {obj.version}, you sent {expected_version}); "
            "reload and try again.",
            code="version_conflict",
        )
    return obj


def apply_changes(obj: Model, changes: dict) -> list[str]:
    """Set on `obj` the values of `changes` that differ from its own, and name them. An update that changes
    nothing (a PATCH of ignored fields, or of the values already held) saves nothing: no version bump, no
    history row, no timeline event. The update services behind the API's PATCH use it."""
    changed = []
    for name, value in changes.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def bump_version(obj: Model) -> None:
    obj.version = F("version") + 1


def expected_version_from(request) -> int | None:
    """The version the client read: If-Match header (ETag "<n>") or a `version` body field."""
    raw = request.headers.get("If-Match") or (request.data.get("version") if hasattr(request.data, "get") else None)
    if raw in (None, "", "*"):
        return None
    text = str(raw).strip().removeprefix("W/").strip('"')
    return parse_int(text, field="version", label="版本号")
