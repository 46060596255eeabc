import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from zhifa.calendar import engine
from zhifa.calendar.choices import DayKind, YearSource
from zhifa.calendar.models import CalendarDay, CalendarYear


def calendar_day_list() -> QuerySet[CalendarDay]:
    # The holiday calendar is national: every agency sees the same entries.
    return CalendarDay.objects.all()


@dataclass(frozen=True)
class YearStatus:
    year: int
    official: bool
    covered_by_package: bool
    source: str | None
    complete: bool
    published_on: datetime.date | None
    note: str
    holiday_entries: int
    workday_entries: int


def _entry_counts(years_filter: Q) -> dict[int, tuple[int, int]]:
    rows = (
        CalendarDay.objects.filter(years_filter)
        .annotate(entry_year=ExtractYear("date"))
        .values("entry_year")
        .annotate(holidays=Count("id", filter=Q(kind=DayKind.HOLIDAY)),
                  workdays=Count("id", filter=Q(kind=DayKind.WORKDAY)))
        .order_by()
    )
    return {row["entry_year"]: (row["holidays"], row["workdays"]) for row in rows}


def _status(year: int, row: CalendarYear | None, counts: tuple[int, int]) -> YearStatus:
    covered = engine.package_covers(year)
    complete = bool(row and row.complete)
    if row is not None:
        source = row.source
    elif covered:
        source = YearSource.PACKAGE
    else:
        source = YearSource.MANUAL if counts != (0, 0) else None
    return YearStatus(
        year=year, official=covered or complete, covered_by_package=covered, source=source, complete=complete,
        published_on=row.published_on if row else None, note=row.note if row else "",
        holiday_entries=counts[0], workday_entries=counts[1],
    )


def calendar_year_status(*, year: int) -> YearStatus:
    year = engine.validated_year(year)
    row = CalendarYear.objects.filter(year=year).first()
    counts = _entry_counts(Q(date__year=year)).get(year, (0, 0))
    return _status(year, row, counts)


def calendar_year_statuses(*, today: datetime.date | None = None) -> list[YearStatus]:
    """Every year worth showing, newest first: the years the package covers, the years with a
    record or entries, and this year and next."""
    today = today or timezone.localdate()
    rows = {row.year: row for row in CalendarYear.objects.all()}
    counts = _entry_counts(Q())
    years = set(range(engine.PACKAGE_FIRST_YEAR, engine.PACKAGE_LAST_YEAR + 1)) | set(rows) | set(counts)
    years |= {today.year, today.year + 1}
    return [_status(year, rows.get(year), counts.get(year, (0, 0))) for year in sorted(years, reverse=True)]
