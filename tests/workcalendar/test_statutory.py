"""Statutory holidays for years with no official calendar (DOMAIN.md §3, "Counting days").

《全国年节及纪念日放假办法》(2024 年修订，2025 年 1 月 1 日起施行) 第二条：全体公民放假的节日：
（一）元旦，放假 1 天（1 月 1 日）；（二）春节，放假 4 天（农历除夕、正月初一至初三）；
（三）清明节，放假 1 天（农历清明当日）；（四）劳动节，放假 2 天（5 月 1 日、2 日）；
（五）端午节，放假 1 天（农历端午当日）；（六）中秋节，放假 1 天（农历中秋当日）；
（七）国庆节，放假 3 天（10 月 1 日至 3 日）。
第六条：全体公民放假的假日，如果适逢周六、周日，应当在工作日补假。

Until a year's State Council notice is entered, a deadline in it counts Monday to Friday minus these
days, computed from the lunar calendar and the solar terms, and is provisional. Make-up working days
(调休上班) are not guessed.
"""

import datetime

import chinese_calendar
import pytest

from zhifa.calendar import engine, services
from zhifa.calendar.choices import DayKind, PeriodUnit
from zhifa.calendar.engine import (
    Deadline,
    add_calendar_days,
    add_months,
    add_working_days,
    compute_deadline,
    is_working_day,
    subtract_working_days,
)
from zhifa.calendar.statutory import festivals, lunar_new_year, lunar_to_solar, qingming, statutory_holidays

D = datetime.date
pytestmark = pytest.mark.django_db
COVERED = range(2004, 2027)
FESTIVAL_NAMES = {
    "元旦": "New Year's Day", "春节": "Spring Festival", "清明节": "Tomb-sweeping Day", "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival", "中秋节": "Mid-autumn Festival", "国庆节": "National Day",
}

# The notices that placed a 补假 elsewhere than on the first weekday after the festival:
# 2012 端午 (Sat 6-23): 国办发明电〔2011〕39号 gave Friday 6-22 off instead of Monday 6-25;
# 2015 中秋 (Sun 9-27): 国办发明电〔2014〕28号 gave the day in the National Day week (10-01 to 10-07).
BUJIA_PLACED_ELSEWHERE = {D(2012, 6, 25), D(2015, 9, 28)}


def bujia_days(year):
    return {day: name for day, name in statutory_holidays(year).items() if "补假" in name}


# --- the lunar and solar-term dates are computed, and right -----------------------------------


@pytest.mark.parametrize(("computed", "known"), [
    (lunar_new_year(2027), D(2027, 2, 6)),           # 春节 2027 (除夕 2027-02-05)
    (qingming(2027), D(2027, 4, 5)),
    (lunar_to_solar(2027, 5, 5), D(2027, 6, 9)),     # 端午
    (lunar_to_solar(2027, 8, 15), D(2027, 9, 15)),   # 中秋
    (lunar_new_year(2024), D(2024, 2, 10)),
    (qingming(2024), D(2024, 4, 4)),
    (lunar_new_year(2025), D(2025, 1, 29)),
    (lunar_to_solar(2025, 8, 15), D(2025, 10, 6)),
    (lunar_to_solar(2020, 8, 15), D(2020, 10, 1)),   # 中秋 on National Day
])
def test_known_lunar_and_solar_term_dates(computed, known):
    assert computed == known


def test_2027_under_the_2025_text():
    assert statutory_holidays(2027) == {
        D(2027, 1, 1): "元旦",                                        # Friday
        D(2027, 2, 5): "春节", D(2027, 2, 8): "春节",                 # 除夕 Fri; 初一, 初二 on the weekend; 初三 Mon
        D(2027, 2, 9): "春节（补假）", D(2027, 2, 10): "春节（补假）",
        D(2027, 4, 5): "清明节",                                      # Monday
        D(2027, 5, 3): "劳动节（补假）", D(2027, 5, 4): "劳动节（补假）",  # 5-01 and 5-02 are Sat and Sun
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节",                                     # Friday; 10-02 and 10-03 on the weekend
        D(2027, 10, 4): "国庆节（补假）", D(2027, 10, 5): "国庆节（补假）",
    }


