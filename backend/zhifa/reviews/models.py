import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from zhifa.accounts.models import Agency
from zhifa.cases.choices import PenaltyKind
from zhifa.cases.models import Case, Document
from zhifa.reviews.choices import (
    CatalogueEntryKind,
    CorrectionCategory,
    DisputeResult,
    ReviewOutcome,
    ReviewState,
    Verdict,
)


@pghistory.track()
class Catalogue(models.Model):
    """重大执法决定法制审核目录清单, versioned: a change is a new version; the newest active one applies."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="review_catalogues")
    version = models.PositiveIntegerField("版本")
    effective_on = models.DateField("施行日期")
    note = models.TextField("说明", blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "重大执法决定法制审核目录"
        ordering = ["agency_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["agency", "version"], name="catalogue_version_unique")]

    def __str__(self):
        return f"{self.agency} 目录第{self.version}版"


@pghistory.track()
class CatalogueEntry(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("情形", max_length=32, choices=CatalogueEntryKind.choices)
    penalty = models.CharField("处罚种类", max_length=32, choices=PenaltyKind.choices, blank=True)
    fine_threshold = models.DecimalField("罚款数额标准（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    description = models.CharField("目录事项", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "目录事项"
        ordering = ["catalogue_id", "id"]


@pghistory.track()
class ChecklistTemplate(models.Model):
    """The review checklist (DOMAIN.md §5: nine standard items), versioned."""

    version = models.PositiveIntegerField("版本", unique=True)
    items = models.JSONField("审核事项", help_text='[{"number": 1, "text": "…"}, …]')
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "法制审核清单"
        ordering = ["-version"]

    def __str__(self):
        return f"审核清单第{self.version}版"


@pghistory.track()
class Review(models.Model):
    """The legal review of one case's major decision. Resubmissions add package versions to it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    state = models.CharField("状态", max_length=24, choices=ReviewState.choices, default=ReviewState.SUBMITTED)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人员", on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="reviews_assigned")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    submitted_on = models.DateField("提交日期")
    due_date = models.DateField("审核期限")
    due_provisional = models.BooleanField("期限为临时计算", default=False)
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准延长", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    extension_reason = models.CharField("延长理由", max_length=200, blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    dispute_reason = models.TextField("承办人员异议", blank=True)
    dispute_result = models.CharField("集体讨论结论", max_length=24, choices=DisputeResult.choices, blank=True)
    dispute_minutes = models.TextField("集体讨论记录", blank=True)
    # 复核: the handling officers may ask once, with their reasons, for a re-review of a failed opinion.
    rereview_requested_on = models.DateField("申请复核日期", null=True, blank=True)
    rereview_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请复核人", on_delete=models.PROTECT,
                                              null=True, blank=True, related_name="+")
    rereview_reason = models.TextField("申请复核理由", blank=True)
    # The assigned reviewer's unfinished checklist for the current package: kept across reloads, cleared by the
    # outcome. {"package": n, "verdicts": [{"item", "verdict", "note"}], "opinion": "…"}
    checklist_draft = models.JSONField("审核清单草稿", default=dict, blank=True)
    last_alert = models.CharField(max_length=16, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "法制审核"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["agency", "state", "due_date"], name="review_agency_state_due"),
            models.Index(fields=["reviewer", "state", "due_date"], name="review_reviewer_queue"),
        ]
        constraints = [
            # At most one review in progress per case: a double submission cannot slip in.
            models.UniqueConstraint(fields=["case"], name="one_open_review_per_case",
                                    condition=models.Q(state__in=["submitted", "under_review", "correction_requested",
                                                                  "disputed", "rereview_requested"])),
        ]

    def __str__(self):
        return f"{self.case} 法制审核"


@pghistory.track()
class Package(models.Model):
    """What was submitted for review, frozen: the application, the draft decision, the evidence list and
    the hearing record. Each resubmission is a new version; the outcome belongs to one version."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="packages")
    number = models.PositiveIntegerField("版本")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField("提交日期")
    content = models.JSONField("送审材料")
    content_sha256 = models.CharField(max_length=64)
    changes_note = models.TextField("补正说明", blank=True)
    rereview = models.BooleanField("复核", default=False, help_text="应承办人员申请，对未通过的审核意见进行的复核")
    # The outcome of this version.
    outcome = models.CharField("审核意见", max_length=24, choices=ReviewOutcome.choices, blank=True)
    checklist = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, null=True, blank=True)
    correction_categories = ArrayField(models.CharField(max_length=32, choices=CorrectionCategory.choices),
                                       default=list, blank=True)
    corrections = models.TextField("补正要求", blank=True)
    opinion = models.TextField("审核意见正文", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    opinion_document = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "送审材料"
        ordering = ["review_id", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="package_version_unique")]


@pghistory.track()
class ItemVerdict(models.Model):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="verdicts")
    item = models.PositiveSmallIntegerField("事项序号")
    text = models.CharField("审核事项", max_length=200)
    verdict = models.CharField("结论", max_length=16, choices=Verdict.choices)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "逐项审核结论"
        ordering = ["package_id", "item"]
        constraints = [models.UniqueConstraint(fields=["package", "item"], name="one_verdict_per_item")]
