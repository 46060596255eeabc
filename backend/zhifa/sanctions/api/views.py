from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhifa.accounts.rules import is_staff_member
from zhifa.core.api.permissions import PredicatePermission
from zhifa.sanctions import selectors, services
from zhifa.sanctions.api.serializers import CreditListingSerializer, StopOrderActionSerializer, StopOrderSerializer

STAFF = {"read": (is_staff_member, "仅本机关工作人员可查看"), "write": (is_staff_member, "仅本机关工作人员可操作")}


class StopOrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """限期停止活动的执行：封存登记证书、印章和财务凭证，停止活动期限，整改报告，期限届满解除封存。"""

    serializer_class = StopOrderSerializer
    permission_classes = [PredicatePermission]
    permission_rules = STAFF
    filterset_fields = {"case": ["exact"]}
    ordering_fields = ["ends_on", "id"]
    ordering = ["-sealed_on", "-id"]

    def get_queryset(self):
        return selectors.stop_order_list(user=self.request.user)

    def _respond(self, order, code=status.HTTP_200_OK):
        return Response(StopOrderSerializer(self.get_queryset().get(pk=order.pk),
                                            context=self.get_serializer_context()).data, status=code)

    @extend_schema(summary="登记封存（处罚决定书送达后）")
    def create(self, request, *args, **kwargs):
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        order = services.stop_order_seal(case_id=data["case"].pk, actor=request.user, sealed_on=data["sealed_on"],
                                         items=data["sealed_items"], starts_on=data["starts_on"],
                                         ends_on=data["ends_on"])
        return self._respond(order, status.HTTP_201_CREATED)

    @extend_schema(request=StopOrderActionSerializer, responses=StopOrderSerializer,
                   summary="收到整改报告，或期限届满解除封存")
    @action(detail=True, methods=["post"])
    def actions(self, request, pk=None):
        order = self.get_object()
        form = StopOrderActionSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
        result = services.stop_order_act(order_id=order.pk, actor=request.user, action=data["action"],
                                         on=data["date"], summary=data["summary"])
        return self._respond(result)


class CreditListingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                           viewsets.GenericViewSet):
    """严重违法失信名单：被撤销登记的社会组织，列入日期、依据和处罚决定；决定被撤销、确认违法或无效时移出。"""

    serializer_class = CreditListingSerializer
    permission_classes = [PredicatePermission]
    permission_rules = STAFF
    filterset_fields = {"case": ["exact"], "organisation": ["exact"]}
    ordering_fields = ["listed_on", "id"]
    ordering = ["-listed_on", "-id"]

    def get_queryset(self):
        return selectors.credit_listing_list(user=self.request.user)

    @extend_schema(summary="撤销登记决定送达后，将该社会组织列入严重违法失信名单")
    def create(self, request, *args, **kwargs):
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        listing = services.credit_listing_create(case_id=form.validated_data["case"].pk, actor=request.user,
                                                 on=form.validated_data["listed_on"])
        return Response(CreditListingSerializer(self.get_queryset().get(pk=listing.pk),
                                                context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)
