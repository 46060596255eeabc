"""The workbench dashboard's reads: deadlines due soon or overdue across cases, and case statistics."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Unit
from zhifa.cases import services
from zhifa.cases.models import Case, CaseDeadline

TODAY = datetime.date.today()


@pytest.fixture
def cases(officers, organisation, ground):
    made = []
    for i in range(6):
        made.append(services.case_create(
            actor=officers[0], officers=officers[:1] if i % 2 else officers, title=f"期限案件{i}", source="inspection",
            received_on=TODAY - datetime.timedelta(days=i), party_kind="organisation", organisation=organisation,
            grounds=[ground], facts="事实", act_date=TODAY - datetime.timedelta(days=100)))
    return made


def _one_deadline(case, due: datetime.date, met_on=None) -> CaseDeadline:
    """A decision deadline due on a chosen day (what the calendar would compute is not the point here)."""
    return CaseDeadline.objects.create(case=case, kind="decision", basis="《行政处罚法》第六十条", period="90日",
                                       start_date=due - datetime.timedelta(days=90), due_date=due, met_on=met_on)


def test_deadlines_due_soon_and_overdue_most_urgent_first(cases, apis, officers):
    overdue = _one_deadline(cases[0], TODAY - datetime.timedelta(days=2))
    today = _one_deadline(cases[1], TODAY)
    soon = _one_deadline(cases[2], TODAY + datetime.timedelta(days=3))
    _one_deadline(cases[3], TODAY + datetime.timedelta(days=4))  # not yet
    _one_deadline(cases[4], TODAY - datetime.timedelta(days=9), met_on=TODAY - datetime.timedelta(days=10))  # met
    _one_deadline(cases[5], TODAY + datetime.timedelta(days=30))

    with CaptureQueriesContext(connection) as queries:
        response = apis["officer"].get("/api/cases/deadlines/")
    assert response.status_code == 200
    rows = response.json()
    assert [r["id"] for r in rows] == [overdue.pk, today.pk, soon.pk]
    assert [(r["status"], r["days_left"]) for r in rows] == [("overdue", -2), ("due_soon", 0), ("due_soon", 3)]
    assert rows[0]["case"] == cases[0].pk and rows[0]["case_title"] == "期限案件0" and rows[0]["case_state"] == "lead"
    # The token, its user, and one query for the deadlines with their cases, however many there are.
    assert len(queries) == 3, [q["sql"] for q in queries.captured_queries]

    # mine: the second officer handles only the even-numbered cases.
    mine = apis["officer2"].get("/api/cases/deadlines/", {"mine": "true"}).json()
    assert [r["case"] for r in mine] == [cases[0].pk, cases[2].pk]


def test_deadlines_follow_case_visibility(cases, make_user, client_for, agency, apis):
    _one_deadline(cases[0], TODAY)
    _one_deadline(cases[1], TODAY - datetime.timedelta(days=400))
    Case.objects.filter(pk=cases[1].pk).update(state="dropped")  # a finished case's leftovers need no one
    assert [r["case"] for r in apis["officer"].get("/api/cases/deadlines/").json()] == [cases[0].pk]
    outsider = make_user(Role.OFFICER, unit=Unit.objects.create(agency=agency, name="执法监督科"))
    assert client_for(outsider).get("/api/cases/deadlines/").json() == []
    assert client_for().get("/api/cases/deadlines/").status_code in (401, 403)
    assert client_for(outsider).get("/api/cases/statistics/").json()["total"] == 0


def test_statistics_by_state_and_month(cases, apis, move):
    assert move(cases[0].pk, "file", who="leader", date=TODAY.isoformat()).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        body = apis["leader"].get("/api/cases/statistics/", {"year": TODAY.year}).json()
    assert len(queries) == 5  # the token, its user, and one query each for states, received and decided
    assert body["total"] == 6 and body["by_state"] == {"lead": 5, "filed": 1}
    received = {row["month"]: row["received"] for row in body["by_month"]}
    assert len(body["by_month"]) == 12 and sum(received.values()) == sum(
        1 for c in cases if c.received_on.year == TODAY.year)
    bad = apis["leader"].get("/api/cases/statistics/", {"year": "twenty"})
    assert bad.status_code == 400 and "year" in bad.json()["fields"]
