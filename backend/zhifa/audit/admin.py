from django.contrib import admin

from zhifa.audit.models import HistorySeal


@admin.register(HistorySeal)
class HistorySealAdmin(admin.ModelAdmin):
    list_display = ["id", "event_table", "event_id", "row_hash", "sealed_at"]
    list_filter = ["event_table"]

    # Seals are append-only; the admin can only look.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
