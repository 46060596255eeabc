"""Administrative-procedure registers: normative documents, certification matters, power lists,
random inspections and the annual statistics report. What the public sees of each register is a
disclosure notice (`RegisterPublication` links the two)."""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from zhifa.accounts.models import Agency
from zhifa.cases.choices import PenaltyKind
from zhifa.disclosure.models import Notice
from zhifa.registers.choices import (
    CampaignState,
    CleanupOutcomeKind,
    DocumentStatus,
    FilingResult,
    InspectionOutcome,
    MatterStatus,
    PlanState,
    PowerKind,
    Register,
    ReportState,
)
from zhifa.registry.models import Organisation

USER = settings.AUTH_USER_MODEL


# --- normative documents (规范性文件) -------------------------------------------------------


@pghistory.track()
class NormativeDocument(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="normative_documents")
    number = models.CharField("文号", max_length=60, help_text="如 潜民政发〔2023〕37号")
    prefix = models.CharField("发文字号前缀", max_length=20)
    year = models.PositiveSmallIntegerField("年份")
    sequence = models.PositiveIntegerField("序号")
    title = models.CharField("标题", max_length=200)
    issuing_unit = models.CharField("制定机关", max_length=100)
    issued_on = models.DateField("印发日期")
    effective_on = models.DateField("施行日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField("效力状态", max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.VALID)
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    full_text = models.TextField("全文", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件"
        ordering = ["-year", "-sequence", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "prefix", "year", "sequence"],
                                    name="normative_document_number_unique",
                                    violation_error_message="本机关已登记该文号"),
            models.CheckConstraint(condition=models.Q(year__gte=1949) & models.Q(year__lte=2200),
                                   name="normative_document_year_range"),
            models.CheckConstraint(
                name="normative_document_dates_in_order",
                condition=(models.Q(effective_on__isnull=True) | models.Q(effective_on__gte=models.F("issued_on")))
                & (models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("issued_on")))),
        ]
        indexes = [models.Index(fields=["agency", "status", "-year"], name="normdoc_agency_status")]

    def __str__(self):
        return f"{self.number}《{self.title}》"


