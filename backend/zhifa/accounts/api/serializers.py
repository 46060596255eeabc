from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhifa.accounts.models import Agency, EnforcementCredential, Unit, User


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "region_code", "credit_code", "case_number_prefix"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "agency", "name"]
        read_only_fields = ["agency"]


class CredentialSerializer(serializers.ModelSerializer):
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


class UserSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    agency = serializers.IntegerField(source="agency_id", read_only=True)
    credential = serializers.SerializerMethodField(help_text="今天有效的执法证；过期或注销视为无证")

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "unit", "unit_name", "agency", "legal_qualification",
                  "is_active", "credential"]
        read_only_fields = ["is_active"]

    @extend_schema_field(CredentialSerializer(allow_null=True))
    def get_credential(self, obj):
        credential = obj.current_credential()
        return CredentialSerializer(credential).data if credential else None


class UserCreateSerializer(UserSerializer):
    password = serializers.CharField(write_only=True, min_length=8, max_length=128)

    class Meta(UserSerializer.Meta):
        fields = UserSerializer.Meta.fields + ["password"]


class MeSerializer(UserSerializer):
    permissions = serializers.SerializerMethodField()
    agency_name = serializers.CharField(source="unit.agency.name", read_only=True, default=None)

    class Meta(UserSerializer.Meta):
        fields = UserSerializer.Meta.fields + ["agency_name", "permissions"]

    def get_permissions(self, obj) -> list[str]:
        from zhifa.accounts.rules import has_valid_credential, is_administrator

        granted = []
        if is_administrator(obj):
            granted.append("administer")
        if has_valid_credential(obj):
            granted.append("enforce")
        return granted
