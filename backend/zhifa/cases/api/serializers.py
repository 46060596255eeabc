from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhifa.accounts.models import User
from zhifa.cases.choices import (
    CaseAction,
    CaseState,
    DecisionOutcome,
    DocumentKind,
    PenaltyKind,
    PreservationOutcome,
    RecusalApplicant,
    ServiceMethod,
    StatementStatus,
    SuspensionKind,
)
from zhifa.cases.models import (
    Case,
    CaseDeadline,
    Document,
    GroundFineRange,
    Preservation,
    Recusal,
    TimelineEvent,
    ViolationGround,
)
from zhifa.cases import gates
from zhifa.cases.procedure import action_options, allowed_actions
from zhifa.core.api.serializers import DeadlineStatusMixin, RedactedMixin, ScopedModelSerializer, ScopedSerializer
from zhifa.core.confidential import redact
from zhifa.registers.models import DiscretionBenchmark

MONEY = {"max_digits": 14, "decimal_places": 2, "required": False, "allow_null": True, "min_value": 0}


def penalties_field():
    return serializers.ListField(child=serializers.ChoiceField(choices=PenaltyKind.choices), required=False,
                                 max_length=len(PenaltyKind.values))


class GroundFineRangeSerializer(ScopedModelSerializer):
    class Meta:
        model = GroundFineRange
        fields = ["basis", "minimum", "maximum"]


class ViolationGroundSerializer(ScopedModelSerializer):
    class Meta:
        model = ViolationGround
        fields = ["id", "code", "regulation", "article", "title", "text", "organisation_types", "penalty_kinds",
                  "active"]


class ViolationGroundCatalogueSerializer(ViolationGroundSerializer):
    """The grounds catalogue: each ground with its statutory fine ranges."""

    fine_ranges = GroundFineRangeSerializer(many=True, read_only=True,
                                            help_text="法定罚款幅度：数额（元），或违法经营额、违法所得的倍数")

    class Meta(ViolationGroundSerializer.Meta):
        fields = ViolationGroundSerializer.Meta.fields + ["fine_ranges"]


class AssignmentSerializer(ScopedSerializer):
    id = serializers.IntegerField(source="officer_id")
    name = serializers.CharField(source="officer.full_name")
    credential_number = serializers.CharField()
    is_lead = serializers.BooleanField()


