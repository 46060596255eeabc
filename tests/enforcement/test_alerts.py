"""Reminders of enforcement deadlines through the notification bell: an unpaid fine past its due date (its
surcharge running) and the court application's three months, to the case's officers and the leaders, once."""

import pytest

from zhifa.enforcement.alerts import enforcement_alerts_send
from zhifa.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_an_overdue_fine_reminds_the_officers_and_the_leader_once(served_case, enforce, officers, leader, act):
    e = enforce(served_case(30))
    assert enforcement_alerts_send()["overdue"] == 1
    sent = Notification.objects.filter(kind="enforcement_overdue")
    assert {n.recipient_id for n in sent} == {officers[0].pk, officers[1].pk, leader.pk}
    assert all("缴纳罚款已逾期" in n.title and "百分之三" in n.message and "第六十七条" in n.message for n in sent)
    assert enforcement_alerts_send() == {"due_soon": 0, "overdue": 0}
    assert Notification.objects.filter(kind="enforcement_overdue").count() == 3

    # Paid: nothing more is sent for it.
    other = enforce(served_case(31))
    owed = act(other["id"], "record_payment", amount="1.00", receipt_number="ALRT-0001").json()["balance"]["total_due"]
    assert act(other["id"], "record_payment", amount=owed, receipt_number="ALRT-0002").json()["state"] == "performed"
    assert enforcement_alerts_send() == {"due_soon": 0, "overdue": 0}


def test_the_court_application_period_running_out_is_reminded(served_case, enforce):
    enforce(served_case(330))  # the windows ended about 5 months ago: the 3 months to apply have run out
    enforcement_alerts_send()
    titles = list(Notification.objects.values_list("title", flat=True))
    assert any("申请人民法院强制执行已逾期" in t for t in titles), titles
