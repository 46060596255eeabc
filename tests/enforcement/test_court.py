"""Court enforcement through the API (行政强制法 Art. 35–36, 53–57): only after both challenge windows have
passed unchallenged and unperformed; a numbered reminder, its service and the party's statement; the
application more than ten days after the reminder's service and within three months of the windows' end; the
court's rulings; and the case's closing, whose report says how enforcement ended. Dates from the engine."""

import datetime

import pytest

from zhifa.calendar import engine
from zhifa.cases.models import Document
from zhifa.enforcement.models import Enforcement

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)


def windows_end(served):
    """60 days for reconsideration, 6 months for a lawsuit, from service: the later of the two."""
    return max(engine.add_calendar_days(served, 60).due, engine.add_months(served, 6).due)


def _refused(response, article):
    assert response.status_code == 409, response.content
    assert article in str(response.json()), response.json()


def _snapshot(enforcement_id):
    e = Enforcement.objects.get(pk=enforcement_id)
    return e.state, e.version, e.reminded_on, e.reminder_served_on, e.applied_on, Document.objects.filter(
        case_id=e.case_id).count()


def _to_application(case, e, act):
    """Remind the day after the windows end, serve it the next day, record that no statement was made, and
    apply the first day the law allows. Returns the application's date."""
    end = windows_end(case.served_on)
    assert act(e, "remind", date=end + ONE_DAY).status_code == 200
    assert act(e, "record_reminder_service", date=end + 2 * ONE_DAY).status_code == 200
    assert act(e, "record_statement", date=end + 3 * ONE_DAY, statement_made=False).status_code == 200
    first = engine.add_calendar_days(end + 2 * ONE_DAY, 10).due + ONE_DAY
    r = act(e, "apply_to_court", who="leader", date=first, court="潜江市人民法院")
    assert r.status_code == 200, r.content
    return first


def test_reminder_application_ruling_closing(served_case, enforce, act, apis):
    case = served_case(230)
    e = enforce(case)["id"]
    end = windows_end(case.served_on)

    # Not while the windows run.
    before = _snapshot(e)
    _refused(act(e, "remind", date=end), "行政强制法第五十三条")
    assert _snapshot(e) == before

    r = act(e, "remind", date=end + ONE_DAY)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "reminded"
    reminder = Document.objects.get(case=case, kind="enforcement_reminder")
    assert body["reminder_number"] == reminder.number == f"潜民催〔{(end + ONE_DAY).year}〕1号"
    assert "催告书" in reminder.body and "陈述和申辩" in reminder.body and "5000.00" in reminder.body

    # The application waits for the reminder's service, the party's statement, and ten days.
    _refused(act(e, "apply_to_court", who="leader", date=end + 2 * ONE_DAY, court="潜江市人民法院"), "第五十四条")
    _refused(act(e, "record_statement", date=end + ONE_DAY, statement_made=False), "第三十五条")
    served = end + 2 * ONE_DAY
    assert act(e, "record_reminder_service", date=served).status_code == 200
    _refused(act(e, "record_reminder_service", date=served), "第五十四条")
    _refused(act(e, "apply_to_court", who="leader", date=served + ONE_DAY, court="潜江市人民法院"), "第三十六条")
    r = act(e, "record_statement", date=served + ONE_DAY, statement_made=True)
    assert r.status_code == 400 and "statement" in r.json()["fields"]
    assert act(e, "record_statement", date=served + ONE_DAY, statement_made=True,
               statement="当事人称资金困难；经复核，理由不成立。").status_code == 200
    wait = engine.add_calendar_days(served, 10).due
    before = _snapshot(e)
    _refused(act(e, "apply_to_court", who="leader", date=wait, court="潜江市人民法院"), "第五十四条")
    assert _snapshot(e) == before
    # Signed by the leader (Art. 55), not an officer.
    _refused(act(e, "apply_to_court", who="officer", date=wait + ONE_DAY, court="潜江市人民法院"), "第五十五条")
    assert _snapshot(e) == before
    r = act(e, "apply_to_court", who="leader", date=wait + ONE_DAY, court="潜江市人民法院")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "applied" and body["application_number"].startswith("潜民强执申〔")
    row = next(d for d in body["deadlines"] if d["kind"] == "court_application")
    assert row["start_date"] == end.isoformat()
    assert row["due_date"] == engine.add_months(end, 3).due.isoformat()
    assert row["met_on"] == (wait + ONE_DAY).isoformat() and "第五十三条" in row["basis"]
    application = Document.objects.get(case=case, kind="enforcement_application")
    assert "潜江市人民法院" in application.body and "理由不成立" in application.body

    # The court's rulings come in their order.
    day = wait + 2 * ONE_DAY
    _refused(act(e, "record_ruling", date=day, ruling="completed", number="（2025）鄂9005执1号"), "第五十六条")
    r = act(e, "record_ruling", date=day, ruling="accepted", number="受理通知书")
    assert r.status_code == 400 and "court_case_number" in r.json()["fields"]
    assert act(e, "record_ruling", date=day, ruling="accepted", number="受理通知书",
               court_case_number="（2025）鄂9005行审1号").status_code == 200
    assert act(e, "record_ruling", date=day + ONE_DAY, ruling="enforce", number="（2025）鄂9005行审1号").json()[
        "state"] == "ordered"
    _refused(act(e, "close_case", who="leader", date=day + ONE_DAY), "第六十六条")
    r = act(e, "record_ruling", date=day + 2 * ONE_DAY, ruling="completed", number="（2025）鄂9005执1号")
    assert r.json()["state"] == "enforced"

    r = act(e, "close_case", who="leader", date=day + 3 * ONE_DAY)
    assert r.status_code == 200, r.content
    assert r.json()["closing_basis"] == "enforcement_ended" and r.json()["allowed_actions"] == []
    case.refresh_from_db()
    assert case.state == "closed" and case.fine_paid_on is None
    report = Document.objects.get(case=case, kind="closing_report")
    assert "执行完毕" in report.body and "本案强制执行已依法终结" in report.body
    _refused(act(e, "record_payment", amount="1.00", receipt_number="LATE-0001"), "第六十六条")


