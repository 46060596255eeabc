"""Register endpoints. Views validate the input shape and call a service; rules live in the services."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhifa.accounts.rules import is_staff_member
from zhifa.core.api.parsers import CleanMultiPartParser
from zhifa.core.api.permissions import PredicatePermission
from zhifa.core.concurrency import expected_version_from
from zhifa.core.exceptions import InvalidInput
from zhifa.registers import draw as drawing
from zhifa.registers import publications, selectors, services, statistics
from zhifa.registers.api import serializers as s
from zhifa.registers.filtersets import (
    CertificationMatterFilterSet,
    InspectionPlanFilterSet,
    NormativeDocumentFilterSet,
    RegisterPublicationFilterSet,
)
from zhifa.registers.rules import can_keep_registers

RULES = {"read": (is_staff_member, "仅本机关工作人员可查看"),
         "write": (can_keep_registers, "须由系统管理员、负责人、法制审核人员或公示管理员办理")}


def _valid(serializer_class, data):
    form = serializer_class(data=data)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


class NormativeDocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """规范性文件：登记、效力状态变更（须注明日期和理由）、备案审查、附件。"""

    permission_classes = [PredicatePermission]
    permission_rules = RULES
    filterset_class = NormativeDocumentFilterSet
    ordering_fields = ["id", "year", "sequence", "issued_on"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.normative_document_list(user=self.request.user)
        return selectors.normative_document_detail_queryset(user=self.request.user)

    def get_serializer_class(self):
        return s.NormativeDocumentSerializer if self.action == "list" else s.NormativeDocumentDetailSerializer

    def _respond(self, document, code=status.HTTP_200_OK):
        document = self.get_queryset().get(pk=document.pk)
        return Response(s.NormativeDocumentDetailSerializer(document).data, status=code,
                        headers={"ETag": f'"{document.version}"'})

    @extend_schema(request=s.NormativeDocumentCreateSerializer, responses={201: s.NormativeDocumentDetailSerializer},
                   summary="登记规范性文件")
    def create(self, request):
        document = services.normative_document_create(actor=request.user,
                                                      **_valid(s.NormativeDocumentCreateSerializer, request.data))
        return self._respond(document, status.HTTP_201_CREATED)

    @extend_schema(request=s.NormativeDocumentUpdateSerializer, responses=s.NormativeDocumentDetailSerializer,
                   summary="修改标题、制定机关、日期或全文")
    def partial_update(self, request, pk=None):
        data = _valid(s.NormativeDocumentUpdateSerializer, request.data)
        data.pop("version", None)
        return self._respond(services.normative_document_update(
            document_id=self.get_object().pk, actor=request.user, expected_version=expected_version_from(request),
            **data))

    @extend_schema(request=s.StatusChangeWriteSerializer, responses=s.NormativeDocumentDetailSerializer,
                   summary="变更效力状态（修订、宣布失效、废止）")
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        return self._respond(services.normative_document_change_status(
            document_id=self.get_object().pk, actor=request.user, expected_version=expected_version_from(request),
            **_valid(s.StatusChangeWriteSerializer, request.data)))

    @extend_schema(request=s.FilingWriteSerializer, responses=s.NormativeDocumentDetailSerializer,
                   summary="报送备案审查")
    @action(detail=True, methods=["post"])
    def filings(self, request, pk=None):
        document = self.get_object()
        services.document_filing_submit(document_id=document.pk, actor=request.user,
                                        **_valid(s.FilingWriteSerializer, request.data))
        return self._respond(document)

    @extend_schema(request=s.FilingResultSerializer, responses=s.NormativeDocumentDetailSerializer,
                   summary="登记备案审查结果")
    @action(detail=True, methods=["post"], url_path="filing-result")
    def filing_result(self, request, pk=None):
        document = self.get_object()
        data = _valid(s.FilingResultSerializer, request.data)
        filing_id = data.pop("filing")
        if not document.filings.filter(pk=filing_id).exists():
            raise InvalidInput("备案记录不存在", "Unknown filing.", fields={"filing": ["备案记录不存在"]})
        services.document_filing_record_result(filing_id=filing_id, actor=request.user, **data)
        return self._respond(document)

    @extend_schema(request={"multipart/form-data": s.AttachmentUploadSerializer},
                   responses=s.NormativeDocumentDetailSerializer, summary="上传附件")
    @action(detail=True, methods=["post"], parser_classes=[CleanMultiPartParser])
    def attachments(self, request, pk=None):
        document = self.get_object()
        data = _valid(s.AttachmentUploadSerializer, request.data)
        services.document_attachment_add(document_id=document.pk, actor=request.user, uploaded_file=data["file"],
                                         name=data["name"])
        return self._respond(document)


class CleanupCampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """规范性文件清理：逐件登记清理结果，完成后公布。"""

    permission_classes = [PredicatePermission]
    permission_rules = RULES
    serializer_class = s.CleanupCampaignSerializer

    def get_queryset(self):
        return selectors.cleanup_campaign_list(user=self.request.user)

    def _respond(self, campaign, code=status.HTTP_200_OK):
        return Response(s.CleanupCampaignSerializer(self.get_queryset().get(pk=campaign.pk)).data, status=code)

    @extend_schema(request=s.CleanupCampaignCreateSerializer, responses={201: s.CleanupCampaignSerializer},
                   summary="开始一次清理")
    def create(self, request):
        campaign = services.cleanup_campaign_create(actor=request.user,
                                                    **_valid(s.CleanupCampaignCreateSerializer, request.data))
        return self._respond(campaign, status.HTTP_201_CREATED)

    @extend_schema(request=s.CleanupOutcomeWriteSerializer, responses=s.CleanupCampaignSerializer,
                   summary="登记一件文件的清理结果（继续有效、修订、宣布失效）")
    @action(detail=True, methods=["post"])
    def outcomes(self, request, pk=None):
        data = _valid(s.CleanupOutcomeWriteSerializer, request.data)
        campaign = self.get_object()
        services.cleanup_outcome_record(campaign_id=campaign.pk, actor=request.user, document_id=data["document"],
                                        outcome=data["outcome"], reason=data["reason"])
        return self._respond(campaign)

    @extend_schema(request=s.ConcludeSerializer, responses=s.CleanupCampaignSerializer,
                   summary="完成清理：变更文件状态并生成结果公告草稿")
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        return self._respond(services.cleanup_campaign_conclude(
            campaign_id=self.get_object().pk, actor=request.user, expected_version=expected_version_from(request),
            **_valid(s.ConcludeSerializer, request.data)))


class CertificationMatterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """证明事项清单：保留和取消的事项都公布。"""

    permission_classes = [PredicatePermission]
    permission_rules = RULES
    serializer_class = s.CertificationMatterSerializer
    filterset_class = CertificationMatterFilterSet

    def get_queryset(self):
        return selectors.certification_matter_list(user=self.request.user)

    @extend_schema(request=s.CertificationMatterWriteSerializer, responses={201: s.CertificationMatterSerializer},
                   summary="登记保留的证明事项")
    def create(self, request):
        matter = services.certification_matter_create(actor=request.user,
                                                      **_valid(s.CertificationMatterWriteSerializer, request.data))
        return Response(s.CertificationMatterSerializer(matter).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CertificationMatterUpdateSerializer, responses=s.CertificationMatterSerializer,
                   summary="修改设定依据、开具单位或告知承诺制")
    def partial_update(self, request, pk=None):
        data = _valid(s.CertificationMatterUpdateSerializer, request.data)
        data.pop("version", None)
        matter = services.certification_matter_update(matter_id=self.get_object().pk, actor=request.user,
                                                      expected_version=expected_version_from(request), **data)
        return Response(s.CertificationMatterSerializer(matter).data)

    @extend_schema(request=s.CancelSerializer, responses=s.CertificationMatterSerializer, summary="取消证明事项")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        matter = services.certification_matter_cancel(matter_id=self.get_object().pk, actor=request.user,
                                                      expected_version=expected_version_from(request),
                                                      **_valid(s.CancelSerializer, request.data))
        return Response(s.CertificationMatterSerializer(matter).data)


class DiscretionBenchmarkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """行政处罚裁量基准（行政处罚法第三十四条）：逐条登记，废止而不删除；作出处罚决定时引用所适用的条目，并向社会公布。"""

    permission_classes = [PredicatePermission]
    permission_rules = RULES
    serializer_class = s.DiscretionBenchmarkSerializer
    filterset_fields = {"ground": ["exact"], "code": ["exact"]}
    ordering_fields = ["id", "code", "effective_on"]
    ordering = ["code"]

    def get_queryset(self):
        return selectors.discretion_benchmark_list(user=self.request.user)

    @extend_schema(request=s.DiscretionBenchmarkWriteSerializer, responses={201: s.DiscretionBenchmarkSerializer},
                   summary="登记裁量基准条目")
    def create(self, request):
        form = s.DiscretionBenchmarkWriteSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)  # the ground is offered through the request's scope
        benchmark = services.discretion_benchmark_create(actor=request.user, **form.validated_data)
        return Response(s.DiscretionBenchmarkSerializer(benchmark).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RepealSerializer, responses=s.DiscretionBenchmarkSerializer, summary="废止裁量基准条目")
    @action(detail=True, methods=["post"])
    def repeal(self, request, pk=None):
        benchmark = services.discretion_benchmark_repeal(benchmark_id=self.get_object().pk, actor=request.user,
                                                         expected_version=expected_version_from(request),
                                                         **_valid(s.RepealSerializer, request.data))
        return Response(s.DiscretionBenchmarkSerializer(benchmark).data)


class PowerListViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """权力清单和责任清单：每次调整为一个完整的新版本。"""

    permission_classes = [PredicatePermission]
    permission_rules = RULES
    serializer_class = s.PowerListSerializer

    def get_queryset(self):
        return selectors.power_list_list(user=self.request.user)

    @extend_schema(request=s.PowerListCreateSerializer, responses={201: s.PowerListSerializer},
                   summary="制定新版本的权责清单")
    def create(self, request):
        data = _valid(s.PowerListCreateSerializer, request.data)
        power = services.power_list_create_version(actor=request.user, effective_on=data["effective_on"],
                                                   note=data["note"], items=[dict(i) for i in data["items"]])
        return Response(s.PowerListSerializer(self.get_queryset().get(pk=power.pk)).data,
                        status=status.HTTP_201_CREATED)


class PersonnelViewSet(viewsets.GenericViewSet):
    """行政执法人员名单（公开内容）：持有效执法证的人员。"""

    permission_classes = [PredicatePermission]
    permission_rules = RULES
    serializer_class = s.PersonnelSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="截至日期，默认今天")],
                   responses=s.PersonnelSerializer(many=True), summary="行政执法人员名单")
    def list(self, request):
        on = timezone.localdate()
        if request.query_params.get("on"):
            try:
                on = datetime.date.fromisoformat(request.query_params["on"])
            except ValueError:
                raise InvalidInput("日期格式应为 YYYY-MM-DD", "on must be a date.", fields={"on": ["日期格式有误"]}) from None
        people = selectors.personnel_public_list(agency_id=request.user.agency_id, on=on)
        return Response(s.PersonnelSerializer(people, many=True).data)


class InspectionPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """双随机抽查：计划、公布名单和种子摘要、抽取、录入结果、复核。"""

    permission_classes = [PredicatePermission]
    permission_rules = {**RULES, "draw": RULES["read"], "results": RULES["read"]}
    serializer_class = s.InspectionPlanSerializer
    filterset_class = InspectionPlanFilterSet

    def get_queryset(self):
        return selectors.inspection_plan_list(user=self.request.user)

    def _respond(self, plan, code=status.HTTP_200_OK):
        return Response(s.InspectionPlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=code)

    @extend_schema(request=s.InspectionPlanCreateSerializer, responses={201: s.InspectionPlanSerializer},
                   summary="制定抽查计划（抽查事项、对象筛选条件、抽取数）")
    def create(self, request):
        data = _valid(s.InspectionPlanCreateSerializer, request.data)
        data["matters"] = [dict(m) for m in data["matters"]]
        return self._respond(services.inspection_plan_create(actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=s.RecommitSerializer, responses=s.InspectionPlanSerializer,
                   summary="固定抽取名单并生成随机种子，生成公布名单和种子摘要的公示草稿；重新抽取须说明理由")
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        plan = self.get_object()
        services.inspection_plan_commit(plan_id=plan.pk, actor=request.user,
                                        expected_version=expected_version_from(request),
                                        **_valid(s.RecommitSerializer, request.data))
        return self._respond(plan)

    @extend_schema(request=None, responses=s.InspectionPlanSerializer,
                   summary="抽取（名单和种子摘要公示后；每轮只能抽取一次）")
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        plan = self.get_object()
        services.inspection_plan_draw(plan_id=plan.pk, actor=request.user)
        return self._respond(plan)

    @extend_schema(request=s.InspectionResultWriteSerializer, responses=s.InspectionPlanSerializer,
                   summary="录入一个对象的检查结果")
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        plan = self.get_object()
        data = _valid(s.InspectionResultWriteSerializer, request.data)
        result_id = data.pop("result")
        if not plan.draws.filter(results__pk=result_id).exists():
            raise InvalidInput("抽查结果记录不存在", "Unknown result.", fields={"result": ["记录不存在"]})
        services.inspection_result_record(result_id=result_id, actor=request.user, **data)
        return self._respond(plan)

    @extend_schema(responses=s.VerificationSerializer(many=True),
                   summary="用公开的名单、种子和算法复核每一轮已抽取的结果")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def verify(self, request, pk=None):
        checks = []
        for draw in self.get_object().draws.all():
            if draw.is_drawn:
                problems = drawing.verify(pool=publications.verification_pool(draw.pool),
                                          pool_sha256=draw.pool_sha256, seed_sha256=draw.seed_sha256,
                                          seed=draw.seed, result=draw.result)
                checks.append({"round": draw.round, "verified": not problems, "problems": problems})
        return Response(s.VerificationSerializer(checks, many=True).data)


class InspectorConnectionViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """检查人员回避关系：登记后不会被抽中检查该组织。"""

    permission_classes = [PredicatePermission]
    permission_rules = RULES
    serializer_class = s.InspectorConnectionSerializer

    def get_queryset(self):
        return selectors.inspection_connection_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.inspection_connection_record(actor=self.request.user,
                                                                    **serializer.validated_data)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AnnualReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """行政执法统计年报：统计、导出（XLSX、SVG 图表）、提交公示。"""

    permission_classes = [PredicatePermission]
    permission_rules = RULES
    serializer_class = s.AnnualReportSerializer

    def get_queryset(self):
        return selectors.annual_report_list(user=self.request.user)

    @extend_schema(request=s.AnnualReportDraftSerializer, responses={201: s.AnnualReportSerializer},
                   summary="统计（或重新统计）某一年度的年报草稿")
    def create(self, request):
        year = _valid(s.AnnualReportDraftSerializer, request.data)["year"]
        report = services.annual_report_prepare(actor=request.user, year=year)
        return Response(s.AnnualReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.AnnualReportSerializer, summary="提交公示（生成公示草稿，由公示管理员审核发布）")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = services.annual_report_submit(report_id=self.get_object().pk, actor=request.user,
                                               expected_version=expected_version_from(request))
        return Response(s.AnnualReportSerializer(report).data)

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY}, summary="导出 XLSX")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def xlsx(self, request, pk=None):
        report = self.get_object()
        response = HttpResponse(statistics.as_xlsx(report.figures, agency_name=report.agency.name), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="annual-report-{report.year}.xlsx"'
        return response

    @extend_schema(responses={(200, "image/svg+xml"): OpenApiTypes.STR}, summary="统计图（静态 SVG）")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def chart(self, request, pk=None):
        report = self.get_object()
        return HttpResponse(statistics.as_svg(report.figures, agency_name=report.agency.name),
                            content_type="image/svg+xml; charset=utf-8")


class RegisterPublicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """登记簿公示：生成携带登记簿当前公开内容的公示草稿，之后按公示流程核查、审批、发布。"""

    permission_classes = [PredicatePermission]
    permission_rules = RULES
    serializer_class = s.RegisterPublicationSerializer
    filterset_class = RegisterPublicationFilterSet

    def get_queryset(self):
        return selectors.register_publication_list(user=self.request.user)

    @extend_schema(request=s.RegisterPublishSerializer, responses={201: s.RegisterPublicationSerializer},
                   summary="生成登记簿公示草稿")
    def create(self, request):
        data = _valid(s.RegisterPublishSerializer, request.data)
        notice = services.register_publish(actor=request.user, register=data["register"],
                                           object_id=data.get("object_id"))
        return Response(s.RegisterPublicationSerializer(notice.register_publication).data,
                        status=status.HTTP_201_CREATED)
