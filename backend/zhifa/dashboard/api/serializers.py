from rest_framework import serializers

from zhifa.accounts.choices import Role
from zhifa.cases.api.serializers import CaseStatisticsSerializer
from zhifa.core.api.serializers import ScopedSerializer
from zhifa.core.deadlines import DeadlineStatus


class DashboardRowSerializer(ScopedSerializer):
    """One line of the to-do list or of the deadlines: what it is (`kind` and `id`), at which stage, due when."""

    kind = serializers.ChoiceField(choices=["case", "review", "notice", "matter"])
    id = serializers.IntegerField()
    object_id = serializers.IntegerField(required=False, help_text="deadlines: the case or matter the deadline runs in")
    number = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    stage = serializers.CharField(help_text="the state, or the kind of deadline, as a code")
    stage_display = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=DeadlineStatus.choices, allow_null=True)


class DisclosureAlarmRowSerializer(ScopedSerializer):
    notice = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.CharField()
    kind = serializers.ChoiceField(choices=["publication_overdue", "publication_due_soon", "withdrawal_overdue"])
    due = serializers.DateField()


class FixityAlarmRowSerializer(ScopedSerializer):
    id = serializers.IntegerField()
    message = serializers.CharField()
    opened_at = serializers.DateTimeField()
    item_count = serializers.IntegerField()


class DashboardAlarmsSerializer(ScopedSerializer):
    disclosure = DisclosureAlarmRowSerializer(many=True)
    fixity = FixityAlarmRowSerializer(many=True)
    fixity_total = serializers.IntegerField()


class InspectionFiguresSerializer(ScopedSerializer):
    year = serializers.IntegerField(allow_null=True, help_text="the latest year with annual inspections on record")
    by_result = serializers.DictField(child=serializers.IntegerField())


class RegistryFiguresSerializer(ScopedSerializer):
    total = serializers.IntegerField()
    by_type = serializers.DictField(child=serializers.IntegerField())
    by_status = serializers.DictField(child=serializers.IntegerField())
    illegal_total = serializers.IntegerField()
    illegal_by_status = serializers.DictField(child=serializers.IntegerField())
    inspections = InspectionFiguresSerializer()


class ReviewMonthSerializer(ScopedSerializer):
    month = serializers.IntegerField()
    outcomes = serializers.IntegerField()
    average_working_days = serializers.FloatField(allow_null=True)


class ReviewFiguresSerializer(ScopedSerializer):
    year = serializers.IntegerField()
    outcomes = serializers.IntegerField()
    pass_rate = serializers.FloatField(allow_null=True)
    average_working_days = serializers.FloatField(allow_null=True)
    by_month = ReviewMonthSerializer(many=True)


class TimelinessMonthSerializer(ScopedSerializer):
    month = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()


class DisclosureFiguresSerializer(ScopedSerializer):
    year = serializers.IntegerField()
    by_month = TimelinessMonthSerializer(many=True)


class LegalityRowSerializer(ScopedSerializer):
    case_id = serializers.IntegerField()
    case_number = serializers.CharField()
    invariant = serializers.CharField()
    title = serializers.CharField()
    article = serializers.CharField()
    article_en = serializers.CharField()
    reason = serializers.CharField()


class LegalityFiguresSerializer(ScopedSerializer):
    """The last legal audit of the agency's register (nightly, cases/invariants.py)."""

    audited_at = serializers.DateTimeField()
    cases = serializers.IntegerField()
    violations = serializers.IntegerField()
    cases_with_violations = serializers.IntegerField()
    by_invariant = serializers.DictField(child=serializers.IntegerField())
    rows = LegalityRowSerializer(many=True, help_text="the first violations found, with their case and article")


class DashboardSerializer(ScopedSerializer):
    role = serializers.ChoiceField(choices=Role.choices)
    today = serializers.DateField(help_text="the server's date in Beijing time (the calendar's today)")
    year = serializers.IntegerField()
    tasks_total = serializers.IntegerField()
    tasks = DashboardRowSerializer(many=True)
    deadlines = DashboardRowSerializer(many=True)
    alarms = DashboardAlarmsSerializer()
    registry = RegistryFiguresSerializer(allow_null=True, help_text="null where the role may not see the registry")
    cases = CaseStatisticsSerializer()
    reviews = ReviewFiguresSerializer(allow_null=True)
    disclosure = DisclosureFiguresSerializer(allow_null=True)
    legality = LegalityFiguresSerializer(allow_null=True, help_text="null before the first audit, and for roles "
                                                                    "that don't answer for the register's legality")
