"""Writes to the calendar. Every write drops the cached year tables (see engine.py)."""

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.calendar import engine
from zhifa.calendar.choices import YearSource
from zhifa.calendar.models import CalendarDay, CalendarYear

# From this day of the year a missing next-year calendar is worth a warning: the State Council
# publishes the next year's holiday arrangement each autumn.
NEXT_YEAR_WARNING_FROM = (11, 1)


def _calendar_changed() -> None:
    # Now, so this process sees its own write at once; and again after commit, so that no other
    # process keeps tables it rebuilt from the old rows in between.
    engine.calendar_cache_invalidate()
    transaction.on_commit(engine.calendar_cache_invalidate)


@transaction.atomic
def calendar_day_set(*, date: datetime.date, kind: str, name: str = "", note: str = "") -> tuple[CalendarDay, bool]:
    """Set the arrangement for one date, replacing any earlier entry. Returns (day, created)."""
    CalendarDay(date=date, kind=kind, name=name, note=note).full_clean(validate_unique=False)
    day, created = CalendarDay.objects.update_or_create(
        date=date, defaults={"kind": kind, "name": name, "note": note}
    )
    _calendar_changed()
    return day, created


@transaction.atomic
def calendar_day_update(*, day: CalendarDay, **changes) -> CalendarDay:
    """Change fields of an entry (date, kind, name, note); a date already taken is refused."""
    for field_name in ("date", "kind", "name", "note"):
        if field_name in changes:
            setattr(day, field_name, changes.pop(field_name))
    if changes:
        raise TypeError(f"unexpected fields: {', '.join(changes)}")
    day.full_clean()
    day.save()
    _calendar_changed()
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay) -> None:
    day.delete()
    _calendar_changed()


def _year_row(year: int) -> CalendarYear:
    """The year's row, locked; made first where there is none, so that two administrators marking a new year at
    the same moment both get it (the second waits for the first), not one of them a unique-key error."""
    source = YearSource.PACKAGE if engine.package_covers(year) else YearSource.MANUAL
    CalendarYear.objects.get_or_create(year=year, defaults={"source": source})
    row = CalendarYear.objects.select_for_update().get(year=year)
    row.source = source
    return row


@transaction.atomic
def calendar_year_mark_complete(*, year: int, published_on: datetime.date | None = None,
                                note: str | None = None) -> CalendarYear:
    """Record that the year's State Council notice has been entered in full: its deadlines stop
    being provisional. Refused for a year without any holiday entered."""
    row = _year_row(engine.validated_year(year))
    row.complete = True
    if published_on is not None:
        row.published_on = published_on
    if note is not None:
        row.note = note
    row.full_clean()
    row.save()
    _calendar_changed()
    return row


@transaction.atomic
def calendar_year_mark_incomplete(*, year: int, published_on: datetime.date | None = None,
                                  note: str | None = None) -> CalendarYear:
    """Record a year as not (or no longer) entered in full, e.g. while its notice is being entered
    or when it was entered wrongly: its deadlines are provisional (unless the built-in data covers
    the year)."""
    row = _year_row(engine.validated_year(year))
    row.complete = False
    if published_on is not None:
        row.published_on = published_on
    if note is not None:
        row.note = note
    row.full_clean()
    row.save()
    _calendar_changed()
    return row


def calendar_years_missing(*, today: datetime.date | None = None) -> list[int]:
    """This year, and from 1 November next year, where they have no official calendar yet."""
    today = today or timezone.localdate()
    years = [today.year]
    if (today.month, today.day) >= NEXT_YEAR_WARNING_FROM:
        years.append(today.year + 1)
    return [year for year in years if not engine.year_is_official(year)]
