import datetime
from decimal import Decimal

from rest_framework import serializers

from zhifa.accounts.models import User
from zhifa.cases.choices import PenaltyKind
from zhifa.core.api.serializers import DeadlineStatusMixin, ScopedModelSerializer, ScopedSerializer
from zhifa.litigation.choices import Outcome, OutcomeForm
from zhifa.litigation.effectiveness import outcome_effective_on
from zhifa.litigation.models import Hearing, Matter, MatterDeadline


class MatterDeadlineSerializer(DeadlineStatusMixin, ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = MatterDeadline
        fields = ["id", "kind", "kind_display", "reference", "basis", "start_date", "due_date", "provisional",
                  "met_on", "status", "days_left"]



class HearingSerializer(ScopedModelSerializer):
    appeared_name = serializers.CharField(source="appeared.full_name", default=None, read_only=True)
    delegated_to_name = serializers.CharField(source="delegated_to.full_name", default=None, read_only=True)

    class Meta:
        model = Hearing
        fields = ["id", "scheduled_on", "place", "held", "head_appeared", "appeared", "appeared_name", "delegated_to",
                  "delegated_to_name", "delegate", "delegate_reason", "notes"]
        read_only_fields = ["held", "head_appeared", "appeared", "delegated_to", "delegate", "delegate_reason", "notes"]


class MatterSerializer(ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    case_number = serializers.CharField(source="case.number", default=None, read_only=True)
    hearings = HearingSerializer(many=True, read_only=True)
    deadlines = MatterDeadlineSerializer(many=True, read_only=True)
    advisers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    officers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    outcome_effective_from = serializers.SerializerMethodField(
        help_text="结果（将）发生法律效力之日：复议决定、二审裁判自送达；一审判决、裁定上诉期满未上诉的次日；已上诉的为空")

    class Meta:
        model = Matter
        fields = ["id", "kind", "kind_display", "state", "state_display", "body", "external_number", "plaintiff",
                  "claims", "contested_act", "case", "case_number", "received_on", "accepted_on", "court_due_date",
                  "decision_extended_days", "extension_noticed_on",
                  "advisers",
                  "officers", "leader", "frozen_on", "response_submitted_on", "outcome", "outcome_display",
                  "outcome_form", "outcome_on", "outcome_received_on", "outcome_document_number", "outcome_summary",
                  "orders_new_decision", "procedural_breach_only", "redecision_due_on", "changed_penalties",
                  "changed_fine", "changed_content", "appealed_on", "outcome_effective_on", "outcome_effective_from",
                  "closed_on", "closing_note",
                  "hearings", "deadlines", "version"]
        read_only_fields = ["state", "frozen_on", "response_submitted_on", "outcome", "outcome_form", "outcome_on",
                            "outcome_received_on", "outcome_document_number", "outcome_summary", "orders_new_decision",
                            "procedural_breach_only", "redecision_due_on", "changed_penalties", "changed_fine",
                            "changed_content", "appealed_on",
                            "outcome_effective_on", "decision_extended_days", "extension_noticed_on", "closed_on",
                            "closing_note", "version"]
        validators = []  # the unique case number is checked in the service, with a field-level message


    def get_outcome_effective_from(self, matter) -> datetime.date | None:
        return matter.outcome_effective_on or outcome_effective_on(matter)


class DateSerializer(ScopedSerializer):
    date = serializers.DateField(required=False)


class ExtensionSerializer(ScopedSerializer):
    date = serializers.DateField(required=False, help_text="收到延期通知书日期，默认今天")
    days = serializers.IntegerField(min_value=1, max_value=30, help_text="延长天数，最多三十日")


class HearingRecordSerializer(ScopedSerializer):
    head_appeared = serializers.BooleanField()
    appeared = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    delegated_to = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True,
                                                      help_text="负责人不能出庭的，委托出庭的本机关工作人员")
    delegate = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    delegate_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")


class MatterOutcomeSerializer(ScopedSerializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    outcome_form = serializers.ChoiceField(choices=OutcomeForm.choices)
    outcome_on = serializers.DateField()
    received_on = serializers.DateField(required=False)
    document_number = serializers.CharField(max_length=60, allow_blank=True)
    summary = serializers.CharField(max_length=20000, allow_blank=True)
    orders_new_decision = serializers.BooleanField(required=False, default=False,
                                                   help_text="撤销并责令重新作出行政行为")
    procedural_breach_only = serializers.BooleanField(required=False, default=False,
                                                      help_text="仅以违反法定程序为由撤销")
    redecision_due_on = serializers.DateField(required=False, allow_null=True, default=None,
                                              help_text="重新作出行政行为的期限")
    changed_penalties = serializers.ListField(
        child=serializers.ChoiceField(choices=PenaltyKind.choices), required=False, default=list,
        max_length=len(PenaltyKind.values), help_text="变更后的处罚种类（变更的）")
    changed_fine = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"),
                                            required=False, allow_null=True, default=None,
                                            help_text="变更后的罚款金额（元）")
    changed_content = serializers.CharField(max_length=20000, allow_blank=True, required=False, default="",
                                            help_text="变更后的处罚内容")


class CloseSerializer(ScopedSerializer):
    date = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class LitigationStatisticsSerializer(ScopedSerializer):
    year = serializers.IntegerField()
    matters = serializers.IntegerField()
    reconsiderations = serializers.IntegerField()
    lawsuits = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())
    by_outcome = serializers.DictField(child=serializers.IntegerField())
    concluded = serializers.IntegerField()
    win_rate = serializers.FloatField(allow_null=True)
    hearings_held = serializers.IntegerField()
    head_appearances = serializers.IntegerField()
    head_appearance_rate = serializers.FloatField(allow_null=True)
    deadlines_due = serializers.IntegerField()
    deadlines_met = serializers.IntegerField()
    deadline_compliance = serializers.FloatField(allow_null=True)


class FrozenItemSerializer(ScopedSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()


class FrozenEvidenceSerializer(ScopedSerializer):
    bundle = FrozenItemSerializer(many=True, help_text="被诉决定作出日前已收集的证据")
    added_after_decision = FrozenItemSerializer(many=True, help_text="其后补充的证据：复议、诉讼期间不得自行收集，标记且不提交")
