import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.fields import ArrayField
from django.db import models

from zhifa.accounts.models import Agency, Unit
from zhifa.cases.choices import (
    CaseAction,
    CaseEventKind,
    CaseSource,
    CaseState,
    DeadlineKind,
    DecisionOutcome,
    DocumentKind,
    FineBasis,
    PartyKind,
    PenaltyKind,
    PreservationOutcome,
    PreservationStatus,
    ProcedureKind,
    RecusalApplicant,
    ServiceMethod,
    StatementStatus,
)
from zhifa.registry.models import IllegalOrganisation, Organisation

MONEY = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}


@pghistory.track()
class ViolationGround(models.Model):
    """A ground for a penalty from the maintained catalogue (条例 article), e.g. 社会团体登记管理条例 第三十条."""

    code = models.CharField("编码", max_length=40, unique=True)
    regulation = models.CharField("法规名称", max_length=100)
    article = models.CharField("条款", max_length=60)
    title = models.CharField("违法行为", max_length=200)
    text = models.TextField("条文摘要", blank=True)
    organisation_types = ArrayField(models.CharField(max_length=32), verbose_name="适用组织类型", default=list,
                                    blank=True)
    penalty_kinds = ArrayField(models.CharField(max_length=32, choices=PenaltyKind.choices),
                               verbose_name="可处罚种类", default=list)
    deregistration_if_serious = models.BooleanField(
        "撤销登记须情节严重", default=False,
        help_text="如《社会团体登记管理条例》第三十条：情节严重的，撤销登记；决定须记载情节严重的认定及理由")
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "违法行为及处罚依据"
        ordering = ["code"]

    def __str__(self):
        return f"{self.regulation}{self.article}：{self.title}"


@pghistory.track()
class GroundFineRange(models.Model):
    """One statutory fine range of a ground: an amount in yuan, or a multiple of the illegal turnover or gains.
    A ground with several ranges (违法经营额1–3倍 or 违法所得3–5倍) allows a fine inside any one of them."""

    ground = models.ForeignKey(ViolationGround, verbose_name="违法行为及处罚依据", on_delete=models.CASCADE,
                               related_name="fine_ranges")
    basis = models.CharField("计算基础", max_length=24, choices=FineBasis.choices)
    minimum = models.DecimalField("下限", max_digits=14, decimal_places=2, help_text="元，或倍数")
    maximum = models.DecimalField("上限", max_digits=14, decimal_places=2, help_text="元，或倍数")

    class Meta:
        verbose_name = verbose_name_plural = "罚款幅度"
        ordering = ["ground_id", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(minimum__gte=0) & models.Q(maximum__gte=models.F("minimum")),
                                              name="fine_range_in_order")]

    def __str__(self):
        unit = "元" if self.basis == FineBasis.AMOUNT else "倍"
        return f"{self.get_basis_display()} {self.minimum.normalize():f}–{self.maximum.normalize():f}{unit}"


