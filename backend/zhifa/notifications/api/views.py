from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zhifa.core.api.serializers import ScopedModelSerializer
from zhifa.notifications.models import Notification
from zhifa.notifications.services import notification_mark_read


class NotificationSerializer(ScopedModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "message", "link", "due_on", "created_at", "read_at"]


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """我的提醒。"""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = {"kind": ["exact"], "read_at": ["isnull"]}
    ordering = ["-id"]

    def get_queryset(self):
        return Notification.objects.filter(recipient_id=self.request.user.pk)

    @extend_schema(request=None, responses=NotificationSerializer, summary="标记为已读")
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        return Response(NotificationSerializer(notification_mark_read(notification=self.get_object())).data)
