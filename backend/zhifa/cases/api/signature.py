"""The electronic seal in the workbench (DOMAIN.md §11): a document's signature re-validated (校验), any PDF
checked against the agency's certificate and documents, and a document number looked up as the public
verification page would. Every bad input is a 4xx with its reason: a file that is not a PDF or is cut short,
one too large, a signature by an unknown certificate, a number that was never issued."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.accounts.rules import is_staff_member
from zhifa.cases import selectors, signing
from zhifa.cases.models import Document
from zhifa.cases.pdf import document_pdf_make, document_pdf_open
from zhifa.core.api.parsers import CleanMultiPartParser
from zhifa.core.api.permissions import PredicatePermission
from zhifa.accounts.models import Agency
from zhifa.core.exceptions import ApplicationError, InvalidInput, PermissionRefused


class TooLarge(ApplicationError):
    status = 413
    default_code = "too_large"


def _too_large() -> TooLarge:
    limit = signing.MAX_VALIDATION_BYTES // (1024 * 1024)
    return TooLarge(f"文件过大：可校验的 PDF 不超过 {limit} MB。", f"The file is too large: at most {limit} MB.",
                    fields={"file": [f"文件不超过 {limit} MB"]})


def _check(data: bytes, agency) -> dict:
    result = signing.validate_pdf(data, signing.trust_roots_for(agency), signing.crls_for(agency)).as_dict()
    document = Document.objects.filter(agency=agency, pdf_sha256=result["sha256"]).only("id", "number").first()
    result["document"] = {"id": document.pk, "number": document.number} if document else None
    return result


class _Base(APIView):
    permission_classes = [PredicatePermission]
    permission_rules = {"read": (is_staff_member, "仅本机关工作人员可校验文书"),
                        "write": (is_staff_member, "仅本机关工作人员可校验文书")}


class DocumentSignatureView(_Base):
    @extend_schema(parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="文书 id")],
                   responses=OpenApiTypes.OBJECT, summary="校验文书的电子签章（签章人、签章时间、证书链、完整性）")
    def get(self, request, pk: int):
        document = get_object_or_404(selectors.document_list(user=request.user), pk=pk)
        document = document_pdf_make(document_id=document.pk)
        with document_pdf_open(document) as stored:
            data = stored.read()
        result = _check(data, document.agency)
        result["recorded_sha256"] = document.pdf_sha256
        result["matches_record"] = result["sha256"] == document.pdf_sha256
        return Response(result)


class DocumentValidateView(_Base):
    parser_classes = [CleanMultiPartParser]  # the project's normalising parser, multipart only

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}, "required": ["file"]}},
        responses=OpenApiTypes.OBJECT, summary="校验上传的 PDF：签章是否有效、是否为本机关签发的文书")
    def post(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > signing.MAX_VALIDATION_BYTES + 64 * 1024:
            raise _too_large()  # refused before the body is read
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput("请选择要校验的 PDF 文件。", "Choose a PDF file to check.", fields={"file": ["请选择文件"]})
        if upload.size > signing.MAX_VALIDATION_BYTES:
            raise _too_large()
        data = upload.read()
        agency = Agency.objects.filter(pk=request.user.agency_id).first()
        if agency is None:
            raise PermissionRefused("您不属于任何执法机关，不能校验文书。", "You belong to no agency.")
        return Response(_check(data, agency))


class DocumentLookupView(_Base):
    @extend_schema(parameters=[OpenApiParameter("n", OpenApiTypes.STR, required=True, description="文号"),
                               OpenApiParameter("c", OpenApiTypes.STR, required=False, description="验证码")],
                   responses=OpenApiTypes.OBJECT, summary="按文号（和验证码）查询验真清单中的文书")
    def get(self, request):
        from zhifa.disclosure.verify import lookup

        number = (request.query_params.get("n") or "").strip()
        if not number or len(number) > 60:
            raise InvalidInput("请输入文号。", "Give a document number.", fields={"n": ["请输入不超过 60 字的文号"]})
        found = lookup(number=number)
        if found is None:
            raise ApplicationError(f"未找到文号为“{number}”的已签发文书。", "No issued document has this number.",
                                   code="not_found", status=404)
        code = request.query_params.get("c")
        if code is not None:
            normal = "".join(ch for ch in code.upper() if ch in "0123456789ABCDEF")
            found["code_matches"] = normal == found["code"].replace("-", "")
        return Response(found)
