import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from zhifa.cases.choices import CaseAction, CaseSource, CaseState, PartyKind, PenaltyKind
from zhifa.cases.models import Case, CaseDeadline, CaseOfficer, TimelineEvent
from zhifa.core.api.filters import FilterSet
from zhifa.core.search import bigrams


class CaseFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label="全文检索（编号、案由、当事人、代码、事实）")
    # distinct=False: these filter the case row itself, so no duplicates can arise, and SELECT DISTINCT
    # over wide rows would sort every match before the page is cut (measured by make bench).
    state = django_filters.MultipleChoiceFilter(choices=CaseState.choices, distinct=False)
    source = django_filters.MultipleChoiceFilter(choices=CaseSource.choices, distinct=False)
    party_kind = django_filters.ChoiceFilter(choices=PartyKind.choices)
    penalty = django_filters.MultipleChoiceFilter(choices=PenaltyKind.choices, method="filter_penalty", distinct=False,
                                                  label="处罚种类（决定或拟处罚）")
    officer = django_filters.NumberFilter(method="filter_officer", label="承办人员")
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")
    filed_after = django_filters.DateFilter(field_name="filed_on", lookup_expr="gte")
    filed_before = django_filters.DateFilter(field_name="filed_on", lookup_expr="lte")
    decided_after = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_before = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="有逾期期限")
    filing_requested = django_filters.BooleanFilter(method="filter_filing_requested", label="已报请立案审批的线索")
    year = django_filters.NumberFilter(field_name="number_year", label="立案年度")

    class Meta:
        model = Case
        fields = ["organisation", "illegal_organisation", "unit", "leader", "is_major", "number"]

    def search(self, queryset, name, value):
        grams = bigrams(value)
        if not grams:
            return queryset
        if len(value.strip()) == 1:
            return queryset.filter(Q(party_name__contains=value.strip()) | Q(title__contains=value.strip()))
        return queryset.filter(search_bigrams__contains=grams)

    def filter_penalty(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(decision_penalties__overlap=value) | Q(proposed_penalties__overlap=value))

    def filter_officer(self, queryset, name, value):
        return queryset.filter(Exists(CaseOfficer.objects.filter(case=OuterRef("pk"), officer_id=value)))

    def filter_filing_requested(self, queryset, name, value):
        """Leads sent for filing approval (true), or leads nobody has sent yet (false)."""
        requested = Exists(TimelineEvent.objects.filter(case=OuterRef("pk"), action=CaseAction.REQUEST_FILING))
        leads = queryset.filter(state=CaseState.LEAD)
        return leads.filter(requested) if value else leads.exclude(requested)

    def filter_overdue(self, queryset, name, value):
        late = Exists(CaseDeadline.objects.filter(case=OuterRef("pk"), met_on__isnull=True,
                                                  due_date__lt=timezone.localdate()))
        return queryset.filter(late) if value else queryset.exclude(late)
