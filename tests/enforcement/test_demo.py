"""The demo's enforcement: this year's fine is open, partly paid by bank receipt, its surcharge running; loading
the demo again changes nothing."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from zhifa.enforcement.models import Enforcement, Payment
from zhifa.enforcement.surcharge import balance

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_fine_under_enforcement(publication_root):
    from django.utils import timezone

    call_command("load_demo")
    enforcement = Enforcement.objects.get()
    assert enforcement.state == "performing" and enforcement.case.state == "served"
    payment = Payment.objects.get(enforcement=enforcement)
    assert payment.amount == Decimal("2000.00") and payment.receipt_number.startswith("ABC")
    owed = balance(enforcement, timezone.localdate())
    assert owed.principal_due == Decimal("3000.00") and owed.surcharge.amount > 0
    call_command("load_demo")
    assert (Enforcement.objects.count(), Payment.objects.count()) == (1, 1)
