from rest_framework import serializers

from zhifa.core.api.serializers import ScopedModelSerializer, ScopedSerializer
from zhifa.registry.models import AnnualInspection, IllegalOrganisation, Organisation


class OrganisationSerializer(ScopedModelSerializer):
    type_display = serializers.CharField(source="get_type_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    registration_authority = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id", "name", "type", "type_display", "credit_code", "credit_code_warning", "certificate_number",
            "legal_representative", "address", "registration_date", "registration_authority",
            "business_supervisor", "status", "status_display", "status_changed_on", "version",
            "created_at", "updated_at",
        ]
        read_only_fields = ["credit_code_warning", "version", "created_at", "updated_at"]

    def validate_credit_code(self, value):
        return value.strip().upper()


class OrganisationImportSerializer(ScopedSerializer):
    file = serializers.FileField(help_text="CSV（UTF-8 或 GB18030）或 XLSX；第一行为列名")
    dry_run = serializers.BooleanField(default=False, help_text="只校验不导入")


class ImportReportSerializer(ScopedSerializer):
    rows = serializers.IntegerField()
    imported = serializers.IntegerField()
    warnings = serializers.DictField(child=serializers.DictField(child=serializers.CharField()),
                                     help_text="按行号列出的提示，如历史代码校验位未通过")


class AnnualInspectionSerializer(ScopedModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    result_display = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = AnnualInspection
        fields = ["id", "organisation", "organisation_name", "year", "result", "result_display",
                  "concluded_on", "remarks"]
        validators = []  # the one-per-year rule is checked in the service, with a clear message


class IllegalOrganisationSerializer(ScopedModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = IllegalOrganisation
        fields = ["id", "name", "activity_area", "description", "discovered_on", "status", "status_display",
                  "announced_on", "version", "created_at"]
        read_only_fields = ["version", "created_at"]


class OrganisationStatisticsSerializer(ScopedSerializer):
    total = serializers.IntegerField()
    by_type = serializers.DictField(child=serializers.IntegerField())
    by_status = serializers.DictField(child=serializers.IntegerField())
    illegal_by_status = serializers.DictField(child=serializers.IntegerField())
