import tempfile

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from zhifa.accounts.rules import is_staff_member
from zhifa.core.api.pagination import StandardPagination
from zhifa.core.api.permissions import PredicatePermission
from zhifa.core.exceptions import ApplicationError, Conflict
from zhifa.exports import case_ledger, selectors, services
from zhifa.exports.api.serializers import ExportJobSerializer
from zhifa.exports.choices import ExportKind, ExportStatus
from zhifa.exports.http import file_download, stream_download
from zhifa.exports.registry import exporter_for


class FormatIsTheFileType(DefaultContentNegotiation):
    """On export endpoints `?format=` names the file to build (xlsx, csv), not the API renderer.

    Answers that are not the file itself (202 with a job, errors) are JSON.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type


EXPORT_FORMAT = OpenApiParameter("format", OpenApiTypes.STR, enum=["xlsx", "csv"], default="xlsx",
                                 description="文件格式：xlsx（默认）或 csv（UTF-8 带 BOM）")


class _Drain:
    """A write-only file whose contents are taken out as they come (for streaming)."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        return len(data)

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def case_ledger_export(request):
    """GET /api/cases/export/: the filtered case list as a file, or a background job when it is large."""
    params = case_ledger.ledger_params(request.query_params)
    limit = getattr(settings, "EXPORT_SYNC_MAX_ROWS", 2000)
    ids = case_ledger.ledger_case_ids(user=request.user, params=params, limit=limit + 1)
    if len(ids) > limit:
        job = services.export_job_create(kind=ExportKind.CASE_LEDGER, params=params, user=request.user)
        body = ExportJobSerializer(job).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    exporter = exporter_for(ExportKind.CASE_LEDGER)
    filename = exporter.filename(params, on=timezone.localdate())
    fallback = f"case-ledger-{timezone.localdate():%Y%m%d}.{exporter.extension(params)}"
    content_type = exporter.content_type(params)
    if params["format"] == "csv":
        def chunks():
            out = _Drain()
            table = case_ledger.TABLES["csv"](out, case_ledger.COLUMNS)
            yield out.take()
            for rows in case_ledger.ledger_rows(user=request.user, ids=ids):
                table.write_rows(rows)
                yield out.take()

        return stream_download(chunks(), filename=filename, fallback=fallback, content_type=content_type)

    out = tempfile.SpooledTemporaryFile(max_size=8 << 20)
    exporter.write(user=request.user, params=params, out=out, progress=lambda done, total: None, ids=ids)
    size = out.tell()
    out.seek(0)
    return file_download(request, out, filename=filename, fallback=fallback, content_type=content_type, size=size)


class ExportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """导出任务：大批量导出在后台生成，完成后下载。只能看到本人申请的任务。"""

    serializer_class = ExportJobSerializer
    permission_classes = [PredicatePermission]
    permission_rules = {"read": (is_staff_member, "仅本机关工作人员可使用导出")}
    pagination_class = StandardPagination
    filterset_fields = ["kind", "status"]
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.export_job_list(user=self.request.user)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                              409: OpenApiResponse(description="导出尚未完成")},
                   summary="下载导出文件（ETag 为文件的 SHA-256）")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None,
            content_negotiation_class=FormatIsTheFileType)
    def download(self, request, pk=None):
        job = self.get_object()
        if job.status != ExportStatus.DONE:
            raise Conflict(f"导出任务{job.get_status_display()}，尚无可下载的文件。",
                           f"The export is {job.status}; there is no file to download yet.", code="export_not_ready")
        try:
            stored = default_storage.open(job.file.name, "rb")
        except FileNotFoundError:
            raise ApplicationError("导出文件已不存在，请重新导出。", "The export file is gone; export again.",
                                   code="export_gone", status=410) from None
        exporter = exporter_for(job.kind)
        return file_download(request, stored, filename=job.filename or f"export-{job.pk}",
                             fallback=f"export-{job.pk}.{exporter.extension(job.params)}",
                             content_type=exporter.content_type(job.params), sha256=job.sha256, size=job.size)
