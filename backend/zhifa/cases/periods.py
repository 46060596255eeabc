"""The day counts of a case, each declared once with its article (the shape: zhifa.calendar.periods).

The procedure's guards, the deadline rows (deadlines.py), the documents and the reminders all read them here.
"""

from zhifa.calendar.choices import PeriodUnit
from zhifa.calendar.periods import Period

DECISION = Period(
    "DECISION_DAYS", PeriodUnit.CALENDAR, starts="立案之日",
    basis="《行政处罚法》第六十条：自立案之日起九十日内作出处罚决定（另加批准延长的期限，听证、公告、鉴定等期间不计入）")
STATEMENT = Period(
    "STATEMENT_PERIOD_WORKING_DAYS", PeriodUnit.WORKING, starts="收到行政处罚告知书之日",
    basis="《行政处罚法》第四十四条、第四十五条：告知书载明的陈述、申辩期限")
HEARING_REQUEST = Period(
    5, PeriodUnit.WORKING, starts="收到行政处罚告知书之日",
    basis="《行政处罚法》第六十四条第一项：收到告知书后五个工作日内提出听证要求")
HEARING_NOTICE = Period(
    7, PeriodUnit.WORKING, starts="举行听证", before=True,
    basis="《行政处罚法》第六十四条第二项：听证的七个工作日前通知当事人")
SERVICE = Period(
    7, PeriodUnit.WORKING, starts="作出处罚决定之日",
    basis="《行政处罚法》第六十一条：当事人不在场的，七个工作日内送达")
PUBLIC_NOTICE_SERVICE = Period(
    30, PeriodUnit.CALENDAR, starts="公告之日",
    basis="《民事诉讼法》第九十五条：公告送达自发出公告之日起经过三十日即视为送达")
FINE_PAYMENT = Period(
    15, PeriodUnit.CALENDAR, starts="收到行政处罚决定书之日",
    basis="《行政处罚法》第六十七条：自收到处罚决定书之日起十五日内缴纳罚款")
PRESERVATION = Period(
    7, PeriodUnit.WORKING, starts="先行登记保存之日",
    basis="《行政处罚法》第五十六条：先行登记保存的，七个工作日内及时作出处理决定")
DECISION_EXTENSION = Period(
    "DECISION_EXTENSION_DAYS", PeriodUnit.CALENDAR, starts="原办案期限届满之日",
    basis="《行政处罚法》第六十条：法律、法规、规章另有规定的，从其规定；经本机关负责人批准延长办案期限，每次不超过三十日")
