from django.db.models import Model, QuerySet
from pghistory.models import Events


def object_history(*, obj: Model) -> QuerySet:
    """Every history event of one object, oldest first, with the changed fields and the context."""
    return Events.objects.tracks(obj).order_by("pgh_created_at", "pgh_id")


def user_names(events) -> dict[int, str]:
    """The names of the users in the events' contexts, in one query."""
    from django.contrib.auth import get_user_model

    ids = {e.pgh_context.get("user") for e in events if isinstance(e.pgh_context, dict)} - {None}
    return {u.pk: u.full_name or u.username for u in get_user_model().objects.filter(pk__in=ids)}
