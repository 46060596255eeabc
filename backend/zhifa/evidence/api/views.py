from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from zhifa.accounts.rules import is_staff_member
from zhifa.core.api.pagination import LargeListPagination, StandardPagination
from zhifa.core.api.permissions import PredicatePermission
from zhifa.core.concurrency import expected_version_from
from zhifa.core.exceptions import ApplicationError
from zhifa.evidence import fixity, selectors, services
from zhifa.evidence.access import access_record
from zhifa.evidence.api import files
from zhifa.evidence.api.serializers import (
    AccessEventSerializer,
    CaseFileRequestSerializer,
    CustodyCreateSerializer,
    CustodySerializer,
    DecisionSerializer,
    DerivativeSerializer,
    DeviceSerializer,
    DeviceWriteSerializer,
    DisposalRequestSerializer,
    EvidenceItemListSerializer,
    EvidenceItemSerializer,
    EvidenceItemUpdateSerializer,
    FixityAlarmSerializer,
    FixityCheckSerializer,
    InterruptionCreateSerializer,
    InterruptionSerializer,
    NoteSerializer,
    ReasonSerializer,
    TombstoneSerializer,
)
from zhifa.evidence.choices import AccessAction, AccessOutcome, FixityTrigger, ItemStatus
from zhifa.evidence.custody import custody_report, custody_report_pdf
from zhifa.evidence.filtersets import AccessEventFilterSet, EvidenceItemFilterSet
from zhifa.evidence.models import Derivative
from zhifa.evidence.rules import can_handle_alarms, can_see_devices, can_use_evidence
from zhifa.exports.http import content_disposition

PURPOSE = OpenApiParameter("purpose", OpenApiTypes.STR, required=False,
                           description="调阅用途，记入访问日志（也可用 X-Access-Purpose 请求头，中文须百分号编码）")
IF_MATCH = OpenApiParameter("If-Match", location=OpenApiParameter.HEADER, required=False,
                            description="读取时的版本号（ETag）；与当前版本不符时返回 409")
RANGE = OpenApiParameter("Range", location=OpenApiParameter.HEADER, required=False,
                         description="bytes=起-止，返回 206 及该段内容")
# The file goes out with its own media type (sniffed at ingest: video/mp4, image/jpeg, ...), hence */*.
BINARY = {(200, "application/octet-stream"): OpenApiTypes.BINARY, (200, "*/*"): OpenApiTypes.BINARY,
          (206, "application/octet-stream"): OpenApiResponse(description="所请求的字节范围"),
          416: OpenApiResponse(description="字节范围无法满足")}
EVIDENCE_RULES = {
    "read": (can_use_evidence, "仅本案承办科室的执法人员、法制审核人员和负责人可以查看证据"),
    "write": (can_use_evidence, "仅本案承办科室的执法人员、法制审核人员和负责人可以处理证据"),
}
# Which access a refused request on a detail route was trying to make.
ACTION_OF = {"retrieve": AccessAction.VIEW, "stream": AccessAction.STREAM, "download": AccessAction.DOWNLOAD,
             "derivative_download": AccessAction.DOWNLOAD, "custody": AccessAction.REPORT,
             "custody_pdf": AccessAction.REPORT, "verify": AccessAction.VERIFY, "accesses": AccessAction.REPORT}


