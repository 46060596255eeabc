import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.filters import OrderingFilter


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