@pghistory.track(pghistory.InsertEvent())
class DocumentStatusChange(models.Model):
    """Every change of a document's legal status, dated and reasoned. Append-only."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField("原状态", max_length=16, choices=DocumentStatus.choices)
    to_status = models.CharField("新状态", max_length=16, choices=DocumentStatus.choices)
    on = models.DateField("生效日期")
    reason = models.TextField("理由")
    campaign = models.ForeignKey("CleanupCampaign", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件状态变更"
        ordering = ["document_id", "id"]
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="status_change_has_reason")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]


@pghistory.track()
class DocumentFiling(models.Model):
    """备案审查: the document submitted to the justice bureau for filing review."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="filings")
    filing_body = models.CharField("备案审查机关", max_length=100)
    submitted_on = models.DateField("报送日期")
    filing_number = models.CharField("备案登记号", max_length=60, blank=True)
    result = models.CharField("审查结果", max_length=24, choices=FilingResult.choices, default=FilingResult.PENDING)
    result_on = models.DateField("结果日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "备案审查"
        ordering = ["document_id", "-submitted_on", "-id"]
        constraints = [models.CheckConstraint(
            name="filing_result_dated", condition=models.Q(result="pending") | models.Q(result_on__isnull=False))]


@pghistory.track()
class DocumentAttachment(models.Model):
    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("附件名称", max_length=200)
    file = models.FileField("文件", upload_to="registers/documents/%Y/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件附件"
        ordering = ["document_id", "id"]


@pghistory.track()
class CleanupCampaign(models.Model):
    """清理: a review of the agency's documents, each getting an outcome; the outcome is published."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cleanup_campaigns")
    title = models.CharField("清理名称", max_length=200)
    basis = models.TextField("清理依据", blank=True)
    started_on = models.DateField("开始日期")
    concluded_on = models.DateField("完成日期", null=True, blank=True)
    state = models.CharField("状态", max_length=16, choices=CampaignState.choices, default=CampaignState.OPEN)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件清理"
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return self.title


@pghistory.track()
class CleanupOutcome(models.Model):
    campaign = models.ForeignKey(CleanupCampaign, on_delete=models.CASCADE, related_name="outcomes")
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="cleanup_outcomes")
    outcome = models.CharField("清理结果", max_length=16, choices=CleanupOutcomeKind.choices)
    reason = models.TextField("理由")

    class Meta:
        verbose_name = verbose_name_plural = "清理结果"
        ordering = ["campaign_id", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "document"], name="one_outcome_per_document")]


# --- certification matters (证明事项) and power lists (权力清单/责任清单) ---------------------------


@pghistory.track()
class DiscretionBenchmark(models.Model):
    """One entry of the agency's 行政处罚裁量基准 (行政处罚法 Art. 34: 行政机关可以依法制定行政处罚裁量基准，规范行使
    行政处罚裁量权。行政处罚裁量基准应当向社会公布). For one ground and one degree of circumstances it says what
    penalty applies. A decision on that ground cites the entry it applied; entries are repealed, never deleted."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="discretion_benchmarks")
    code = models.CharField("条目编号", max_length=40, help_text="如 CL-MFQY25-2")
    ground = models.ForeignKey("cases.ViolationGround", verbose_name="违法行为及处罚依据", on_delete=models.PROTECT,
                               related_name="discretion_benchmarks")
    circumstance = models.CharField("情节", max_length=100, help_text="如 情节较轻、一般、情节严重")
    conditions = models.TextField("适用情形")
    penalty_kinds = ArrayField(models.CharField(max_length=32, choices=PenaltyKind.choices),
                               verbose_name="处罚种类", default=list, blank=True)
    fine_minimum = models.DecimalField("罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    fine_maximum = models.DecimalField("罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    standard = models.TextField("裁量标准", help_text="给予何种处罚、罚款幅度或倍数")
    effective_on = models.DateField("施行日期")
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    repeal_reason = models.TextField("废止理由", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政处罚裁量基准"
        ordering = ["agency_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="discretion_benchmark_code_unique",
                                    violation_error_message="本机关已有该编号的裁量基准条目"),
            models.CheckConstraint(
                name="discretion_benchmark_fine_in_order",
                condition=(models.Q(fine_minimum__isnull=True) | models.Q(fine_minimum__gte=0))
                & (models.Q(fine_maximum__isnull=True) | models.Q(fine_minimum__isnull=True)
                   | models.Q(fine_maximum__gte=models.F("fine_minimum")))),
            models.CheckConstraint(
                name="discretion_benchmark_repealed_after_effect",
                condition=models.Q(repealed_on__isnull=True) | models.Q(repealed_on__gt=models.F("effective_on"))),
        ]
        indexes = [models.Index(fields=["agency", "ground", "effective_on"], name="benchmark_agency_ground")]

    def __str__(self):
        return f"{self.code} {self.circumstance}"

    def in_force_on(self, day) -> bool:
        return self.effective_on <= day and (self.repealed_on is None or day < self.repealed_on)


@pghistory.track()
class CertificationMatter(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="certification_matters")
    name = models.CharField("证明事项名称", max_length=200)
    legal_basis = models.TextField("设定依据")
    issuing_body = models.CharField("开具单位", max_length=200, blank=True)
    purpose = models.CharField("用途", max_length=200, blank=True)
    status = models.CharField("状态", max_length=16, choices=MatterStatus.choices, default=MatterStatus.RETAINED)
    notification_commitment = models.BooleanField("实行告知承诺制", default=False)
    cancelled_on = models.DateField("取消日期", null=True, blank=True)
    cancellation_basis = models.TextField("取消依据", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "证明事项"
        ordering = ["status", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="certification_matter_unique",
                                    violation_error_message="本机关已登记同名证明事项"),
            models.CheckConstraint(
                name="cancelled_matter_dated",
                condition=~models.Q(status="cancelled") | (models.Q(cancelled_on__isnull=False)
                                                           & ~models.Q(cancellation_basis=""))),
        ]

    def __str__(self):
        return self.name


@pghistory.track()
class PowerList(models.Model):
    """One complete version of the power and responsibility lists; never edited once made."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="power_lists")
    version = models.PositiveIntegerField("版本")
    effective_on = models.DateField("施行日期")
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "权责清单版本"
        ordering = ["agency_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["agency", "version"], name="power_list_version_unique")]

    def __str__(self):
        return f"权责清单（第{self.version}版）"


@pghistory.track()
class PowerItem(models.Model):
    power_list = models.ForeignKey(PowerList, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("序号")
    code = models.CharField("事项编码", max_length=40, blank=True)
    name = models.CharField("权力事项", max_length=200)
    kind = models.CharField("权力类型", max_length=16, choices=PowerKind.choices)
    legal_basis = models.TextField("设定依据")
    responsible_unit = models.CharField("责任科室", max_length=100)
    responsibilities = models.TextField("责任事项")
    accountability = models.TextField("追责情形")

    class Meta:
        verbose_name = verbose_name_plural = "权责清单事项"
        ordering = ["power_list_id", "position"]
        constraints = [models.UniqueConstraint(fields=["power_list", "position"], name="power_item_position_unique")]


# --- double random, one public (双随机、一公开) ---------------------------------------------------


@pghistory.track()
class InspectionPlan(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="inspection_plans")
    title = models.CharField("计划名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    matters = models.JSONField("抽查事项清单", default=list, help_text='[{"name": "…", "basis": "…"}]')
    target_types = ArrayField(models.CharField(max_length=32), verbose_name="对象类型", default=list, blank=True)
    target_statuses = ArrayField(models.CharField(max_length=20), verbose_name="登记状态", default=list, blank=True)
    registered_before = models.DateField("成立登记早于", null=True, blank=True)
    target_count = models.PositiveIntegerField("抽取对象数")
    inspectors_per_target = models.PositiveSmallIntegerField("每个对象的检查人员数", default=2)
    state = models.CharField("状态", max_length=16, choices=PlanState.choices, default=PlanState.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "双随机抽查计划"
        ordering = ["-year", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(target_count__gte=1), name="plan_target_count")]

    def __str__(self):
        return self.title


@pghistory.track()
class InspectorConnection(models.Model):
    """An officer recorded as connected to an organisation (kin, former employment, membership…):
    never drawn to inspect it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="inspection_connections")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="inspector_connections")
    reason = models.CharField("关联情形", max_length=200)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查人员回避关系"
        constraints = [models.UniqueConstraint(fields=["inspector", "organisation"], name="connection_unique")]