@pghistory.track()
class NumberSequence(models.Model):
    """Gap-free numbering per agency, kind and year (case numbers and each document kind).

    The counter row is locked while a number is taken, so concurrent filings queue here and every
    number is used exactly once.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT)
    kind = models.CharField("编号种类", max_length=40)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "编号序列"
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"], name="one_sequence_per_kind_year")]


@pghistory.track()
class Case(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="执法机关", on_delete=models.PROTECT, related_name="cases")
    unit = models.ForeignKey(Unit, verbose_name="承办科室", on_delete=models.PROTECT, related_name="cases")
    state = models.CharField("办理环节", max_length=32, choices=CaseState.choices, default=CaseState.LEAD)
    title = models.CharField("案由", max_length=200)

    # Numbered at filing: 潜民罚立〔2023〕3号.
    number = models.CharField("立案编号", max_length=60, blank=True)
    number_year = models.PositiveSmallIntegerField("编号年度", null=True, blank=True)
    number_sequence = models.PositiveIntegerField("编号序号", null=True, blank=True)

    # The lead. The reporter is confidential: only the handling officers and leaders see it.
    source = models.CharField("案件来源", max_length=32, choices=CaseSource.choices)
    source_detail = models.TextField("来源说明", blank=True)
    reporter_name = models.CharField("举报人", max_length=50, blank=True)
    reporter_contact = models.CharField("举报人联系方式", max_length=100, blank=True)
    received_on = models.DateField("线索登记日期")

    # The party.
    party_kind = models.CharField("当事人类别", max_length=32, choices=PartyKind.choices)
    organisation = models.ForeignKey(Organisation, verbose_name="社会组织", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="cases")
    illegal_organisation = models.ForeignKey(IllegalOrganisation, verbose_name="非法社会组织",
                                             on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    person_name = models.CharField("当事人姓名", max_length=50, blank=True)
    person_id_number = models.CharField("身份证号码", max_length=18, blank=True)
    person_address = models.CharField("当事人住址", max_length=200, blank=True)
    party_name = models.CharField("当事人名称", max_length=200, help_text="冗余保存，便于检索和文书")

    # The violation.
    grounds = models.ManyToManyField(ViolationGround, verbose_name="违法行为及依据", blank=True, related_name="cases")
    facts = models.TextField("违法事实", blank=True)
    act_date = models.DateField("违法行为发生日", null=True, blank=True)
    act_continuing = models.BooleanField("违法行为有连续或继续状态", default=False)
    act_ended_on = models.DateField("违法行为终了日", null=True, blank=True)
    involves_safety = models.BooleanField("涉及公民生命健康安全、金融安全", default=False,
                                          help_text="追责时效为五年（行政处罚法第三十六条）")
    limitation_override_reason = models.TextField("超过时效仍立案的理由", blank=True)

    procedure = models.CharField("程序类型", max_length=16, choices=ProcedureKind.choices,
                                 default=ProcedureKind.ORDINARY)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="负责人", on_delete=models.PROTECT,
                               null=True, blank=True, related_name="cases_led")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="承办人员", through="CaseOfficer",
                                      related_name="cases_handled")

    # Major decision (重大执法决定) flag: automatic from the catalogue, or set by hand with a reason.
    is_major = models.BooleanField("重大执法决定", default=False)
    major_reason = models.CharField("重大认定理由", max_length=200, blank=True)

    # The proposed decision (拟处罚) and the final decision.
    proposed_outcome = models.CharField("拟处理结果", max_length=16, choices=DecisionOutcome.choices, blank=True)
    proposed_penalties = ArrayField(models.CharField(max_length=32, choices=PenaltyKind.choices),
                                    verbose_name="拟处罚种类", default=list, blank=True)
    proposed_fine = models.DecimalField("拟罚款金额（元）", **MONEY)
    proposed_content = models.TextField("拟处罚内容", blank=True)
    notified_penalties = ArrayField(models.CharField(max_length=32, choices=PenaltyKind.choices),
                                    verbose_name="告知的处罚种类", default=list, blank=True)
    notified_fine = models.DecimalField("告知的罚款金额（元）", **MONEY)
    decision_outcome = models.CharField("处理结果", max_length=16, choices=DecisionOutcome.choices, blank=True)
    decision_penalties = ArrayField(models.CharField(max_length=32, choices=PenaltyKind.choices),
                                    verbose_name="处罚种类", default=list, blank=True)
    decision_fine = models.DecimalField("罚款金额（元）", **MONEY)
    decision_confiscation = models.DecimalField("没收金额（元）", **MONEY)
    # The bases a multiple-of fine is counted on, as found in the investigation (行政处罚法 Art. 28).
    illegal_turnover = models.DecimalField("违法经营额（元）", **MONEY)
    illegal_gains = models.DecimalField("违法所得（元）", **MONEY)
    # 行政处罚法 Art. 34: the agency's published discretion benchmark entry the decision applied.
    decision_benchmark = models.ForeignKey("registers.DiscretionBenchmark", verbose_name="适用的裁量基准",
                                           on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision_content = models.TextField("处罚内容", blank=True)
    decision_basis = models.TextField("处罚依据", blank=True)
    serious_finding = models.TextField("情节严重的认定及理由", blank=True,
                                       help_text="依据只在情节严重时才可撤销登记的条款作出撤销登记决定时必填")
    performance_terms = models.TextField("履行方式和期限", blank=True)

    # Dates of each step (set by the transitions).
    filed_on = models.DateField("立案日期", null=True, blank=True)
    investigation_started_on = models.DateField("调查开始日期", null=True, blank=True)
    investigation_closed_on = models.DateField("调查终结日期", null=True, blank=True)
    deliberated_on = models.DateField("集体讨论日期", null=True, blank=True)
    deliberation_minutes = models.TextField("集体讨论记录", blank=True)
    deliberation_opinions = models.JSONField("集体讨论出席人员及意见", default=list, blank=True,
                                             help_text="[{\"name\": 姓名, \"opinion\": 意见}]")
    deliberation_conclusion = models.TextField("集体讨论结论", blank=True)
    is_complex = models.BooleanField("负责人认定为情节复杂", default=False,
                                     help_text="须经负责人集体讨论决定（行政处罚法第五十七条第二款）")
    # 行政处罚法 Art. 60: approved extensions of the 90 days, and periods that don't count towards them.
    time_limit_extensions = models.JSONField("延长办案期限", default=list, blank=True,
                                             help_text="[{on, days, reason, approved_by, deliberation}]")
    suspensions = models.JSONField("不计入办案期限的期间", default=list, blank=True,
                                   help_text="[{kind, start, end, reason}]")
    notified_on = models.DateField("事先告知日期", null=True, blank=True)
    notice_received_on = models.DateField("当事人收到告知书日期", null=True, blank=True,
                                          help_text="陈述申辩期和听证申请期自此日起算")
    statement_period_days = models.PositiveSmallIntegerField("告知书载明的陈述申辩期限（工作日）", default=5)
    notice_waived = models.BooleanField("当事人书面放弃陈述申辩", default=False,
                                        help_text="告知后书面放弃陈述、申辩（不放弃听证权利）")
    hearing_declined = models.BooleanField("当事人书面放弃听证", default=False)
    statement_status = models.CharField("陈述申辩", max_length=16, choices=StatementStatus.choices,
                                        default=StatementStatus.PENDING)
    statement_summary = models.TextField("陈述申辩及复核意见", blank=True)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_date = models.DateField("听证日期", null=True, blank=True)
    hearing_notice_on = models.DateField("听证通知送达日期", null=True, blank=True)
    hearing_presider = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="听证主持人",
                                         on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="hearings_presided")
    hearing_held_on = models.DateField("听证举行日期", null=True, blank=True)
    hearing_record = models.TextField("听证笔录摘要", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="cases_decided")
    service_method = models.CharField("送达方式", max_length=20, choices=ServiceMethod.choices, blank=True)
    service_published_on = models.DateField("公告送达刊登日期", null=True, blank=True)
    # How the decision was served (民事诉讼法 Art. 88–95, applied by 行政处罚法 Art. 61).
    service_recipient = models.CharField("签收人", max_length=100, blank=True)
    service_refusal = models.TextField("拒收事由", blank=True, help_text="留置送达：受送达人拒绝签收的事由和日期")
    service_witnesses = models.CharField("见证人", max_length=200, blank=True,
                                         help_text="留置送达：到场的基层组织或者所在单位的代表")
    service_recording = models.CharField("送达过程记录", max_length=200, blank=True,
                                         help_text="留置送达：拍照、录像等记录送达过程的材料（如执法记录仪视频编号）")
    service_agent = models.CharField("受委托或者代为转交的机关、单位", max_length=200, blank=True)
    service_notice_reason = models.TextField("公告送达的原因和经过", blank=True)
    service_attempts = models.JSONField("未能送达的经过", default=list, blank=True,
                                        help_text="[{method, on, reason}]：公告送达之前以其他方式未能送达的记录")
    # 行政处罚法 Art. 61 ¶2: electronic service only with the party's consent and a signed confirmation.
    electronic_service_address = models.CharField("电子送达地址", max_length=200, blank=True)
    electronic_service_consent_on = models.DateField("当事人书面同意电子送达日期", null=True, blank=True,
                                                     help_text="当事人签订送达地址确认书、同意电子送达之日")
    served_on = models.DateField("送达日期", null=True, blank=True)
    execution_started_on = models.DateField("开始执行日期", null=True, blank=True)
    certificate_collected = models.BooleanField("已收缴登记证书（正副本）", default=False)
    seal_collected = models.BooleanField("已收缴印章", default=False)
    void_notice_on = models.DateField("公告作废日期", null=True, blank=True)
    fine_paid_amount = models.DecimalField("已缴罚款（元）", **MONEY)
    fine_paid_on = models.DateField("罚款缴清日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    reopened_on = models.DateField("重新办理日期", null=True, blank=True,
                                   help_text="原决定被撤销并责令重新作出，撤销生效之日")
    redecision_due_on = models.DateField("重新作出决定的期限", null=True, blank=True)
    overturned_decisions = models.JSONField(
        "被撤销的原决定", default=list, blank=True,
        help_text="每次撤销并责令重新作出时原决定的内容、事实和理由，以及撤销的文书和理由")
    archived_on = models.DateField("归档日期", null=True, blank=True)
    ended_reason = models.TextField("撤案或移送理由", blank=True)
    transferred_to = models.CharField("移送机关", max_length=100, blank=True)

    # Character bigrams of the searchable text, kept by the service layer; GIN-indexed (no pg_trgm).
    search_bigrams = ArrayField(models.CharField(max_length=2), default=list, editable=False)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                   related_name="cases_created")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政处罚案件"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["agency", "state", "-id"], name="case_agency_state"),
            models.Index(fields=["agency", "-received_on", "-id"], name="case_agency_received"),
            models.Index(fields=["agency", "-filed_on", "-id"], name="case_agency_filed"),
            models.Index(fields=["agency", "-decided_on", "-id"], name="case_agency_decided"),
            models.Index(fields=["agency", "unit", "-id"], name="case_agency_unit"),
            models.Index(fields=["organisation", "-id"], name="case_organisation"),
            GinIndex(fields=["search_bigrams"], name="case_search_bigrams"),
            GinIndex(fields=["decision_penalties"], name="case_decision_penalties"),
            GinIndex(fields=["proposed_penalties"], name="case_proposed_penalties"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number_year", "number_sequence"], name="case_number_unique",
                                    condition=models.Q(number_sequence__isnull=False)),
            # Hard legal gates that the database itself keeps, so a raw UPDATE cannot skip them.
            models.CheckConstraint(
                name="case_filed_has_number_and_leader",
                condition=models.Q(state=CaseState.LEAD) | models.Q(state=CaseState.DROPPED, filed_on__isnull=True)
                | models.Q(state=CaseState.TRANSFERRED, filed_on__isnull=True)
                | (models.Q(number_sequence__isnull=False) & models.Q(leader__isnull=False)
                   & models.Q(filed_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="case_decided_after_notification",
                condition=models.Q(decided_on__isnull=True) | models.Q(decision_outcome=DecisionOutcome.NO_PENALTY)
                | models.Q(notified_on__isnull=False),
            ),
            models.CheckConstraint(
                name="case_decided_after_statement",
                condition=models.Q(decided_on__isnull=True) | models.Q(decision_outcome=DecisionOutcome.NO_PENALTY)
                | ~models.Q(statement_status=StatementStatus.PENDING),
            ),
            models.CheckConstraint(
                name="case_hearing_decided_on_record",
                condition=models.Q(decided_on__isnull=True) | models.Q(hearing_requested_on__isnull=True)
                | models.Q(hearing_held_on__isnull=False),
            ),
            models.CheckConstraint(
                name="case_dates_in_order",
                condition=(models.Q(filed_on__isnull=True) | models.Q(filed_on__gte=models.F("received_on")))
                & (models.Q(decided_on__isnull=True) | models.Q(decided_on__gte=models.F("filed_on")))
                & (models.Q(served_on__isnull=True) | models.Q(served_on__gte=models.F("decided_on"))),
            ),
        ]

    def __str__(self):
        return self.number or f"线索 #{self.pk}"

    def decision_changes(self) -> list[dict]:
        """The effective changes (变更) of the decision in force, oldest first: those since the bureau last
        decided, for a revocation that reopened the case ends what came before (overturned_decisions)."""
        since: list[dict] = []
        for entry in self.overturned_decisions or []:
            since = [*since, entry] if entry.get("kind") == "changed" else []
        return since

    @property
    def hearing_right(self) -> bool:
        """Whether the notified penalty gives the party a right to a hearing (Art. 63), by the one threshold."""
        from zhifa.cases.major import hearing_available

        return hearing_available(self.notified_penalties, self.notified_fine, self.party_kind)


@pghistory.track()
class CaseOfficer(models.Model):
    """A handling officer on a case. The credential number is recorded as shown at assignment."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    credential_number = models.CharField("执法证号", max_length=30)
    is_lead = models.BooleanField("主办人", default=False)
    assigned_at = models.DateTimeField("指派时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "承办人员"
        ordering = ["-is_lead", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="officer_once_per_case")]