def test_court_terminates_enforcement_and_the_case_closes(served_case, enforce, act):
    case = served_case(230)
    e = enforce(case)["id"]
    applied = _to_application(case, e, act)
    assert act(e, "record_ruling", date=applied, ruling="accepted", number="受理通知书",
               court_case_number="（2025）鄂9005行审2号").status_code == 200
    r = act(e, "record_ruling", date=applied + ONE_DAY, ruling="terminated", number="（2025）鄂9005执恢2号",
            summary="被执行人无可供执行的财产，裁定终结本次执行程序")
    assert r.status_code == 200 and r.json()["state"] == "terminated"
    r = act(e, "close_case", who="leader", date=applied + ONE_DAY)
    assert r.status_code == 200, r.content
    case.refresh_from_db()
    assert case.state == "closed"
    report = Document.objects.get(case=case, kind="closing_report")
    assert "终结执行" in report.body and "本案强制执行已依法终结" in report.body
    assert "已履行完毕" not in report.body


def test_an_application_after_three_months_is_refused(served_case, enforce, act):
    case = served_case(330)
    e = enforce(case)["id"]
    end = windows_end(case.served_on)
    last = engine.add_months(end, 3).due
    assert act(e, "remind", date=last - 20 * ONE_DAY).status_code == 200
    assert act(e, "record_reminder_service", date=last - 19 * ONE_DAY).status_code == 200
    assert act(e, "record_statement", date=last - 18 * ONE_DAY, statement_made=False).status_code == 200
    before = _snapshot(e)
    _refused(act(e, "apply_to_court", who="leader", date=last + ONE_DAY, court="潜江市人民法院"), "第五十三条")
    assert _snapshot(e) == before
    r = act(e, "apply_to_court", who="leader", date=last, court="潜江市人民法院")
    assert r.status_code == 200, r.content


def test_a_reminder_after_the_application_period_is_refused(served_case, enforce, act):
    case = served_case(330)
    e = enforce(case)["id"]
    last = engine.add_months(windows_end(case.served_on), 3).due
    _refused(act(e, "remind", date=last + ONE_DAY), "第五十三条")


def test_no_reminder_once_challenged_or_performed(served_case, enforce, act, apis, leader):
    case = served_case(230)
    e = enforce(case)["id"]
    r = apis["leader"].post("/api/litigation/", {
        "kind": "reconsideration", "body": "潜江市人民政府", "external_number": "潜政复〔2025〕1号",
        "plaintiff": case.party_name, "claims": "撤销处罚决定", "contested_act": "行政处罚决定", "case": case.pk,
        "received_on": (case.served_on + 30 * ONE_DAY).isoformat(), "leader": leader.pk}, format="json")
    assert r.status_code == 201, r.content
    _refused(act(e, "remind", date=windows_end(case.served_on) + ONE_DAY), "行政强制法第五十三条")

    other = served_case(230)
    e2 = enforce(other)["id"]
    due = engine.add_calendar_days(other.served_on, 15).due
    assert act(e2, "record_payment", amount="5000.00", receipt_number="PAID-0001", date=due).json()["state"] == \
        "performed"
    _refused(act(e2, "remind", date=windows_end(other.served_on) + ONE_DAY), "行政强制法第五十三条")


def test_each_action_says_whether_it_may_be_taken_and_why_not(served_case, enforce, apis):
    e = enforce(served_case(30))["id"]
    options = {o["action"]: o for o in apis["officer"].get(f"/api/enforcement/{e}/").json()["action_options"]}
    assert options["record_payment"]["allowed"]
    remind = options["remind"]
    assert not remind["allowed"] and any(r["article"] == "行政强制法第五十三条" for r in remind["reasons"])
    approve = options["approve_arrangement"]  # an officer may not approve, and there is nothing to approve
    assert {r["article"] for r in approve["reasons"]} == {"行政处罚法第六十六条"} and len(approve["reasons"]) == 2
    assert not options["apply_arrangement"]["allowed"]  # the fine fell due 15 days ago (Art. 66)
