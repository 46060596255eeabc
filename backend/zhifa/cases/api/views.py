from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from zhifa.accounts.rules import is_staff_member
from zhifa.audit.api.views import HistoryActionMixin
from zhifa.cases import selectors, services
from zhifa.cases.api.serializers import (
    CaseDeadlineSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    CaseStatisticsSerializer,
    CaseWriteSerializer,
    DocumentSerializer,
    DueDeadlineSerializer,
    ExecutionSerializer,
    FlagMajorSerializer,
    InvestigativeRecordSerializer,
    PreservationResolveSerializer,
    PreservationSerializer,
    RecusalSerializer,
    StatementSerializer,
    TimelineEventSerializer,
    TransitionSerializer,
    ViolationGroundCatalogueSerializer,
)
from zhifa.cases.filtersets import CaseFilterSet
from zhifa.cases.models import Preservation, ViolationGround
from zhifa.cases.pdf import PDF_CONTENT_TYPE, document_pdf_filename, document_pdf_make, document_pdf_open
from zhifa.cases.rules import can_create_case, can_manage_catalogue
from zhifa.core.api.pagination import LargeListPagination
from zhifa.core.api.params import parse_int
from zhifa.core.api.permissions import PredicatePermission
from zhifa.core.api.versioning import VersionETagMixin
from zhifa.core.concurrency import expected_version_from
from zhifa.core.confidential import redaction_for
from zhifa.registry.choices import OrganisationType
from zhifa.core.exceptions import InvalidInput, PermissionRefused
from zhifa.exports.api.serializers import ExportJobSerializer
from zhifa.exports.api.views import EXPORT_FORMAT, FormatIsTheFileType, case_ledger_export
from zhifa.exports.http import file_download

IF_MATCH = OpenApiParameter("If-Match", location=OpenApiParameter.HEADER, required=False,
                            description="读取时的版本号（ETag）；与当前版本不符时返回 409")
CASE_RULES = {
    "read": (is_staff_member, "仅本机关工作人员可查看案件"),
    "create": (can_create_case, "登记线索须为持有效执法证的执法人员"),
    # Object-level rules for the rest are applied in the services, which know the case's state.
    "write": (is_staff_member, "仅本机关工作人员可办理案件"),
}


