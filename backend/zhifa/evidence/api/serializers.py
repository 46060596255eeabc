from rest_framework import serializers

from zhifa.accounts.models import User
from zhifa.cases.choices import CaseState
from zhifa.core.api.serializers import ScopedModelSerializer, ScopedSerializer
from zhifa.evidence.choices import CustodyAction, DeviceStatus, EvidenceKind
from zhifa.evidence.models import (
    AccessEvent,
    Derivative,
    DeviceCustody,
    DisposalRequest,
    EvidenceItem,
    FixityAlarm,
    FixityCheck,
    FootageInterruption,
    RecorderDevice,
    Tombstone,
    Upload,
)


def _name(user) -> str | None:
    return (user.full_name or user.username) if user else None


class InterruptionSerializer(ScopedModelSerializer):
    class Meta:
        model = FootageInterruption
        fields = ["id", "started_at", "ended_at", "reason", "created_at"]
        read_only_fields = ["id", "created_at"]


class DerivativeSerializer(ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Derivative
        fields = ["id", "kind", "kind_display", "filename", "content_type", "size", "sha256", "note", "created_at",
                  "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        return f"/api/evidence/{obj.original_id}/derivatives/{obj.pk}/download/"


class EvidenceItemListSerializer(ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    case_number = serializers.SerializerMethodField()
    collectors = serializers.SerializerMethodField()
    uploaded_by = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    stream_url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceItem
        fields = ["id", "case", "case_number", "procedure_step", "kind", "kind_display", "title", "collected_at",
                  "collected_place", "collectors", "filename", "content_type", "size", "sha256", "device_serial",
                  "recorded_from", "recorded_to", "is_case_evidence", "retain_until", "status", "status_display",
                  "uploaded_by", "created_at", "version", "download_url", "stream_url"]
        read_only_fields = fields

    def get_case_number(self, obj) -> str:
        return obj.case.number if obj.case_id else ""

    def get_collectors(self, obj) -> list[str]:
        return [_name(c.officer) for c in obj.collectors.all()]

    def get_uploaded_by(self, obj) -> str:
        return _name(obj.created_by)

    def get_download_url(self, obj) -> str | None:
        return None if obj.status == "disposed" else f"/api/evidence/{obj.pk}/download/"

    def get_stream_url(self, obj) -> str | None:
        return None if obj.status == "disposed" else f"/api/evidence/{obj.pk}/stream/"


class EvidenceItemSerializer(EvidenceItemListSerializer):
    interruptions = InterruptionSerializer(many=True, read_only=True)
    derivatives = DerivativeSerializer(many=True, read_only=True)
    collector_ids = serializers.SerializerMethodField()
    recording_officer_name = serializers.SerializerMethodField()
    admitted_by_name = serializers.SerializerMethodField()
    custody_url = serializers.SerializerMethodField()

    class Meta(EvidenceItemListSerializer.Meta):
        fields = [*EvidenceItemListSerializer.Meta.fields, "description", "collector_ids", "device",
                  "recording_officer", "recording_officer_name", "admitted_at", "admitted_by_name", "disposed_at",
                  "interruptions", "derivatives", "custody_url"]
        read_only_fields = fields

    def get_collector_ids(self, obj) -> list[int]:
        return [c.officer_id for c in obj.collectors.all()]

    def get_recording_officer_name(self, obj) -> str | None:
        return _name(obj.recording_officer)

    def get_admitted_by_name(self, obj) -> str | None:
        return _name(obj.admitted_by)

    def get_custody_url(self, obj) -> str:
        return f"/api/evidence/{obj.pk}/custody/"


class EvidenceItemUpdateSerializer(ScopedSerializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=EvidenceKind.choices, required=False)
    procedure_step = serializers.ChoiceField(choices=CaseState.choices, required=False, allow_blank=True)
    collected_at = serializers.DateTimeField(required=False, allow_null=True)
    collected_place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    collectors = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    device = serializers.PrimaryKeyRelatedField(queryset=RecorderDevice.objects.all(), required=False, allow_null=True)
    recording_officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                                           allow_null=True)
    recorded_from = serializers.DateTimeField(required=False, allow_null=True)
    recorded_to = serializers.DateTimeField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, help_text="读取时的版本号；也可用 If-Match")


class InterruptionCreateSerializer(ScopedSerializer):
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=300)


class ReasonSerializer(ScopedSerializer):
    reason = serializers.CharField(max_length=2000)


