from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日/休息日"
    WORKDAY = "workday", "调休上班日"


class YearSource(models.TextChoices):
    PACKAGE = "package", "内置数据"
    MANUAL = "manual", "人工录入"


class PeriodUnit(models.TextChoices):
    WORKING = "working", "工作日"
    CALENDAR = "calendar", "自然日"
    MONTHS = "months", "月"
