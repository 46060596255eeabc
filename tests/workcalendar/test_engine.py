"""The deadline engine against the official calendar (DOMAIN.md §3, "Counting days").

Expected values for covered years were checked against the State Council notices as held by the
chinesecalendar package (e.g. 2023: 9-29 to 10-06 off, 10-07 and 10-08 worked; 2025: 1-28 to
2-04 off, 1-26 and 2-08 worked; 2025: 10-01 to 10-08 off, 9-28 and 10-11 worked).
"""

import datetime
import logging
import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhifa.calendar import engine, services
from zhifa.calendar.choices import DayKind, PeriodUnit
from zhifa.calendar.engine import (
    Deadline,
    add_calendar_days,
    add_months,
    add_working_days,
    compute_deadline,
    is_working_day,
)
from zhifa.calendar.models import CalendarDay, CalendarYear
from zhifa.calendar.tasks import check_calendar_coverage
from zhifa.core.exceptions import InvalidInput

D = datetime.date
pytestmark = pytest.mark.django_db


def enter_2030_notice():
    """A stand-in for a future year's notice: 1-02 off, Saturday 1-05 worked."""
    services.calendar_day_set(date=D(2030, 1, 2), kind=DayKind.HOLIDAY, name="元旦")
    services.calendar_day_set(date=D(2030, 1, 5), kind=DayKind.WORKDAY, name="元旦")


# --- DOMAIN.md reference values --------------------------------------------------------------


@pytest.mark.parametrize(("start", "amount", "unit", "due"), [
    (D(2024, 2, 5), 7, PeriodUnit.WORKING, D(2024, 2, 20)),
    (D(2024, 4, 30), 5, PeriodUnit.WORKING, D(2024, 5, 10)),
    # 2-10 is Spring Festival; the first working day after it is the Sunday make-up day 2-18.
    (D(2024, 1, 26), 15, PeriodUnit.CALENDAR, D(2024, 2, 18)),
])
def test_domain_reference_values(start, amount, unit, due):
    assert compute_deadline(start, amount, unit) == Deadline(due=due, provisional=False)


# --- working days across the long holidays ---------------------------------------------------


@pytest.mark.parametrize(("start", "days", "due"), [
    # 2023 Mid-Autumn and National Day: 9-29 to 10-06 off; Saturday 10-07 and Sunday 10-08 worked.
    (D(2023, 9, 28), 1, D(2023, 10, 7)),
    (D(2023, 9, 28), 3, D(2023, 10, 9)),
    (D(2023, 9, 27), 5, D(2023, 10, 10)),
    (D(2023, 10, 6), 1, D(2023, 10, 7)),
    # 2025 Spring Festival: 1-28 to 2-04 off; Sunday 1-26 and Saturday 2-08 worked.
    (D(2025, 1, 24), 1, D(2025, 1, 26)),
    (D(2025, 1, 24), 3, D(2025, 2, 5)),
    (D(2025, 1, 24), 5, D(2025, 2, 7)),
    (D(2025, 1, 27), 1, D(2025, 2, 5)),
    (D(2025, 1, 27), 5, D(2025, 2, 10)),
    (D(2025, 2, 7), 1, D(2025, 2, 8)),
    # 2025 National Day: 10-01 to 10-08 off; Saturday 10-11 worked.
    (D(2025, 9, 30), 1, D(2025, 10, 9)),
    (D(2025, 9, 30), 3, D(2025, 10, 11)),
    # 2024 National Day: 10-01 to 10-07 off.
    (D(2024, 9, 30), 1, D(2024, 10, 8)),
])
def test_working_days_over_long_holidays(start, days, due):
    assert add_working_days(start, days) == Deadline(due=due, provisional=False)