@pghistory.track(pghistory.InsertEvent())
class TimelineEvent(models.Model):
    """The case timeline: one row per thing that happened, who did it and why. Append-only.

    Written only through zhifa.cases.events, one function per kind.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events_timeline")
    kind = models.CharField("事件", max_length=32, choices=CaseEventKind.choices)
    action = models.CharField("操作", max_length=32, choices=CaseAction.choices, blank=True)
    from_state = models.CharField("原环节", max_length=32, choices=CaseState.choices, blank=True)
    to_state = models.CharField("新环节", max_length=32, choices=CaseState.choices, blank=True)
    occurred_on = models.DateField("发生日期")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT,
                              null=True, blank=True)
    reason = models.TextField("说明", blank=True)
    data = models.JSONField("详情", default=dict, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "案件时间线"
        ordering = ["case_id", "id"]
        indexes = [models.Index(fields=["case", "id"], name="case_event_case")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]


@pghistory.track()
class CaseDeadline(models.Model):
    """A statutory deadline of a case, computed by the calendar engine and recomputed when dates change."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField("期限", max_length=32, choices=DeadlineKind.choices)
    reference = models.CharField("关联对象", max_length=60, blank=True, default="")
    basis = models.CharField("法律依据", max_length=200)
    start_date = models.DateField("起算日")
    period = models.CharField("期间", max_length=40)
    due_date = models.DateField("届满日")
    provisional = models.BooleanField("临时计算（日历未发布）", default=False)
    met_on = models.DateField("完成日期", null=True, blank=True)
    last_alert = models.CharField("最近提醒", max_length=16, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "法定期限"
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["due_date"], name="deadline_open_due", condition=models.Q(met_on__isnull=True))]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "reference"], name="one_deadline_per_kind")]


