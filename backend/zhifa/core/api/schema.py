"""The OpenAPI schema's one addition to drf-spectacular: every operation declares the error answers it can
give, all in the one error shape of zhifa.core.api.errors."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from zhifa.core.api.serializers import ScopedSerializer


class ErrorSerializer(ScopedSerializer):
    """{status, code, detail, detail_en, fields}: Chinese first, English second; field errors by name."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    detail_en = serializers.CharField(allow_blank=True)
    fields = serializers.DictField(help_text="字段名 → 错误信息（列表或嵌套对象）")

    class Meta:
        ref_name = "Error"


# Any operation: a bad query or body, missing or bad credentials, a refused rule, an object that does not
# exist or is not visible, and the rate limits.
_ANY = {
    "400": _("输入有误"),
    "401": _("未登录或令牌无效"),
    "403": _("无权执行此操作"),
    "404": _("对象不存在或无权查看"),
    "414": _("请求地址过长"),
    "429": _("请求过于频繁"),
}
# Writes besides: a state that does not allow the action, a stale If-Match, a body too big or of another type.
_WRITES = {
    "409": _("当前状态不允许此操作"),
    "412": _("对象已被他人修改"),
    "413": _("请求体过大"),
    "415": _("不支持该请求内容类型"),
}


def _model_field(field):
    """The model field behind a ModelSerializer field, if there is one."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return None
    try:
        return model._meta.get_field(field.source)
    except Exception:  # noqa: BLE001 - a property or a method, not a column
        return None


class ZhifaAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # DRF drops allow_blank/allow_null from read-only model fields, but the values still come out:
        # a blank choice ("" = not decided yet) must be in the schema's enum.
        if isinstance(field, serializers.ChoiceField) and field.read_only:
            model_field = _model_field(field)
            if model_field is not None:
                field.allow_blank = field.allow_blank or model_field.blank
                field.allow_null = field.allow_null or model_field.null
        # A read-only field whose default is None (`source="leader.full_name", default=None`) answers null
        # when the relation is empty: the schema must say so.
        if field.read_only and field.default is None:
            field.allow_null = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = dict(_ANY)
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes.update(_WRITES)
        for code, description in codes.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=str(description)), code, direction=direction)
        return responses