class CaseListSerializer(ScopedModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    leader_name = serializers.CharField(source="leader.full_name", read_only=True, default=None)
    organisation_credit_code = serializers.CharField(source="organisation.credit_code", read_only=True, default=None)
    officers = AssignmentSerializer(source="assignments", many=True, read_only=True)
    next_due = serializers.DateField(read_only=True, allow_null=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Case
        fields = ["id", "number", "title", "state", "state_display", "source", "party_kind", "party_name",
                  "organisation", "organisation_credit_code", "unit", "unit_name", "leader", "leader_name",
                  "officers", "is_major", "procedure", "received_on", "filed_on", "decided_on",
                  "proposed_penalties", "decision_penalties", "decision_fine", "next_due", "overdue", "version"]

    def to_representation(self, case):
        # The case list's hot path: going through the 25 field objects above for each of 50 cases costs
        # more than the page's query. This reads the same values straight off the row that
        # selectors.case_list_page reads, and gives the same dict (tests/cases/test_lists.py compares it
        # with the fields' own output).
        row = {
            "id": case.id, "number": case.number, "title": case.title, "state": case.state,
            "state_display": str(case.get_state_display()), "source": case.source, "party_kind": case.party_kind,
            "party_name": case.party_name, "organisation": case.organisation_id,
            "organisation_credit_code": case.organisation_credit_code,
            "unit": case.unit_id, "unit_name": case.unit_name, "leader": case.leader_id, "leader_name": case.leader_name,
            "officers": case.officer_rows,  # built by the list's query (selectors.case_list_page)
            "is_major": case.is_major, "procedure": case.procedure, "received_on": _iso(case.received_on),
            "filed_on": _iso(case.filed_on), "decided_on": _iso(case.decided_on),
            "proposed_penalties": case.proposed_penalties, "decision_penalties": case.decision_penalties,
            "decision_fine": None if case.decision_fine is None
            else self.fields["decision_fine"].to_representation(case.decision_fine),
            "next_due": _iso(case.next_due), "overdue": bool(case.overdue), "version": case.version,
        }
        # No confidential field (zhifa.core.confidential) is a list column today; one added tomorrow is emptied
        # here for readers outside its audience (keys only: this costs nothing while none is listed).
        request = self.context.get("request")
        return redact(row, user=request.user if request else None, subject=case, text=False)


def _iso(day):
    return day.isoformat() if day is not None else None


class ActionReasonSerializer(ScopedSerializer):
    """Why an action can't be taken now, in Chinese and English, with the article it rests on."""

    detail = serializers.CharField()
    detail_en = serializers.CharField()
    article = serializers.CharField(help_text="所依据的条款，如“行政处罚法第四十四条”；无则为空")


class ActionFieldSerializer(ScopedSerializer):
    """One field of an action's form, and whether this case needs it now."""

    name = serializers.CharField(help_text="转换请求中的字段名")
    required = serializers.BooleanField()


class CaseActionOptionSerializer(ScopedSerializer):
    """One action of the case's state, as the procedure judges it for the requesting user."""

    action = serializers.ChoiceField(choices=CaseAction.choices)
    allowed = serializers.BooleanField()
    reasons = ActionReasonSerializer(many=True, help_text="不能执行的每一条理由及其依据")
    fields = ActionFieldSerializer(many=True, help_text="该操作的表单字段，及本案现在是否必填")


class OverturnedDecisionRecordSerializer(ScopedSerializer):
    number = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()
    penalties = serializers.ListField(child=serializers.ChoiceField(choices=PenaltyKind.choices))
    fine = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    content = serializers.CharField(allow_blank=True)


class OverturnedDecisionSerializer(ScopedSerializer):
    """A decision an effective outcome took away with an order to decide again, or changed (变更)."""

    kind = serializers.ChoiceField(choices=[("revoked", "撤销并责令重新作出"), ("changed", "变更")])
    matter = serializers.IntegerField()
    body = serializers.CharField()
    document_number = serializers.CharField()
    reconsideration = serializers.BooleanField()
    procedural_breach_only = serializers.BooleanField(default=False)
    effective_on = serializers.DateField()
    decision = OverturnedDecisionRecordSerializer()


class CaseDetailSerializer(CaseListSerializer):
    grounds = ViolationGroundSerializer(many=True, read_only=True)
    overturned_decisions = OverturnedDecisionSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="当前环节的每个操作：对当前用户是否可执行、不可执行的理由、表单字段")
    legal_review_passed = serializers.SerializerMethodField(
        help_text="重大执法决定：法制审核已同意当前拟作出的决定（无需再提交）；非重大案件为 false")
    # Confidential (zhifa.core.confidential): null for a reader outside the field's audience.
    reporter_name = serializers.CharField(read_only=True, allow_null=True)
    reporter_contact = serializers.CharField(read_only=True, allow_null=True)
    person_id_number = serializers.CharField(read_only=True, allow_null=True)
    person_address = serializers.CharField(read_only=True, allow_null=True)
    electronic_service_address = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = CaseListSerializer.Meta.fields + [
            "agency", "source_detail", "reporter_name", "reporter_contact", "illegal_organisation",
            "person_name", "person_id_number", "person_address", "grounds", "facts", "act_date", "act_continuing",
            "act_ended_on", "involves_safety", "limitation_override_reason", "major_reason", "proposed_outcome",
            "proposed_fine", "proposed_content", "notified_penalties", "notified_fine", "decision_outcome",
            "decision_confiscation", "decision_content", "decision_basis", "serious_finding", "performance_terms",
            "illegal_turnover", "illegal_gains", "decision_benchmark",
            "investigation_started_on", "investigation_closed_on", "deliberated_on", "deliberation_minutes",
            "notified_on", "notice_received_on", "statement_period_days", "notice_waived", "hearing_declined",
            "deliberation_opinions", "deliberation_conclusion", "is_complex", "statement_status", "statement_summary", "hearing_requested_on",
            "hearing_date", "hearing_notice_on", "hearing_presider", "hearing_held_on", "hearing_record",
            "decided_by", "service_method", "service_published_on", "served_on", "execution_started_on",
            "service_recipient", "service_refusal", "service_witnesses", "service_recording", "service_agent",
            "service_notice_reason", "service_attempts", "electronic_service_address",
            "electronic_service_consent_on",
            "certificate_collected", "seal_collected", "void_notice_on", "fine_paid_amount", "fine_paid_on",
            "closed_on", "archived_on", "reopened_on", "redecision_due_on", "overturned_decisions", "ended_reason",
            "transferred_to", "created_by", "created_at", "updated_at", "allowed_actions", "actions", "legal_review_passed",
        ]

    def to_representation(self, case):
        data = serializers.ModelSerializer.to_representation(self, case)  # every field, not the list's shortcut
        request = self.context.get("request")
        return redact(data, user=request.user if request else None, subject=case)

    def get_legal_review_passed(self, obj) -> bool:
        return bool(obj.is_major) and gates.legal_review_refusal(case=obj) is None

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=CaseAction.choices)))
    def get_allowed_actions(self, obj):
        return allowed_actions(obj)

    @extend_schema_field(CaseActionOptionSerializer(many=True))
    def get_actions(self, obj):
        request = self.context.get("request")
        return action_options(obj, request.user) if request else []


