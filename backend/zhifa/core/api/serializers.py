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
