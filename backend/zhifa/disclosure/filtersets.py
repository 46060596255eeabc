import django_filters

from zhifa.core.api.filters import FilterSet
from zhifa.disclosure.choices import NoticeKind, NoticeState
from zhifa.disclosure.models import Notice


class NoticeFilterSet(FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=NoticeState.choices)
    kind = django_filters.MultipleChoiceFilter(choices=NoticeKind.choices)

    class Meta:
        model = Notice
        fields = {"case": ["exact"], "due_date": ["lte", "gte"], "severity": ["exact"]}
