from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhifa.accounts.rules import is_staff_member
from zhifa.core.api.permissions import PredicatePermission
from zhifa.core.concurrency import expected_version_from
from zhifa.enforcement import selectors, services
from zhifa.enforcement.package import KIND as PACKAGE_KIND
from zhifa.enforcement.package import enforcement_package_params
from zhifa.exports.api.serializers import ExportJobSerializer
from zhifa.exports.models import ExportJob
from zhifa.exports.services import export_job_create
from zhifa.enforcement.api.serializers import (
    ActionSerializer,
    BalanceQuerySerializer,
    BalanceSerializer,
    EnforcementSerializer,
    RefundRecordSerializer,
    RefundSerializer,
    balance_data,
)

STAFF = {"read": (is_staff_member, "仅本机关工作人员可查看"), "write": (is_staff_member, "仅本机关工作人员可操作")}


class EnforcementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    """处罚决定的执行：罚款缴纳、延期分期、加处罚款、催告、申请人民法院强制执行、裁定与结案。"""

    serializer_class = EnforcementSerializer
    permission_classes = [PredicatePermission]
    permission_rules = STAFF
    filterset_fields = {"state": ["exact", "in"], "case": ["exact"]}
    ordering_fields = ["served_on", "id"]
    ordering = ["-served_on", "-id"]

    def get_queryset(self):
        return selectors.enforcement_list(user=self.request.user)

    def _respond(self, enforcement, code=status.HTTP_200_OK):
        return Response(EnforcementSerializer(self.get_queryset().get(pk=enforcement.pk),
                                              context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        enforcement = services.enforcement_open(case_id=form.validated_data["case"].pk, actor=request.user)
        return self._respond(enforcement, status.HTTP_201_CREATED)

    @extend_schema(request=ActionSerializer, responses=EnforcementSerializer,
                   summary="执行程序的一步：缴款、延期分期的申请与审批、催告、陈述申辩、申请强制执行、法院裁定、结案")
    @action(detail=True, methods=["post"])
    def actions(self, request, pk=None):
        enforcement = self.get_object()
        form = ActionSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = {k: v for k, v in form.validated_data.items() if k != "action"}
        result = services.enforcement_act(enforcement_id=enforcement.pk, actor=request.user,
                                          action=form.validated_data["action"], data=data,
                                          expected_version=expected_version_from(request))
        return self._respond(result)

    @extend_schema(parameters=[BalanceQuerySerializer], responses=BalanceSerializer,
                   summary="截至某日应缴的罚款和加处罚款（复议、诉讼期间不计）")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def balance(self, request, pk=None):
        query = BalanceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        as_of = query.validated_data.get("as_of") or timezone.localdate()
        return Response(BalanceSerializer(balance_data(self.get_object(), as_of)).data)

    @extend_schema(request=None, responses={202: ExportJobSerializer},
                   summary="生成强制执行申请材料 ZIP（申请书、决定书及送达回证、催告书、当事人意见、执行标的，带摘要的清单；后台任务）")
    @action(detail=True, methods=["post"])
    def package(self, request, pk=None):
        params = enforcement_package_params(user=request.user, enforcement_id=self.get_object().pk)
        with transaction.atomic():
            job = export_job_create(kind=PACKAGE_KIND, params=params, user=request.user)
            ExportJob.objects.filter(pk=job.pk).update(params={**params, "job": job.pk})
            job.refresh_from_db()
        body = ExportJobSerializer(job).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class RefundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """退还罚款：处罚决定经生效裁判或复议决定撤销、确认违法或无效后，当事人已缴的罚款和加处罚款。"""

    serializer_class = RefundSerializer
    permission_classes = [PredicatePermission]
    permission_rules = STAFF
    filterset_fields = {"state": ["exact", "in"], "case": ["exact"]}
    ordering_fields = ["due_on", "id"]
    ordering = ["-due_on", "-id"]

    def get_queryset(self):
        return selectors.refund_list(user=self.request.user)

    @extend_schema(request=RefundRecordSerializer, responses=RefundSerializer,
                   summary="经负责人批准退还罚款，登记退库凭证")
    @action(detail=True, methods=["post"])
    def refund(self, request, pk=None):
        refund = self.get_object()
        form = RefundRecordSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
        services.refund_record(refund_id=refund.pk, actor=request.user, on=data.get("date") or timezone.localdate(),
                               voucher_number=data["voucher_number"], note=data["note"])
        return Response(RefundSerializer(self.get_queryset().get(pk=refund.pk),
                                         context=self.get_serializer_context()).data)