@pghistory.track()
class InspectionDraw(models.Model):
    """One commit-reveal round: the frozen pool and the seed's SHA-256 are published first; the draw
    then reveals the seed. A round is drawn at most once; a new draw is a new round with a new seed."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="draws")
    round = models.PositiveSmallIntegerField("轮次")
    pool = models.JSONField("抽取名单（已公布）")
    pool_sha256 = models.CharField("名单摘要", max_length=64)
    seed = models.CharField("随机种子", max_length=64, help_text="抽取前保密，抽取时公开")
    seed_sha256 = models.CharField("随机种子摘要", max_length=64)
    algorithm = models.CharField("抽取算法", max_length=40)
    committed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    committed_at = models.DateTimeField()
    commitment_notice = models.ForeignKey(Notice, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    drawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    drawn_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField("抽取结果", null=True, blank=True)
    superseded_reason = models.TextField("重新抽取理由", blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "随机抽取"
        ordering = ["plan_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "round"], name="one_draw_per_round"),
            models.CheckConstraint(name="drawn_has_result",
                                   condition=models.Q(drawn_at__isnull=True) | models.Q(result__isnull=False)),
        ]

    @property
    def is_drawn(self) -> bool:
        return self.drawn_at is not None


@pghistory.track()
class InspectionResult(models.Model):
    draw = models.ForeignKey(InspectionDraw, on_delete=models.PROTECT, related_name="results")
    position = models.PositiveSmallIntegerField("序号")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="random_inspections")
    inspector_ids = ArrayField(models.IntegerField(), verbose_name="检查人员")
    outcome = models.CharField("检查结果", max_length=24, choices=InspectionOutcome.choices,
                               default=InspectionOutcome.PENDING)
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    findings = models.TextField("检查情况", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "抽查结果"
        ordering = ["draw_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "organisation"], name="one_result_per_target"),
            models.CheckConstraint(name="result_dated",
                                   condition=models.Q(outcome="pending") | models.Q(inspected_on__isnull=False)),
        ]


# --- annual statistics report (执法统计年报) and publications ----------------------------------------


@pghistory.track()
class AnnualReport(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField("统计年度")
    state = models.CharField("状态", max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    figures = models.JSONField("统计数据", default=dict)
    computed_at = models.DateTimeField("统计时间")
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    last_alert = models.CharField(max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政执法统计年报"
        ordering = ["-year", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="one_report_per_year")]

    def __str__(self):
        return f"{self.year}年度行政执法统计年报"


@pghistory.track(pghistory.InsertEvent())
class RegisterPublication(models.Model):
    """Which register (and which version of it) a disclosure notice carries. Append-only."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    register = models.CharField("登记簿", max_length=32, choices=Register.choices)
    reference = models.CharField("版本或对象", max_length=60, blank=True)
    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="register_publication")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "登记簿公示"
        ordering = ["-id"]
        indexes = [models.Index(fields=["agency", "register", "-id"], name="regpub_agency_register")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]
