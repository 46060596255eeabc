"""Carrying out the penalties that are not money (DOMAIN.md §3 step 11): 限期停止活动 — the sealing, the period, the
rectification report and the lifting — and the 严重违法失信名单 entry of an organisation whose registration was
revoked. The certificate and seal of a revocation are recorded on the case (collected, or declared void)."""

import pghistory
from django.conf import settings
from django.db import models

from zhifa.accounts.models import Agency
from zhifa.cases.models import Case
from zhifa.registry.models import Organisation
from zhifa.sanctions.choices import SanctionDeadlineKind


@pghistory.track()
class StopOrder(models.Model):
    """限期停止活动的执行: the certificate, seal and accounting vouchers sealed for the period the decision set."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="stop_order")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    basis = models.CharField("法律依据", max_length=200)
    starts_on = models.DateField("停止活动起始日")
    ends_on = models.DateField("停止活动届满日")
    sealed_on = models.DateField("封存日期")
    sealed_items = models.TextField("封存物品", help_text="登记证书、印章和财务凭证")
    sealing_number = models.CharField("封存决定书文号", max_length=60, unique=True)
    report_received_on = models.DateField("收到整改报告日期", null=True, blank=True)
    report_summary = models.TextField("整改报告摘要", blank=True)
    lifted_on = models.DateField("解除封存日期", null=True, blank=True)
    lifting_number = models.CharField("解除封存通知书文号", max_length=60, blank=True)
    # An effective judgment or reconsideration decision took the decision away: the sealing ends there, early.
    undone_on = models.DateField("决定被撤销后解除日期", null=True, blank=True)
    undone_reason = models.CharField("解除原因", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "限期停止活动"
        ordering = ["-sealed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="stop_period_runs"),
            models.CheckConstraint(condition=models.Q(lifted_on__isnull=True) | models.Q(lifted_on__gte=models.F("ends_on")),
                                   name="stop_lifted_at_end"),
        ]

    def __str__(self):
        return self.sealing_number


@pghistory.track()
class SanctionDeadline(models.Model):
    stop_order = models.ForeignKey(StopOrder, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField("期限", max_length=32, choices=SanctionDeadlineKind.choices)
    reference = models.CharField(max_length=40, blank=True, default="")
    basis = models.CharField("法律依据", max_length=200)
    start_date = models.DateField("起算日")
    due_date = models.DateField("届满日")
    remind_on = models.DateField("提醒日")
    provisional = models.BooleanField(default=False)
    met_on = models.DateField("完成日期", null=True, blank=True)
    last_alert = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "停止活动期限"
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["stop_order", "kind", "reference"],
                                               name="one_sanction_deadline")]


@pghistory.track()
class CreditListing(models.Model):
    """严重违法失信名单 entry: listed when the revocation has been served; removed, with the date and reason, when
    an effective judgment or reconsideration decision takes the revocation away."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="credit_listing")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="credit_listings")
    listed_on = models.DateField("列入日期")
    basis = models.CharField("列入依据", max_length=200)
    decision_number = models.CharField("处罚决定书文号", max_length=60, blank=True)
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removal_reason = models.CharField("移出原因", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "严重违法失信名单"
        ordering = ["-listed_on", "-id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(removed_on__isnull=True) | models.Q(removed_on__gte=models.F("listed_on")),
            name="credit_removed_after_listed")]

    def __str__(self):
        return f"{self.organisation} {self.listed_on}"
