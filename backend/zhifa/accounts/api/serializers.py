import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhifa.accounts.models import (
    Agency,
    EnforcementCredential,
    SavedView,
    Unit,
    User,
    legal_qualification_errors,
)
from zhifa.core.api.serializers import ScopedModelSerializer, ScopedSerializer


class LoginSerializer(ScopedSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(ScopedSerializer):
    token = serializers.CharField()


class AgencySerializer(ScopedModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "region_code", "credit_code", "case_number_prefix"]


class UnitSerializer(ScopedModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "agency", "name"]
        read_only_fields = ["agency"]


class CredentialSerializer(ScopedModelSerializer):
    is_valid = serializers.SerializerMethodField(help_text="今天是否有效")

    class Meta:
        model = EnforcementCredential
        fields = ["id", "holder", "number", "category", "enforcement_area", "valid_from", "valid_to",
                  "revoked", "is_valid"]

    def get_is_valid(self, obj) -> bool:
        return obj.is_valid_on(timezone.localdate())

    def validate(self, attrs):
        valid_from = attrs.get("valid_from", getattr(self.instance, "valid_from", None))
        valid_to = attrs.get("valid_to", getattr(self.instance, "valid_to", None))
        if valid_from and valid_to and valid_to < valid_from:
            raise serializers.ValidationError({"valid_to": ["有效期止不能早于有效期起"]})
        return attrs


class UserSerializer(ScopedModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    agency = serializers.IntegerField(source="agency_id", read_only=True)
    credential = serializers.SerializerMethodField(help_text="今天有效的执法证；过期或注销视为无证")
    legal_qualification = serializers.BooleanField(
        read_only=True, help_text="具有法律职业资格（已记录证书编号和授予日期），由 legal_qualification_kind 等推出")

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "unit", "unit_name", "agency", "legal_qualification",
                  "legal_qualification_kind", "legal_certificate_number", "legal_qualification_date",
                  "is_active", "credential"]
        read_only_fields = ["is_active"]

    def validate(self, attrs):
        attrs = super().validate(attrs)

        def value(name, default):
            return attrs.get(name, getattr(self.instance, name, default))

        errors = legal_qualification_errors(value("legal_qualification_kind", ""),
                                            value("legal_certificate_number", ""),
                                            value("legal_qualification_date", None))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    @extend_schema_field(CredentialSerializer(allow_null=True))
    def get_credential(self, obj):
        credential = obj.current_credential()
        return CredentialSerializer(credential).data if credential else None


class UserCreateSerializer(UserSerializer):
    password = serializers.CharField(write_only=True, min_length=8, max_length=128)

    class Meta(UserSerializer.Meta):
        fields = UserSerializer.Meta.fields + ["password"]


class PasswordResetSerializer(ScopedSerializer):
    password = serializers.CharField(
        required=False, allow_blank=True, max_length=128, trim_whitespace=False, write_only=True,
        style={"input_type": "password"},
        help_text="管理员设定的临时密码（须符合密码规则）；不填则由系统生成，并在应答中返回一次",
    )


class PasswordResetResultSerializer(ScopedSerializer):
    user = UserSerializer(read_only=True)
    generated_password = serializers.CharField(
        allow_null=True, read_only=True,
        help_text="系统生成的密码，只在此应答中出现一次；管理员自己设定密码时为 null")


class MeSerializer(UserSerializer):
    permissions = serializers.SerializerMethodField()
    agency_name = serializers.CharField(source="unit.agency.name", read_only=True, default=None)
    today = serializers.SerializerMethodField(help_text="the server's date in Beijing time (the calendar's today), "
                                                        "for date defaults instead of the browser's clock")

    class Meta(UserSerializer.Meta):
        fields = UserSerializer.Meta.fields + ["agency_name", "permissions", "today"]

    def get_today(self, obj) -> datetime.date:
        return timezone.localdate()

    def get_permissions(self, obj) -> list[str]:
        from zhifa.accounts.rules import has_valid_credential, is_administrator

        granted = []
        if is_administrator(obj):
            granted.append("administer")
        if has_valid_credential(obj):
            granted.append("enforce")
        return granted


def _clean_view_query(value):
    """A list's URL query: names to a text or a list of texts; the page (cursor, page) is not part of a view."""
    if not isinstance(value, dict):
        raise serializers.ValidationError("筛选条件应为对象（参数名到取值）")
    cleaned = {}
    for key, item in value.items():
        if key in ("cursor", "page"):
            continue
        if not (isinstance(key, str) and 0 < len(key) <= 40):
            raise serializers.ValidationError("筛选条件的参数名无效")
        items = item if isinstance(item, list) else [item]
        if not all(isinstance(v, str) and len(v) <= 200 for v in items) or len(items) > 50:
            raise serializers.ValidationError(f"筛选条件“{key}”的取值无效")
        cleaned[key] = item
    if len(cleaned) > 30:
        raise serializers.ValidationError("筛选条件过多")
    return cleaned


class SavedViewSerializer(ScopedModelSerializer):
    list = serializers.RegexField(
        r"^[a-z][a-z0-9_-]{0,39}$", source="list_name", help_text="哪个列表的视图，如 cases",
        error_messages={"invalid": "列表名只能由小写字母、数字、下划线和连字符组成"},
    )
    name = serializers.CharField(max_length=40, help_text="同一列表内不重名；保存同名视图即替换它",
                                 error_messages={"max_length": "视图名称不能超过40个字"})
    query = serializers.JSONField(help_text="列表的网址查询参数（不含分页）：参数名到文本或文本数组")

    class Meta:
        model = SavedView
        fields = ["id", "list", "name", "query", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_query(self, value):
        return _clean_view_query(value)


class SavedViewUpdateSerializer(ScopedSerializer):
    name = serializers.CharField(max_length=40, required=False, error_messages={"max_length": "视图名称不能超过40个字"})
    query = serializers.JSONField(required=False)

    def validate_query(self, value):
        return _clean_view_query(value)
