"""The shape of every statutory period: how many, of what unit, counted from which event, under which article.

Each area declares its day counts once, as `Period`s in its own `periods.py` (cases, reviews, litigation), and
everything that needs a count reads it from there: the procedure's guards, the deadline rows, the documents'
wording and the reminders. The calendar engine stays the only counter.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from zhifa.calendar import engine
from zhifa.calendar.choices import PeriodUnit

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """0–99 as written in a 文书: 5 → 五, 15 → 十五, 30 → 三十, 90 → 九十."""
    if not 0 <= n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"


@dataclass(frozen=True)
class Period:
    """A day count the law fixes. `amount` is a number, or the name of the setting that holds it where an
    agency may configure it (the legal-review period). `before` counts back from the event: "at least 7 full
    working days before the hearing" (Art. 64(2))."""

    amount: int | str
    unit: PeriodUnit
    starts: str                 # the event it counts from, as the law words it: 收到告知书之日
    basis: str                  # the article and its words
    before: bool = False

    @property
    def count(self) -> int:
        return getattr(settings, self.amount) if isinstance(self.amount, str) else self.amount

    def due(self, start: datetime.date, count: int | None = None) -> engine.Deadline:
        """The last day, from the engine; `count` where the case fixes its own (the statement period the
        notice states)."""
        count = self.count if count is None else count
        if self.before:
            return engine.subtract_working_days(start, count)
        return engine.compute_deadline(start, count, self.unit)

    def label(self, count: int | None = None) -> str:
        """As a deadline row shows it: 5个工作日, 15日, 6个月, 听证前满7个工作日."""
        count = self.count if count is None else count
        words = {PeriodUnit.WORKING: "个工作日", PeriodUnit.CALENDAR: "日", PeriodUnit.MONTHS: "个月"}[self.unit]
        return f"{self.starts}前满{count}{words}" if self.before else f"{count}{words}"

    def words(self, count: int | None = None) -> str:
        """As a document words it: 五个工作日, 十五日, 六个月."""
        count = self.count if count is None else count
        words = {PeriodUnit.WORKING: "个工作日", PeriodUnit.CALENDAR: "日", PeriodUnit.MONTHS: "个月"}[self.unit]
        return f"{chinese_number(count)}{words}"