class CaseWriteSerializer(ScopedModelSerializer):
    """Create a lead, or edit a case's record while it is still under investigation."""

    officers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False,
                                                  help_text="承办人员；第一位为主办人")
    grounds = serializers.PrimaryKeyRelatedField(queryset=ViolationGround.objects.filter(active=True), many=True,
                                                 required=False)
    proposed_penalties = penalties_field()
    proposed_fine = serializers.DecimalField(**MONEY)

    class Meta:
        model = Case
        fields = ["title", "source", "source_detail", "reporter_name", "reporter_contact", "received_on",
                  "party_kind", "organisation", "illegal_organisation", "person_name", "person_id_number",
                  "person_address", "grounds", "facts", "act_date", "act_continuing", "act_ended_on",
                  "involves_safety", "officers", "proposed_outcome", "proposed_penalties", "proposed_fine",
                  "proposed_content"]


class DeliberationAttendeeSerializer(ScopedSerializer):
    name = serializers.CharField(max_length=50)
    opinion = serializers.CharField(max_length=5000)


class TransitionSerializer(ScopedSerializer):
    """One step of the procedure. Which fields an action needs is in the procedure table; a missing one
    is named in a 400, and a step the law forbids now gets a 409 with the reason."""

    action = serializers.ChoiceField(choices=CaseAction.choices)
    date = serializers.DateField(required=False, help_text="该环节发生日期，默认今天；不能晚于今天")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    officers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    proposed_outcome = serializers.ChoiceField(choices=DecisionOutcome.choices, required=False)
    proposed_penalties = penalties_field()
    proposed_fine = serializers.DecimalField(**MONEY)
    proposed_content = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    facts = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    notice_received_on = serializers.DateField(required=False, help_text="告知：当事人收到告知书的日期（当场送达、邮寄签收或视为送达之日）")
    statement_days = serializers.IntegerField(required=False, min_value=3, max_value=30,
                                              help_text="告知：告知书载明的陈述申辩期限（工作日），默认按本机关设置")
    minutes = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    attendees = DeliberationAttendeeSerializer(many=True, required=False, help_text="集体讨论：出席的负责人及各自意见")
    conclusion = serializers.CharField(required=False, allow_blank=True, max_length=5000, help_text="集体讨论：结论")
    days = serializers.IntegerField(required=False, min_value=1, max_value=365, help_text="延长办案期限：延长的日数")
    suspension_kind = serializers.ChoiceField(choices=SuspensionKind.choices, required=False,
                                              help_text="不计入办案期限的期间：种类")
    suspension_start = serializers.DateField(required=False)
    suspension_end = serializers.DateField(required=False)
    hearing_date = serializers.DateField(required=False)
    hearing_presider = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)
    hearing_notice_on = serializers.DateField(required=False)
    hearing_record = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices, required=False)
    penalties = penalties_field()
    fine = serializers.DecimalField(**MONEY)
    confiscation = serializers.DecimalField(**MONEY)
    illegal_turnover = serializers.DecimalField(**MONEY,
                                                help_text="告知、决定：认定的违法经营额（元），按倍数计算罚款时必填")
    illegal_gains = serializers.DecimalField(**MONEY,
                                             help_text="告知、决定：认定的违法所得（元），按倍数计算罚款时必填")
    discretion_benchmark = serializers.PrimaryKeyRelatedField(
        queryset=DiscretionBenchmark.objects.all(), required=False, allow_null=True,
        help_text="决定：所适用的本机关行政处罚裁量基准条目（行政处罚法第三十四条）")
    content = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    basis = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    serious_finding = serializers.CharField(required=False, allow_blank=True, max_length=5000,
                                            help_text="决定：情节严重的认定及理由（依第三十条等撤销登记时必填）")
    performance_terms = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    service_method = serializers.ChoiceField(choices=ServiceMethod.choices, required=False)
    service_published_on = serializers.DateField(required=False)
    service_recipient = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                              help_text="送达：签收人（受送达人或者代收人）")
    service_refusal = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                            help_text="留置送达：拒收事由和日期")
    service_witnesses = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                              help_text="留置送达：到场见证的基层组织或者所在单位的代表")
    service_recording = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                              help_text="留置送达：拍照、录像等记录送达过程的材料")
    service_agent = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                          help_text="委托送达、转交送达：受委托或者代为转交的机关、单位")
    service_notice_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000,
                                                  help_text="公告送达：公告的原因和经过")
    party_whereabouts_unknown = serializers.BooleanField(required=False,
                                                         help_text="公告送达：受送达人下落不明")
    electronic_service_address = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                                       help_text="电子送达确认书：当事人确认的电子送达地址")
    transferred_to = serializers.CharField(required=False, allow_blank=True, max_length=100)
    items = serializers.CharField(required=False, allow_blank=True, max_length=5000,
                                  help_text="申请先行登记保存：物品清单")
    preservation = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                            help_text="审批、处理先行登记保存：该批物品的编号")
    approved = serializers.BooleanField(required=False, help_text="审批先行登记保存：批准（默认）或不予批准（须填写理由）")
    preservation_outcome = serializers.ChoiceField(choices=PreservationOutcome.choices, required=False,
                                                   help_text="先行登记保存处理决定：处理方式")
    recusal_person = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                                        help_text="回避申请：被申请回避的人员")
    recusal_applicant = serializers.ChoiceField(choices=RecusalApplicant.choices, required=False,
                                                help_text="回避申请：当事人申请（默认）或本人申请")
    recusal = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                       help_text="回避决定：所决定的回避申请编号；只有一项待决定时可省略")
    granted = serializers.BooleanField(required=False, help_text="回避决定：决定回避或不予回避")
    discretion = serializers.CharField(required=False, allow_blank=True, max_length=5000,
                                       help_text="送审：裁量基准适用说明")
    draft_decision = serializers.CharField(required=False, allow_blank=True, max_length=20000,
                                           help_text="送审：处罚决定书草案")
    document_content = serializers.DictField(child=serializers.CharField(max_length=5000), required=False,
                                             help_text="写入本环节文书的补充内容")
    version = serializers.IntegerField(required=False, help_text="读取时的版本号；也可用 If-Match 头")


