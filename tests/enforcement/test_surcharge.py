"""The late surcharge (行政处罚法 Art. 72, 73 ¶3), driven across the periods that change it: before the due
date, running, paused while a reconsideration or lawsuit is pending, running again, partly paid, instalments,
and the cap. Every expected amount is worked out by hand from the law: 3% of the overdue fine per day."""

import datetime
from decimal import Decimal

from zhifa.enforcement.surcharge import Instalment, late_surcharge

D = datetime.date
FINE = Decimal("5000.00")
DUE = D(2025, 3, 10)


def surcharge(as_of, payments=(), pauses=(), schedule=None, fine=FINE):
    return late_surcharge(fine=fine, schedule=schedule or [Instalment(DUE, fine)], payments=payments,
                          pauses=pauses, as_of=as_of)


def test_nothing_accrues_up_to_and_on_the_due_date():
    assert surcharge(D(2025, 3, 1)).amount == Decimal("0.00")
    assert surcharge(DUE).amount == Decimal("0.00")


def test_each_day_after_the_due_date_adds_three_percent_of_the_fine():
    result = surcharge(D(2025, 3, 13))  # 11, 12, 13 March
    assert (result.amount, result.running_days, result.paused_days) == (Decimal("450.00"), 3, 0)


def test_a_pending_challenge_pauses_it_and_it_runs_again_after():
    # Overdue from 11 March; a lawsuit pending 13–20 March inclusive; asked on 25 March.
    result = surcharge(D(2025, 3, 25), pauses=[(D(2025, 3, 13), D(2025, 3, 20))])
    # Running: 11, 12 March, then 21–25 March = 7 days; paused: 8 days.
    assert (result.running_days, result.paused_days) == (7, 8)
    assert result.amount == Decimal("1050.00")


def test_a_challenge_still_pending_pauses_it_to_the_day_asked():
    result = surcharge(D(2025, 4, 30), pauses=[(D(2025, 3, 12), None)])
    assert (result.running_days, result.amount) == (1, Decimal("150.00"))


def test_a_pause_before_the_due_date_changes_nothing():
    result = surcharge(D(2025, 3, 12), pauses=[(D(2025, 2, 1), D(2025, 3, 5))])
    assert result.amount == Decimal("300.00")


def test_it_never_exceeds_the_fine():
    result = surcharge(D(2026, 1, 1))
    assert result.capped and result.amount == FINE
    assert result.running_days == 34  # 33 days make 4950; the 34th reaches the cap


def test_a_partial_payment_lowers_what_accrues_from_the_next_day():
    # 2000 paid on 12 March: 11 and 12 March accrue on 5000, 13 March on 3000.
    result = surcharge(D(2025, 3, 13), payments=[(D(2025, 3, 12), Decimal("2000"))])
    assert result.amount == Decimal("150.00") * 2 + Decimal("90.00")


def test_paying_the_fine_stops_it():
    result = surcharge(D(2025, 6, 1), payments=[(D(2025, 3, 12), FINE)])
    assert (result.running_days, result.amount) == (2, Decimal("300.00"))


def test_instalments_accrue_only_on_the_part_overdue():
    schedule = [Instalment(D(2025, 3, 10), Decimal("2000")), Instalment(D(2025, 4, 10), Decimal("3000"))]
    # First part paid on time; the second paid 2 days late: 2 × 3% × 3000.
    payments = [(D(2025, 3, 10), Decimal("2000")), (D(2025, 4, 12), Decimal("3000"))]
    result = surcharge(D(2025, 5, 1), payments=payments, schedule=schedule)
    assert (result.running_days, result.amount) == (2, Decimal("180.00"))


def test_each_day_rounds_to_the_cent():
    result = late_surcharge(fine=Decimal("333.33"), schedule=[Instalment(DUE, Decimal("333.33"))], payments=(),
                            pauses=(), as_of=D(2025, 3, 12))
    assert result.amount == Decimal("20.00")  # 9.9999 → 10.00, twice
