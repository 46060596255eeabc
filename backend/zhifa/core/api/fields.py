"""Serializer fields every API serializer gets by default.

`DateTimeField` range-checks: DRF accepts any instant Python can hold, naive ones made aware in the local
zone, so `0001-01-01T00:00:00` (which is 0000-12-31 in UTC) or `9999-12-31T23:59:59-05:00` reached PostgreSQL
or the conversion to UTC and failed there (an OverflowError or DataError: a 500). No record of enforcement
work is dated outside 1900–2200, so anything else is a 400 naming the field.

`install()` makes it the default, once, for every serializer (see zhifa.core.apps).
"""

from __future__ import annotations

from django.db import models
from rest_framework import serializers

from zhifa.core.validators import instant_in_range


class DateTimeField(serializers.DateTimeField):
    default_error_messages = {
        "out_of_range": "日期时间应在 1900 年至 2200 年之间。",
        "overflow": "日期时间超出范围。",
    }

    def enforce_timezone(self, value):
        try:
            result = super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")
        if not instant_in_range(result):
            self.fail("out_of_range")
        return result


_installed = False


def install() -> None:
    """Make the fields above the defaults: for model fields mapped by every ModelSerializer, and for
    `serializers.DateTimeField(...)` declared explicitly in the project's serializer modules (which are
    imported after the apps are ready). tests/core/test_bad_input.py checks that every date-time field of
    every API serializer is this one."""
    global _installed
    if _installed:
        return
    serializers.ModelSerializer.serializer_field_mapping[models.DateTimeField] = DateTimeField
    serializers.DateTimeField = DateTimeField
    _installed = True
