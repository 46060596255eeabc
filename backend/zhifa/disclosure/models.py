import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from zhifa.accounts.models import Agency
from zhifa.cases.models import Case
from zhifa.disclosure.choices import (
    NoticeKind,
    NoticeState,
    NotPublishedReason,
    PublicationAction,
    Severity,
    WithdrawalTrigger,
)

USER = settings.AUTH_USER_MODEL


@pghistory.track()
class Notice(models.Model):
    """A disclosure item. `title`, `fields` and `body` are the unmasked original, kept internal; only the
    masked copies (`masked_title`, `masked_fields`, `masked_body`) ever reach the public."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField("类别", max_length=32, choices=NoticeKind.choices)
    state = models.CharField("状态", max_length=20, choices=NoticeState.choices, default=NoticeState.DRAFT)
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="notices")
    withdraws = models.OneToOneField("self", verbose_name="撤回的公示", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="withdrawal_statement")
    title = models.CharField("标题", max_length=200)
    fields = models.JSONField("公示字段（原文）", default=dict, blank=True)
    body = models.TextField("正文（原文）", blank=True)
    third_parties = ArrayField(models.CharField(max_length=50), verbose_name="须隐名的第三人", default=list, blank=True)
    extra_masks = ArrayField(models.CharField(max_length=200), verbose_name="另行隐去的内容", default=list, blank=True)
    masked_title = models.CharField("标题（隐私处理后）", max_length=400, blank=True)
    masked_fields = models.JSONField("公示字段（隐私处理后）", default=dict, blank=True)
    masked_body = models.TextField("正文（隐私处理后）", blank=True)
    severity = models.CharField("失信程度", max_length=16, choices=Severity.choices, default=Severity.ORDINARY)
    period_months = models.PositiveSmallIntegerField("公示期（月）", default=12)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    due_date = models.DateField("应公示日期", null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    publication_end = models.DateField("公示截止期", null=True, blank=True)
    not_published_reason = models.CharField("不予公示理由", max_length=20, choices=NotPublishedReason.choices,
                                            blank=True)
    not_published_note = models.TextField("不予公示说明", blank=True)
    redaction_checked_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    redaction_checked_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    slug = models.CharField("页面标识", max_length=40, unique=True, null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    content_sha256 = models.CharField("页面摘要", max_length=64, blank=True)
    withdrawal_trigger = models.CharField("撤回原因来源", max_length=20, choices=WithdrawalTrigger.choices, blank=True)
    withdrawal_reason = models.TextField("撤回理由", blank=True)
    withdrawal_requested_on = models.DateField("撤回启动日期", null=True, blank=True)
    withdrawal_due = models.DateField("应撤回日期", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    expired_at = models.DateTimeField("撤下时间", null=True, blank=True)
    last_alert = models.CharField(max_length=24, blank=True)
    search_bigrams = ArrayField(models.CharField(max_length=2), default=list, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "公示事项"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["agency", "state", "-id"], name="notice_agency_state"),
            models.Index(fields=["state", "-published_at", "-id"], name="notice_published"),
            # Category pages: the latest of one kind, and how many, without walking every other kind's notices.
            models.Index(fields=["state", "kind", "-published_at", "-id"], name="notice_kind_published"),
            models.Index(fields=["state", "publication_end"], name="notice_expiry"),
            models.Index(fields=["state", "due_date"], name="notice_due"),
            GinIndex(fields=["search_bigrams"], name="notice_search_bigrams"),
        ]
        constraints = [
            models.CheckConstraint(
                name="notice_published_has_page",
                condition=~models.Q(state__in=["published", "withdrawn", "expired"])
                | (models.Q(slug__isnull=False) & models.Q(published_at__isnull=False)),
            ),
            models.CheckConstraint(
                name="notice_not_published_has_reason",
                condition=~models.Q(state="not_published") | ~models.Q(not_published_reason=""),
            ),
            models.CheckConstraint(
                name="notice_withdrawn_has_reason",
                condition=~models.Q(state__in=["withdrawing", "withdrawn"]) | ~models.Q(withdrawal_reason=""),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def url_path(self) -> str:
        return f"notices/{self.slug}.html"


@pghistory.track(pghistory.InsertEvent())
class Publication(models.Model):
    """What was written to the public site, once per notice and action: the idempotency record."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="publications")
    action = models.CharField("动作", max_length=16, choices=PublicationAction.choices)
    path = models.CharField("页面", max_length=200)
    sha256 = models.CharField("页面摘要", max_length=64)
    at = models.DateTimeField("时间")
    pages_written = models.PositiveIntegerField("写入页面数")

    class Meta:
        verbose_name = verbose_name_plural = "发布记录"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["notice", "action"], name="one_publication_per_action")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]


@pghistory.track(pghistory.InsertEvent())
class NoticeStep(models.Model):
    """Who did what to a notice, and when. Append-only."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("操作", max_length=32)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True)
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公示操作记录"
        ordering = ["notice_id", "id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]


class ArchiveMonth(models.Model):
    """How many notices of each kind a month of the public archive holds. The site's month lists and category
    totals read these few rows instead of counting the whole register on every publish; site.months_recount
    keeps them, under the site lock, whenever notices are published, withdrawn or expire."""

    month = models.DateField("月份")  # its first day, in Asia/Shanghai
    kind = models.CharField("公示类别", max_length=32, choices=NoticeKind.choices)
    total = models.PositiveIntegerField("有页面的公示数", default=0)  # published, withdrawn or expired
    listed = models.PositiveIntegerField("在列公示数", default=0)  # published

    class Meta:
        verbose_name = verbose_name_plural = "公示归档月份计数"
        ordering = ["-month", "kind"]
        constraints = [models.UniqueConstraint(fields=["month", "kind"], name="one_count_per_month_and_kind")]
