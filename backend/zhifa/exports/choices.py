from django.db import models


class ExportKind(models.TextChoices):
    """What an export job builds. Each kind has one exporter in the registry (zhifa.exports.registry)."""

    CASE_LEDGER = "case_ledger", "案件台账"
    CASE_FILE = "case_file", "案件卷宗（ZIP）"
    COURT_PACKAGE = "court_package", "应诉证据材料（ZIP）"
    ENFORCEMENT_PACKAGE = "enforcement_package", "强制执行申请材料（ZIP）"


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel 工作簿（.xlsx）"
    CSV = "csv", "CSV（UTF-8，Excel 可直接打开）"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