@pytest.mark.parametrize(("day", "working"), [
    (D(2023, 9, 29), False),   # Mid-Autumn, a Friday
    (D(2023, 10, 7), True),    # make-up Saturday
    (D(2025, 1, 26), True),    # make-up Sunday
    (D(2025, 1, 28), False),   # Spring Festival eve, a Tuesday
    (D(2025, 2, 5), True),
    (D(2024, 6, 1), False),    # an ordinary Saturday
    (D(2024, 6, 3), True),     # an ordinary Monday
    (D(2030, 1, 1), False),    # uncovered year: Monday to Friday, but New Year's Day is off by law
    (D(2030, 1, 2), True),
])
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_working_days_span_years():
    # 2023-12-29 (Fri) + 2: 2024-01-01 is New Year's Day, so 01-02 and 01-03.
    assert add_working_days(D(2023, 12, 29), 2) == Deadline(D(2024, 1, 3), False)


def test_long_period_matches_day_by_day_count():
    due = add_working_days(D(2005, 3, 1), engine.MAX_DAYS).due
    day, counted = D(2005, 3, 1), 0
    with engine.calendar_snapshot():
        while counted < engine.MAX_DAYS:
            day += datetime.timedelta(days=1)
            counted += is_working_day(day)
    assert due == day


# --- calendar days and months ----------------------------------------------------------------


@pytest.mark.parametrize(("start", "days", "due"), [
    (D(2023, 7, 3), 90, D(2023, 10, 7)),    # ends 10-01 (holiday): rolls to the make-up Saturday
    (D(2024, 7, 3), 90, D(2024, 10, 8)),    # ends 10-01: rolls past the whole National Day week
    (D(2024, 3, 1), 90, D(2024, 5, 30)),    # ends on a plain Thursday
    (D(2023, 9, 16), 15, D(2023, 10, 7)),
    (D(2024, 6, 3), 5, D(2024, 6, 11)),     # ends Saturday 6-08; 6-10 is Dragon Boat Festival
    (D(2024, 6, 3), 60, D(2024, 8, 2)),
])
def test_calendar_days(start, days, due):
    assert add_calendar_days(start, days) == Deadline(due, False)


@pytest.mark.parametrize(("start", "months", "due"), [
    (D(2023, 4, 1), 6, D(2023, 10, 7)),     # 10-01 is National Day: rolls to the make-up Saturday
    (D(2024, 8, 1), 6, D(2025, 2, 5)),      # 2-01 falls in Spring Festival 2025
    (D(2023, 8, 31), 6, D(2024, 2, 29)),    # clamped to the month end of a leap February
    (D(2024, 3, 31), 6, D(2024, 9, 30)),    # clamped to 30 September, a Monday
    (D(2024, 8, 31), 6, D(2025, 2, 28)),
    (D(2024, 1, 15), 12, D(2025, 1, 15)),
])
def test_months(start, months, due):
    assert add_months(start, months) == Deadline(due, False)


@pytest.mark.parametrize("unit", PeriodUnit.values)
def test_zero_length_period_ends_on_start(unit):
    # 2024-02-10 is a holiday: a zero period still ends where it starts.
    assert compute_deadline(D(2024, 2, 10), 0, unit) == Deadline(D(2024, 2, 10), False)
    assert compute_deadline(D(2030, 6, 1), 0, unit) == Deadline(D(2030, 6, 1), False)


def test_compute_deadline_dispatches_on_unit():
    start = D(2024, 2, 5)
    assert compute_deadline(start, 7, "working") == add_working_days(start, 7)
    assert compute_deadline(start, 7, "calendar") == add_calendar_days(start, 7)
    assert compute_deadline(start, 7, "months") == add_months(start, 7)


# --- years without official data -------------------------------------------------------------


def test_package_range():
    assert (engine.PACKAGE_FIRST_YEAR, engine.PACKAGE_LAST_YEAR) == (2004, 2026)
    assert engine.year_is_official(2026)
    assert not engine.year_is_official(2027)
    assert not engine.year_is_official(2003)


def test_uncovered_year_counts_monday_to_friday_and_is_provisional():
    deadline = add_working_days(D(2030, 1, 1), 3)  # Tuesday, New Year's Day: Wed, Thu, Fri
    assert deadline == Deadline(D(2030, 1, 4), True)
    assert deadline.unofficial_years == (2030,)
    assert add_working_days(D(2030, 1, 1), 5) == Deadline(D(2030, 1, 8), True)
    assert add_calendar_days(D(2030, 1, 1), 4) == Deadline(D(2030, 1, 7), True)  # Sat 1-05 rolls to Mon
    assert add_months(D(2029, 7, 10), 6) == Deadline(D(2030, 1, 10), True)


