import django_filters

from zhifa.cases.choices import CaseState
from zhifa.core.api.filters import DateTimeFilter, FilterSet
from zhifa.evidence.choices import EvidenceKind, ItemStatus
from zhifa.evidence.models import AccessEvent, EvidenceItem


class EvidenceItemFilterSet(FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=EvidenceKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=ItemStatus.choices)
    procedure_step = django_filters.ChoiceFilter(choices=CaseState.choices)
    collected_after = DateTimeFilter(field_name="collected_at", lookup_expr="gte")
    collected_before = DateTimeFilter(field_name="collected_at", lookup_expr="lte")
    retention_due = django_filters.DateFilter(field_name="retain_until", lookup_expr="lt",
                                              label="保存期限早于该日（待审查销毁）")
    sha256 = django_filters.CharFilter(field_name="sha256", lookup_expr="iexact")

    class Meta:
        model = EvidenceItem
        fields = ["case", "unit", "device", "is_case_evidence"]


class AccessEventFilterSet(FilterSet):
    after = DateTimeFilter(field_name="at", lookup_expr="gte")
    before = DateTimeFilter(field_name="at", lookup_expr="lte")

    class Meta:
        model = AccessEvent
        fields = ["item", "user", "action", "outcome"]
