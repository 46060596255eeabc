"""The status of any deadline, whatever it belongs to (cases, reviews, litigation)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "进行中"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
    MET = "met", "已按期完成"
    LATE = "late", "逾期完成"


def deadline_status(due_date: datetime.date, met_on: datetime.date | None,
                    today: datetime.date | None = None) -> str:
    if met_on:
        return DeadlineStatus.MET if met_on <= due_date else DeadlineStatus.LATE
    today = today or timezone.localdate()
    if today > due_date:
        return DeadlineStatus.OVERDUE
    if (due_date - today).days <= settings.DEADLINE_DUE_SOON_DAYS:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.OPEN


def deadline_rows_sync(*, related_manager, wanted: dict[tuple[str, str], dict]) -> None:
    """Bring an owner's deadline rows (case.deadlines, matter.deadlines) in line with `wanted`,
    {(kind, reference): field values}: create what is new, update what changed, and delete what no
    longer runs (a date was cleared)."""
    existing = {(row.kind, row.reference): row for row in related_manager.all()}
    for (kind, reference), values in wanted.items():
        row = existing.pop((kind, reference), None)
        if row is None:
            related_manager.create(kind=kind, reference=reference, **values)
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
    for row in existing.values():
        row.delete()