def test_period_running_into_an_uncovered_year_is_provisional():
    deadline = add_working_days(D(2026, 12, 28), 5)
    # 12-29..12-31, then 2027-01-01 (a Friday, but New Year's Day by law), 01-04 and 01-05.
    assert deadline == Deadline(D(2027, 1, 5), True)
    assert deadline.unofficial_years == (2027,)
    # Only the days a calendar-day count classifies matter: here just the end, in 2026.
    assert add_calendar_days(D(2026, 12, 1), 15) == Deadline(D(2026, 12, 16), False)
    assert add_calendar_days(D(2026, 12, 1), 40) == Deadline(D(2027, 1, 11), True)


def test_entered_year_honours_overrides_and_stops_being_provisional_when_complete():
    enter_2030_notice()
    # Overrides apply at once, but the year stays provisional until marked complete.
    assert add_working_days(D(2030, 1, 1), 3) == Deadline(D(2030, 1, 5), True)
    assert not is_working_day(D(2030, 1, 2))
    assert is_working_day(D(2030, 1, 5))

    services.calendar_year_mark_complete(year=2030, published_on=D(2029, 11, 12), note="国办发明电〔2029〕7号")
    assert engine.year_is_official(2030)
    assert add_working_days(D(2030, 1, 1), 3) == Deadline(D(2030, 1, 5), False)
    # A calendar-day count classifies only its last days, all in 2030 here; a working-day count
    # from 2029 classifies days of that still unofficial year.
    assert add_calendar_days(D(2029, 12, 31), 2) == Deadline(D(2030, 1, 3), False)
    assert add_working_days(D(2029, 12, 28), 3).unofficial_years == (2029,)
    row = CalendarYear.objects.get(year=2030)
    assert (row.source, row.complete, row.published_on) == ("manual", True, D(2029, 11, 12))

    services.calendar_year_mark_incomplete(year=2030)
    assert add_working_days(D(2030, 1, 1), 3) == Deadline(D(2030, 1, 5), True)


def test_marking_a_year_complete_without_holidays_is_refused():
    with pytest.raises(ValidationError) as refused:
        services.calendar_year_mark_complete(year=2031)
    assert "year" in refused.value.message_dict
    assert not CalendarYear.objects.filter(year=2031).exists()


def test_override_wins_over_package_in_a_covered_year():
    assert add_working_days(D(2024, 2, 29), 1) == Deadline(D(2024, 3, 1), False)
    services.calendar_day_set(date=D(2024, 3, 1), kind=DayKind.HOLIDAY, name="临时调整")
    assert add_working_days(D(2024, 2, 29), 1) == Deadline(D(2024, 3, 4), False)
    day, created = services.calendar_day_set(date=D(2024, 3, 2), kind=DayKind.WORKDAY)
    assert created
    assert add_working_days(D(2024, 2, 29), 1) == Deadline(D(2024, 3, 2), False)
    # An override can also turn a package holiday into a working day.
    services.calendar_day_set(date=D(2024, 2, 12), kind=DayKind.WORKDAY)
    assert is_working_day(D(2024, 2, 12))
    services.calendar_day_delete(day=day)
    assert not is_working_day(D(2024, 3, 2))


def test_calendar_day_set_replaces_an_existing_entry():
    first, created = services.calendar_day_set(date=D(2030, 5, 1), kind=DayKind.HOLIDAY, name="劳动节")
    second, created_again = services.calendar_day_set(date=D(2030, 5, 1), kind=DayKind.WORKDAY)
    assert created and not created_again
    assert first.pk == second.pk
    assert CalendarDay.objects.get().kind == DayKind.WORKDAY


