import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from zhifa.calendar.choices import DayKind, YearSource

# The range the calendar accepts. Wide enough for legacy records and long periods; narrow enough
# that nobody can ask the engine to build calendars for the year 9999.
EARLIEST_YEAR = 1990
LATEST_YEAR = 2200


def validate_calendar_date(value: datetime.date):
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(f"日期须在 {EARLIEST_YEAR} 年至 {LATEST_YEAR} 年之间", code="out_of_range")


@pghistory.track()
class CalendarDay(models.Model):
    """One day of the State Council's holiday arrangement, as entered by an administrator.

    An entry wins over the built-in chinesecalendar data for its date: it is how a later year's
    calendar is entered, and how a late change to a covered year is applied.
    """

    date = models.DateField(
        "日期", unique=True, validators=[validate_calendar_date],
        error_messages={"unique": "该日期已有日历调整记录"},
    )
    kind = models.CharField("类型", max_length=16, choices=DayKind.choices)
    name = models.CharField("节日名称", max_length=50, blank=True, help_text="如“春节”“国庆节”")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作日历调整"
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date__gte=datetime.date(EARLIEST_YEAR, 1, 1),
                                   date__lte=datetime.date(LATEST_YEAR, 12, 31)),
                name="calendarday_date_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.date.isoformat()} {self.get_kind_display()}{'（' + self.name + '）' if self.name else ''}"


@pghistory.track()
class CalendarYear(models.Model):
    """Whether a year's official calendar is known.

    A year counts as official when the chinesecalendar package covers it, or when an administrator
    has entered that year's State Council notice as CalendarDay rows and marked the year complete.
    Until then deadlines that touch the year are counted Monday to Friday and marked provisional.
    """

    year = models.PositiveSmallIntegerField(
        "年度", unique=True, validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)],
        error_messages={"unique": "该年度已有记录"},
    )
    source = models.CharField("数据来源", max_length=16, choices=YearSource.choices, default=YearSource.MANUAL)
    complete = models.BooleanField("已完整录入", default=False, help_text="该年度国务院节假日安排已全部录入")
    published_on = models.DateField("通知发布日期", null=True, blank=True, help_text="国务院办公厅通知的发布日期")
    note = models.CharField("备注", max_length=200, blank=True, help_text="如通知文号")

    class Meta:
        verbose_name = verbose_name_plural = "工作日历年度"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=EARLIEST_YEAR, year__lte=LATEST_YEAR), name="calendaryear_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.year} 年"

    def clean(self):
        from zhifa.calendar.engine import package_covers

        # Marking an entered year complete with no holidays in it would make Monday-to-Friday
        # counting look official: almost certainly a year whose notice was not entered yet.
        if (self.complete and isinstance(self.year, int) and EARLIEST_YEAR <= self.year <= LATEST_YEAR
                and not package_covers(self.year)
                and not CalendarDay.objects.filter(date__year=self.year, kind=DayKind.HOLIDAY).exists()):
            raise ValidationError({"year": f"{self.year} 年尚未录入任何节假日，请先录入国务院通知中的放假安排"})
