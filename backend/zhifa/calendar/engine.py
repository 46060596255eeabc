"""Deadline arithmetic on the official working calendar (DOMAIN.md §3, "Counting days").

This is the module other apps import. Whether a day is a working day is decided, in order, by:

1. an administrator's CalendarDay entry for that date;
2. the chinesecalendar package, for the years it covers;
3. otherwise Monday to Friday minus the statutory holidays of 《全国年节及纪念日放假办法》 and
   their 补假, computed from the lunar and solar-term dates (`statutory.py`); weekend make-up
   working days (调休) are not guessed. Such a year is not official, and any deadline whose
   computation had to classify a day in it is provisional, until an administrator enters the
   year's State Council notice and marks the year complete (CalendarYear.complete). A year marked
   complete is its entries plus Monday to Friday: the notice entered replaces the computation.

Rules:
- Working-day periods count working days after the start day; make-up working days (调休) count.
- Calendar-day and month periods don't count the start day; if the last day is a statutory
  holiday or rest day, the deadline moves to the first working day after it (民事诉讼法 Art. 85).
- A zero-length period ends on its start day, unchanged.

Each year is classified once per process into a table of working days with running counts, so a
3650-working-day period costs a few bisects, not thousands of lookups. The tables are dropped
whenever the calendar data changes: writers call `calendar_cache_invalidate()`, which replaces a
version token kept in Django's cache (Redis), and every process compares its token on each call.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime
import logging
import threading
import uuid
from array import array
from bisect import bisect_left
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import chinese_calendar
from django.core.cache import cache

from zhifa.calendar.choices import DayKind, PeriodUnit
from zhifa.calendar.models import EARLIEST_YEAR, LATEST_YEAR, CalendarDay, CalendarYear
from zhifa.calendar.statutory import statutory_holidays
from zhifa.core.exceptions import InvalidInput

logger = logging.getLogger(__name__)

__all__ = [
    "EARLIEST_DATE", "LATEST_DATE", "MAX_DAYS", "MAX_MONTHS", "PACKAGE_FIRST_YEAR", "PACKAGE_LAST_YEAR",
    "Deadline", "add_calendar_days", "add_months", "add_working_days", "calendar_cache_invalidate",
    "calendar_snapshot",
    "compute_deadline", "is_working_day", "package_covers", "subtract_working_days", "validated_year", "working_days_between",
    "year_is_official",
]

EARLIEST_DATE = datetime.date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = datetime.date(LATEST_YEAR, 12, 31)
MAX_DAYS = 3650
MAX_MONTHS = 120

# The package refuses (NotImplementedError) any date outside the years its tables hold.
PACKAGE_FIRST_YEAR = min(chinese_calendar.holidays).year
PACKAGE_LAST_YEAR = max(chinese_calendar.holidays).year

_VERSION_KEY = "calendar:version"


@dataclass(frozen=True)
class Deadline:
    """A computed due date. `provisional` means a year the computation touched has no official
    calendar yet, so it was counted Monday to Friday minus the computed statutory holidays;
    `unofficial_years` names them. A provisional date warns; it never by itself refuses a
    party's request: a guard that finds a party late against it shows `warning` instead."""

    due: datetime.date
    provisional: bool
    unofficial_years: tuple[int, ...] = field(default=(), compare=False)

    @property
    def warning(self) -> tuple[str, str] | None:
        """(中文, English) saying why the due date is provisional; None for an official one."""
        if not self.provisional:
            return None
        years = "、".join(str(year) for year in self.unofficial_years)
        return (f"{years} 年尚无官方节假日安排，期限按周一至周五扣除法定节假日暂定计算（调休未计入），"
                f"届满日 {self.due.isoformat()} 仅供提示",
                f"No official holiday calendar for {', '.join(map(str, self.unofficial_years))} yet: "
                f"the due date {self.due.isoformat()} is provisional (Monday to Friday less statutory "
                f"holidays, make-up working days unknown)")


def package_covers(year: int) -> bool:
    return PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR


# --- per-year tables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _YearTable:
    year: int
    official: bool
    first: datetime.date
    # running[i] = working days among the year's first i days; len = days in year + 1.
    running: array

    def is_working(self, day: datetime.date) -> bool:
        i = (day - self.first).days
        return self.running[i + 1] != self.running[i]