def test_calendar_day_update_refuses_a_taken_date():
    services.calendar_day_set(date=D(2030, 5, 1), kind=DayKind.HOLIDAY)
    other, _ = services.calendar_day_set(date=D(2030, 5, 2), kind=DayKind.HOLIDAY)
    with pytest.raises(ValidationError) as refused:
        services.calendar_day_update(day=other, date=D(2030, 5, 1))
    assert "date" in refused.value.message_dict


# --- caching ---------------------------------------------------------------------------------


def test_year_tables_are_cached_until_invalidated(django_assert_num_queries):
    add_working_days(D(2024, 3, 1), 10)
    with django_assert_num_queries(0):
        add_working_days(D(2024, 3, 1), 10)
        is_working_day(D(2024, 7, 1))
    # A write that bypasses the services is not seen until the version changes...
    CalendarDay.objects.create(date=D(2024, 3, 4), kind=DayKind.HOLIDAY)
    assert is_working_day(D(2024, 3, 4))
    # ...as it is when another process bumps the version in the shared cache.
    cache.set("calendar:version", uuid.uuid4().hex, timeout=None)
    assert not is_working_day(D(2024, 3, 4))


def test_snapshot_pins_the_calendar_for_a_block(monkeypatch):
    add_working_days(D(2024, 3, 1), 10)
    lookups = []
    real_get = engine.cache.get
    monkeypatch.setattr(engine, "cache", type("Counting", (), {
        "get": staticmethod(lambda key: lookups.append(key) or real_get(key)),
    })())
    with engine.calendar_snapshot():
        for offset in range(50):
            add_working_days(D(2024, 3, 1) + datetime.timedelta(days=offset), 10)
    assert len(lookups) == 1


def test_services_change_the_shared_version():
    is_working_day(D(2024, 3, 4))
    before = cache.get("calendar:version")
    services.calendar_day_set(date=D(2024, 3, 4), kind=DayKind.HOLIDAY)
    assert cache.get("calendar:version") not in (None, before)


def test_works_without_the_shared_cache(monkeypatch):
    class Unavailable:
        def __getattr__(self, name):
            def refuse(*args, **kwargs):
                raise ConnectionError("redis down")
            return refuse

    monkeypatch.setattr(engine, "cache", Unavailable())
    assert add_working_days(D(2024, 2, 5), 7) == Deadline(D(2024, 2, 20), False)


# --- bounds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("call", "field"), [
    (lambda: add_working_days(D(1989, 12, 31), 1), "start"),
    (lambda: add_working_days(D(2201, 1, 1), 1), "start"),
    (lambda: add_working_days("2024-01-01", 1), "start"),
    (lambda: add_working_days(None, 1), "start"),
    (lambda: add_working_days(D(2024, 1, 1), -1), "days"),
    (lambda: add_working_days(D(2024, 1, 1), engine.MAX_DAYS + 1), "days"),
    (lambda: add_calendar_days(D(2024, 1, 1), 1.5), "days"),
    (lambda: add_calendar_days(D(2024, 1, 1), True), "days"),
    (lambda: add_months(D(2024, 1, 1), engine.MAX_MONTHS + 1), "months"),
    (lambda: compute_deadline(D(2024, 1, 1), 1, "weeks"), "unit"),
    (lambda: is_working_day(D(1, 1, 1)), "day"),
    (lambda: engine.year_is_official(99999), "year"),
])
def test_out_of_range_input_names_the_field(call, field):
    with pytest.raises(InvalidInput) as refused:
        call()
    assert field in refused.value.fields


def test_extremes_are_accepted():
    assert add_working_days(engine.LATEST_DATE, engine.MAX_DAYS).provisional
    assert add_months(engine.LATEST_DATE, engine.MAX_MONTHS).due >= D(2210, 12, 31)
    assert add_calendar_days(engine.EARLIEST_DATE, engine.MAX_DAYS).provisional
    assert add_working_days(datetime.datetime(2024, 2, 5, 9, 30), 7).due == D(2024, 2, 20)


# --- properties ------------------------------------------------------------------------------

_dates = st.dates(min_value=D(2002, 1, 1), max_value=D(2031, 12, 31))
_property_settings = settings(max_examples=150, deadline=None,
                              suppress_health_check=[HealthCheck.function_scoped_fixture])


