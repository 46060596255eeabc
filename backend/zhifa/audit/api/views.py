from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from zhifa.audit.api.serializers import HistoryEventSerializer
from zhifa.audit.selectors import object_history, user_names
from zhifa.core.confidential import redact


class HistoryActionMixin:
    """Adds GET …/{id}/history/ to a viewset: the object's change history, visible to whoever may see it."""

    @extend_schema(responses=HistoryEventSerializer(many=True), summary="变更历史")
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None, filter_backends=[])
    def history(self, request, pk=None):
        obj = self.get_object()
        events = list(object_history(obj=obj))
        data = HistoryEventSerializer(events, many=True, context={"user_names": user_names(events)}).data
        # Each row holds every field, confidential ones too: emptied for a reader outside their audience.
        return Response(redact(data, user=request.user, subject=obj))
