"""Fines through the API (行政处罚法 Art. 66, 67, 72, 73): paid in time, paid late with the surcharge paused
during a lawsuit, instalments with the leader's approval, and what is refused. Every due date comes from the
calendar engine."""

import datetime
from decimal import Decimal

import pytest

from zhifa.calendar import engine
from zhifa.cases.models import Case, Document
from zhifa.enforcement.models import Arrangement, Enforcement, Payment

from .conftest import days_ago

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)


def _state(enforcement_id):
    e = Enforcement.objects.get(pk=enforcement_id)
    return (e.state, e.version, list(Payment.objects.filter(enforcement=e).values_list("amount", flat=True)),
            list(Arrangement.objects.filter(enforcement=e).values_list("state", flat=True)))


def _refused(response, article):
    assert response.status_code == 409, response.content
    body = response.json()
    text = str(body)
    assert article in text, body
    return body


def test_paid_in_time_closes_as_performed(served_case, enforce, act, apis):
    case = served_case(30)
    e = enforce(case)
    due = engine.add_calendar_days(case.served_on, 15).due
    assert e["state"] == "performing" and e["fine"] == "5000.00"
    payment_row = next(d for d in e["deadlines"] if d["kind"] == "payment")
    assert payment_row["due_date"] == due.isoformat() and "第六十七条" in payment_row["basis"]

    # More than is due is refused, naming the articles; nothing is recorded.
    before = _state(e["id"])
    _refused(act(e["id"], "record_payment", amount="5000.01", receipt_number="BOC-0001", date=due), "第六十七条")
    assert _state(e["id"]) == before

    r = act(e["id"], "record_payment", amount="5000.00", receipt_number="BOC-0001", bank="中国银行潜江支行", date=due)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "performed"
    assert body["balance"]["surcharge"] == "0.00" and body["balance"]["total_due"] == "0.00"
    case.refresh_from_db()
    assert case.fine_paid_on == due and case.fine_paid_amount == Decimal("5000.00")

    # A second payment after performance is refused: nothing is due any more.
    _refused(act(e["id"], "record_payment", amount="1.00", receipt_number="BOC-0002"), "第六十七条")

    r = act(e["id"], "close_case", who="leader")
    assert r.status_code == 200, r.content
    assert r.json()["closing_basis"] == "performed"
    case.refresh_from_db()
    assert case.state == "closed"
    report = Document.objects.get(case=case, kind="closing_report")
    assert "已履行完毕" in report.body


def test_paid_late_with_surcharge_paused_during_a_lawsuit(served_case, enforce, act, apis, leader):
    case = served_case(120)
    e = enforce(case)
    due = engine.add_calendar_days(case.served_on, 15).due
    # The party sues; the bureau receives the complaint 5 days after the fine fell due. The court upholds the
    # decision; the judgment takes effect when the 15-day appeal window passes unappealed.
    received, judged = due + 5 * ONE_DAY, due + 20 * ONE_DAY
    r = apis["leader"].post("/api/litigation/", {
        "kind": "first_instance", "body": "潜江市人民法院", "external_number": "（2025）鄂9005行初1号",
        "plaintiff": case.party_name, "claims": "撤销处罚决定", "contested_act": "行政处罚决定", "case": case.pk,
        "received_on": received.isoformat(), "leader": leader.pk}, format="json")
    assert r.status_code == 201, r.content
    matter = r.json()["id"]
    r = apis["leader"].post(f"/api/litigation/{matter}/outcome/", {
        "outcome": "upheld", "outcome_form": "judgment", "outcome_on": judged.isoformat(),
        "received_on": judged.isoformat(), "document_number": "（2025）鄂9005行初1号", "summary": "驳回诉讼请求"},
        format="json")
    assert r.status_code == 200, r.content
    effective = engine.add_calendar_days(judged, 15).due
    paid_on = effective + 3 * ONE_DAY
    assert paid_on <= datetime.date.today()

    running = 4 + 3  # the 4 days before the complaint, and the 3 after the judgment took effect
    paused = (effective - received).days + 1
    expected = Decimal("150.00") * running  # 3% of 5000 a day
    balance = apis["officer"].get(f"/api/enforcement/{e['id']}/balance/", {"as_of": paid_on.isoformat()}).json()
    assert balance["surcharge"] == str(expected)
    assert (balance["surcharge_days"], balance["paused_days"]) == (running, paused)
    assert balance["total_due"] == str(Decimal("5000.00") + expected)

    # The fine alone: the surcharge stays owed, and enforcement is not over.
    r = act(e["id"], "record_payment", amount="5000.00", receipt_number="ICBC-0007", date=paid_on)
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "performing" and r.json()["balance"]["surcharge_due"] == str(expected)
    # Paying more than the surcharge left is refused; paying it performs the decision.
    _refused(act(e["id"], "record_payment", amount=str(expected + Decimal("0.01")), receipt_number="ICBC-0008",
                 date=paid_on), "第七十二条")
    r = act(e["id"], "record_payment", amount=str(expected), receipt_number="ICBC-0008", date=paid_on)
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "performed"
    payments = Payment.objects.filter(enforcement_id=e["id"]).order_by("id")
    assert [(p.principal, p.surcharge) for p in payments] == [(Decimal("5000.00"), Decimal("0")),
                                                              (Decimal("0"), expected)]
    # The surcharge stops with the fine paid: asked a year later, it is the same.
    later = apis["officer"].get(f"/api/enforcement/{e['id']}/balance/").json()
    assert later["surcharge"] == str(expected) and later["total_due"] == "0.00"


