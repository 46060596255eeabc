"""The enforcement of a case's decision (行政处罚法 Art. 66–73; 行政强制法 Art. 53–57): the fine's payments,
any deferral or instalments, the reminder, the application to the court and the court's rulings.

Money is Decimal throughout. The late surcharge is never stored as a running total: surcharge.py computes it
from the schedule, the payments and the periods a challenge was pending."""

import pghistory
from django.conf import settings
from django.db import models

from zhifa.accounts.models import Agency
from zhifa.cases.models import Case, Document
from zhifa.enforcement.choices import (
    ArrangementKind,
    ArrangementState,
    ClosingBasis,
    CourtRuling,
    EnforcementDeadlineKind,
    EnforcementState,
    RefundState,
)

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2}


@pghistory.track()
class Enforcement(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # One live enforcement per case; a voided one stays beside the next, where a revoked decision was made
    # again (行政复议法 Art. 64) and imposes a fine once more.
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="enforcements")
    state = models.CharField("执行状态", max_length=16, choices=EnforcementState.choices,
                             default=EnforcementState.PERFORMING)
    fine = models.DecimalField("罚款金额（元）", **MONEY)
    served_on = models.DateField("处罚决定书送达日期")
    reminder = models.ForeignKey(Document, verbose_name="催告书", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    reminded_on = models.DateField("催告日期", null=True, blank=True)
    reminder_served_on = models.DateField("催告书送达日期", null=True, blank=True)
    statement_on = models.DateField("陈述、申辩记录日期", null=True, blank=True)
    statement_made = models.BooleanField("当事人提出陈述、申辩", null=True, blank=True)
    statement = models.TextField("当事人陈述、申辩及复核意见", blank=True)
    court = models.CharField("申请执行的人民法院", max_length=100, blank=True)
    application = models.ForeignKey(Document, verbose_name="强制执行申请书", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    applied_on = models.DateField("申请强制执行日期", null=True, blank=True)
    court_case_number = models.CharField("法院案号", max_length=60, blank=True)
    accepted_on = models.DateField("法院受理日期", null=True, blank=True)
    ordered_on = models.DateField("裁定准予执行日期", null=True, blank=True)
    ended_on = models.DateField("执行终结日期", null=True, blank=True)
    closing_basis = models.CharField("结案情形", max_length=24, choices=ClosingBasis.choices, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "处罚决定的执行"
        ordering = ["-served_on", "-id"]
        indexes = [models.Index(fields=["agency", "state"], name="enforcement_agency_state")]
        constraints = [models.CheckConstraint(name="enforcement_fine_positive", condition=models.Q(fine__gt=0)),
                       models.UniqueConstraint(fields=["case"], condition=~models.Q(state="voided"),
                                               name="one_live_enforcement_per_case")]

    def __str__(self):
        return f"{self.case} 执行"

    @property
    def closing_statement(self) -> str:
        """What the closing report says of enforcement (DOMAIN.md §9: which way the case closes)."""
        last = self.rulings.order_by("-ruled_on", "-id").first() if self.pk else None
        if self.state == EnforcementState.PERFORMED:
            return "当事人已缴清罚款（含加处罚款），行政处罚决定已履行完毕。"
        if self.state == EnforcementState.ENFORCED:
            return f"经{self.court}强制执行（{last.number if last else self.court_case_number}），执行完毕。"
        if self.state == EnforcementState.TERMINATED:
            return (f"{self.court}裁定终结执行（{last.number if last else self.court_case_number}），"
                    "强制执行依法终结。")
        return ""


@pghistory.track()
class Payment(models.Model):
    """A payment into the designated bank (罚缴分离, Art. 67), as its bank receipt shows it."""

    enforcement = models.ForeignKey(Enforcement, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("缴款日期（银行回单日期）")
    amount = models.DecimalField("缴款金额（元）", **MONEY)
    principal = models.DecimalField("其中罚款（元）", **MONEY)
    surcharge = models.DecimalField("其中加处罚款（元）", **MONEY)
    receipt_number = models.CharField("银行回单号", max_length=60)
    bank = models.CharField("代收银行", max_length=100, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "罚款缴纳"
        ordering = ["paid_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enforcement", "receipt_number"], name="payment_receipt_unique"),
            models.CheckConstraint(name="payment_amount_positive", condition=models.Q(amount__gt=0)),
            models.CheckConstraint(name="payment_parts_add_up",
                                   condition=models.Q(amount=models.F("principal") + models.F("surcharge"))),
        ]


@pghistory.track()
class Arrangement(models.Model):
    """延期或分期缴纳罚款 (Art. 66): on the party's application, with the leader's approval. `items` is the
    schedule, [{"due_on": "YYYY-MM-DD", "amount": "123.45"}], of the fine still unpaid when it was applied for."""

    enforcement = models.ForeignKey(Enforcement, on_delete=models.PROTECT, related_name="arrangements")
    kind = models.CharField("种类", max_length=16, choices=ArrangementKind.choices)
    state = models.CharField("状态", max_length=16, choices=ArrangementState.choices, default=ArrangementState.APPLIED)
    applied_on = models.DateField("当事人申请日期")
    reason = models.TextField("申请理由")
    items = models.JSONField("缴纳计划", default=list)
    decided_by = models.ForeignKey(USER, verbose_name="审批负责人", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "延期（分期）缴纳罚款"
        ordering = ["applied_on", "id"]


@pghistory.track()
class Ruling(models.Model):
    """A ruling or notice of the court on the application (受理, 准予执行, 执行完毕, 终结执行)."""

    enforcement = models.ForeignKey(Enforcement, on_delete=models.PROTECT, related_name="rulings")
    kind = models.CharField("裁定", max_length=16, choices=CourtRuling.choices)
    ruled_on = models.DateField("日期")
    number = models.CharField("文书号", max_length=60)
    summary = models.TextField("内容", blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "人民法院裁定"
        ordering = ["ruled_on", "id"]


@pghistory.track()
class EnforcementDeadline(models.Model):
    enforcement = models.ForeignKey(Enforcement, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField("期限", max_length=32, choices=EnforcementDeadlineKind.choices)
    reference = models.CharField(max_length=40, blank=True, default="")
    basis = models.CharField("法律依据", max_length=200)
    start_date = models.DateField("起算日")
    due_date = models.DateField("届满日")
    provisional = models.BooleanField(default=False)
    met_on = models.DateField("完成日期", null=True, blank=True)
    last_alert = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "执行期限"
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["enforcement", "kind", "reference"],
                                               name="one_enforcement_deadline")]


@pghistory.track()
class Refund(models.Model):
    """退还罚款: what the party paid under a decision that an effective judgment or reconsideration decision
    revoked, confirmed illegal or void (DOMAIN.md §7). Opened when the outcome takes effect; refunded by the
    finance office once a leader approves, with the voucher."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="refunds")
    state = models.CharField("状态", max_length=16, choices=RefundState.choices, default=RefundState.DUE)
    amount = models.DecimalField("应退还金额（元）", **MONEY)
    principal = models.DecimalField("其中罚款（元）", **MONEY)
    surcharge = models.DecimalField("其中加处罚款（元）", **MONEY)
    due_on = models.DateField("应退还之日（裁判或决定生效日）")
    reason = models.CharField("退还依据", max_length=300)
    approved_by = models.ForeignKey(USER, verbose_name="批准退还的负责人", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    refunded_on = models.DateField("退还日期", null=True, blank=True)
    voucher_number = models.CharField("退库（退款）凭证号", max_length=60, blank=True)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "退还罚款"
        ordering = ["-due_on", "-id"]
        constraints = [
            models.CheckConstraint(name="refund_amount_positive", condition=models.Q(amount__gt=0)),
            models.CheckConstraint(name="refund_parts_add_up",
                                   condition=models.Q(amount=models.F("principal") + models.F("surcharge"))),
            models.CheckConstraint(name="refund_refunded_is_recorded",
                                   condition=models.Q(state="due") | (models.Q(refunded_on__isnull=False)
                                                                      & models.Q(approved_by__isnull=False)
                                                                      & ~models.Q(voucher_number=""))),
        ]

    def __str__(self):
        return f"{self.case} 退还罚款 {self.amount} 元"
