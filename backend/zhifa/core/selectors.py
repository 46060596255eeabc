from django.db.models import QuerySet


def agency_scoped(queryset: QuerySet, user, path: str = "agency_id") -> QuerySet:
    """Rows of the user's own agency only (a superuser sees every agency; anyone else, nothing)."""
    if getattr(user, "is_superuser", False):
        return queryset
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return queryset.none()
    return queryset.filter(**{path: agency_id})
