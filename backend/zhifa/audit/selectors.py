from django.db.models import Model, QuerySet
from pghistory.models import Events


def object_history(*, obj: Model) -> QuerySet:
    """Every history event of one object, oldest first, with the changed fields and the context."""
    return Events.objects.tracks(obj).order_by("pgh_created_at", "pgh_id")
