import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from zhifa.accounts.models import Agency
from zhifa.cases.choices import PenaltyKind
from zhifa.cases.models import MONEY, Case
from zhifa.litigation.choices import MatterDeadlineKind, MatterKind, MatterState, Outcome, OutcomeForm

USER = settings.AUTH_USER_MODEL


@pghistory.track()
class Matter(models.Model):
    """A reconsideration or lawsuit against the bureau (行政复议 / 行政应诉)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="matters")
    kind = models.CharField("类别", max_length=32, choices=MatterKind.choices)
    state = models.CharField("状态", max_length=16, choices=MatterState.choices, default=MatterState.OPEN)
    body = models.CharField("复议机关或人民法院", max_length=100)
    external_number = models.CharField("案号", max_length=60)
    plaintiff = models.CharField("原告（申请人）", max_length=200)
    claims = models.TextField("诉讼（复议）请求")
    contested_act = models.TextField("被诉（被申请）行政行为")
    case = models.ForeignKey(Case, verbose_name="所涉执法案件", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="matters")
    received_on = models.DateField("收到起诉状（申请书）副本日期")
    accepted_on = models.DateField("复议机关受理日期", null=True, blank=True,
                                   help_text="受理通知书载明的受理日期；复议决定的期限自此起算（行政复议法第六十二条）")
    court_due_date = models.DateField("法院或复议机关另定的答复期限", null=True, blank=True)
    decision_extended_days = models.PositiveSmallIntegerField(
        "复议决定期限延长天数", default=0, help_text="复议机构负责人批准延长并书面告知的天数，最多三十日（行政复议法第六十二条）")
    extension_noticed_on = models.DateField("收到延期通知书日期", null=True, blank=True)
    advisers = models.ManyToManyField(USER, verbose_name="法律顾问", related_name="matters_advised", blank=True)
    officers = models.ManyToManyField(USER, verbose_name="承办人员", related_name="matters_handled", blank=True)
    leader = models.ForeignKey(USER, verbose_name="负责人", on_delete=models.PROTECT, related_name="matters_led")
    frozen_on = models.DateField("证据固定日（被诉决定作出日）", null=True, blank=True)
    response_submitted_on = models.DateField("答辩（答复）提交日期", null=True, blank=True)
    outcome = models.CharField("结果", max_length=24, choices=Outcome.choices, blank=True)
    outcome_form = models.CharField("文书种类", max_length=32, choices=OutcomeForm.choices, blank=True)
    outcome_on = models.DateField("裁判（决定）日期", null=True, blank=True)
    outcome_received_on = models.DateField("收到裁判文书日期", null=True, blank=True)
    outcome_document_number = models.CharField("裁判（决定）文书号", max_length=60, blank=True)
    outcome_summary = models.TextField("裁判（决定）要旨", blank=True)
    orders_new_decision = models.BooleanField(
        "责令重新作出行政行为", default=False,
        help_text="撤销并责令重新作出的，生效后案件重新办理，不得以同一事实和理由作出相同或基本相同的决定")
    procedural_breach_only = models.BooleanField(
        "仅以违反法定程序为由撤销", default=False,
        help_text="以违反法定程序为由撤销的，重新作出时可依法定程序作出内容相同的决定")
    redecision_due_on = models.DateField("重新作出行政行为的期限", null=True, blank=True)
    changed_penalties = ArrayField(models.CharField(max_length=32, choices=PenaltyKind.choices),
                                   verbose_name="变更后的处罚种类", default=list, blank=True)
    changed_fine = models.DecimalField("变更后的罚款金额（元）", **MONEY)
    changed_content = models.TextField("变更后的处罚内容", blank=True)
    appealed_on = models.DateField("上诉日期", null=True, blank=True)
    outcome_effective_on = models.DateField(
        "裁判（决定）生效日期", null=True, blank=True,
        help_text="结果发生法律效力、已据以撤回公示并撤销处罚决定后果的日期；一审判决、裁定上诉期满未上诉的次日生效")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_note = models.TextField("结案说明", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "复议诉讼案件"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["agency", "state", "-received_on"], name="matter_agency_state"),
                   models.Index(fields=["agency", "kind", "-received_on"], name="matter_agency_kind")]
        constraints = [
            models.UniqueConstraint(fields=["agency", "body", "external_number"], name="matter_number_unique"),
            models.CheckConstraint(name="matter_outcome_has_document",
                                   condition=models.Q(outcome="") | ~models.Q(outcome_document_number="")),
            models.CheckConstraint(name="matter_new_decision_only_on_revocation",
                                   condition=models.Q(orders_new_decision=False) | models.Q(outcome="revoked")),
            models.CheckConstraint(name="matter_procedural_breach_orders_new_decision",
                                   condition=models.Q(procedural_breach_only=False)
                                   | models.Q(orders_new_decision=True)),
            models.CheckConstraint(name="matter_extension_at_most_30_days",
                                   condition=models.Q(decision_extended_days__lte=30)),
            models.CheckConstraint(name="matter_court_due_after_receipt",
                                   condition=models.Q(court_due_date__isnull=True)
                                   | models.Q(court_due_date__gte=models.F("received_on"))),
        ]

    def __str__(self):
        return f"{self.body}{self.external_number}"


@pghistory.track()
class MatterDeadline(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField("期限", max_length=32, choices=MatterDeadlineKind.choices)
    reference = models.CharField(max_length=40, blank=True, default="")
    basis = models.CharField("法律依据", max_length=200)
    start_date = models.DateField("起算日")
    due_date = models.DateField("届满日")
    provisional = models.BooleanField(default=False)
    met_on = models.DateField("完成日期", null=True, blank=True)
    last_alert = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "复议诉讼期限"
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["matter", "kind", "reference"], name="one_matter_deadline")]


@pghistory.track()
class Hearing(models.Model):
    """A court session or reconsideration hearing, with who appeared for the bureau (负责人出庭应诉)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="hearings")
    scheduled_on = models.DateField("开庭日期")
    place = models.CharField("地点", max_length=200, blank=True)
    held = models.BooleanField("已开庭", default=False)
    head_appeared = models.BooleanField("负责人出庭", null=True, blank=True)
    appeared = models.ForeignKey(USER, verbose_name="出庭负责人", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    delegated_to = models.ForeignKey(USER, verbose_name="委托出庭的本机关工作人员", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     help_text="负责人不能出庭的，应当委托本机关相应的工作人员出庭（行政诉讼法第三条）")
    delegate = models.CharField("其他出庭代理人（律师等）", max_length=100, blank=True)
    delegate_reason = models.TextField("负责人不能出庭的书面说明", blank=True)
    notes = models.TextField("庭审情况", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "开庭"
        ordering = ["matter_id", "scheduled_on"]
        constraints = [
            models.CheckConstraint(name="hearing_delegate_has_reason",
                                   condition=~models.Q(head_appeared=False) | ~models.Q(delegate_reason="")),
        ]