class AnyAccept(DefaultContentNegotiation):
    """File endpoints answer with the file whatever Accept says (a <video> element asks for video/*)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class RefusalsLogged:
    """Every refused access to evidence is written to the access log before the refusal goes out."""

    def initial(self, request, *args, **kwargs):
        try:
            super().initial(request, *args, **kwargs)
        except (exceptions.NotAuthenticated, exceptions.AuthenticationFailed, exceptions.PermissionDenied) as exc:
            self.log_refusal(request, reason=str(exc.detail))
            raise

    def log_refusal(self, request, *, reason: str, item=None, derivative=None):
        if item is None and self.kwargs.get("pk") is not None:
            item = selectors.item_any(self.kwargs["pk"])
        access_record(action=ACTION_OF.get(getattr(self, "action", None), AccessAction.VIEW), user=request.user,
                      item=item, derivative=derivative, request=request, outcome=AccessOutcome.REFUSED,
                      reason=reason)


class EvidenceItemViewSet(RefusalsLogged, mixins.ListModelMixin, viewsets.GenericViewSet):
    """证据：案件证据与执法记录仪视音频。上传用 tus 协议：/api/evidence/uploads/。

    每一次查看、播放、下载、导出和调阅保管链报告都记入访问日志（含被拒绝的访问）。"""

    permission_classes = [PredicatePermission]
    permission_rules = EVIDENCE_RULES
    filterset_class = EvidenceItemFilterSet
    pagination_class = LargeListPagination
    ordering_fields = ["id", "collected_at", "created_at", "size"]
    lookup_value_regex = r"[0-9]{1,18}"  # ASCII digits that fit a bigint: anything else is a 404, not a 500
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.item_list(user=self.request.user)
        return selectors.item_detail_queryset(user=self.request.user)

    def get_serializer_class(self):
        return EvidenceItemListSerializer if self.action == "list" else EvidenceItemSerializer

    def item(self):
        """The detail route's item; a request for one the user may not see is logged, then 404."""
        item = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if item is None:
            target = selectors.item_any(self.kwargs["pk"])
            if target is not None:
                self.log_refusal(self.request, item=target, reason="无权查看该证据")
            raise exceptions.NotFound()
        return item

    def content_item(self):
        """The item whose bytes are asked for: 410 once it has been disposed of (the refusal is logged)."""
        item = self.item()
        if item.status == ItemStatus.DISPOSED:
            self.log_refusal(self.request, item=item, reason="证据已销毁")
            raise ApplicationError("该证据已依法销毁，原始文件不再提供。", "The item has been disposed of.",
                                   code="disposed", status=410)
        return item

    def detail_body(self, item):
        return EvidenceItemSerializer(item, context=self.get_serializer_context()).data

    @extend_schema(parameters=[PURPOSE], summary="证据详情（记入访问日志）")
    def retrieve(self, request, pk=None):
        item = self.item()
        access_record(action=AccessAction.VIEW, user=request.user, item=item, request=request)
        response = Response(self.detail_body(item))
        response["ETag"] = f'"{item.version}"'
        return response

    @extend_schema(request=EvidenceItemUpdateSerializer, responses=EvidenceItemSerializer, parameters=[IF_MATCH],
                   summary="修改证据信息（不改变原始文件）")
    def partial_update(self, request, pk=None):
        item = self.item()
        form = EvidenceItemUpdateSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        data.pop("version", None)
        item = services.item_update(item_id=item.pk, actor=request.user,
                                    expected_version=expected_version_from(request), **data)
        return Response(self.detail_body(self.get_queryset().get(pk=item.pk)))

    def _send(self, request, item, *, inline: bool, action_name: str, derivative: Derivative | None = None):
        target = derivative or item
        byte_range = files.wanted_range(request, size=target.size, sha256=target.sha256)
        access_record(action=action_name, user=request.user, item=item, derivative=derivative, request=request,
                      byte_range=files.describe(byte_range, target.size))
        return files.file_response(request, storage_name=target.file.storage_name, size=target.size,
                                   sha256=target.sha256, filename=target.filename, content_type=target.content_type,
                                   inline=inline, byte_range=byte_range)

    @extend_schema(parameters=[PURPOSE, RANGE], responses=BINARY, summary="在线播放（支持 Range，记入访问日志）")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None,
            content_negotiation_class=AnyAccept)
    def stream(self, request, pk=None):
        item = self.content_item()
        return self._send(request, item, inline=True, action_name=AccessAction.STREAM)

    @extend_schema(parameters=[PURPOSE, RANGE], responses=BINARY,
                   summary="下载原始文件（原文件名；ETag、Repr-Digest 为 SHA-256；支持 Range；记入访问日志）")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None,
            content_negotiation_class=AnyAccept)
    def download(self, request, pk=None):
        item = self.content_item()
        return self._send(request, item, inline=False, action_name=AccessAction.DOWNLOAD)

    @extend_schema(parameters=[PURPOSE, RANGE], responses=BINARY, summary="下载衍生文件（遮蔽件、转码件等）")
    @action(detail=True, methods=["get"], url_path=r"derivatives/(?P<derivative_id>[0-9]{1,18})/download",
            filter_backends=[], pagination_class=None, content_negotiation_class=AnyAccept)
    def derivative_download(self, request, pk=None, derivative_id=None):
        item = self.item()
        derivative = item.derivatives.select_related("file").filter(pk=derivative_id).first()
        if derivative is None:
            raise exceptions.NotFound()
        if derivative.file.purged_at is not None:
            self.log_refusal(request, item=item, derivative=derivative, reason="文件已销毁")
            raise ApplicationError("该文件已销毁。", "The file has been disposed of.", code="disposed", status=410)
        return self._send(request, item, inline=False, action_name=AccessAction.DOWNLOAD, derivative=derivative)

    @extend_schema(parameters=[PURPOSE], responses=OpenApiTypes.OBJECT,
                   summary="证据保管链报告（收集、上传、摘要、存储、校验、每一次访问、衍生文件），JSON")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def custody(self, request, pk=None):
        item = self.item()
        access_record(action=AccessAction.REPORT, user=request.user, item=item, request=request)
        return Response(custody_report(item=item))

    @extend_schema(parameters=[PURPOSE], responses={(200, "application/pdf"): OpenApiTypes.BINARY},
                   summary="证据保管链报告，PDF")
    @action(detail=True, methods=["get"], url_path="custody/pdf", filter_backends=[], pagination_class=None,
            content_negotiation_class=AnyAccept)
    def custody_pdf(self, request, pk=None):
        item = self.item()
        access_record(action=AccessAction.REPORT, user=request.user, item=item, request=request)
        report = custody_report(item=item)
        response = HttpResponse(custody_report_pdf(report=report), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(f"证据保管链报告-{item.pk}-{item.title}.pdf",
                                                              fallback=f"custody-{item.pk}.pdf")
        response["X-Report-SHA256"] = report["report_sha256"]
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(responses=AccessEventSerializer(many=True), summary="本证据的访问日志")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def accesses(self, request, pk=None):
        item = self.item()
        return Response(AccessEventSerializer(selectors.item_accesses(item=item), many=True).data)

    @extend_schema(request=None, responses={200: FixityCheckSerializer, 202: OpenApiResponse(description="已排队校验")},
                   summary="立即校验原始文件的完整性（重新计算 SHA-256）")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def verify(self, request, pk=None):
        item = self.content_item()
        access_record(action=AccessAction.VERIFY, user=request.user, item=item, request=request)
        if item.size > settings.EVIDENCE_VERIFY_SYNC_MAX_BYTES:
            from zhifa.evidence.tasks import verify_file

            verify_file.delay(item.file_id, item.pk, request.user.pk)
            return Response({"status": "queued", "detail": "文件较大，已安排校验，结果见保管链报告与告警。"},
                            status=status.HTTP_202_ACCEPTED)
        check = fixity.fixity_check(file_id=item.file_id, trigger=FixityTrigger.MANUAL, actor=request.user, item=item)
        return Response(FixityCheckSerializer(check).data)

    @extend_schema(request=None, responses=EvidenceItemSerializer, parameters=[IF_MATCH],
                   summary="列为定案证据（此后永久保存）")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def admit(self, request, pk=None):
        item = services.item_admit(item_id=self.item().pk, actor=request.user,
                                   expected_version=expected_version_from(request))
        return Response(self.detail_body(self.get_queryset().get(pk=item.pk)))

    @extend_schema(request=InterruptionCreateSerializer, responses={201: InterruptionSerializer},
                   summary="登记录制中断及其原因")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def interruptions(self, request, pk=None):
        form = InterruptionCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        interruption = services.interruption_add(item_id=self.item().pk, actor=request.user, **form.validated_data)
        return Response(InterruptionSerializer(interruption).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses={201: DisposalRequestSerializer},
                   summary="申请销毁（保存期限已满、未作为定案证据的证据；须负责人审批）")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def disposal(self, request, pk=None):
        form = ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        disposal = services.disposal_request(item_id=self.item().pk, actor=request.user,
                                             reason=form.validated_data["reason"])
        return Response(DisposalRequestSerializer(disposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=DerivativeSerializer(many=True), summary="衍生文件（遮蔽件、转码件等）")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def derivatives(self, request, pk=None):
        return Response(DerivativeSerializer(self.item().derivatives.order_by("id"), many=True).data)


class DisposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """证据销毁申请：负责人（非申请人）审批；批准后删除原始文件并留存销毁记录。"""

    serializer_class = DisposalRequestSerializer
    permission_classes = [PredicatePermission]
    permission_rules = EVIDENCE_RULES
    pagination_class = StandardPagination
    filterset_fields = ["status", "item"]
    ordering_fields = ["id", "requested_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.disposal_list(user=self.request.user)

    def _decide(self, request, approve: bool):
        form = DecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        decided = services.disposal_decide(request_id=self.get_object().pk, actor=request.user, approve=approve,
                                           note=form.validated_data["note"])
        return Response(DisposalRequestSerializer(decided).data)

    @extend_schema(request=DecisionSerializer, responses=DisposalRequestSerializer, summary="批准销毁")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, True)

    @extend_schema(request=DecisionSerializer, responses=DisposalRequestSerializer, summary="不予批准")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, False)


class TombstoneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """证据销毁记录（墓碑）：摘要、信息快照、申请人、批准人和理由。"""

    serializer_class = TombstoneSerializer
    permission_classes = [PredicatePermission]
    permission_rules = EVIDENCE_RULES
    pagination_class = StandardPagination
    ordering_fields = ["id", "disposed_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.tombstone_list(user=self.request.user)


class AlarmViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """完整性告警：原始文件被改动或缺失。"""

    serializer_class = FixityAlarmSerializer
    permission_classes = [PredicatePermission]
    permission_rules = {"read": (can_handle_alarms, "仅负责人或系统管理员可查看完整性告警"),
                        "write": (can_handle_alarms, "仅负责人或系统管理员可处理完整性告警")}
    pagination_class = StandardPagination
    filterset_fields = ["status"]
    ordering_fields = ["id"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.alarm_list(user=self.request.user)

    @extend_schema(request=NoteSerializer, responses=FixityAlarmSerializer, summary="登记告警处理情况")
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        form = NoteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        alarm = fixity.alarm_acknowledge(alarm_id=self.get_object().pk, actor=request.user,
                                         note=form.validated_data["note"])
        return Response(FixityAlarmSerializer(alarm).data)


class AccessLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """本机关的证据访问日志（负责人）。只增不改。"""

    serializer_class = AccessEventSerializer
    permission_classes = [PredicatePermission]
    permission_rules = {"read": (can_use_evidence, "仅负责人可查看证据访问日志")}
    filterset_class = AccessEventFilterSet
    pagination_class = LargeListPagination
    ordering_fields = ["id"]

    def get_queryset(self):
        return selectors.access_log(user=self.request.user)


class DeviceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """执法记录仪及其领用、归还台账。"""

    serializer_class = DeviceSerializer
    permission_classes = [PredicatePermission]
    permission_rules = {"read": (can_see_devices, "仅本机关工作人员可查看"),
                        "write": (is_staff_member, "仅本机关工作人员可登记")}
    pagination_class = StandardPagination
    filterset_fields = ["status", "holder"]
    ordering_fields = ["serial_number", "id"]
    ordering = ["serial_number"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.device_list(user=self.request.user)

    @extend_schema(request=DeviceWriteSerializer, responses={201: DeviceSerializer}, summary="登记执法记录仪")
    def create(self, request):
        form = DeviceWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        device = services.device_create(actor=request.user, **form.validated_data)
        return Response(DeviceSerializer(device).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeviceWriteSerializer, responses=DeviceSerializer, parameters=[IF_MATCH],
                   summary="修改执法记录仪信息")
    def partial_update(self, request, pk=None):
        form = DeviceWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        changes = {k: v for k, v in form.validated_data.items() if k in request.data}
        device = services.device_update(device_id=self.get_object().pk, actor=request.user,
                                        expected_version=expected_version_from(request), **changes)
        return Response(DeviceSerializer(device).data)

    @extend_schema(methods=["get"], responses=CustodySerializer(many=True), summary="领用、归还台账")
    @extend_schema(methods=["post"], request=CustodyCreateSerializer, responses={201: CustodySerializer},
                   summary="登记领用或归还")
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def custody(self, request, pk=None):
        device = self.get_object()
        if request.method == "GET":
            return Response(CustodySerializer(selectors.device_custody(device=device), many=True).data)
        form = CustodyCreateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        entry = services.device_custody_record(device_id=device.pk, actor=request.user, **form.validated_data)
        return Response(CustodySerializer(entry).data, status=status.HTTP_201_CREATED)


class CaseFileViewSet(viewsets.ViewSet):
    """案件卷宗（ZIP）：文书、证据原件、清单（文件、种类、大小、SHA-256）及其摘要、案件历史；后台生成。"""

    permission_classes = [PredicatePermission]
    permission_rules = {"write": (can_use_evidence, "仅本案承办科室、法制审核人员和负责人可以导出案件卷宗")}

    @extend_schema(request=CaseFileRequestSerializer, responses={202: OpenApiTypes.OBJECT},
                   summary="生成案件卷宗 ZIP（后台任务；进度与下载见 /api/exports/{id}/）")
    def create(self, request):
        from zhifa.evidence.casefile import KIND, case_file_params
        from zhifa.exports.api.serializers import ExportJobSerializer
        from zhifa.exports.models import ExportJob
        from zhifa.exports.services import export_job_create

        form = CaseFileRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        params = case_file_params(user=request.user, case_id=form.validated_data["case"])
        with transaction.atomic():
            job = export_job_create(kind=KIND, params=params, user=request.user)
            ExportJob.objects.filter(pk=job.pk).update(params={**params, "job": job.pk})
            job.refresh_from_db()
        body = ExportJobSerializer(job).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

