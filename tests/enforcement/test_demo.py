"""The demo's enforcement: one fine at each stage the demo's dates allow, each taken there by the real services;
loading the demo again changes nothing."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhifa.enforcement.models import Enforcement, Payment, Refund
from zhifa.enforcement.surcharge import balance

pytestmark = pytest.mark.django_db


def _of(name: str) -> Enforcement:
    return Enforcement.objects.get(case__title__startswith=name)


def test_the_demo_has_a_fine_at_each_stage_of_enforcement(publication_root):
    call_command("load_demo")
    today = timezone.localdate()

    enforcement = _of("潜江市启明星培训学校")
    assert enforcement.state == "performing" and enforcement.case.state == "served"
    payment = Payment.objects.get(enforcement=enforcement)
    assert payment.amount == Decimal("2000.00") and payment.receipt_number.startswith("ABC")
    owed = balance(enforcement, today)
    assert owed.principal_due == Decimal("3000.00") and owed.surcharge.amount > 0

    paid = _of("潜江市晨曦幼儿园")
    assert paid.state == "performed" and paid.case.fine_paid_on and not paid.closed_on
    assert balance(paid, today).total_due == 0

    instalments = _of("潜江市金色年华养老院")
    arrangement = instalments.arrangements.get()
    assert (instalments.state, arrangement.kind, arrangement.state) == ("performing", "instalments", "approved")
    assert arrangement.decided_by.username == "leader1" and len(arrangement.items) == 2
    assert balance(instalments, today).surcharge.amount == 0  # nothing is late yet

    reminded = _of("潜江市泽口街道社会工作服务站")
    assert reminded.state == "reminded" and reminded.reminder_id and reminded.reminder_served_on
    assert reminded.statement_made is False and not reminded.applied_on
    assert (today - reminded.reminder_served_on).days > 10  # the leader may apply to the court now
    assert {o["action"]: o["allowed"] for o in _options(reminded, "leader1")}["apply_to_court"] is True

    applied = _of("潜江市竹根滩镇颐养中心")
    assert applied.state == "applied" and applied.application_id and applied.court == "潜江市人民法院"

    ordered = _of("潜江市周矶敬老服务中心")
    assert ordered.state == "ordered" and ordered.rulings.count() == 2 and ordered.court_case_number

    closed = _of("潜江市园林街道幸福里养老服务中心")
    assert closed.closed_on and closed.closing_basis == "performed" and closed.case.state == "closed"
    # The court then changed that decision to a warning alone, effective once its appeal window passed: the
    # 5000 yuan paid is due back, waiting for the leader's approval, and the notice is drafted again.
    refund = Refund.objects.get()
    assert (refund.case_id, refund.amount, refund.state) == (closed.case_id, Decimal("5000.00"), "due")
    closed.case.refresh_from_db()
    assert closed.case.decision_penalties == ["warning"] and closed.case.decision_changes()
    assert closed.case.notices.filter(state="draft").exists()

    counts = dict((s, Enforcement.objects.filter(state=s).count()) for s in
                  ["performing", "performed", "reminded", "applied", "ordered"])
    assert counts == {"performing": 2, "performed": 2, "reminded": 1, "applied": 1, "ordered": 1}
    call_command("load_demo")
    assert (Enforcement.objects.count(), Payment.objects.count(), Refund.objects.count()) == (7, 3, 1)


def _options(enforcement, username):
    from zhifa.accounts.models import User
    from zhifa.enforcement.procedure import action_options

    return action_options(enforcement, User.objects.get(username=username))