@pytest.mark.parametrize(("day", "off", "why"), [
    (D(2007, 5, 3), True, "1999 text: 劳动节 5-01 to 5-03"),
    (D(2007, 4, 5), False, "清明 became a holiday in 2008"),
    (D(2011, 2, 2), True, "2008 text: 春节 from 除夕"),
    (D(2011, 5, 3), False, "2008 text: 劳动节 one day (Sun 5-01, 补假 Mon 5-02)"),
    (D(2018, 2, 15), False, "2014 text: 春节 from 正月初一, 除夕 is a working day"),
    (D(2019, 5, 2), False, "2014 text: 劳动节 one day"),
    (D(2026, 2, 16), True, "2025 text: 春节 from 除夕"),
    (D(2026, 5, 1), True, "2025 text: 劳动节 two days (Fri 5-01, Sat 5-02, 补假 Mon 5-04)"),
    (D(2026, 5, 4), True, "2025 text: 劳动节 two days (Fri 5-01, Sat 5-02, 补假 Mon 5-04)"),
    (D(1999, 10, 3), False, "1999 text in force from 9-18: 国庆 three days, 10-03 a Sunday"),
    (D(1999, 10, 5), True, "1999 text: 10-02 and 10-03 on the weekend, 补假 10-04 and 10-05"),
])
def test_each_day_under_the_text_in_force(day, off, why):
    assert (day in statutory_holidays(day.year)) is off, why


@pytest.mark.parametrize("year", range(1990, 2221))  # to the end of the longest period from 2200
def test_every_festival_day_gives_one_weekday_off(year):
    """Art. 2 counts the days; Art. 6 gives a weekday for each that falls on a weekend or is shared."""
    expected = (7 if year < 1999 else 8 if year == 1999 else 10 if year < 2008 else 11 if year < 2025 else 13)
    days = statutory_holidays(year)
    assert len(days) == expected
    assert all(day.year == year and day.weekday() < 5 for day in days)


# --- checked against the State Council notices held by chinesecalendar, 2004-2026 ------------


@pytest.mark.parametrize("year", COVERED)
def test_computed_holidays_are_official_holidays(year):
    """Every festival day the text in force gives, weekends included, is a holiday of that name."""
    names_of = {}
    for name, days in festivals(year):
        for day in days:
            names_of.setdefault(day, set()).add(FESTIVAL_NAMES[name])
    assert names_of
    for day, names in names_of.items():
        is_holiday, official_name = chinese_calendar.get_holiday_detail(day)
        assert is_holiday, (day, names)
        # chinesecalendar names most days; it leaves a few unnamed (e.g. 2012-06-22).
        assert official_name in names | {None}, (day, names, official_name)
    for day, name in bujia_days(year).items():
        assert chinese_calendar.is_holiday(day) or day in BUJIA_PLACED_ELSEWHERE, (day, name)


@pytest.mark.parametrize("year", COVERED)
def test_no_more_weekdays_off_than_the_official_year_has(year):
    """Where a notice placed a 补假 elsewhere, the count of weekdays off still bounds the computation."""
    first, last = D(year, 1, 1), D(year, 12, 31)
    official = sum(1 for n in range((last - first).days + 1)
                   if (day := first + datetime.timedelta(days=n)).weekday() < 5 and chinese_calendar.is_holiday(day))
    assert len(statutory_holidays(year)) <= official


@pytest.mark.parametrize("year", range(2008, 2027))
def test_stable_festivals_carry_their_official_names_2008_to_2026(year):
    """The days no text changed since 2008: 正月初一, 清明, 端午, 中秋, 国庆 10-01 to 10-03, 元旦."""
    stable = [("Spring Festival", lunar_new_year(year)), ("Tomb-sweeping Day", qingming(year)),
              ("Dragon Boat Festival", lunar_to_solar(year, 5, 5)), ("New Year's Day", D(year, 1, 1)),
              ("Mid-autumn Festival", lunar_to_solar(year, 8, 15))]
    stable += [("National Day", D(year, 10, day)) for day in (1, 2, 3)]
    names_of = {}
    for name, day in stable:
        names_of.setdefault(day, {None}).add(name)  # 中秋 on 10-01 to 10-03 may carry either name
    for day, names in names_of.items():
        is_holiday, official_name = chinese_calendar.get_holiday_detail(day)
        assert is_holiday and official_name in names, (day, names, official_name)


# --- deadlines in 2027, a year with no official calendar -------------------------------------


@pytest.mark.parametrize(("holiday", "start", "due"), [
    # 5 working days from the last working day before each holiday, counted by hand:
    ("元旦", D(2026, 12, 31), D(2027, 1, 8)),     # 1-01 off; 1-04 .. 1-08
    ("春节", D(2027, 2, 4), D(2027, 2, 17)),      # 2-05 .. 2-10 off; 2-11, 12, 15, 16, 17
    ("清明", D(2027, 4, 2), D(2027, 4, 12)),      # 4-05 off; 4-06 .. 4-09, 4-12
    ("劳动节", D(2027, 4, 30), D(2027, 5, 11)),   # 5-01 .. 5-04 off; 5-05, 06, 07, 10, 11
    ("端午", D(2027, 6, 8), D(2027, 6, 16)),      # 6-09 off; 6-10, 11, 14, 15, 16
    ("中秋", D(2027, 9, 14), D(2027, 9, 22)),     # 9-15 off; 9-16, 17, 20, 21, 22
    ("国庆", D(2027, 9, 30), D(2027, 10, 12)),    # 10-01 .. 10-05 off; 10-06, 07, 08, 11, 12
])
def test_2027_working_day_deadlines_land_after_each_holiday(holiday, start, due):
    deadline = add_working_days(start, 5)
    assert deadline == Deadline(due, provisional=True)
    assert deadline.unofficial_years == (2027,)
    # Later than Monday to Friday alone would have put it.
    monday_to_friday = start
    for _ in range(5):
        monday_to_friday += datetime.timedelta(days=1)
        while monday_to_friday.weekday() >= 5:
            monday_to_friday += datetime.timedelta(days=1)
    assert deadline.due > monday_to_friday, holiday


