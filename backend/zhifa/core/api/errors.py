"""The one error shape for every 4xx:

    {"status": 400, "code": "invalid", "detail": "…", "detail_en": "…", "fields": {"credit_code": ["…"]}}

`detail` is Chinese, `detail_en` English; `fields` holds field errors under their field names.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from zhifa.core.exceptions import ApplicationError, LockedOut

# Chinese and English wording for DRF's own exceptions, by their codes.
_GENERIC = {
    "invalid": ("输入有误，请检查标出的字段。", "Invalid input; see the fields named."),
    "parse_error": ("请求体不是有效的 JSON 或表单。", "The request body could not be parsed."),
    "not_authenticated": ("请先登录。", "Authentication credentials were not provided."),
    "authentication_failed": ("身份认证失败。", "Authentication failed."),
    "permission_denied": ("无权执行此操作。", "You do not have permission to perform this action."),
    "not_found": ("对象不存在或无权查看。", "Not found."),
    "method_not_allowed": ("不支持该请求方法。", "Method not allowed."),
    "not_acceptable": ("无法提供所要求的格式。", "Could not satisfy the Accept header."),
    "unsupported_media_type": ("不支持该请求内容类型。", "Unsupported media type."),
    "throttled": ("请求过于频繁，请稍后再试。", "Request was throttled."),
    "payload_too_large": ("请求体过大。", "The request body is too large."),
    "precondition_failed": ("对象已被他人修改，请刷新后重试。", "The object changed since you read it."),
}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "payload_too_large"


def error_body(status_code: int, code: str, detail: str, detail_en: str = "", fields=None) -> dict:
    return {"status": status_code, "code": code, "detail": detail, "detail_en": detail_en, "fields": fields or {}}


def _flatten(detail):
    """DRF error detail (nested dicts/lists of ErrorDetail) -> plain JSON with string leaves."""
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _validation_body(detail, status_code: int) -> dict:
    zh, en = _GENERIC["invalid"]
    if isinstance(detail, dict):
        fields = _flatten(detail)
        general = fields.pop("non_field_errors", None) or fields.pop("__all__", None)
        if general:
            zh = "；".join(_leaf_messages(general))
        return error_body(status_code, "invalid", zh, en, fields)
    messages = _leaf_messages(_flatten(detail))
    return error_body(status_code, "invalid", "；".join(messages) or zh, en)


def _leaf_messages(value) -> list[str]:
    if isinstance(value, dict):
        return [m for v in value.values() for m in _leaf_messages(v)]
    if isinstance(value, list):
        return [m for v in value for m in _leaf_messages(v)]
    return [str(value)]


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        set_rollback()
        body = error_body(exc.status, exc.code, exc.message, exc.message_en, exc.fields)
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()

    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let Django log it and answer 500

    set_rollback()
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    if isinstance(exc, exceptions.ValidationError):
        body = _validation_body(exc.detail, exc.status_code)
    elif str(exc.detail).startswith("CSRF Failed"):
        body = error_body(403, "csrf_failed", "页面安全令牌（CSRF）已失效或缺失，请刷新页面后重试。", str(exc.detail))
    else:
        code = exc.default_code
        zh, en = _GENERIC.get(code, (str(exc.detail), str(exc.detail)))
        if not isinstance(exc.detail, (dict, list)) and str(exc.detail) != str(exc.default_detail):
            # A specific message was given (e.g. the rule that refused access): keep it.
            zh = str(exc.detail)
        body = error_body(exc.status_code, code, zh, en)
    # Unauthenticated requests get 401 even with session auth first in the list.
    status_code = exc.status_code
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        status_code = status.HTTP_401_UNAUTHORIZED
        body["status"] = status_code
        headers.setdefault("WWW-Authenticate", 'Token realm="api"')
    return Response(body, status=status_code, headers=headers)


def json_not_found(request, exception=None):
    return JsonResponse(error_body(404, "not_found", *_GENERIC["not_found"]), status=404)


def json_locked_out(request, response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in (the admin's login form; the API raises LockedOut)."""
    exc = LockedOut()
    return JsonResponse(error_body(exc.status, exc.code, exc.message, exc.message_en), status=exc.status)


def json_server_error(request):
    return JsonResponse(
        error_body(500, "server_error", "服务器内部错误，已记录。", "Internal server error; it has been logged."),
        status=500,
    )
