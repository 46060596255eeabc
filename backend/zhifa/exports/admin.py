from django.contrib import admin

from zhifa.exports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Jobs are made by the API and the workers; the admin shows them read-only."""

    list_display = ["id", "kind", "status", "progress", "row_count", "requested_by", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