@pytest.mark.parametrize(("start", "days", "due"), [
    (D(2027, 1, 21), 15, D(2027, 2, 11)),   # ends on 除夕 2-05: moves past 春节 and its 补假
    (D(2027, 9, 16), 15, D(2027, 10, 6)),   # ends on 10-01: moves past 国庆 and its 补假
    (D(2027, 4, 20), 12, D(2027, 5, 5)),    # ends on Sunday 5-02: moves past the 劳动节 补假
    (D(2027, 8, 31), 15, D(2027, 9, 16)),   # ends on 中秋 9-15
])
def test_2027_calendar_day_deadlines_move_off_holidays(start, days, due):
    assert add_calendar_days(start, days) == Deadline(due, provisional=True)


def test_2027_months_and_counting_back_are_provisional():
    assert add_months(D(2026, 11, 5), 3) == Deadline(D(2027, 2, 11), provisional=True)  # 2-05 is 除夕
    assert subtract_working_days(D(2027, 10, 12), 7).provisional
    assert compute_deadline(D(2027, 4, 2), 5, PeriodUnit.WORKING).provisional


@pytest.mark.parametrize("day", sorted(statutory_holidays(2027)))
def test_2027_holidays_are_not_working_days(day):
    assert not is_working_day(day)


# --- a year the administrator has entered only in part ---------------------------------------


@pytest.mark.django_db
def test_partly_entered_year_keeps_the_statutory_holidays_it_has_not_overridden():
    # The notice as far as entered: 2-11 and 2-12 off too, Saturday 2-20 worked, and 2-10 worked.
    for day, kind in [(D(2027, 2, 11), DayKind.HOLIDAY), (D(2027, 2, 12), DayKind.HOLIDAY),
                      (D(2027, 2, 20), DayKind.WORKDAY), (D(2027, 2, 10), DayKind.WORKDAY)]:
        services.calendar_day_set(date=day, kind=kind, name="春节")
    assert not is_working_day(D(2027, 2, 9))    # computed 补假, not overridden
    assert is_working_day(D(2027, 2, 10))       # computed 补假, overridden by the entry
    # From 2-04: 2-10 (1), 2-15 .. 2-19 (2-6), Saturday 2-20 (7).
    assert add_working_days(D(2027, 2, 4), 7) == Deadline(D(2027, 2, 20), provisional=True)
    # Holidays elsewhere in the year still come from the law while the year is incomplete.
    assert add_working_days(D(2027, 4, 30), 5) == Deadline(D(2027, 5, 11), provisional=True)

    services.calendar_year_mark_complete(year=2027, published_on=D(2026, 11, 10), note="国办发明电")
    # Complete: the notice as entered is the calendar, with nothing computed beside it.
    assert is_working_day(D(2027, 5, 3))
    assert add_working_days(D(2027, 4, 30), 5) == Deadline(D(2027, 5, 7), provisional=False)


# --- what guards read ------------------------------------------------------------------------


def test_a_provisional_deadline_carries_a_warning_and_an_official_one_none():
    provisional = add_working_days(D(2027, 4, 30), 5)
    chinese, english = provisional.warning
    assert "2027" in chinese and "暂定" in chinese and "2027-05-11" in chinese
    assert "2027" in english and "provisional" in english
    assert add_working_days(D(2024, 4, 30), 5).warning is None


@pytest.mark.django_db
def test_calc_api_returns_the_2027_deadline_as_provisional(officer_api):
    body = officer_api.get("/api/deadlines/calc/", {"start": "2027-04-30", "days": 5, "unit": "working"}).json()
    assert body == {**body, "due": "2027-05-11", "provisional": True, "unofficial_years": [2027]}
    assert "法定节假日" in body["basis"] and "暂定" in body["basis"]



def test_the_longest_period_from_the_last_accepted_day_is_computed():
    deadline = add_working_days(engine.LATEST_DATE, engine.MAX_DAYS)
    assert deadline.provisional and deadline.due.year > 2210
    assert deadline.unofficial_years == tuple(range(2201, deadline.due.year + 1))
