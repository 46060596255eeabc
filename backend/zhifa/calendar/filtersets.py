import django_filters
from django import forms

from zhifa.calendar.choices import DayKind
from zhifa.calendar.models import EARLIEST_YEAR, LATEST_YEAR, CalendarDay
from zhifa.core.api.filters import FilterSet


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CalendarDayFilterSet(FilterSet):
    # Bounded: the year lookup builds dates, and a year past 9999 cannot be one.
    year = YearFilter(field_name="date", lookup_expr="year", label="年度",
                      min_value=EARLIEST_YEAR, max_value=LATEST_YEAR)
    kind = django_filters.ChoiceFilter(choices=DayKind.choices, label="类型")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="日期起")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="日期止")

    class Meta:
        model = CalendarDay
        fields = ["year", "kind", "date_from", "date_to"]
