"""The dashboard answers each role's first screen in one request, scoped like the lists, in a fixed number of
queries whatever the size of the register; its "today" is the server's date in Beijing time."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Unit
from zhifa.cases import services as case_services
from zhifa.core.validators import build_credit_code
from zhifa.disclosure.models import Notice
from zhifa.litigation import services as litigation_services
from zhifa.registry.models import AnnualInspection, IllegalOrganisation, Organisation
from zhifa.reviews.models import Review

TODAY = datetime.date.today()


def ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def _own_publication_store(publication_root):
    return publication_root


@pytest.fixture
def people(make_user, leader, officers):
    return {
        "officer": officers[0],
        "leader": leader,
        "legal_reviewer": make_user(Role.LEGAL_REVIEWER, full_name="陈审核", legal_qualification=True),
        "legal_adviser": make_user(Role.LEGAL_ADVISER, full_name="周律师"),
        "disclosure_editor": make_user(Role.DISCLOSURE_EDITOR, full_name="赵公示"),
        "administrator": make_user(Role.ADMINISTRATOR, full_name="孙管理"),
    }


def add_lead(officer, organisation, ground, n):
    return case_services.case_create(actor=officer, officers=[officer], title=f"线索{n}", source="report",
                                     received_on=ago(10 + n % 5), party_kind="organisation",
                                     organisation=organisation, grounds=[ground], facts="事实", act_date=ago(60))


def add_register(agency, people, n, start=0):
    for i in range(start, start + n):
        org = Organisation.objects.create(agency=agency, name=f"社会组织{i}", type="social_group" if i % 2 else "foundation",
                                          credit_code=build_credit_code("51429005", f"DB{i:06d}"),
                                          legal_representative="王某", registration_date=datetime.date(2015, 1, 1))
        AnnualInspection.objects.create(organisation=org, year=2023, result="qualified" if i % 3 else "unqualified")
        IllegalOrganisation.objects.create(agency=agency, name=f"非法组织{i}", discovered_on=datetime.date(2023, 1, 1))
        Notice.objects.create(agency=agency, kind="register", title=f"待发公示{i}", due_date=ago(-1))
        litigation_services.matter_create(
            actor=people["legal_adviser"], advisers=[people["legal_adviser"]], kind="first_instance",
            body="潜江市人民法院", external_number=f"（2026）鄂9005行初{i}号", plaintiff=f"原告{i}", claims="撤销",
            contested_act="撤销登记决定", received_on=ago(10), leader=people["leader"])


@pytest.fixture
def world(agency, people, officers, organisation, ground, decide_case, apis, move, lead_payload):
    decide_case()
    for n in range(3):
        add_lead(officers[0], organisation, ground, n)
    cid = apis["officer"].post("/api/cases/", {**lead_payload, "received_on": ago(40).isoformat()},
                               format="json").json()["id"]
    move(cid, "file", "leader", date=ago(30).isoformat())
    move(cid, "start_investigation", date=ago(29).isoformat())
    apis["officer"].post(f"/api/cases/{cid}/documents/", {
        "kind": "inquiry_record", "officers": [o.pk for o in officers], "date": ago(28).isoformat(),
        "place": "询问室", "subject": "法定代表人", "record": "问答"}, format="json")
    move(cid, "close_investigation", date=ago(20).isoformat(), proposed_outcome="penalty",
         proposed_penalties=["deregistration"], proposed_content="撤销登记")
    assert move(cid, "submit_review", date=ago(2).isoformat(), discretion="情节严重").status_code == 200
    review = Review.objects.get(case_id=cid)
    assert apis["leader"].post(f"/api/reviews/{review.pk}/assign/", {"reviewer": people["legal_reviewer"].pk},
                               format="json").status_code == 200
    add_register(agency, people, 3)
    return {"review": review, "case": cid}


def dashboard(client_for, user):
    response = client_for(user).get("/api/dashboard/")
    assert response.status_code == 200, response.content
    return response.json()


# role -> the queries its dashboard takes (token and user, the calendar, each part's aggregates and capped lists)
PINNED = {
    "officer": 15,
    "leader": 18,
    "legal_reviewer": 17,
    "legal_adviser": 18,
    "disclosure_editor": 15,
    "administrator": 18,
}


@pytest.mark.parametrize("role", PINNED)
def test_query_count_is_pinned_and_does_not_grow_with_the_register(world, people, client_for, role, agency,
                                                                   officers, organisation, ground):
    api = client_for(people[role])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/dashboard/").status_code == 200
        return len(queries)

    before = count()
    for n in range(3, 15):
        add_lead(officers[0], organisation, ground, n)
    add_register(agency, people, 12, start=100)
    after = count()
    assert before == after, (before, after)
    assert after == PINNED[role], after


def test_each_role_sees_its_own_to_do_list(world, people, client_for):
    officer = dashboard(client_for, people["officer"])
    assert officer["role"] == "officer"
    assert {t["kind"] for t in officer["tasks"]} == {"case"}
    assert officer["tasks_total"] == 5  # three leads, the case under review and the decided one, all hers
    assert all(t["stage"] not in ("closed", "archived", "dropped", "transferred") for t in officer["tasks"])

    leader = dashboard(client_for, people["leader"])
    assert {t["stage"] for t in leader["tasks"]} <= {"lead", "deliberation"}
    assert leader["tasks_total"] == 3

    reviewer = dashboard(client_for, people["legal_reviewer"])
    assert [(t["kind"], t["id"]) for t in reviewer["tasks"]] == [("review", world["review"].pk)]
    assert reviewer["tasks"][0]["due"] == world["review"].due_date.isoformat()

    adviser = dashboard(client_for, people["legal_adviser"])
    assert {t["kind"] for t in adviser["tasks"]} == {"matter"} and adviser["tasks_total"] == 3
    assert all(t["due"] for t in adviser["tasks"])  # each open matter shows its nearest deadline

    editor = dashboard(client_for, people["disclosure_editor"])
    assert {t["kind"] for t in editor["tasks"]} == {"notice"}
    assert {t["stage"] for t in editor["tasks"]} <= {"draft", "redaction_checked"}
    assert editor["reviews"] is None  # an editor sees no legal reviews


def test_figures_count_the_whole_register_in_aggregates(world, people, client_for):
    body = dashboard(client_for, people["administrator"])
    registry = body["registry"]
    assert registry["total"] == 4  # the three above and the fixture's organisation
    assert registry["illegal_total"] == 3
    assert registry["inspections"] == {"year": 2023, "by_result": {"qualified": 2, "unqualified": 1}}
    assert sum(body["cases"]["by_state"].values()) == body["cases"]["total"] == 5
    assert len(body["reviews"]["by_month"]) == 12 and len(body["disclosure"]["by_month"]) == 12


def test_review_statistics_per_month_agree_with_the_statistics_endpoint(world, people, client_for):
    review = world["review"]
    reviewer = client_for(people["legal_reviewer"])
    verdicts = [{"item": n, "verdict": "pass"} for n in range(1, 10)]
    assert reviewer.post(f"/api/reviews/{review.pk}/outcome/", {"package": 1, "outcome": "agree",
                         "verdicts": verdicts, "opinion": "同意"}, format="json").status_code == 200
    body = dashboard(client_for, people["leader"])
    year = body["year"]
    whole = client_for(people["leader"]).get(f"/api/reviews/statistics/?start={year}-01-01").json()
    assert body["reviews"]["outcomes"] == whole["outcomes"] == 1
    assert body["reviews"]["pass_rate"] == whole["pass_rate"]
    assert body["reviews"]["average_working_days"] == whole["average_working_days"]
    month = int(body["today"][5:7])
    assert [m["outcomes"] for m in body["reviews"]["by_month"]] == [int(m == month) for m in range(1, 13)]


def test_deadlines_are_those_due_soon_or_overdue_most_urgent_first(world, people, client_for):
    body = dashboard(client_for, people["legal_adviser"])
    dues = [d["due"] for d in body["deadlines"]]
    assert dues == sorted(dues)
    assert all(d["status"] in ("overdue", "due_soon") for d in body["deadlines"])


def test_another_agency_sees_none_of_it(world, client_for, other_agency, make_user):
    stranger = make_user(Role.ADMINISTRATOR, unit=Unit.objects.create(agency=other_agency, name="办公室"))
    body = dashboard(client_for, stranger)
    assert body["tasks"] == [] and body["deadlines"] == [] and body["tasks_total"] == 0
    assert body["registry"]["total"] == 0 and body["cases"]["total"] == 0
    assert body["alarms"]["disclosure"] == []


def test_an_officer_of_another_unit_does_not_see_the_unit_cases(world, client_for, make_user, agency):
    elsewhere = make_user(Role.OFFICER, unit=Unit.objects.create(agency=agency, name="执法二科"))
    body = dashboard(client_for, elsewhere)
    assert body["tasks"] == [] and body["cases"]["total"] == 0


def test_sign_in_required(client_for):
    assert client_for().get("/api/dashboard/").status_code == 401


def test_today_is_the_beijing_date_not_the_utc_one(people, client_for, monkeypatch):
    late_evening_utc = datetime.datetime(2026, 12, 6, 17, 30, tzinfo=datetime.UTC)  # 01:30 on the 7th in Beijing
    monkeypatch.setattr(timezone, "now", lambda: late_evening_utc)
    assert dashboard(client_for, people["officer"])["today"] == "2026-12-07"
    me = client_for(people["officer"]).get("/api/auth/me/").json()
    assert me["today"] == "2026-12-07"


def test_the_nightly_legal_audit_shows_on_the_dashboards_that_answer_for_it(people, client_for, decide_case,
                                                                          other_agency, make_user):
    """Issue 23: the audit's findings for the agency's register, with the case and the article; none before the
    first audit, none for roles that don't answer for legality, and nothing of another agency."""
    from django.core.cache import cache

    from zhifa.cases.legal_audit import FINDINGS_KEY
    from zhifa.cases.tasks import legal_audit_register
    from tests.law.test_legal_audit import raw

    cache.delete(FINDINGS_KEY.format(people["leader"].agency_id))
    assert dashboard(client_for, people["leader"])["legality"] is None
    lawful, moved = decide_case(), decide_case()
    raw("UPDATE cases_case SET notified_on = decided_on + 1 WHERE id = %s", moved.pk)
    legal_audit_register()
    legality = dashboard(client_for, people["leader"])["legality"]
    assert legality["violations"] == legality["cases_with_violations"] == 1
    assert legality["by_invariant"] == {"notified_before_decision": 1}
    row, = legality["rows"]
    assert row["case_id"] == moved.pk and "第四十四条" in row["article"] and legality["cases"] >= 2
    assert dashboard(client_for, people["legal_reviewer"])["legality"] == legality
    assert dashboard(client_for, people["officer"])["legality"] is None
    stranger = make_user(Role.LEADER, unit=Unit.objects.create(agency=other_agency, name="社会组织管理科"),
                         full_name="外机关负责人")
    assert dashboard(client_for, stranger)["legality"] is None
