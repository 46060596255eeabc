import django_filters

from zhifa.core.api.filters import FilterSet
from zhifa.registers.choices import DocumentStatus, MatterStatus, PlanState, Register
from zhifa.registers.models import (
    CertificationMatter,
    InspectionPlan,
    NormativeDocument,
    RegisterPublication,
)


class NormativeDocumentFilterSet(FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=DocumentStatus.choices)
    q = django_filters.CharFilter(field_name="title", lookup_expr="contains", label="标题包含")

    class Meta:
        model = NormativeDocument
        fields = ["year", "prefix", "number"]


class CertificationMatterFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=MatterStatus.choices)

    class Meta:
        model = CertificationMatter
        fields = ["notification_commitment"]


class InspectionPlanFilterSet(FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=PlanState.choices)

    class Meta:
        model = InspectionPlan
        fields = ["year"]


class RegisterPublicationFilterSet(FilterSet):
    register = django_filters.ChoiceFilter(choices=Register.choices)

    class Meta:
        model = RegisterPublication
        fields = []