def _working_days_between(after: datetime.date, before: datetime.date) -> int:
    with engine.calendar_snapshot():
        return sum(is_working_day(after + datetime.timedelta(days=i)) for i in range(1, (before - after).days))


@_property_settings
@given(start=_dates, days=st.integers(min_value=1, max_value=400))
def test_property_working_days(start, days):
    deadline = add_working_days(start, days)
    assert deadline.due > start
    assert is_working_day(deadline.due)
    assert _working_days_between(start, deadline.due) == days - 1
    touched = range(start.year, deadline.due.year + 1)
    assert deadline.provisional == any(not engine.year_is_official(year) for year in touched)


@_property_settings
@given(start=_dates, days=st.integers(min_value=1, max_value=400))
def test_property_calendar_days(start, days):
    deadline = add_calendar_days(start, days)
    last_day = start + datetime.timedelta(days=days)
    assert deadline.due >= last_day
    assert is_working_day(deadline.due)
    assert _working_days_between(last_day - datetime.timedelta(days=1), deadline.due) == 0


@_property_settings
@given(start=_dates, months=st.integers(min_value=1, max_value=24))
def test_property_months(start, months):
    deadline = add_months(start, months)
    assert deadline.due > start
    assert is_working_day(deadline.due)
    # Never more than a long holiday past the nominal month-end date.
    assert (deadline.due - start).days <= months * 31 + 10


# --- coverage check --------------------------------------------------------------------------


@pytest.mark.parametrize(("today", "missing"), [
    (D(2026, 10, 31), []),            # 2026 is covered; next year not yet due
    (D(2026, 11, 1), [2027]),         # from 1 November a missing next year is reported
    (D(2027, 3, 1), [2027]),
    (D(2030, 11, 20), [2030, 2031]),
])
def test_years_missing(today, missing):
    assert services.calendar_years_missing(today=today) == missing


def test_years_missing_after_entry():
    enter_2030_notice()
    services.calendar_year_mark_complete(year=2030)
    assert services.calendar_years_missing(today=D(2030, 11, 20)) == [2031]


def test_coverage_task_warns_and_returns_years(monkeypatch, caplog):
    monkeypatch.setattr("zhifa.calendar.services.timezone.localdate", lambda: D(2026, 11, 26))
    with caplog.at_level(logging.WARNING, logger="zhifa.calendar.tasks"):
        assert check_calendar_coverage() == [2027]
    assert "2027" in caplog.text

    caplog.clear()
    monkeypatch.setattr("zhifa.calendar.services.timezone.localdate", lambda: D(2026, 6, 1))
    with caplog.at_level(logging.WARNING, logger="zhifa.calendar.tasks"):
        assert check_calendar_coverage() == []
    assert caplog.text == ""


def test_package_years_match_the_package_function():
    import chinese_calendar

    day = D(engine.PACKAGE_FIRST_YEAR, 1, 1)
    with engine.calendar_snapshot():
        while day.year <= engine.PACKAGE_LAST_YEAR:
            assert is_working_day(day) == chinese_calendar.is_workday(day), day
            day += datetime.timedelta(days=1)


@pytest.mark.parametrize("target, days", [
    (datetime.date(2024, 2, 20), 7), (datetime.date(2024, 5, 10), 5), (datetime.date(2023, 10, 9), 7),
    (datetime.date(2025, 2, 7), 7), (datetime.date(2024, 3, 15), 0),
])
def test_subtract_working_days_is_the_latest_start_that_still_meets_the_target(db, target, days):
    """"At least N working days before" (Art. 64): N full working days lie strictly between, the target
    day itself not counted."""
    from zhifa.calendar.engine import add_working_days, subtract_working_days, working_days_between

    latest = subtract_working_days(target, days).due
    if days:
        assert add_working_days(latest, days).due < target
        assert working_days_between(latest, target - datetime.timedelta(days=1)) >= days
        assert working_days_between(latest + datetime.timedelta(days=1), target - datetime.timedelta(days=1)) < days
    else:
        assert latest == target
