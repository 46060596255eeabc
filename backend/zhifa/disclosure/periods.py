"""The day counts of disclosure (DOMAIN.md §4), each declared once with its basis (the shape:
zhifa.calendar.periods). The counts are settings: a province's rule may shorten them."""

from zhifa.calendar.choices import PeriodUnit
from zhifa.calendar.periods import Period

PENALTY_DECISION = Period(
    "DISCLOSURE_PENALTY_WORKING_DAYS", PeriodUnit.WORKING, starts="作出行政处罚决定之日",
    basis="国办发〔2018〕118号：一般程序的行政处罚决定（含警告、不予处罚决定）自作出之日起七个工作日内公示")
OTHER_DECISION = Period(
    "DISCLOSURE_OTHER_WORKING_DAYS", PeriodUnit.WORKING, starts="作出执法决定之日",
    basis="国办发〔2018〕118号：其他行政执法决定（含取缔）自作出之日起二十个工作日内公示")
WITHDRAWAL = Period(
    "DISCLOSURE_WITHDRAWAL_WORKING_DAYS", PeriodUnit.WORKING, starts="决定被依法变更、撤销或确认违法、无效之日",
    basis="《行政处罚法》第四十八条：公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，应当在三日内撤回并公开说明理由")