class CaseViewSet(VersionETagMixin, HistoryActionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """行政处罚案件：从线索登记到归档。程序推进用 POST /api/cases/{id}/transitions/。"""

    permission_classes = [PredicatePermission]
    permission_rules = CASE_RULES
    filterset_class = CaseFilterSet
    pagination_class = LargeListPagination
    ordering_fields = ["id", "received_on", "filed_on", "decided_on", "number_sequence", "state"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.case_list_page(user=self.request.user)
        return selectors.case_detail_queryset(user=self.request.user)

    def get_serializer_class(self):
        return {"list": CaseListSerializer, "create": CaseWriteSerializer,
                "partial_update": CaseWriteSerializer}.get(self.action, CaseDetailSerializer)

    @extend_schema(request=CaseWriteSerializer, responses={201: CaseDetailSerializer}, summary="登记线索")
    def create(self, request, *args, **kwargs):
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        case = services.case_create(actor=request.user, **form.validated_data)
        return Response(self._detail(case), status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseWriteSerializer, responses=CaseDetailSerializer, parameters=[IF_MATCH],
                   summary="修改案件信息（调查终结前）")
    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        form = self.get_serializer(case, data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        case = services.case_update(case_id=case.pk, actor=request.user,
                                    expected_version=expected_version_from(request), **form.validated_data)
        return Response(self._detail(case))

    def _detail(self, case):
        case = self.get_queryset().get(pk=case.pk)
        return CaseDetailSerializer(case, context=self.get_serializer_context()).data

    @extend_schema(request=TransitionSerializer, responses=CaseDetailSerializer, parameters=[IF_MATCH],
                   summary="推进办案程序（立案、调查、审核、告知、听证、决定、送达、执行、结案、归档、撤案、移送）")
    @action(detail=True, methods=["post"], filter_backends=[])
    def transitions(self, request, pk=None):
        case = self.get_object()
        form = TransitionSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = {k: v for k, v in form.validated_data.items() if k not in ("action", "version")}
        case = services.case_transition(case_id=case.pk, actor=request.user, action=form.validated_data["action"],
                                        data=data, expected_version=expected_version_from(request))
        return Response(self._detail(case))

    @extend_schema(responses=TimelineEventSerializer(many=True), summary="案件时间线")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        return Response(TimelineEventSerializer(selectors.case_timeline(case=self.get_object()), many=True,
                                                context=self.get_serializer_context()).data)

    @extend_schema(responses=CaseDeadlineSerializer(many=True), summary="法定期限及其状态")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def deadlines(self, request, pk=None):
        return Response(CaseDeadlineSerializer(selectors.case_deadlines(case=self.get_object()), many=True).data)

    @extend_schema(methods=["get"], responses=DocumentSerializer(many=True), summary="案件文书")
    @extend_schema(methods=["post"], request=InvestigativeRecordSerializer, responses={201: DocumentSerializer},
                   summary="制作询问笔录或现场检查笔录（至少2名执法人员）")
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def documents(self, request, pk=None):
        case = self.get_object()
        if request.method == "GET":
            return Response(DocumentSerializer(selectors.case_documents(case=case), many=True,
                                               context=self.get_serializer_context()).data)
        form = InvestigativeRecordSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
        document = services.investigative_record_create(
            case_id=case.pk, actor=request.user, kind=data["kind"], officers=data["officers"],
            on=data.get("date") or timezone.localdate(),
            content={"place": data["place"], "subject": data["subject"], "record": data["record"]},
        )
        return Response(DocumentSerializer(document, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=StatementSerializer, responses=CaseDetailSerializer, summary="记录陈述申辩及复核")
    @action(detail=True, methods=["post"], filter_backends=[])
    def statement(self, request, pk=None):
        form = StatementSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        case = services.case_record_statement(
            case_id=self.get_object().pk, actor=request.user, status=data["status"], summary=data["summary"],
            on=data.get("date") or timezone.localdate(), notice_waived=data["notice_waived"],
            hearing_declined=data["hearing_declined"],
            expected_version=expected_version_from(request))
        return Response(self._detail(case))

    @extend_schema(request=ExecutionSerializer, responses=CaseDetailSerializer,
                   summary="记录执行情况（收缴证书印章、公告作废、缴纳罚款）")
    @action(detail=True, methods=["post"], filter_backends=[])
    def execution(self, request, pk=None):
        form = ExecutionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        on = data.pop("date", None) or timezone.localdate()
        case = services.case_record_execution(case_id=self.get_object().pk, actor=request.user, on=on,
                                              expected_version=expected_version_from(request), **data)
        return Response(self._detail(case))

    @extend_schema(request=FlagMajorSerializer, responses=CaseDetailSerializer, summary="认定为重大执法决定")
    @action(detail=True, methods=["post"], url_path="flag-major", filter_backends=[])
    def flag_major(self, request, pk=None):
        form = FlagMajorSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        case = services.case_flag_major(case_id=self.get_object().pk, actor=request.user,
                                        reason=form.validated_data["reason"], complex=form.validated_data["complex"],
                                        expected_version=expected_version_from(request))
        return Response(self._detail(case))

    @extend_schema(methods=["get"], responses=PreservationSerializer(many=True), summary="先行登记保存")
    @extend_schema(methods=["post"], request=PreservationSerializer, responses={201: PreservationSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def preservations(self, request, pk=None):
        case = self.get_object()
        if request.method == "GET":
            return Response(PreservationSerializer(case.preservations.all(), many=True).data)
        form = PreservationSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        preservation = services.preservation_register(case_id=case.pk, actor=request.user, **form.validated_data)
        return Response(PreservationSerializer(preservation).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=RecusalSerializer(many=True), summary="回避申请及负责人的决定")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def recusals(self, request, pk=None):
        case = self.get_object()
        rows = case.recusals.select_related("person", "document")
        return Response(RecusalSerializer(rows, many=True).data)

    @extend_schema(request=PreservationResolveSerializer, responses=PreservationSerializer,
                   summary="对先行登记保存的物品作出处理决定")
    @action(detail=True, methods=["post"], url_path=r"preservations/(?P<preservation_id>[0-9]{1,18})/resolve",
            filter_backends=[])
    def resolve_preservation(self, request, pk=None, preservation_id=None):
        case = self.get_object()
        preservation = Preservation.objects.filter(case=case, pk=preservation_id).first()
        if preservation is None:
            raise NotFound()
        form = PreservationResolveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        preservation = services.preservation_resolve(preservation_id=preservation.pk, actor=request.user,
                                                     **form.validated_data)
        return Response(PreservationSerializer(preservation).data)

    @extend_schema(parameters=[OpenApiParameter("mine", OpenApiTypes.BOOL, description="只看我承办或负责的案件")],
                   operation_id="cases_deadlines_due", responses=DueDeadlineSerializer(many=True),
                   summary="即将到期和已逾期的案件期限（工作台倒计时）")
    @action(detail=False, methods=["get"], url_path="deadlines", url_name="deadlines-due", pagination_class=None,
            filter_backends=[])
    def deadlines_due(self, request):
        mine = request.query_params.get("mine", "").lower() in ("1", "true")
        rows = selectors.deadlines_needing_attention(user=request.user, mine=mine)[:200]
        return Response(DueDeadlineSerializer(rows, many=True).data)

    @extend_schema(parameters=[OpenApiParameter("year", OpenApiTypes.INT)], responses=CaseStatisticsSerializer,
                   summary="案件统计：各程序阶段数量、每月受理和决定数")
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def statistics(self, request):
        raw = request.query_params.get("year") or str(timezone.localdate().year)
        year = parse_int(raw, field="year", label="年度", minimum=1990, maximum=2200)
        return Response(CaseStatisticsSerializer(selectors.case_statistics(user=request.user, year=year)).data)

    @extend_schema(parameters=[EXPORT_FORMAT], filters=True, summary="导出案件台账（XLSX/CSV，筛选条件与列表相同）",
                   description="不超过阈值（默认 2000 行）时直接返回文件；超过时创建后台导出任务，返回 202 和任务地址。",
                   responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY,
                              202: ExportJobSerializer})
    @action(detail=False, methods=["get"], pagination_class=None, content_negotiation_class=FormatIsTheFileType)
    def export(self, request):
        return case_ledger_export(request)


class ViolationGroundViewSet(viewsets.ModelViewSet):
    """违法行为及处罚依据目录（含撤销登记的法定情形）。"""

    serializer_class = ViolationGroundCatalogueSerializer
    permission_classes = [PredicatePermission]
    permission_rules = {"read": (is_staff_member, "仅工作人员可查看"),
                        "write": (can_manage_catalogue, "仅系统管理员可维护目录")}
    queryset = ViolationGround.objects.prefetch_related("fine_ranges")
    filterset_fields = ["active", "regulation"]
    ordering_fields = ["code"]
    ordering = ["code"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(parameters=[OpenApiParameter(
        "organisation_type", OpenApiTypes.STR, enum=OrganisationType.values,
        description="只列适用于该类社会组织的依据（含未限定组织类型的）")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        kind = self.request.query_params.get("organisation_type") if self.action == "list" else None
        if kind:
            if kind not in OrganisationType.values:
                raise InvalidInput("组织类型无效", "Unknown organisation type.",
                                   fields={"organisation_type": [f"可选：{'、'.join(OrganisationType.values)}"]})
            queryset = queryset.filter(Q(organisation_types__contains=[kind]) | Q(organisation_types=[]))
        return queryset


class DocumentViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = DocumentSerializer
    permission_classes = [PredicatePermission]
    permission_rules = {"read": (is_staff_member, "仅本机关工作人员可查看文书")}
    filterset_fields = ["case", "kind"]
    ordering_fields = ["id", "issued_on"]
    ordering = ["id"]

    def get_queryset(self):
        return selectors.document_list(user=self.request.user)

    @extend_schema(parameters=[OpenApiParameter("inline", OpenApiTypes.BOOL, required=False,
                                                description="在浏览器中打开而不是下载")],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY}, summary="文书 PDF（ETag 为 SHA-256）")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None,
            content_negotiation_class=FormatIsTheFileType)
    def pdf(self, request, pk=None):
        document = self.get_object()
        if redaction_for(user=request.user, subject=document.case).leaks(document.body):
            # A PDF can't be redacted: one that carries what this reader may not see is not handed out.
            raise PermissionRefused("该文书载有您无权查看的保密信息（举报人或当事人身份信息），不能下载。",
                                    "This document carries confidential data you may not see.")
        # Made by the `reports` worker after issue; if it has not got there yet, made here and now.
        document = document_pdf_make(document_id=document.pk)
        return file_download(request, document_pdf_open(document), filename=document_pdf_filename(document),
                             fallback=f"document-{document.pk}.pdf", content_type=PDF_CONTENT_TYPE,
                             sha256=document.pdf_sha256,
                             inline=request.query_params.get("inline") in ("1", "true"))
