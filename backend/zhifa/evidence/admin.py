from django.contrib import admin

from zhifa.core.admin import register_read_only
from zhifa.evidence.models import (
    AccessEvent,
    Collector,
    Derivative,
    DeviceCustody,
    DisposalRequest,
    EvidenceItem,
    FixityAlarm,
    FixityCheck,
    FootageInterruption,
    RecorderDevice,
    StoredFile,
    Tombstone,
    Upload,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence changes only through the API's services, which keep the custody record; the admin shows."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecorderDevice)
class RecorderDeviceAdmin(ReadOnlyAdmin):
    list_display = ["serial_number", "model", "status", "holder", "in_service_on"]
    list_filter = ["status", "agency"]


@admin.register(DeviceCustody)
class DeviceCustodyAdmin(ReadOnlyAdmin):
    list_display = ["device", "action", "holder", "occurred_at", "recorded_by"]


@admin.register(EvidenceItem)
class EvidenceItemAdmin(ReadOnlyAdmin):
    list_display = ["id", "title", "kind", "case", "size", "sha256", "is_case_evidence", "status", "created_at"]
    list_filter = ["kind", "status", "is_case_evidence"]
    search_fields = ["title", "sha256", "filename"]


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    list_display = ["sha256", "size", "content_type", "last_checked_at", "last_result", "purged_at"]


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdmin):
    list_display = ["uid", "filename", "created_by", "length", "offset", "status", "error_code", "created_at"]
    list_filter = ["status"]


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "outcome", "item", "purpose", "ip"]
    list_filter = ["action", "outcome"]


@admin.register(FixityCheck)
class FixityCheckAdmin(ReadOnlyAdmin):
    list_display = ["finished_at", "file", "trigger", "result"]
    list_filter = ["result", "trigger"]


@admin.register(FixityAlarm)
class FixityAlarmAdmin(ReadOnlyAdmin):
    list_display = ["opened_at", "file", "status", "message"]


@admin.register(DisposalRequest)
class DisposalRequestAdmin(ReadOnlyAdmin):
    list_display = ["item", "requested_by", "requested_at", "status", "decided_by"]


@admin.register(Tombstone)
class TombstoneAdmin(ReadOnlyAdmin):
    list_display = ["disposed_at", "title", "sha256", "approved_by", "content_purged"]

# Written only through the workflow; shown read-only.
register_read_only(Collector, FootageInterruption, Derivative)
