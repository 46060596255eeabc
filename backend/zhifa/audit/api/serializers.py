from rest_framework import serializers

from zhifa.core.api.serializers import ScopedSerializer


class HistoryEventSerializer(ScopedSerializer):
    id = serializers.CharField(source="pgh_slug")
    at = serializers.DateTimeField(source="pgh_created_at")
    label = serializers.CharField(source="pgh_label", help_text="insert / update / delete")
    data = serializers.JSONField(source="pgh_data", help_text="该事件后的字段值")
    diff = serializers.JSONField(source="pgh_diff", allow_null=True, help_text="改动的字段：[旧值, 新值]")
    context = serializers.JSONField(source="pgh_context", allow_null=True,
                                    help_text="操作人、请求编号、IP、来源（api/admin/task）")
    user_name = serializers.SerializerMethodField(help_text="操作人姓名")

    def get_user_name(self, obj) -> str | None:
        user = (obj.pgh_context or {}).get("user") if isinstance(obj.pgh_context, dict) else None
        return self.context.get("user_names", {}).get(user)
