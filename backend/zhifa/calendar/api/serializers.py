from rest_framework import serializers

from zhifa.calendar import engine
from zhifa.calendar.choices import PeriodUnit, YearSource
from zhifa.calendar.models import CalendarDay, validate_calendar_date
from zhifa.core.api.serializers import ScopedModelSerializer, ScopedSerializer


class DeadlineQuerySerializer(ScopedSerializer):
    start = serializers.DateField(
        input_formats=["iso-8601"], help_text="起算日（YYYY-MM-DD），当日不计入期限",
    )
    days = serializers.IntegerField(
        min_value=0, max_value=engine.MAX_DAYS,
        help_text=f"期限长度：工作日或自然日天数（0–{engine.MAX_DAYS}）；unit=months 时为月数（0–{engine.MAX_MONTHS}）",
    )
    unit = serializers.ChoiceField(choices=PeriodUnit.choices, help_text="working 工作日 / calendar 自然日 / months 月")

    def validate_start(self, value):
        if not engine.EARLIEST_DATE <= value <= engine.LATEST_DATE:
            raise serializers.ValidationError(
                f"日期须在 {engine.EARLIEST_DATE.isoformat()} 至 {engine.LATEST_DATE.isoformat()} 之间。"
            )
        return value

    def validate(self, attrs):
        if attrs["unit"] == PeriodUnit.MONTHS and attrs["days"] > engine.MAX_MONTHS:
            raise serializers.ValidationError({"days": [f"按月计算时须在 0 至 {engine.MAX_MONTHS} 之间。"]})
        return attrs


class DeadlineSerializer(ScopedSerializer):
    due = serializers.DateField(help_text="期限届满日")
    provisional = serializers.BooleanField(
        help_text="为 true 时，计算涉及尚无官方节假日安排的年度，该年度按周一至周五扣除法定节假日计算，结果为暂定"
    )
    start = serializers.DateField()
    days = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=PeriodUnit.choices)
    unofficial_years = serializers.ListField(
        child=serializers.IntegerField(), help_text="计算中按周一至周五扣除法定节假日计算的年度（尚无官方安排）"
    )
    basis = serializers.CharField(help_text="计算规则说明")


class CalendarDaySerializer(ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "kind_display", "name", "note"]
        # Creating an entry for a date that has one replaces it (calendar_day_set), so the
        # uniqueness check belongs to the service, not to the serializer.
        extra_kwargs = {"date": {"validators": [validate_calendar_date]}}


class CalendarYearStatusSerializer(ScopedSerializer):
    year = serializers.IntegerField()
    official = serializers.BooleanField(help_text="有官方安排：内置数据覆盖，或已完整录入")
    covered_by_package = serializers.BooleanField(help_text="内置节假日数据是否覆盖该年度")
    source = serializers.ChoiceField(choices=YearSource.choices, allow_null=True)
    complete = serializers.BooleanField(help_text="管理员是否已标记该年度完整录入")
    published_on = serializers.DateField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    holiday_entries = serializers.IntegerField(help_text="已录入的放假日条数")
    workday_entries = serializers.IntegerField(help_text="已录入的调休上班日条数")


class CalendarYearCompleteSerializer(ScopedSerializer):
    published_on = serializers.DateField(required=False, allow_null=True, help_text="国务院办公厅通知的发布日期")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="如通知文号")

    def validate_published_on(self, value):
        if value is not None and not engine.EARLIEST_DATE <= value <= engine.LATEST_DATE:
            raise serializers.ValidationError(
                f"日期须在 {engine.EARLIEST_DATE.isoformat()} 至 {engine.LATEST_DATE.isoformat()} 之间。"
            )
        return value


class CalendarYearIncompleteSerializer(ScopedSerializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="撤销原因")
