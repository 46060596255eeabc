from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhifa.audit.api.views import HistoryActionMixin
from zhifa.core.api.pagination import LargeListPagination
from zhifa.core.api.parsers import CleanFormParser, CleanMultiPartParser
from zhifa.core.api.permissions import PredicatePermission
from zhifa.core.api.versioning import VersionETagMixin
from zhifa.core.concurrency import expected_version_from
from zhifa.registry import imports, selectors, services
from zhifa.registry.api.serializers import (
    AnnualInspectionSerializer,
    IllegalOrganisationSerializer,
    ImportReportSerializer,
    OrganisationImportSerializer,
    OrganisationSerializer,
    OrganisationStatisticsSerializer,
)
from zhifa.registry.filtersets import AnnualInspectionFilterSet, IllegalOrganisationFilterSet, OrganisationFilterSet
from zhifa.registry.rules import can_edit_registry, can_view_registry

REGISTRY_RULES = {
    "read": (can_view_registry, "仅本机关工作人员可查看登记信息"),
    "write": (can_edit_registry, "修改登记信息须为系统管理员或持有效执法证的执法人员"),
}
IF_MATCH = OpenApiParameter("If-Match", location=OpenApiParameter.HEADER, required=False,
                            description="读取时的版本号（ETag）；与当前版本不符时返回 409")


class OrganisationViewSet(VersionETagMixin, HistoryActionMixin, mixins.ListModelMixin,
                          mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                          viewsets.GenericViewSet):
    """社会组织登记库。`credit_code` 为统一社会信用代码，录入时按 GB 32100 校验。"""

    serializer_class = OrganisationSerializer
    permission_classes = [PredicatePermission]
    permission_rules = REGISTRY_RULES
    filterset_class = OrganisationFilterSet
    pagination_class = LargeListPagination
    ordering_fields = ["id", "name", "registration_date", "credit_code", "status"]

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.organisation_create(agency=self.request.user.unit.agency,
                                                           **serializer.validated_data)

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        serializer.instance = services.organisation_update(
            organisation_id=serializer.instance.pk, expected_version=expected_version_from(self.request),
            **serializer.validated_data,
        )

    @extend_schema(responses=OrganisationStatisticsSerializer, summary="按类型、状态统计社会组织（仪表盘）")
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def stats(self, request):
        return Response(OrganisationStatisticsSerializer(selectors.organisation_statistics(user=request.user)).data)

    @extend_schema(request={"multipart/form-data": OrganisationImportSerializer}, responses=ImportReportSerializer,
                   summary="批量导入（CSV/XLSX，全部成功或全部不导入）")
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[CleanMultiPartParser, CleanFormParser],
            filter_backends=[], pagination_class=None)
    def import_file(self, request):
        form = OrganisationImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > imports.MAX_IMPORT_BYTES:
            content = b"x" * (imports.MAX_IMPORT_BYTES + 1)  # rejected below without reading the upload
        else:
            content = upload.read()
        report = imports.organisation_import(agency=request.user.unit.agency, content=content,
                                             filename=upload.name, dry_run=form.validated_data["dry_run"])
        body = ImportReportSerializer(report).data
        return Response(body, status=status.HTTP_200_OK if form.validated_data["dry_run"] else status.HTTP_201_CREATED)


class AnnualInspectionViewSet(HistoryActionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = AnnualInspectionSerializer
    permission_classes = [PredicatePermission]
    permission_rules = REGISTRY_RULES
    filterset_class = AnnualInspectionFilterSet
    ordering_fields = ["id", "year"]
    ordering = ["-year", "id"]

    def get_queryset(self):
        return selectors.annual_inspection_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.annual_inspection_record(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.annual_inspection_update(inspection=serializer.instance,
                                                                **serializer.validated_data)


class IllegalOrganisationViewSet(VersionETagMixin, HistoryActionMixin, mixins.ListModelMixin,
                                 mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                                 viewsets.GenericViewSet):
    """非法社会组织：以社会组织名义活动但未经登记的组织。"""

    serializer_class = IllegalOrganisationSerializer
    permission_classes = [PredicatePermission]
    permission_rules = REGISTRY_RULES
    filterset_class = IllegalOrganisationFilterSet
    ordering_fields = ["id", "discovered_on", "name"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.illegal_organisation_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.illegal_organisation_create(agency=self.request.user.unit.agency,
                                                                   **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.illegal_organisation_update(
            illegal_organisation_id=serializer.instance.pk, expected_version=expected_version_from(self.request),
            **serializer.validated_data,
        )