def test_instalments_need_the_leaders_approval(served_case, enforce, act):
    case = served_case(60)
    e = enforce(case)
    applied = case.served_on + 5 * ONE_DAY
    first, second = case.served_on + 20 * ONE_DAY, case.served_on + 40 * ONE_DAY
    items = [{"due_on": first.isoformat(), "amount": "2000.00"}, {"due_on": second.isoformat(), "amount": "3000.00"}]

    # A plan that does not add up to the fine is a 400 naming the field.
    r = act(e["id"], "apply_arrangement", kind="instalments", reason="经营困难", date=applied,
            items=[{"due_on": first.isoformat(), "amount": "2000.00"},
                   {"due_on": second.isoformat(), "amount": "2999.99"}])
    assert r.status_code == 400 and "items" in str(r.json())
    r = act(e["id"], "apply_arrangement", kind="instalments", reason="经营困难，申请分两期缴纳", date=applied, items=items)
    assert r.status_code == 200, r.content
    # An officer cannot approve it: only the leader (Art. 66). Nothing changes.
    before = _state(e["id"])
    _refused(act(e["id"], "approve_arrangement", who="officer", date=applied + ONE_DAY), "第六十六条")
    assert _state(e["id"]) == before
    r = act(e["id"], "approve_arrangement", who="leader", date=applied + ONE_DAY, note="同意分两期缴纳")
    assert r.status_code == 200, r.content
    rows = sorted((d["due_date"], d["met_on"]) for d in r.json()["deadlines"] if d["kind"] == "payment")
    assert rows == [(first.isoformat(), None), (second.isoformat(), None)]
    # The case's own payment deadline follows the approved schedule: not overdue on the 15th day.
    assert case.deadlines.get(kind="fine_payment").due_date == second

    # The first part on time; the second two days late: 2 × 3% × 3000 = 180.
    assert act(e["id"], "record_payment", amount="2000.00", receipt_number="R-0001", date=first).status_code == 200
    late = second + 2 * ONE_DAY
    r = act(e["id"], "record_payment", amount="3180.00", receipt_number="R-0002", date=late)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "performed"
    assert body["balance"]["surcharge"] == "180.00" and body["balance"]["total_due"] == "0.00"
    rows = sorted((d["due_date"], d["met_on"], d["status"]) for d in body["deadlines"] if d["kind"] == "payment")
    assert rows == [(first.isoformat(), first.isoformat(), "met"), (second.isoformat(), late.isoformat(), "late")]
    assert (case.deadlines.get(kind="fine_payment").due_date, case.deadlines.get(kind="fine_payment").met_on) == \
        (second, late)


