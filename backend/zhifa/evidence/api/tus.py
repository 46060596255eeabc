"""The tus 1.0.0 endpoint: /api/evidence/uploads/ (creation, list) and /api/evidence/uploads/<id>/.

    OPTIONS  capabilities (no login needed): Tus-Version, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm
    POST     create: Upload-Length, Upload-Metadata (filename, case, kind, base64) -> 201 Location
    HEAD     Upload-Offset, Upload-Length, Upload-Metadata, Upload-Expires
    PATCH    application/offset+octet-stream at Upload-Offset, optional Upload-Checksum -> 204 Upload-Offset
    DELETE   terminate an unfinished upload -> 204
    GET      (not tus) the upload and its ingest result as JSON; on the collection, the user's uploads

Authentication is the API's (token or session; a session client sends the CSRF token as on any POST).
The PATCH body is never parsed or buffered by Django or DRF: the view hands the raw WSGI stream to the
service, which reads it a piece at a time. `X-HTTP-Method-Override` is honoured for clients that can only
POST.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.core.api.pagination import StandardPagination
from zhifa.core.api.params import parse_int
from zhifa.evidence import selectors, uploads
from zhifa.evidence.api.serializers import UploadSerializer
from zhifa.evidence.rules import can_upload
from zhifa.evidence.uploads import TUS_EXTENSIONS, TUS_VERSION, TusError

TUS_HEADERS = [
    OpenApiParameter("Tus-Resumable", location=OpenApiParameter.HEADER, required=True, enum=["1.0.0"]),
]
OVERRIDABLE = {"PATCH", "DELETE", "HEAD"}


class TusPermission(BasePermission):
    message = "请先登录。"

    def has_permission(self, request, view):
        if request.method == "OPTIONS":
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method == "POST":
            self.message = "只有持有效执法证的执法人员可以上传证据。"
            return can_upload(request.user)
        return True


def _int_header(request, name: str) -> int | None:
    raw = request.headers.get(name)
    if raw is None:
        return None
    return parse_int(raw, field=name, exception=lambda zh, en: TusError(400, "invalid_header", zh, en,
                                                                          fields={name: [zh]}))


class TusBase(APIView):
    permission_classes = [TusPermission]
    # Nothing here parses a body: PATCH bodies are read raw, as they arrive.
    parser_classes = []

    def initialize_request(self, request, *args, **kwargs):
        override = request.headers.get("X-HTTP-Method-Override", "").upper()
        if request.method == "POST" and override in OVERRIDABLE:
            request.method = override
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("OPTIONS", "GET") and request.headers.get("Tus-Resumable") != TUS_VERSION:
            raise TusError(412, "tus_version", f"仅支持 tus {TUS_VERSION}，请在请求中发送 Tus-Resumable: {TUS_VERSION}。",
                           f"Only tus {TUS_VERSION} is supported (Tus-Resumable header).")

    def options(self, request, *args, **kwargs):
        response = HttpResponse(status=204)
        response["Tus-Version"] = TUS_VERSION
        response["Tus-Extension"] = TUS_EXTENSIONS
        response["Tus-Max-Size"] = str(settings.EVIDENCE_MAX_UPLOAD_BYTES)
        response["Tus-Checksum-Algorithm"] = ",".join(uploads.CHECKSUMS)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "HEAD" and isinstance(response, Response):  # an error: headers only
            bare = HttpResponse(status=response.status_code)
            for name, value in response.items():
                if name.lower() not in ("content-length", "content-type"):
                    bare[name] = value
            response = bare
        response["Tus-Resumable"] = TUS_VERSION
        response["Cache-Control"] = "no-store"
        if response.status_code == 412:
            response["Tus-Version"] = TUS_VERSION
        if response.status_code == 460:
            response.reason_phrase = "Checksum Mismatch"
        return response


def _upload_headers(response, upload, request) -> None:
    response["Upload-Offset"] = str(upload.offset)
    response["Upload-Length"] = str(upload.length)
    if upload.status == uploads.UploadStatus.RECEIVING:
        response["Upload-Expires"] = http_date(upload.expires_at.timestamp())


class UploadCollectionView(TusBase):
    """tus 1.0.0 上传（创建）；GET 列出本人的上传及入库结果。"""

    pagination_class = StandardPagination  # the schema then declares the paginated envelope GET answers with

    @extend_schema(
        parameters=[*TUS_HEADERS,
                    OpenApiParameter("Upload-Length", OpenApiTypes.INT, OpenApiParameter.HEADER, required=True,
                                     description="文件大小（字节）"),
                    OpenApiParameter("Upload-Metadata", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                                     description="键 值（Base64）列表，逗号分隔：filename、case、kind 必填；"
                                                 "可选 sha256（十六进制）、title、description、step、place、"
                                                 "collected_at、device、recorded_from、recorded_to、"
                                                 "derivative_of、derivative_kind、note")],
        request=None,
        responses={201: UploadSerializer, 400: OpenApiResponse(description="元数据有误"),
                   409: OpenApiResponse(description="案件已办结"), 412: OpenApiResponse(description="tus 版本不符"),
                   413: OpenApiResponse(description="超出大小或配额")},
        summary="创建 tus 上传（证据文件）")
    def post(self, request):
        upload = uploads.upload_create(actor=request.user, length=_int_header(request, "Upload-Length"),
                                       metadata_header=request.headers.get("Upload-Metadata", ""))
        body = UploadSerializer(upload).data
        response = Response(body, status=201)
        response["Location"] = request.build_absolute_uri(body["url"])
        _upload_headers(response, upload, request)
        return response

    @extend_schema(responses=UploadSerializer(many=True), summary="我的上传及入库结果")
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.upload_list(user=request.user).order_by("-id"), request, self)
        return paginator.get_paginated_response(UploadSerializer(page, many=True).data)


class UploadDetailView(TusBase):
    """一个 tus 上传：HEAD 查询进度，PATCH 续传，DELETE 取消；GET 查看入库结果。"""

    def upload(self, request, uid):
        return uploads.upload_for(uid=uid, actor=request.user)

    @extend_schema(parameters=TUS_HEADERS, request=None, responses={200: None, 404: None, 410: None},
                   summary="查询已接收的字节数（Upload-Offset）")
    def head(self, request, uid):
        upload = self.upload(request, uid)
        if upload.status in (uploads.UploadStatus.CANCELLED, uploads.UploadStatus.EXPIRED):
            raise uploads._gone(upload)
        response = HttpResponse(status=200)
        _upload_headers(response, upload, request)
        metadata = request.headers.get("Upload-Metadata")
        if metadata is None:
            response["Upload-Metadata"] = _encode_metadata(upload)
        return response

    @extend_schema(
        parameters=[*TUS_HEADERS,
                    OpenApiParameter("Upload-Offset", OpenApiTypes.INT, OpenApiParameter.HEADER, required=True),
                    OpenApiParameter("Upload-Checksum", OpenApiTypes.STR, OpenApiParameter.HEADER,
                                     description="sha256|sha1|md5 <Base64 摘要>，针对本次请求体")],
        request={"application/offset+octet-stream": OpenApiTypes.BINARY},
        responses={204: None, 409: OpenApiResponse(description="Upload-Offset 与已接收字节数不符"),
                   410: OpenApiResponse(description="上传已取消或已过期"),
                   413: OpenApiResponse(description="超出声明的大小"), 415: None, 423: None,
                   460: OpenApiResponse(description="校验和不符")},
        summary="续传数据")
    def patch(self, request, uid):
        upload = self.upload(request, uid)
        content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/offset+octet-stream":
            raise exceptions.UnsupportedMediaType(content_type or "(none)",
                                                  "PATCH 请求的 Content-Type 应为 application/offset+octet-stream。")
        django_request = request._request
        length = request.META.get("CONTENT_LENGTH")
        if length not in (None, ""):
            content_length = parse_int(str(length), field="Content-Length", exception=lambda zh, en: TusError(
                400, "invalid_header", zh, en, fields={"Content-Length": [zh]}))
            stream = django_request
        elif request.META.get("wsgi.input_terminated"):
            content_length, stream = None, request.META["wsgi.input"]  # chunked transfer, ended by the server
        else:
            raise TusError(411, "length_required", "请求缺少 Content-Length。", "Content-Length is required.")
        upload = uploads.upload_receive(upload=upload, offset=_int_header(request, "Upload-Offset"),
                                        content_length=content_length, stream=stream,
                                        checksum_header=request.headers.get("Upload-Checksum"))
        response = HttpResponse(status=204)
        _upload_headers(response, upload, request)
        return response

    @extend_schema(parameters=TUS_HEADERS, request=None, responses={204: None, 409: None, 410: None},
                   summary="取消未完成的上传（tus termination）")
    def delete(self, request, uid):
        uploads.upload_terminate(upload=self.upload(request, uid))
        return HttpResponse(status=204)

    @extend_schema(responses=UploadSerializer, summary="上传及其入库结果")
    def get(self, request, uid):
        return Response(UploadSerializer(self.upload(request, uid)).data)


def _encode_metadata(upload) -> str:
    import base64

    pairs = {"filename": upload.filename, "kind": upload.kind, "case": str(upload.case_id or "")}
    return ",".join(f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in pairs.items() if value)
