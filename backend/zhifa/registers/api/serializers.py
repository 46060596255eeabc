from rest_framework import serializers

from zhifa.cases.choices import PenaltyKind
from zhifa.cases.models import ViolationGround
from zhifa.core.api.serializers import ScopedModelSerializer, ScopedSerializer
from zhifa.registers.choices import (
    CleanupOutcomeKind,
    DocumentStatus,
    FilingResult,
    InspectionOutcome,
    PowerKind,
    Register,
)
from zhifa.registers.models import (
    AnnualReport,
    CertificationMatter,
    DiscretionBenchmark,
    CleanupCampaign,
    CleanupOutcome,
    DocumentAttachment,
    DocumentFiling,
    DocumentStatusChange,
    InspectionDraw,
    InspectionPlan,
    InspectionResult,
    InspectorConnection,
    NormativeDocument,
    PowerItem,
    PowerList,
    RegisterPublication,
)


# --- normative documents ------------------------------------------------------------------------


class StatusChangeSerializer(ScopedModelSerializer):
    class Meta:
        model = DocumentStatusChange
        fields = ["id", "from_status", "to_status", "on", "reason", "campaign", "actor", "at"]
        read_only_fields = fields


class FilingSerializer(ScopedModelSerializer):
    class Meta:
        model = DocumentFiling
        fields = ["id", "filing_body", "submitted_on", "filing_number", "result", "result_on", "note", "version"]
        read_only_fields = fields


class AttachmentSerializer(ScopedModelSerializer):
    class Meta:
        model = DocumentAttachment
        fields = ["id", "name", "sha256", "size", "uploaded_at"]
        read_only_fields = fields


class NormativeDocumentSerializer(ScopedModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = NormativeDocument
        fields = ["id", "number", "prefix", "year", "sequence", "title", "issuing_unit", "issued_on", "effective_on",
                  "expires_on", "status", "status_display", "status_changed_on", "version"]
        read_only_fields = fields


class NormativeDocumentDetailSerializer(NormativeDocumentSerializer):
    status_changes = StatusChangeSerializer(many=True, read_only=True)
    filings = FilingSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(NormativeDocumentSerializer.Meta):
        fields = NormativeDocumentSerializer.Meta.fields + ["full_text", "status_changes", "filings", "attachments"]
        read_only_fields = fields


class NormativeDocumentCreateSerializer(ScopedSerializer):
    number = serializers.CharField(max_length=60, help_text="如 潜民政发〔2023〕37号")
    title = serializers.CharField(max_length=200)
    issuing_unit = serializers.CharField(max_length=100)
    issued_on = serializers.DateField()
    effective_on = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)
    full_text = serializers.CharField(required=False, allow_blank=True, default="", max_length=500000)


class NormativeDocumentUpdateSerializer(ScopedSerializer):
    title = serializers.CharField(max_length=200, required=False)
    issuing_unit = serializers.CharField(max_length=100, required=False)
    effective_on = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)
    full_text = serializers.CharField(required=False, allow_blank=True, max_length=500000)
    version = serializers.IntegerField(required=False, min_value=1)


class StatusChangeWriteSerializer(ScopedSerializer):
    to_status = serializers.ChoiceField(choices=DocumentStatus.choices)
    on = serializers.DateField(help_text="状态变更的生效日期（必填）")
    reason = serializers.CharField(max_length=2000, help_text="理由（必填）")


class FilingWriteSerializer(ScopedSerializer):
    filing_body = serializers.CharField(max_length=100, help_text="如 潜江市司法局")
    submitted_on = serializers.DateField()
    filing_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FilingResultSerializer(ScopedSerializer):
    filing = serializers.IntegerField()
    result = serializers.ChoiceField(choices=FilingResult.choices)
    result_on = serializers.DateField()
    filing_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AttachmentUploadSerializer(ScopedSerializer):
    file = serializers.FileField()
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# --- cleanup campaigns ----------------------------------------------------------------------------


