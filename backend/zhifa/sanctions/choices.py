from django.db import models


class StopOrderAction(models.TextChoices):
    REPORT = "report", "收到整改报告"
    LIFT = "lift", "解除封存"


class SanctionDeadlineKind(models.TextChoices):
    STOP_ENDS = "stop_ends", "停止活动期限届满"
