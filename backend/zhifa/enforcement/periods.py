"""The day counts of enforcement (DOMAIN.md §9), each declared once with its article (the shape:
zhifa.calendar.periods). The guards, the deadline rows, the surcharge and the documents read them here."""

from zhifa.calendar.choices import PeriodUnit
from zhifa.calendar.periods import Period
from zhifa.cases.periods import FINE_PAYMENT  # noqa: F401 - the fine's 15 days are the case's (Art. 67)

RECONSIDERATION_WINDOW = Period(
    60, PeriodUnit.CALENDAR, starts="收到行政处罚决定书之日",
    basis="《行政复议法》第二十条：自知道或者应当知道该行政行为之日起六十日内提出行政复议申请")
LAWSUIT_WINDOW = Period(
    6, PeriodUnit.MONTHS, starts="收到行政处罚决定书之日",
    basis="《行政诉讼法》第四十六条：自知道或者应当知道作出行政行为之日起六个月内提起诉讼")
REMINDER_WAIT = Period(
    10, PeriodUnit.CALENDAR, starts="催告书送达之日",
    basis="《行政强制法》第五十四条：催告书送达十日后当事人仍未履行义务的，行政机关可以向人民法院申请强制执行")
COURT_APPLICATION = Period(
    3, PeriodUnit.MONTHS, starts="申请行政复议、提起行政诉讼的期限届满之日",
    basis="《行政强制法》第五十三条：当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行的，自期限届满之日起三个月内"
          "申请人民法院强制执行")