class CleanupOutcomeSerializer(ScopedModelSerializer):
    document_number = serializers.CharField(source="document.number", read_only=True)

    class Meta:
        model = CleanupOutcome
        fields = ["id", "document", "document_number", "outcome", "reason"]
        read_only_fields = fields


class CleanupCampaignSerializer(ScopedModelSerializer):
    outcomes = CleanupOutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = CleanupCampaign
        fields = ["id", "title", "basis", "started_on", "concluded_on", "state", "outcomes", "version"]
        read_only_fields = fields


class CleanupCampaignCreateSerializer(ScopedSerializer):
    title = serializers.CharField(max_length=200)
    basis = serializers.CharField(required=False, allow_blank=True, default="")
    started_on = serializers.DateField()


class CleanupOutcomeWriteSerializer(ScopedSerializer):
    document = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=CleanupOutcomeKind.choices)
    reason = serializers.CharField(max_length=2000)


class ConcludeSerializer(ScopedSerializer):
    concluded_on = serializers.DateField()


# --- certification matters, power lists ----------------------------------------------------------------


class DiscretionBenchmarkSerializer(ScopedModelSerializer):
    ground_name = serializers.CharField(source="ground.__str__", read_only=True)
    in_force = serializers.SerializerMethodField(help_text="今天是否施行")

    class Meta:
        model = DiscretionBenchmark
        fields = ["id", "code", "ground", "ground_name", "circumstance", "conditions", "penalty_kinds", "fine_minimum",
                  "fine_maximum", "standard", "effective_on", "repealed_on", "repeal_reason", "in_force", "version"]
        read_only_fields = fields

    def get_in_force(self, obj) -> bool:
        from django.utils import timezone

        return obj.in_force_on(timezone.localdate())


class DiscretionBenchmarkWriteSerializer(ScopedSerializer):
    code = serializers.CharField(max_length=40)
    ground = serializers.PrimaryKeyRelatedField(queryset=ViolationGround.objects.filter(active=True))
    circumstance = serializers.CharField(max_length=100)
    conditions = serializers.CharField(max_length=5000)
    standard = serializers.CharField(max_length=5000)
    effective_on = serializers.DateField()
    penalty_kinds = serializers.ListField(child=serializers.ChoiceField(choices=PenaltyKind.choices), required=False,
                                          default=list, max_length=6)
    fine_minimum = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                            allow_null=True, default=None)
    fine_maximum = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                            allow_null=True, default=None)


class RepealSerializer(ScopedSerializer):
    on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class CertificationMatterSerializer(ScopedModelSerializer):
    class Meta:
        model = CertificationMatter
        fields = ["id", "name", "legal_basis", "issuing_body", "purpose", "status", "notification_commitment",
                  "cancelled_on", "cancellation_basis", "version"]
        read_only_fields = fields


class CertificationMatterWriteSerializer(ScopedSerializer):
    name = serializers.CharField(max_length=200)
    legal_basis = serializers.CharField(max_length=2000)
    issuing_body = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    notification_commitment = serializers.BooleanField(required=False, default=False)


class CertificationMatterUpdateSerializer(ScopedSerializer):
    legal_basis = serializers.CharField(max_length=2000, required=False)
    issuing_body = serializers.CharField(max_length=200, required=False, allow_blank=True)
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True)
    notification_commitment = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False, min_value=1)


class CancelSerializer(ScopedSerializer):
    on = serializers.DateField()
    basis = serializers.CharField(max_length=2000)


class PowerItemSerializer(ScopedModelSerializer):
    kind = serializers.ChoiceField(choices=PowerKind.choices)

    class Meta:
        model = PowerItem
        fields = ["position", "code", "name", "kind", "legal_basis", "responsible_unit", "responsibilities",
                  "accountability"]
        read_only_fields = ["position"]
        extra_kwargs = {"code": {"required": False}}


