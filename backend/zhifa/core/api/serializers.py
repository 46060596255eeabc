from django.utils import timezone
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField

from zhifa.core.deadlines import DeadlineStatus, deadline_status
from zhifa.core.scope import restrict


def request_user(context):
    request = context.get("request") if context else None
    return getattr(request, "user", None)


def writable_relations(fields):
    """(name, related field) for every writable related field among `fields`, the child relation of a
    many-valued one included, and those of nested serializers (named "parent.child")."""
    for name, field in fields.items():
        if field.read_only:
            continue
        if isinstance(field, ManyRelatedField):
            field = field.child_relation
        if isinstance(field, serializers.ListField):
            field = field.child
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, RelatedField) and field.queryset is not None:
            yield name, field
        elif isinstance(field, serializers.BaseSerializer) and hasattr(field, "fields"):
            for inner, related in writable_relations(field.fields):
                yield f"{name}.{inner}", related


def scope_relations(fields, user) -> None:
    """Narrow every writable related field to what `user` may see (zhifa.core.scope): an id outside it is
    refused as "does not exist", naming the field, exactly as an id that names nothing."""
    for _name, field in writable_relations(fields):
        field.queryset = restrict(field.queryset, user)


class ScopedRelations:
    """Every API serializer's writable related fields offer only the requesting user's scope.

    The user is the context's request's; without a request (a serializer made for output only) nothing can
    be chosen. A view may narrow a field further (only the unit's officers), never widen it: the scope is
    applied again when the data is validated."""

    def get_fields(self):
        fields = super().get_fields()
        scope_relations(fields, request_user(self.context))
        return fields

    def to_internal_value(self, data):
        scope_relations(self.fields, request_user(self.context))
        return super().to_internal_value(data)


class ScopedSerializer(ScopedRelations, serializers.Serializer):
    """The base of every API serializer that is not a model serializer."""


class ScopedModelSerializer(ScopedRelations, serializers.ModelSerializer):
    """The base of every API model serializer."""


class DeadlineStatusMixin(ScopedSerializer):
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