class StatementSerializer(ScopedSerializer):
    status = serializers.ChoiceField(choices=[c for c in StatementStatus.choices if c[0] != StatementStatus.PENDING])
    summary = serializers.CharField(max_length=20000)
    date = serializers.DateField(required=False)
    notice_waived = serializers.BooleanField(default=False, help_text="事先告知不能放弃（行政处罚法第六十二条）；为真时拒绝")
    hearing_declined = serializers.BooleanField(default=False, help_text="当事人收到告知后书面放弃听证")


class ExecutionSerializer(ScopedSerializer):
    date = serializers.DateField(required=False)
    certificate_collected = serializers.BooleanField(required=False, allow_null=True, default=None)
    seal_collected = serializers.BooleanField(required=False, allow_null=True, default=None)
    void_notice = serializers.BooleanField(default=False, help_text="已公告登记证书、印章作废")
    fine_paid_amount = serializers.DecimalField(**MONEY)


class FlagMajorSerializer(ScopedSerializer):
    reason = serializers.CharField(max_length=200)
    complex = serializers.BooleanField(default=False, help_text="负责人认定情节复杂：须经法制审核和集体讨论（行政处罚法第五十七条、第五十八条）")


class InvestigativeRecordSerializer(ScopedSerializer):
    kind = serializers.ChoiceField(choices=[(k, v) for k, v in DocumentKind.choices
                                            if k in (DocumentKind.INQUIRY_RECORD, DocumentKind.INSPECTION_RECORD)])
    officers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True)
    date = serializers.DateField(required=False)
    place = serializers.CharField(max_length=200)
    subject = serializers.CharField(max_length=100, help_text="被询问人或检查对象")
    record = serializers.CharField(max_length=50000)


