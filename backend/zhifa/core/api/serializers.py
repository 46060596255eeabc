from django.utils import timezone
from rest_framework import serializers

from zhifa.core.deadlines import DeadlineStatus, deadline_status


class DeadlineStatusMixin(serializers.Serializer):
    """A deadline's status (met, late, open, due soon, overdue) and the days left, computed at read time."""

    status = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()

    def get_status(self, obj) -> DeadlineStatus:
        return deadline_status(obj.due_date, obj.met_on)

    def get_days_left(self, obj) -> int | None:
        return None if obj.met_on else (obj.due_date - timezone.localdate()).days


class RedactedMixin:
    """Emits the record as the request's user may see it (zhifa.core.confidential.redact).

    `confidential_subject` is the attribute path from the serialized instance to the record whose
    confidential fields it may carry ("" for the instance itself, "case" for a document or an event of a
    case). The user is the context's `user`, else the request's; with neither, every confidential field
    is hidden. What one user may not see of one record is worked out once per serializer tree."""

    confidential_subject = ""

    def to_representation(self, instance):
        from zhifa.core.confidential import redact_in

        data = super().to_representation(instance)
        subject = instance
        for part in filter(None, self.confidential_subject.split(".")):
            subject = getattr(subject, part, None)
        return data if subject is None else redact_in(data, self.context, subject=subject)
