import django_filters
from django.db.models import Q

from zhifa.core.api.filters import FilterSet
from zhifa.registry.choices import IllegalOrganisationStatus, InspectionResult, OrganisationStatus, OrganisationType
from zhifa.registry.models import AnnualInspection, IllegalOrganisation, Organisation


class OrganisationFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label="名称、代码或法定代表人")
    type = django_filters.MultipleChoiceFilter(choices=OrganisationType.choices)
    status = django_filters.MultipleChoiceFilter(choices=OrganisationStatus.choices)
    registered_after = django_filters.DateFilter(field_name="registration_date", lookup_expr="gte")
    registered_before = django_filters.DateFilter(field_name="registration_date", lookup_expr="lte")
    has_code_warning = django_filters.BooleanFilter(method="filter_code_warning", label="代码校验有提示")

    class Meta:
        model = Organisation
        fields = ["credit_code", "certificate_number"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(credit_code=value.upper()) | Q(legal_representative=value)
        )

    def filter_code_warning(self, queryset, name, value):
        return queryset.exclude(credit_code_warning="") if value else queryset.filter(credit_code_warning="")


class AnnualInspectionFilterSet(FilterSet):
    result = django_filters.MultipleChoiceFilter(choices=InspectionResult.choices)

    class Meta:
        model = AnnualInspection
        fields = {"organisation": ["exact"], "year": ["exact", "gte", "lte"]}


class IllegalOrganisationFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="名称")
    status = django_filters.MultipleChoiceFilter(choices=IllegalOrganisationStatus.choices)

    class Meta:
        model = IllegalOrganisation
        fields = {"discovered_on": ["gte", "lte"]}
