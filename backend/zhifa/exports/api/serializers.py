from rest_framework import serializers

from zhifa.core.api.serializers import ScopedModelSerializer
from zhifa.exports.choices import ExportStatus
from zhifa.exports.models import ExportJob


class ExportJobSerializer(ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = ["id", "kind", "kind_display", "status", "status_display", "progress", "row_count", "total",
                  "filename", "size", "sha256", "error", "params", "created_at", "started_at", "finished_at",
                  "url", "download_url"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return f"/api/exports/{obj.pk}/"

    def get_download_url(self, obj) -> str | None:
        return f"/api/exports/{obj.pk}/download/" if obj.status == ExportStatus.DONE else None
