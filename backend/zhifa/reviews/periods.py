"""The day counts of legal review (DOMAIN.md §5), each declared once (the shape: zhifa.calendar.periods). The
counts are settings: the review period is the agency's rule, not the statute's."""

from zhifa.calendar.choices import PeriodUnit
from zhifa.calendar.periods import Period

REVIEW = Period(
    "LEGAL_REVIEW_WORKING_DAYS", PeriodUnit.WORKING, starts="收到送审材料之日",
    basis="重大执法决定法制审核办法：法制审核机构自收到送审材料之日起七个工作日内提出审核意见")
REVIEW_EXTENSION = Period(
    "LEGAL_REVIEW_EXTENSION_WORKING_DAYS", PeriodUnit.WORKING, starts="原审核期限届满之日",
    basis="重大执法决定法制审核办法：情况复杂的，经批准可以延长三个工作日")
REREVIEW_REQUEST = Period(
    "LEGAL_REREVIEW_REQUEST_WORKING_DAYS", PeriodUnit.WORKING, starts="收到未通过的审核意见之日",
    basis="重大执法决定法制审核办法：承办机构对审核意见有异议的，可以提出理由申请复核一次")