class DecisionSerializer(ScopedSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(ScopedSerializer):
    note = serializers.CharField(max_length=2000)


class CaseFileRequestSerializer(ScopedSerializer):
    case = serializers.IntegerField(help_text="案件编号（id）")


class AccessEventSerializer(ScopedModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    user_name = serializers.SerializerMethodField()

    class Meta:
        model = AccessEvent
        fields = ["id", "at", "item", "derivative", "user", "user_name", "action", "action_display", "outcome",
                  "purpose", "reason", "byte_range", "ip", "user_agent", "request_id"]
        read_only_fields = fields

    def get_user_name(self, obj) -> str | None:
        return _name(obj.user)


class FixityCheckSerializer(ScopedModelSerializer):
    class Meta:
        model = FixityCheck
        fields = ["id", "file", "item", "trigger", "result", "expected_sha256", "found_sha256", "found_size",
                  "checked_by", "started_at", "finished_at"]
        read_only_fields = fields


class FixityAlarmSerializer(ScopedModelSerializer):
    sha256 = serializers.CharField(source="file.sha256", read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = FixityAlarm
        fields = ["id", "file", "sha256", "items", "check_run", "status", "message", "opened_at",
                  "acknowledged_by", "acknowledged_at", "note"]
        read_only_fields = fields

    def get_items(self, obj) -> list[int]:
        return list(obj.file.items.values_list("pk", flat=True))


class DisposalRequestSerializer(ScopedModelSerializer):
    item_title = serializers.CharField(source="item.title", read_only=True)
    requested_by_name = serializers.SerializerMethodField()
    decided_by_name = serializers.SerializerMethodField()

    class Meta:
        model = DisposalRequest
        fields = ["id", "item", "item_title", "reason", "requested_by", "requested_by_name", "requested_at",
                  "status", "decided_by", "decided_by_name", "decided_at", "decision_note"]
        read_only_fields = fields

    def get_requested_by_name(self, obj) -> str | None:
        return _name(obj.requested_by)

    def get_decided_by_name(self, obj) -> str | None:
        return _name(obj.decided_by)


class TombstoneSerializer(ScopedModelSerializer):
    class Meta:
        model = Tombstone
        fields = ["id", "item", "sha256", "size", "filename", "kind", "title", "case_number", "metadata", "reason",
                  "requested_by", "approved_by", "content_purged", "disposed_at"]
        read_only_fields = fields


class DeviceSerializer(ScopedModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    holder_name = serializers.SerializerMethodField()

    class Meta:
        model = RecorderDevice
        fields = ["id", "serial_number", "model", "status", "status_display", "in_service_on", "holder",
                  "holder_name", "note", "version", "created_at"]
        read_only_fields = ["id", "holder", "holder_name", "version", "created_at", "status_display"]

    def get_holder_name(self, obj) -> str | None:
        return _name(obj.holder)


class CustodySerializer(ScopedModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    holder_name = serializers.SerializerMethodField()
    recorded_by_name = serializers.SerializerMethodField()

    class Meta:
        model = DeviceCustody
        fields = ["id", "device", "action", "action_display", "holder", "holder_name", "occurred_at",
                  "recorded_by", "recorded_by_name", "note", "created_at"]
        read_only_fields = ["id", "device", "action_display", "holder_name", "recorded_by", "recorded_by_name",
                            "created_at"]

    def get_holder_name(self, obj) -> str | None:
        return _name(obj.holder)

    def get_recorded_by_name(self, obj) -> str | None:
        return _name(obj.recorded_by)


class CustodyCreateSerializer(ScopedSerializer):
    action = serializers.ChoiceField(choices=CustodyAction.choices)
    holder = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    occurred_at = serializers.DateTimeField(required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DeviceWriteSerializer(ScopedSerializer):
    serial_number = serializers.CharField(max_length=60)
    model = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=DeviceStatus.choices, required=False, default=DeviceStatus.IN_SERVICE)
    in_service_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class UploadSerializer(ScopedModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Upload
        fields = ["id", "url", "filename", "case", "kind", "derivative_of", "derivative_kind", "length", "offset",
                  "status", "status_display", "declared_sha256", "sha256", "content_type", "error_code", "error",
                  "item", "derivative", "created_at", "completed_at", "finished_at", "expires_at"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return f"/api/evidence/uploads/{obj.uid}/"

