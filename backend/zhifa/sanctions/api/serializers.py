from rest_framework import serializers

from zhifa.cases.models import Case
from zhifa.core.api.serializers import DeadlineStatusMixin, ScopedModelSerializer, ScopedSerializer
from zhifa.sanctions.choices import StopOrderAction
from zhifa.sanctions.models import CreditListing, SanctionDeadline, StopOrder


class SanctionDeadlineSerializer(DeadlineStatusMixin, ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = SanctionDeadline
        fields = ["id", "kind", "kind_display", "basis", "start_date", "due_date", "remind_on", "provisional",
                  "met_on", "status", "days_left"]


class StopOrderSerializer(ScopedModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())
    case_number = serializers.CharField(source="case.number", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", default=None, read_only=True)
    deadlines = SanctionDeadlineSerializer(many=True, read_only=True)
    sealed_on = serializers.DateField()
    sealed_items = serializers.CharField(max_length=2000)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()

    class Meta:
        model = StopOrder
        fields = ["id", "case", "case_number", "organisation", "organisation_name", "basis", "starts_on", "ends_on",
                  "sealed_on", "sealed_items", "sealing_number", "report_received_on", "report_summary",
                  "lifted_on", "lifting_number", "undone_on", "undone_reason", "deadlines", "created_at"]
        read_only_fields = [f for f in fields if f not in {"case", "sealed_on", "sealed_items", "starts_on",
                                                              "ends_on"}]


class StopOrderActionSerializer(ScopedSerializer):
    action = serializers.ChoiceField(choices=StopOrderAction.choices)
    date = serializers.DateField()
    summary = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CreditListingSerializer(ScopedModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())
    case_number = serializers.CharField(source="case.number", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    listed_on = serializers.DateField()

    class Meta:
        model = CreditListing
        fields = ["id", "case", "case_number", "organisation", "organisation_name", "listed_on", "basis",
                  "decision_number", "removed_on", "removal_reason", "created_at"]
        read_only_fields = [f for f in fields if f not in {"case", "listed_on"}]
