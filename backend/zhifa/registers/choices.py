from django.db import models


class DocumentStatus(models.TextChoices):
    VALID = "valid", "有效"
    AMENDED = "amended", "已修订"
    INVALID = "invalid", "失效"
    REPEALED = "repealed", "废止"


# Statuses after which a document is no longer in force and its status cannot change again.
NOT_IN_FORCE = {DocumentStatus.INVALID, DocumentStatus.REPEALED}


class FilingResult(models.TextChoices):
    PENDING = "pending", "审查中"
    FILED = "filed", "准予备案"
    CORRECTION_REQUIRED = "correction_required", "责令纠正"
    REJECTED = "rejected", "不予备案"


class CleanupOutcomeKind(models.TextChoices):
    KEEP = "keep", "继续有效"
    AMEND = "amend", "修订"
    INVALIDATE = "invalidate", "宣布失效"


class CampaignState(models.TextChoices):
    OPEN = "open", "清理中"
    CONCLUDED = "concluded", "已完成"


class MatterStatus(models.TextChoices):
    RETAINED = "retained", "保留"
    CANCELLED = "cancelled", "取消"


class PowerKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENSING = "licensing", "行政许可"
    INSPECTION = "inspection", "行政检查"
    ENFORCEMENT = "enforcement", "行政强制"
    OTHER = "other", "其他行政权力"


class PlanState(models.TextChoices):
    DRAFT = "draft", "草稿"
    COMMITTED = "committed", "已公布抽取名单和种子摘要"
    DRAWN = "drawn", "已抽取"
    CONCLUDED = "concluded", "检查结果已录入"


class InspectionOutcome(models.TextChoices):
    PENDING = "pending", "待检查"
    NO_PROBLEM = "no_problem", "未发现问题"
    PROBLEMS_RECTIFIED = "problems_rectified", "发现问题已责令整改"
    CASE_FILED = "case_filed", "发现违法行为已立案"
    NOT_FOUND = "not_found", "通过登记的住所无法联系"


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交公示"
    PUBLISHED = "published", "已公示"


class Register(models.TextChoices):
    """Which register a disclosure notice carries."""

    NORMATIVE_DOCUMENTS = "normative_documents", "规范性文件目录"
    CLEANUP = "cleanup", "规范性文件清理结果"
    CERTIFICATION_MATTERS = "certification_matters", "证明事项清单"
    POWER_LIST = "power_list", "权力清单和责任清单"
    PERSONNEL = "personnel", "行政执法人员名单"
    INSPECTION_POOL = "inspection_pool", "双随机抽查名单及随机种子摘要"
    INSPECTION_RESULTS = "inspection_results", "双随机抽查结果"
    ANNUAL_REPORT = "annual_report", "行政执法统计年报"
    MAJOR_CATALOGUE = "major_catalogue", "重大执法决定法制审核目录清单"
    DISCRETION_BENCHMARKS = "discretion_benchmarks", "行政处罚裁量基准"
