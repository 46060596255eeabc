import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import QueryDict
from django.utils import timezone
from django_filters.filters import BaseCSVFilter, BaseRangeFilter, MultipleChoiceFilter, QuerySetRequestMixin
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter

from zhifa.core.scope import restrict


def is_multi_value(filter_) -> bool:
    """A filter that takes several values: a choice list (?state=a&state=b) or a comma list (?kind__in=a,b)."""
    return isinstance(filter_, MultipleChoiceFilter) or (
        isinstance(filter_, BaseCSVFilter) and not isinstance(filter_, BaseRangeFilter))


def multi_value_data(filters, data):
    """The query with every multi-value parameter in the form its filter reads, whichever form the client
    used: ?x=a,b and ?x=a&x=b (and a mix of both) mean the same."""
    if data is None or not hasattr(data, "getlist"):
        return data
    names = [name for name, filter_ in filters.items() if is_multi_value(filter_) and name in data]
    if not names:
        return data
    data = data.copy() if isinstance(data, QueryDict) else data
    for name in names:
        values = [part for value in data.getlist(name) for part in str(value).split(",") if part != ""]
        if isinstance(filters[name], MultipleChoiceFilter):
            data.setlist(name, values)
        else:
            data.setlist(name, [",".join(values)])
    return data


class FilterSet(django_filters.FilterSet):
    """The base of every filterset.

    - A model filter (?unit=, ?holder=) offers only the requesting user's scope (zhifa.core.scope): an id of
      another agency is refused like one that does not exist.
    - Every multi-value filter accepts both ?x=a,b and ?x=a&x=b."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(multi_value_data(self.base_filters, data), queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            if isinstance(filter_, QuerySetRequestMixin) and filter_.queryset is not None:
                filter_.queryset = restrict(filter_.get_queryset(request), user)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend on zhifa's FilterSet: for `filterset_fields` too, and it refuses a filterset
    class that bypasses it."""

    filterset_base = FilterSet

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None and not issubclass(filterset_class, FilterSet):
            raise ImproperlyConfigured(f"{filterset_class.__name__} must extend zhifa.core.api.filters.FilterSet")
        return filterset_class


class StableOrderingFilter(OrderingFilter):
    """The client's ordering, with the primary key last so that equal values still come back in a fixed
    order: pages (cursor or numbered) never skip or repeat a row."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if ordering and not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering.append("-id")
        return ordering


class LocalDateTimeField(forms.DateTimeField):
    """A date-time in the local time zone. Any offset Python accepts (up to ±23:59) passes form parsing,
    but PostgreSQL refuses offsets past ±15:59, and an instant near year 1 or 9999 may not exist in the
    local zone: both are refused here, as DRF's own DateTimeField refuses them, instead of failing in SQL."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and timezone.is_aware(result):
            try:
                result = result.astimezone(timezone.get_current_timezone())
            except OverflowError:
                raise ValidationError("日期时间超出范围", code="overflow") from None
        return result


class DateTimeFilter(django_filters.DateTimeFilter):
    """django-filter's DateTimeFilter on LocalDateTimeField: use it for every date-time filter."""

    field_class = LocalDateTimeField