class PowerListSerializer(ScopedModelSerializer):
    items = PowerItemSerializer(many=True, read_only=True)

    class Meta:
        model = PowerList
        fields = ["id", "version", "effective_on", "note", "created_at", "items"]
        read_only_fields = fields


class PowerListCreateSerializer(ScopedSerializer):
    effective_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    items = PowerItemSerializer(many=True)


class PersonnelSerializer(ScopedSerializer):
    name = serializers.CharField()
    credential_number = serializers.CharField()
    category = serializers.CharField()
    enforcement_area = serializers.CharField()
    unit = serializers.CharField()
    valid_to = serializers.DateField()


# --- random inspections ------------------------------------------------------------------------------


class InspectionResultSerializer(ScopedModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = InspectionResult
        fields = ["id", "position", "organisation", "organisation_name", "inspector_ids", "outcome", "inspected_on",
                  "findings", "version"]
        read_only_fields = fields


class InspectionDrawSerializer(ScopedModelSerializer):
    seed = serializers.SerializerMethodField(help_text="抽取后公开；抽取前为空")
    results = InspectionResultSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionDraw
        fields = ["id", "round", "pool", "pool_sha256", "seed_sha256", "seed", "algorithm", "committed_at",
                  "commitment_notice", "drawn_at", "result", "superseded_reason", "superseded_at", "results"]
        read_only_fields = fields

    def get_seed(self, obj) -> str | None:
        return obj.seed if obj.is_drawn else None


class InspectionMatterSerializer(ScopedSerializer):
    name = serializers.CharField(max_length=200)
    basis = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    method = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class InspectionPlanSerializer(ScopedModelSerializer):
    draws = InspectionDrawSerializer(many=True, read_only=True)
    matters = InspectionMatterSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionPlan
        fields = ["id", "title", "year", "matters", "target_types", "target_statuses", "registered_before",
                  "target_count", "inspectors_per_target", "state", "version", "draws"]
        read_only_fields = fields


class InspectionPlanCreateSerializer(ScopedSerializer):
    title = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=2000, max_value=2200)
    matters = InspectionMatterSerializer(many=True)
    target_count = serializers.IntegerField(min_value=1, max_value=10000)
    target_types = serializers.ListField(child=serializers.CharField(max_length=32), required=False, default=list)
    target_statuses = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list)
    registered_before = serializers.DateField(required=False, allow_null=True)


class RecommitSerializer(ScopedSerializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                   help_text="重新抽取（新的一轮）时必填")


class InspectionResultWriteSerializer(ScopedSerializer):
    result = serializers.IntegerField(help_text="抽查结果记录 id")
    outcome = serializers.ChoiceField(choices=InspectionOutcome.choices)
    inspected_on = serializers.DateField()
    findings = serializers.CharField(required=False, allow_blank=True, default="")


class VerificationSerializer(ScopedSerializer):
    round = serializers.IntegerField()
    verified = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())


class InspectorConnectionSerializer(ScopedModelSerializer):
    class Meta:
        model = InspectorConnection
        fields = ["id", "inspector", "organisation", "reason", "created_at"]
        read_only_fields = ["id", "created_at"]


# --- annual report, publications ---------------------------------------------------------------------------


class AnnualReportSerializer(ScopedModelSerializer):
    class Meta:
        model = AnnualReport
        fields = ["id", "year", "state", "figures", "computed_at", "notice", "version"]
        read_only_fields = fields


class AnnualReportDraftSerializer(ScopedSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2200)


class RegisterPublicationSerializer(ScopedModelSerializer):
    notice_state = serializers.CharField(source="notice.state", read_only=True)

    class Meta:
        model = RegisterPublication
        fields = ["id", "register", "reference", "notice", "notice_state", "created_at"]
        read_only_fields = fields


class RegisterPublishSerializer(ScopedSerializer):
    register = serializers.ChoiceField(choices=Register.choices)
    object_id = serializers.IntegerField(required=False, allow_null=True,
                                         help_text="权责清单版本、清理、年报或抽取记录的 id（视登记簿而定）")