class RecusalSerializer(ScopedModelSerializer):
    """A recusal application (回避, Art. 43) and the leader's decision, read-only: both are made through the
    case's transitions (`apply_recusal`, `decide_recusal`)."""

    person_name = serializers.SerializerMethodField()
    applicant_display = serializers.CharField(source="get_applicant_display", read_only=True)
    document_number = serializers.CharField(source="document.number", read_only=True, default=None)

    class Meta:
        model = Recusal
        fields = ["id", "person", "person_name", "applicant", "applicant_display", "reason", "applied_on",
                  "decided_on", "granted", "decision_reason", "document_number"]
        read_only_fields = fields

    def get_person_name(self, recusal) -> str:
        return recusal.person.full_name or recusal.person.username


class PreservationSerializer(ScopedModelSerializer):
    """A preservation request (先行登记保存, Art. 56); the leader approves it through the case's transitions
    (`approve_preservation`)."""

    date = serializers.DateField(required=False, write_only=True, help_text="申请日期，默认今天")
    reason = serializers.CharField(max_length=2000, help_text="证据可能灭失或者以后难以取得的情形")

    class Meta:
        model = Preservation
        fields = ["id", "items", "reason", "date", "status", "requested_on", "requested_by", "approved_by",
                  "approved_on", "approval_note", "preserved_on", "dealt_on", "outcome_kind", "outcome"]
        read_only_fields = ["status", "requested_on", "requested_by", "approved_by", "approved_on", "approval_note",
                            "preserved_on", "dealt_on", "outcome_kind", "outcome"]


class PreservationResolveSerializer(ScopedSerializer):
    outcome_kind = serializers.ChoiceField(choices=PreservationOutcome.choices)
    outcome = serializers.CharField(max_length=2000)
    dealt_on = serializers.DateField()


class TimelineEventSerializer(RedactedMixin, ScopedModelSerializer):
    confidential_subject = "case"
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    actor_name = serializers.CharField(source="actor.full_name", read_only=True, default=None)

    class Meta:
        model = TimelineEvent
        fields = ["id", "kind", "kind_display", "action", "from_state", "to_state", "occurred_on", "actor",
                  "actor_name", "reason", "data", "created_at"]


class CaseDeadlineSerializer(DeadlineStatusMixin, ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CaseDeadline
        fields = ["id", "kind", "kind_display", "reference", "basis", "period", "start_date", "due_date",
                  "provisional", "met_on", "status", "days_left"]



class DueDeadlineSerializer(CaseDeadlineSerializer):
    """A deadline with the case it belongs to (the dashboard's list across cases)."""

    case = serializers.IntegerField(source="case_id", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    case_title = serializers.CharField(source="case.title", read_only=True)
    case_state = serializers.ChoiceField(source="case.state", choices=CaseState.choices, read_only=True)

    class Meta(CaseDeadlineSerializer.Meta):
        fields = CaseDeadlineSerializer.Meta.fields + ["case", "case_number", "case_title", "case_state"]


class CaseMonthSerializer(ScopedSerializer):
    month = serializers.IntegerField()
    received = serializers.IntegerField()
    decided = serializers.IntegerField()


class CaseStatisticsSerializer(ScopedSerializer):
    year = serializers.IntegerField()
    total = serializers.IntegerField()
    by_state = serializers.DictField(child=serializers.IntegerField(), help_text="各程序阶段的案件数（全部年度）")
    by_month = CaseMonthSerializer(many=True, help_text="该年度每月受理、作出决定的案件数")

class DocumentSerializer(RedactedMixin, ScopedModelSerializer):
    confidential_subject = "case"  # a document's body names the party (and whatever its content quotes)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "case", "kind", "kind_display", "number", "issued_on", "officers", "content", "body",
                  "created_at", "pdf_url", "pdf_sha256"]

    def get_pdf_url(self, obj) -> str:
        return f"/api/documents/{obj.pk}/pdf/"