def test_a_deferral_without_approval_defers_nothing(served_case, enforce, act):
    case = served_case(40)
    e = enforce(case)
    due = engine.add_calendar_days(case.served_on, 15).due
    r = act(e["id"], "apply_arrangement", kind="deferral", reason="资金周转困难", date=case.served_on + ONE_DAY,
            items=[{"due_on": (due + 30 * ONE_DAY).isoformat(), "amount": "5000.00"}])
    assert r.status_code == 200, r.content
    # Not approved: the fine is still due on the 15th day, and paying 2 days after it costs the surcharge.
    r = act(e["id"], "record_payment", amount="5000.00", receipt_number="D-0001", date=due + 2 * ONE_DAY)
    assert r.json()["balance"]["surcharge_due"] == "300.00"
    # Once the fine fell due, a deferral can no longer be applied for; and a second application is refused.
    _refused(act(e["id"], "apply_arrangement", kind="deferral", reason="再次申请", date=due + 2 * ONE_DAY,
                 items=[{"due_on": (due + 40 * ONE_DAY).isoformat(), "amount": "0.01"}]), "第六十六条")


def test_refusals_change_nothing_and_bad_input_is_a_400(served_case, enforce, act, apis):
    case = served_case(30)
    e = enforce(case)
    # Opening twice is refused.
    assert apis["officer"].post("/api/enforcement/", {"case": case.pk}, format="json").status_code == 409
    before = _state(e["id"])
    for bad in ({"amount": "-5"}, {"amount": "1.001"}, {"amount": "abc"}, {"amount": "1e400"}, {"amount": "NaN"},
                {"amount": "99999999999999999"}, {"amount": "100", "receipt_number": "x"},
                {"amount": "100", "receipt_number": "回单号码一"},
                {"amount": "100", "receipt_number": "R-0009", "date": "2026-99-01"},
                {"amount": "100", "receipt_number": "R-0009", "date": "2999-01-01"}, {"amount": "100"}):
        r = act(e["id"], "record_payment", **bad)
        assert r.status_code == 400, (bad, r.status_code, r.content)
    r = act(e["id"], "record_payment", amount="100.00", receipt_number="R-0009",
            date=(case.served_on - ONE_DAY).isoformat())
    assert r.status_code == 400 and "date" in r.json()["fields"]
    assert _state(e["id"]) == before
    # The same bank receipt is not recorded twice.
    assert act(e["id"], "record_payment", amount="100.00", receipt_number="R-0009").status_code == 200
    r = act(e["id"], "record_payment", amount="100.00", receipt_number="R-0009")
    assert r.status_code == 400 and "receipt_number" in r.json()["fields"]
    # Court steps before their time are refused with their article.
    _refused(act(e["id"], "remind"), "行政强制法第五十三条")
    _refused(act(e["id"], "close_case", who="leader"), "第六十六条")
    case.refresh_from_db()
    assert case.state == "served" and case.fine_paid_amount == Decimal("100.00")


def test_another_agency_sees_nothing(served_case, enforce, act, make_user, other_agency, client_for):
    from zhifa.accounts.models import Unit

    case = served_case(30)
    e = enforce(case)
    outsider = make_user("leader", unit=Unit.objects.create(agency=other_agency, name="外单位"))
    client = client_for(outsider)
    assert client.get(f"/api/enforcement/{e['id']}/").status_code == 404
    assert client.get("/api/enforcement/").json()["results"] == [] if "results" in client.get(
        "/api/enforcement/").json() else client.get("/api/enforcement/").json() == []
    r = client.post(f"/api/enforcement/{e['id']}/actions/", {"action": "record_payment", "amount": "1.00",
                                                             "receipt_number": "X-0001"}, format="json")
    assert r.status_code == 404
    assert client.post("/api/enforcement/", {"case": case.pk}, format="json").status_code == 400
    assert not Payment.objects.exists()


def test_once_enforced_the_case_takes_no_payment_of_its_own(served_case, enforce, apis):
    case = served_case(30)
    enforce(case)
    r = apis["officer"].post(f"/api/cases/{case.pk}/execution/", {"fine_paid_amount": "5000.00"}, format="json")
    assert r.status_code == 409 and "第六十七条" in str(r.json())
    case.refresh_from_db()
    assert not case.fine_paid_amount and case.fine_paid_on is None
