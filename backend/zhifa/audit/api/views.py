from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from zhifa.audit.api.serializers import HistoryEventSerializer
from zhifa.audit.selectors import object_history, user_names


class HistoryActionMixin:
    """Adds GET …/{id}/history/ to a viewset: the object's change history, visible to whoever may see it."""

    @extend_schema(responses=HistoryEventSerializer(many=True), summary="变更历史")
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None, filter_backends=[])
    def history(self, request, pk=None):
        events = list(object_history(obj=self.get_object()))
        return Response(HistoryEventSerializer(events, many=True, context={"user_names": user_names(events)}).data)
