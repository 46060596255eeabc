"""The statutory holidays of 《全国年节及纪念日放假办法》, computed for a year with no official calendar.

For the years it covers, the State Council's annual notice (held by the chinesecalendar package, or
entered by an administrator) is the calendar. For any other year the engine counts Monday to Friday
minus the days computed here, and marks the result provisional (DOMAIN.md §3, "Counting days").

Which days are holidays is fixed by the version of the 办法 in force on the day:

| in force from | 元旦 | 春节 | 清明 | 劳动节 | 端午 | 中秋 | 国庆 |
|---|---|---|---|---|---|---|---|
| 1949-12-23 (政务院) | 1-01 | 正月初一至初三 | – | 5-01 | – | – | 10-01, 10-02 |
| 1999-09-18 (国务院令第270号) | 1-01 | 正月初一至初三 | – | 5-01 至 5-03 | – | – | 10-01 至 10-03 |
| 2008-01-01 (国务院令第513号) | 1-01 | 除夕、正月初一、初二 | 清明当日 | 5-01 | 端午当日 | 中秋当日 | 10-01 至 10-03 |
| 2014-01-01 (国务院令第644号) | 1-01 | 正月初一至初三 | 清明当日 | 5-01 | 端午当日 | 中秋当日 | 10-01 至 10-03 |
| 2025-01-01 (国务院令第795号) | 1-01 | 除夕至正月初三 | 清明当日 | 5-01, 5-02 | 端午当日 | 中秋当日 | 10-01 至 10-03 |

Lunar dates and the Qingming solar term are computed astronomically by the `lunar_python` package
(Beijing time), never typed in: 除夕 is the day before 正月初一, whichever month (even a leap twelfth
month) precedes it.

补假 (Art. 6 of the 1999 and later texts): "全体公民放假的假日，如果适逢周六、周日，应当在工作日补假".
A holiday day that falls on a Saturday or Sunday, or on a day another festival already takes (中秋
on 1 October), gives one weekday off, placed on the first weekday after that festival that is not
already off, as the State Council's notices nearly always place it. Weekend make-up working days
(调休上班) are arranged by each year's notice and are not guessed here.

The engine counts Saturdays and Sundays as rest days in every year, so the same 补假 rule is applied
under the 1949 text, whose six-day week the engine does not model either.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lunar_python import Lunar

__all__ = ["RULES", "festivals", "lunar_new_year", "lunar_to_solar", "qingming", "statutory_holidays"]

_DAY = datetime.timedelta(days=1)
_FOREVER = datetime.date.max


def _date(solar) -> datetime.date:
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def lunar_to_solar(year: int, month: int, day: int) -> datetime.date:
    """The Gregorian date of `day` of lunar `month` (not a leap month) of the lunar year that begins in `year`."""
    return _date(Lunar.fromYmd(year, month, day).getSolar())


def lunar_new_year(year: int) -> datetime.date:
    """正月初一 of the lunar year that begins in Gregorian `year`."""
    return lunar_to_solar(year, 1, 1)


def qingming(year: int) -> datetime.date:
    """The day of the Qingming solar term (the sun at 15° ecliptic longitude, Beijing time) in `year`."""
    return _date(Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"])


def _from(first: Callable[[int], datetime.date], days: int) -> Callable[[int], list[datetime.date]]:
    return lambda year: [first(year) + offset * _DAY for offset in range(days)]


def _fixed(month: int, day: int) -> Callable[[int], datetime.date]:
    return lambda year: datetime.date(year, month, day)


def _new_years_eve(year: int) -> datetime.date:
    return lunar_new_year(year) - _DAY


_NEW_YEAR = ("元旦", _from(_fixed(1, 1), 1))
_QINGMING = ("清明节", _from(qingming, 1))
_DRAGON_BOAT = ("端午节", _from(lambda year: lunar_to_solar(year, 5, 5), 1))
_MID_AUTUMN = ("中秋节", _from(lambda year: lunar_to_solar(year, 8, 15), 1))
_NATIONAL_DAY_3 = ("国庆节", _from(_fixed(10, 1), 3))


@dataclass(frozen=True)
class Rules:
    """One text of the 办法: the festivals it names and the days each one gives."""

    in_force_from: datetime.date
    source: str
    festivals: tuple[tuple[str, Callable[[int], list[datetime.date]]], ...]


RULES: tuple[Rules, ...] = (
    Rules(datetime.date(1949, 12, 23), "政务院《全国年节及纪念日放假办法》", (
        _NEW_YEAR, ("春节", _from(lunar_new_year, 3)), ("劳动节", _from(_fixed(5, 1), 1)),
        ("国庆节", _from(_fixed(10, 1), 2)),
    )),
    Rules(datetime.date(1999, 9, 18), "国务院令第270号", (
        _NEW_YEAR, ("春节", _from(lunar_new_year, 3)), ("劳动节", _from(_fixed(5, 1), 3)), _NATIONAL_DAY_3,
    )),
    Rules(datetime.date(2008, 1, 1), "国务院令第513号", (
        _NEW_YEAR, ("春节", _from(_new_years_eve, 3)), _QINGMING, ("劳动节", _from(_fixed(5, 1), 1)),
        _DRAGON_BOAT, _MID_AUTUMN, _NATIONAL_DAY_3,
    )),
    Rules(datetime.date(2014, 1, 1), "国务院令第644号", (
        _NEW_YEAR, ("春节", _from(lunar_new_year, 3)), _QINGMING, ("劳动节", _from(_fixed(5, 1), 1)),
        _DRAGON_BOAT, _MID_AUTUMN, _NATIONAL_DAY_3,
    )),
    Rules(datetime.date(2025, 1, 1), "国务院令第795号", (
        _NEW_YEAR, ("春节", _from(_new_years_eve, 4)), _QINGMING, ("劳动节", _from(_fixed(5, 1), 2)),
        _DRAGON_BOAT, _MID_AUTUMN, _NATIONAL_DAY_3,
    )),
)


def festivals(year: int) -> list[tuple[str, list[datetime.date]]]:
    """Each festival of `year` with its days (weekends included), each day under the text in force on it."""
    found = []
    for index, rules in enumerate(RULES):
        until = RULES[index + 1].in_force_from if index + 1 < len(RULES) else _FOREVER
        for name, days_of in rules.festivals:
            days = [day for day in days_of(year) if rules.in_force_from <= day < until]
            if days:
                found.append((name, days))
    # In date order; of two festivals starting on one day (中秋 on 1 October) the longer keeps the day.
    found.sort(key=lambda festival: (festival[1][0], -len(festival[1])))
    return found


@lru_cache(maxsize=None)
def _holidays(year: int) -> tuple[tuple[datetime.date, str], ...]:
    of_year = festivals(year)
    off: dict[datetime.date, str] = {}
    for name, days in of_year:
        for day in days:
            if day.weekday() < 5 and day not in off:
                off[day] = name
    for name, days in of_year:
        owed = sum(1 for day in days if day.weekday() >= 5 or off.get(day) != name)
        cursor = days[-1]
        while owed:
            cursor += _DAY
            if cursor.weekday() < 5 and cursor not in off:
                off[cursor] = f"{name}（补假）"
                owed -= 1
    return tuple(sorted(off.items()))


def statutory_holidays(year: int) -> dict[datetime.date, str]:
    """The weekdays off by law in `year` (festival days and their 补假), each with its festival's name."""
    return dict(_holidays(year))
