from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from zhifa.accounts.rules import is_staff_member
from zhifa.core.api.params import parse_int
from zhifa.core.api.permissions import PredicatePermission
from zhifa.core.concurrency import expected_version_from
from zhifa.exports.api.serializers import ExportJobSerializer
from zhifa.exports.models import ExportJob
from zhifa.exports.services import export_job_create
from zhifa.litigation import selectors, services
from zhifa.litigation.api.serializers import (
    CloseSerializer,
    DateSerializer,
    ExtensionSerializer,
    FrozenEvidenceSerializer,
    HearingRecordSerializer,
    HearingSerializer,
    LitigationStatisticsSerializer,
    MatterOutcomeSerializer,
    MatterSerializer,
)
from zhifa.litigation.package import KIND as PACKAGE_KIND
from zhifa.litigation.package import court_package_params, frozen_evidence

STAFF = {"read": (is_staff_member, "仅本机关工作人员可查看"), "write": (is_staff_member, "仅本机关工作人员可操作")}


class MatterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """行政复议和行政应诉案件：期限、开庭与负责人出庭、结果及撤回公示。"""

    serializer_class = MatterSerializer
    permission_classes = [PredicatePermission]
    permission_rules = STAFF
    filterset_fields = {"kind": ["exact", "in"], "state": ["exact"], "outcome": ["exact", "in"], "case": ["exact"],
                        "received_on": ["gte", "lte"]}
    ordering_fields = ["received_on", "id"]
    ordering = ["-received_on", "-id"]

    def get_queryset(self):
        return selectors.matter_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.matter_create(actor=self.request.user, advisers=data.pop("advisers", []),
                                                     officers=data.pop("officers", []), **data)

    def _respond(self, matter, code=status.HTTP_200_OK):
        return Response(MatterSerializer(self.get_queryset().get(pk=matter.pk)).data, status=code)

    @extend_schema(request=DateSerializer, responses=MatterSerializer, summary="已提交答辩状（答复）及证据、依据")
    @action(detail=True, methods=["post"])
    def response(self, request, pk=None):
        form = DateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._respond(services.matter_record_response(
            matter_id=self.get_object().pk, actor=request.user, on=form.validated_data.get("date") or timezone.localdate()))

    @extend_schema(request=HearingSerializer, responses={201: MatterSerializer}, summary="登记开庭（听证）")
    @action(detail=True, methods=["post"])
    def hearings(self, request, pk=None):
        form = HearingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        matter = self.get_object()
        services.hearing_schedule(matter_id=matter.pk, actor=request.user, **form.validated_data)
        return self._respond(matter, status.HTTP_201_CREATED)

    @extend_schema(request=HearingRecordSerializer, responses=MatterSerializer,
                   summary="记录开庭情况：负责人出庭，或委托人员及理由")
    @action(detail=True, methods=["post"], url_path=r"hearings/(?P<hearing_id>[0-9]{1,18})/record")
    def record_hearing(self, request, pk=None, hearing_id=None):
        matter = self.get_object()
        hearing = matter.hearings.filter(pk=hearing_id).first()
        if hearing is None:
            raise NotFound()
        form = HearingRecordSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        services.hearing_record(hearing_id=hearing.pk, actor=request.user, **form.validated_data)
        return self._respond(matter)

    @extend_schema(request=MatterOutcomeSerializer, responses=MatterSerializer,
                   summary="记录裁判（复议决定）结果；撤销、变更、确认违法或无效的，发生法律效力后自动撤回该决定的公示并撤销其后果")
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        matter = self.get_object()  # another agency's matter is not found, whatever the body
        form = MatterOutcomeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._respond(services.matter_record_outcome(
            matter_id=matter.pk, actor=request.user, expected_version=expected_version_from(request),
            **form.validated_data))

    @extend_schema(request=ExtensionSerializer, responses=MatterSerializer,
                   summary="复议机关延长复议决定期限（经批准，最多三十日，书面告知）")
    @action(detail=True, methods=["post"])
    def extension(self, request, pk=None):
        matter = self.get_object()  # another agency's matter is not found, whatever the body
        form = ExtensionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._respond(services.matter_record_extension(
            matter_id=matter.pk, actor=request.user, days=form.validated_data["days"],
            on=form.validated_data.get("date") or timezone.localdate()))

    @extend_schema(request=DateSerializer, responses=MatterSerializer, summary="已提起上诉")
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        form = DateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._respond(services.matter_record_appeal(
            matter_id=self.get_object().pk, actor=request.user, on=form.validated_data.get("date") or timezone.localdate()))

    @extend_schema(request=CloseSerializer, responses=MatterSerializer, summary="结案（有未按期完成的期限须说明）")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        form = CloseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._respond(services.matter_close(
            matter_id=self.get_object().pk, actor=request.user, on=form.validated_data.get("date") or timezone.localdate(),
            note=form.validated_data["note"]))

    @extend_schema(responses=FrozenEvidenceSerializer, summary="证据固定：被诉决定作出时的证据，以及其后补充（不得提交）的证据")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def evidence(self, request, pk=None):
        bundle, late = frozen_evidence(user=request.user, matter=self.get_object())
        return Response(FrozenEvidenceSerializer({"bundle": bundle, "added_after_decision": late}).data)

    @extend_schema(request=None, responses={202: ExportJobSerializer},
                   summary="生成应诉证据材料 ZIP（证据清单、证据文件、依据、带摘要的清单；后台任务）")
    @action(detail=True, methods=["post"])
    def package(self, request, pk=None):
        params = court_package_params(user=request.user, matter_id=self.get_object().pk)
        with transaction.atomic():
            job = export_job_create(kind=PACKAGE_KIND, params=params, user=request.user)
            ExportJob.objects.filter(pk=job.pk).update(params={**params, "job": job.pk})
            job.refresh_from_db()
        body = ExportJobSerializer(job).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @extend_schema(parameters=[OpenApiParameter("year", OpenApiTypes.INT)], responses=LitigationStatisticsSerializer,
                   summary="复议诉讼统计：数量、结果、胜诉率、负责人出庭率、期限遵守")
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def statistics(self, request):
        raw = request.query_params.get("year") or str(timezone.localdate().year)
        year = parse_int(raw, field="year", label="年度", minimum=1990, maximum=2200)
        return Response(LitigationStatisticsSerializer(selectors.litigation_statistics(agency_id=request.user.agency_id,
                                                                             year=year)).data)