def _load_year(year: int) -> _YearTable:
    overrides = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
    covered = package_covers(year)
    official = covered or CalendarYear.objects.filter(year=year, complete=True).exists()
    # A year the package doesn't cover and the administrator hasn't completed: the law's holidays.
    computed_off = {} if official else statutory_holidays(year)
    first = datetime.date(year, 1, 1)
    length = (datetime.date(year + 1, 1, 1) - first).days
    running = array("H", [0])
    count = 0
    for offset in range(length):
        day = first + datetime.timedelta(days=offset)
        kind = overrides.get(day)
        if kind is not None:
            working = kind == DayKind.WORKDAY
        elif covered:
            # chinese_calendar.is_workday's rule, read from its public tables: its own function
            # re-checks the covered range on every call, which costs ~10 ms a year.
            working = day in chinese_calendar.workdays or (
                day.weekday() < 5 and day not in chinese_calendar.holidays
            )
        else:
            working = day.weekday() < 5 and day not in computed_off
        count += working
        running.append(count)
    return _YearTable(year=year, official=official, first=first, running=running)


class _ProcessCache:
    def __init__(self):
        self.lock = threading.Lock()
        self.token: str | None = None
        self.years: dict[int, _YearTable] = {}


_process_cache = _ProcessCache()


def _current_token() -> str | None:
    try:
        token = cache.get(_VERSION_KEY)
        if token is None:
            # First use, or the key was evicted: start a new version, so no process keeps old tables.
            cache.add(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(_VERSION_KEY)
        return token
    except Exception:  # Redis unavailable: compute from the database rather than refuse
        logger.warning("工作日历缓存不可用，本次直接读取数据库 (calendar cache unavailable)", exc_info=True)
        return None


def _year_tables() -> dict[int, _YearTable]:
    """The year tables valid for this call: the process's shared dict, or a private one without Redis."""
    token = _current_token()
    if token is None:
        return {}
    with _process_cache.lock:
        if _process_cache.token != token:
            _process_cache.token = token
            _process_cache.years = {}
        return _process_cache.years


def calendar_cache_invalidate() -> None:
    """Make every process reload the calendar. Called by the services that write calendar data."""
    with _process_cache.lock:
        _process_cache.token = None
        _process_cache.years = {}
    try:
        cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("工作日历缓存版本更新失败 (calendar cache version not bumped)", exc_info=True)


_pinned_tables: ContextVar[dict[int, _YearTable] | None] = ContextVar("calendar_pinned_tables", default=None)


@contextmanager
def calendar_snapshot():
    """Within the block every computation uses the calendar as it stood on entry, with one cache
    lookup in all instead of one per call: for computing many deadlines at once."""
    token = _pinned_tables.set(_year_tables())
    try:
        yield
    finally:
        _pinned_tables.reset(token)


class _Calendar:
    """The year tables for one computation."""

    def __init__(self):
        pinned = _pinned_tables.get()
        self._tables = pinned if pinned is not None else _year_tables()

    def year(self, year: int) -> _YearTable:
        table = self._tables.get(year)
        if table is None:
            table = self._tables[year] = _load_year(year)
        return table

    def unofficial_years(self, first_year: int, last_year: int) -> tuple[int, ...]:
        return tuple(y for y in range(first_year, last_year + 1) if not self.year(y).official)

    def nth_working_day(self, first: datetime.date, n: int) -> datetime.date:
        """The n-th working day (n >= 1) counting from `first` inclusive."""
        cursor = first
        while True:
            table = self.year(cursor.year)
            counted_before = table.running[(cursor - table.first).days]
            available = table.running[-1] - counted_before
            if available >= n:
                position = bisect_left(table.running, counted_before + n) - 1
                return table.first + datetime.timedelta(days=position)
            n -= available
            cursor = datetime.date(cursor.year + 1, 1, 1)

    def deadline_from(self, first: datetime.date, n: int) -> Deadline:
        """The n-th working day from `first` inclusive; every year walked through is classified."""
        due = self.nth_working_day(first, n)
        unofficial = self.unofficial_years(first.year, due.year)
        return Deadline(due=due, provisional=bool(unofficial), unofficial_years=unofficial)


# --- input bounds ------------------------------------------------------------------------------


def _checked_date(value, field_name: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        raise InvalidInput("日期格式错误，应为 YYYY-MM-DD。", "Expected a date (YYYY-MM-DD).",
                           fields={field_name: ["日期格式错误，应为 YYYY-MM-DD。"]})
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        message = f"日期须在 {EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()} 之间。"
        raise InvalidInput(message, f"The date must be between {EARLIEST_DATE} and {LATEST_DATE}.",
                           fields={field_name: [message]})
    return value


def _checked_count(value, field_name: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("应为整数。", "Expected an integer.", fields={field_name: ["应为整数。"]})
    if not 0 <= value <= maximum:
        message = f"须在 0 至 {maximum} 之间。"
        raise InvalidInput(message, f"Must be between 0 and {maximum}.", fields={field_name: [message]})
    return value


def validated_year(value, field_name: str = "year") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("应为整数。", "Expected an integer.", fields={field_name: ["应为整数。"]})
    if not EARLIEST_YEAR <= value <= LATEST_YEAR:
        message = f"年度须在 {EARLIEST_YEAR} 至 {LATEST_YEAR} 之间。"
        raise InvalidInput(message, f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.",
                           fields={field_name: [message]})
    return value


# --- public functions --------------------------------------------------------------------------


def is_working_day(day: datetime.date) -> bool:
    day = _checked_date(day, "day")
    return _Calendar().year(day.year).is_working(day)


def year_is_official(year: int) -> bool:
    """Whether the year's official calendar is known (package data, or entered and marked complete)."""
    year = validated_year(year)
    return _Calendar().year(year).official


def add_working_days(start: datetime.date, days: int) -> Deadline:
    """`days` working days after `start` (the start day itself is not counted)."""
    start = _checked_date(start, "start")
    days = _checked_count(days, "days", MAX_DAYS)
    if days == 0:
        return Deadline(due=start, provisional=False)
    return _Calendar().deadline_from(start + datetime.timedelta(days=1), days)


def subtract_working_days(target: datetime.date, days: int) -> Deadline:
    """The last day to act when the law says "at least N working days before" `target` (e.g. a hearing
    notice, Art. 64): `days` full working days lie strictly between the returned day and `target`; the
    target day itself is not counted."""
    target = _checked_date(target, "start")
    days = _checked_count(days, "days", MAX_DAYS)
    calendar = _Calendar()
    cursor, counted = target - datetime.timedelta(days=1), 0
    while counted < days:
        if calendar.year(cursor.year).is_working(cursor):
            counted += 1
        if counted < days:
            cursor -= datetime.timedelta(days=1)
    due = cursor - datetime.timedelta(days=1) if days else target
    unofficial = calendar.unofficial_years(due.year, target.year)
    return Deadline(due=due, provisional=bool(unofficial), unofficial_years=unofficial)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days fall after `start` up to and including `end` (0 if end <= start)."""
    start, end = _checked_date(start, "start"), _checked_date(end, "end")
    calendar, count, cursor = _Calendar(), 0, start
    while cursor < end:
        cursor += datetime.timedelta(days=1)
        count += calendar.year(cursor.year).is_working(cursor)
    return count


def add_calendar_days(start: datetime.date, days: int) -> Deadline:
    """`days` calendar days after `start`, moved to the next working day if it ends on a day off."""
    start = _checked_date(start, "start")
    days = _checked_count(days, "days", MAX_DAYS)
    if days == 0:
        return Deadline(due=start, provisional=False)
    return _Calendar().deadline_from(start + datetime.timedelta(days=days), 1)


def add_months(start: datetime.date, months: int) -> Deadline:
    """The same day `months` months later (the month's last day if it is shorter), moved to the
    next working day if it is a day off."""
    start = _checked_date(start, "start")
    months = _checked_count(months, "months", MAX_MONTHS)
    if months == 0:
        return Deadline(due=start, provisional=False)
    year, month_index = divmod(start.year * 12 + start.month - 1 + months, 12)
    month = month_index + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return _Calendar().deadline_from(datetime.date(year, month, min(start.day, last_day)), 1)


_BY_UNIT = {
    PeriodUnit.WORKING: add_working_days,
    PeriodUnit.CALENDAR: add_calendar_days,
    PeriodUnit.MONTHS: add_months,
}


def compute_deadline(start: datetime.date, amount: int, unit: str) -> Deadline:
    """Dispatch on `unit` (PeriodUnit: "working", "calendar", "months")."""
    if unit not in PeriodUnit.values:
        message = f"期限单位应为 {'、'.join(PeriodUnit.values)} 之一。"
        raise InvalidInput(message, f"unit must be one of {', '.join(PeriodUnit.values)}.",
                           fields={"unit": [message]})
    return _BY_UNIT[PeriodUnit(unit)](start, amount)