@pghistory.track()
class Recusal(models.Model):
    """回避 (行政处罚法 Art. 43): an application (the party's, or the person's own) and the leader's decision, with
    its numbered 回避决定书. A person whose recusal is granted may not investigate, preside or review the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="被申请回避人员", on_delete=models.PROTECT,
                               related_name="recusals")
    applicant = models.CharField("申请人", max_length=16, choices=RecusalApplicant.choices,
                                 default=RecusalApplicant.PARTY)
    reason = models.TextField("申请回避的理由")
    applied_on = models.DateField("申请日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定负责人", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    granted = models.BooleanField("决定回避", null=True, blank=True)
    decision_reason = models.TextField("决定理由", blank=True)
    document = models.ForeignKey("Document", verbose_name="回避决定书", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "回避"
        ordering = ["id"]


@pghistory.track()
class Preservation(models.Model):
    """先行登记保存 (Art. 56): an officer asks, with the reason the evidence may be lost; a leader approves or
    refuses; approved items are dealt with within 7 working days of their preservation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="preservations")
    items = models.TextField("保存物品清单")
    status = models.CharField("状态", max_length=16, choices=PreservationStatus.choices,
                              default=PreservationStatus.REQUESTED)
    reason = models.TextField("证据可能灭失或者以后难以取得的情形", blank=True)
    requested_on = models.DateField("申请日期", null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批负责人", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_on = models.DateField("审批日期", null=True, blank=True)
    approval_note = models.TextField("审批意见", blank=True, help_text="负责人的审批意见；不予批准的，为其理由")
    preserved_on = models.DateField("登记保存日期", null=True, blank=True, help_text="经负责人批准后登记保存之日")
    dealt_on = models.DateField("处理日期", null=True, blank=True)
    outcome_kind = models.CharField("处理方式", max_length=16, choices=PreservationOutcome.choices, blank=True)
    outcome = models.TextField("处理决定", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "先行登记保存"
        ordering = ["id"]


@pghistory.track()
class Document(models.Model):
    """A numbered enforcement document (文书), generated from its template with the case data."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("文书种类", max_length=32, choices=DocumentKind.choices)
    number = models.CharField("文号", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    issued_on = models.DateField("制作日期")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="执法人员", blank=True,
                                      related_name="documents_signed")
    content = models.JSONField("文书内容", default=dict)
    body = models.TextField("正文")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    pdf_file = models.FileField("PDF", upload_to="documents/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    replaces = models.ForeignKey("self", verbose_name="更正的文书", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections",
                                 help_text="本文书是对该文书的更正；已制作的文书不修改，更正另作一份")

    class Meta:
        verbose_name = verbose_name_plural = "执法文书"
        ordering = ["case_id", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year", "sequence"], name="document_number_unique")]
        # An issued document is never changed or deleted: PostgreSQL refuses it, whatever the path (the API,
        # the admin, a shell). Its PDF is made once after it is committed (cases.pdf): filling the empty PDF
        # fields is the one change allowed; a correction is a new document naming the one it `replaces`.
        triggers = [
            pgtrigger.Protect(name="document_never_deleted", operation=pgtrigger.Delete),
            pgtrigger.Protect(name="document_issued_immutable", operation=pgtrigger.Update,
                              condition=pgtrigger.AnyChange(exclude=["pdf_file", "pdf_sha256"])),
            pgtrigger.Protect(name="document_pdf_made_once", operation=pgtrigger.Update,
                              condition=pgtrigger.Q(old__pdf_sha256__gt="")
                              & (pgtrigger.Q(old__pdf_sha256__df=pgtrigger.F("new__pdf_sha256"))
                                 | pgtrigger.Q(old__pdf_file__df=pgtrigger.F("new__pdf_file")))),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"
