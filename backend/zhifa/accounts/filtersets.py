import django_filters
from django.db.models import Q

from zhifa.accounts.choices import LegalQualificationKind, Role
from zhifa.accounts.models import EnforcementCredential, User
from zhifa.core.api.filters import FilterSet


class UserFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label="姓名或用户名")
    role = django_filters.MultipleChoiceFilter(choices=Role.choices)
    legal_qualification = django_filters.BooleanFilter(method="filter_legal_qualification", label="具有法律职业资格")

    class Meta:
        model = User
        fields = ["role", "unit", "is_active", "legal_qualification_kind"]

    def filter_legal_qualification(self, queryset, name, value):
        holds = Q(legal_qualification_kind=LegalQualificationKind.LEGAL_PROFESSION)
        return queryset.filter(holds) if value else queryset.exclude(holds)

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))


class CredentialFilterSet(FilterSet):
    valid_on = django_filters.DateFilter(method="filter_valid_on", label="在该日有效")

    class Meta:
        model = EnforcementCredential
        fields = {"holder": ["exact"], "number": ["exact"], "category": ["exact"], "revoked": ["exact"],
                  "valid_to": ["lt", "gte"]}

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(revoked=False, valid_from__lte=value, valid_to__gte=value)
