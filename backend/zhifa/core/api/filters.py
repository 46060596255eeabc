from rest_framework.filters import OrderingFilter


class StableOrderingFilter(OrderingFilter):
    """The client's ordering, with the primary key last so that equal values still come back in a fixed
    order: pages (cursor or numbered) never skip or repeat a row."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if ordering and not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering.append("-id")
        return ordering
