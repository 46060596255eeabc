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
