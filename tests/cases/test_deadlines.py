"""Statutory deadlines: computed by the calendar engine across holidays, recomputed on change, watched daily."""

import datetime

import pytest

from zhifa.cases.alerts import deadline_alerts_send
from zhifa.cases.deadlines import deadline_status, deadlines_recompute
from zhifa.cases.models import Preservation, TimelineEvent
from zhifa.cases.services import case_create
from zhifa.cases.tasks import scan_deadlines
from zhifa.notifications.models import Notification

D = datetime.date


@pytest.fixture
def case(officers, organisation, leader):
    case = case_create(actor=officers[0], officers=officers, title="期限测试", source="inspection",
                       received_on=D(2024, 1, 20), party_kind="organisation", organisation=organisation,
                       act_date=D(2023, 12, 1))
    case.leader = leader
    return case


def due(case, kind):
    return case.deadlines.get(kind=kind)


def with_dates(case, **fields):
    for name, value in fields.items():
        setattr(case, name, value)
    case.save()
    deadlines_recompute(case=case)
    return case


def test_decision_within_90_days(case):
    with_dates(case, filed_on=D(2024, 1, 26))
    assert due(case, "decision").due_date == D(2024, 4, 25)
    assert not due(case, "decision").provisional


def test_hearing_request_over_may_day(case):
    # DOMAIN.md reference: 2024-04-30 + 5 working days = 2024-05-10, counted from the notice's receipt.
    with_dates(case, filed_on=D(2024, 4, 1), notified_on=D(2024, 4, 30), notice_received_on=D(2024, 4, 30),
               notified_penalties=["deregistration"])
    assert due(case, "hearing_request").due_date == D(2024, 5, 10)


def test_a_hearing_window_in_the_future_stays_open(case):
    today = datetime.date.today()
    with_dates(case, filed_on=today, notified_on=today, notice_received_on=today, notified_penalties=["deregistration"])
    assert due(case, "hearing_request").met_on is None


def test_an_unused_hearing_window_closes_on_its_last_day_and_is_never_overdue(case):
    # Notified long ago, no request, no decision yet: the window lapsed on 2024-05-10.
    with_dates(case, filed_on=D(2024, 4, 1), notified_on=D(2024, 4, 30), notice_received_on=D(2024, 4, 30),
               notified_penalties=["deregistration"])
    window = due(case, "hearing_request")
    assert window.met_on == D(2024, 5, 10) and deadline_status(window) == "met"


def test_the_daily_watch_closes_windows_that_lapsed_since_the_last_change(case):
    with_dates(case, filed_on=D(2024, 4, 1), notified_on=D(2024, 4, 30), notice_received_on=D(2024, 4, 30),
               notified_penalties=["deregistration"])
    case.deadlines.filter(kind="hearing_request").update(met_on=None)  # as it stood while the window ran
    scan_deadlines()
    assert due(case, "hearing_request").met_on == D(2024, 5, 10)
    assert not Notification.objects.filter(title__contains="申请听证").exists()


def test_service_over_spring_festival(case):
    # DOMAIN.md reference: 2024-02-05 + 7 working days = 2024-02-20.
    with_dates(case, filed_on=D(2024, 1, 26), notified_on=D(2024, 1, 29), decided_on=D(2024, 2, 5),
               decision_outcome="penalty", statement_status="not_made")
    assert due(case, "service").due_date == D(2024, 2, 20)


def test_fine_payment_ends_on_the_make_up_sunday(case):
    # DOMAIN.md reference: 2024-01-26 + 15 calendar days = 2024-02-18 (rolled over Spring Festival).
    with_dates(case, filed_on=D(2024, 1, 22), notified_on=D(2024, 1, 23), decided_on=D(2024, 1, 25),
               served_on=D(2024, 1, 26), decision_outcome="penalty", decision_penalties=["fine"],
               statement_status="not_made")
    assert due(case, "fine_payment").due_date == D(2024, 2, 18)


def test_national_day_and_the_hearing_notice(case):
    case.hearing_date = D(2023, 10, 10)
    case.save()
    deadlines_recompute(case=case)
    # 7 full working days strictly between the notice and the hearing of 10 October 2023 (29 Sep - 6 Oct off,
    # 7-8 Oct make-up days): a notice served on 24 September leaves 25, 26, 27, 28 Sep and 7, 8, 9 Oct; the
    # hearing day itself does not count.
    assert due(case, "hearing_notice").due_date == D(2023, 9, 24)


def test_a_year_without_an_official_calendar_is_provisional(case):
    case.filed_on = D(2026, 12, 1)
    case.save()
    deadlines_recompute(case=case)
    decision = due(case, "decision")
    assert decision.due_date == D(2027, 3, 1) and decision.provisional


def test_recomputed_when_dates_change_and_removed_when_cleared(case):
    with_dates(case, filed_on=D(2024, 1, 26))
    assert due(case, "decision").due_date == D(2024, 4, 25)
    with_dates(case, filed_on=D(2024, 2, 1))
    assert due(case, "decision").due_date == D(2024, 5, 6)  # 1 May falls in the May Day holiday
    with_dates(case, filed_on=None)
    assert not case.deadlines.filter(kind="decision").exists()


def test_preservation_deadline_per_batch(case):
    first = Preservation.objects.create(case=case, items="账册3本", preserved_on=D(2024, 9, 27))
    deadlines_recompute(case=case)
    # Over National Day 2024: 29 Sep (make-up), 30 Sep, 8-11 Oct, and the make-up Saturday 12 Oct.
    assert case.deadlines.get(reference=f"preservation:{first.pk}").due_date == D(2024, 10, 12)


def test_status_met_late_due_soon_overdue(case):
    case.filed_on = D(2024, 1, 26)
    case.save()
    deadlines_recompute(case=case)
    decision = due(case, "decision")
    assert deadline_status(decision, D(2024, 3, 1)) == "open"
    assert deadline_status(decision, D(2024, 4, 23)) == "due_soon"
    assert deadline_status(decision, D(2024, 4, 26)) == "overdue"
    decision.met_on = D(2024, 4, 20)
    assert deadline_status(decision) == "met"
    decision.met_on = D(2024, 5, 20)
    assert deadline_status(decision) == "late"


def test_the_daily_watch_tells_officers_and_leader_once(case, officers, leader):
    case.filed_on = D(2024, 1, 26)
    case.state = "filed"
    case.number, case.number_year, case.number_sequence = "潜民罚立〔2024〕1号", 2024, 1
    case.save()
    deadlines_recompute(case=case)
    assert deadline_alerts_send(today=D(2024, 4, 23)) == {"due_soon": 1, "overdue": 0}
    assert deadline_alerts_send(today=D(2024, 4, 24)) == {"due_soon": 0, "overdue": 0}
    assert deadline_alerts_send(today=D(2024, 4, 26)) == {"due_soon": 0, "overdue": 1}
    recipients = set(Notification.objects.filter(kind="deadline_overdue").values_list("recipient_id", flat=True))
    assert recipients == {officers[0].pk, officers[1].pk, leader.pk}
    assert TimelineEvent.objects.filter(case=case, kind="deadline_alert").count() == 2
    # The beat task runs the same watch (today it finds nothing new).
    assert scan_deadlines.apply().get() == {"due_soon": 0, "overdue": 0}
