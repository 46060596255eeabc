"""The day counts of reconsideration and litigation (DOMAIN.md §7), each declared once with its article (the
shape: zhifa.calendar.periods). deadlines.py turns them into a matter's deadline rows."""

from dataclasses import replace

from zhifa.calendar.choices import PeriodUnit
from zhifa.calendar.periods import Period

RECONSIDERATION_REPLY = Period(
    10, PeriodUnit.WORKING, starts="收到复议申请书副本之日",
    basis="《行政复议法》第四十八条：收到申请书副本之日起十日内书面答复并提交证据、依据（普通程序）；逾期视为没有证据")
RECONSIDERATION_REPLY_SIMPLE = Period(
    5, PeriodUnit.WORKING, starts="收到复议申请书副本之日",
    basis="《行政复议法》第五十四条：收到申请书副本之日起五日内书面答复并提交证据、依据（简易程序）；逾期视为没有证据")
RECONSIDERATION_DECISION = Period(
    60, PeriodUnit.CALENDAR, starts="复议机关受理之日",
    basis="《行政复议法》第六十二条：复议机关自受理申请之日起六十日内作出决定（情况复杂的，经批准可以延长，最多不超过三十日）")
RECONSIDERATION_DECISION_SIMPLE = Period(
    30, PeriodUnit.CALENDAR, starts="复议机关受理之日",
    basis="《行政复议法》第六十二条：适用简易程序审理的，复议机关自受理申请之日起三十日内作出决定")
RECONSIDERATION_EXTENSION_MAX = 30


def extended(period: Period, days: int) -> Period:
    """The decision period with the extension the organ's head approved (Art. 62: at most thirty days more)."""
    return replace(period, amount=period.count + days,
                   basis=f"{period.basis}；经批准延长{days}日并书面告知")


DEFENCE = Period(
    15, PeriodUnit.CALENDAR, starts="收到起诉状副本之日",
    basis="《行政诉讼法》第六十七条：收到起诉状副本之日起十五日内提交答辩状、证据和所依据的规范性文件")
APPEAL_JUDGMENT = Period(
    15, PeriodUnit.CALENDAR, starts="收到判决书之日",
    basis="《行政诉讼法》第八十五条：不服判决的，收到之日起十五日内提起上诉")
APPEAL_RULING = Period(
    10, PeriodUnit.CALENDAR, starts="收到裁定书之日",
    basis="《行政诉讼法》第八十五条：不服裁定的，收到之日起十日内提起上诉")
