"""报请立案审批: an officer sends a lead to the leader for filing approval, and the leader learns of it.

Filing is the leader's decision (行政处罚法 Art. 54 ¶2; DOMAIN.md §3 step 2), made on the 立案审批表 whose first
part is the handling officer's opinion. Before this step a lead simply appeared in the leader's list: nobody
asked, nobody was told. These tests act as the officer, the leader and people who should not be able to ask.
"""

import datetime

import pytest

from zhifa.accounts.choices import Role
from zhifa.cases.models import TimelineEvent
from zhifa.notifications.models import Notification

TODAY = datetime.date.today()
REASONS = "该会连续两年未参加年度检查，事实清楚，建议立案调查。"


@pytest.fixture
def lead(apis, lead_payload):
    response = apis["officer"].post("/api/cases/", lead_payload, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def actions_of(api, case_id):
    return {a["action"]: a for a in api.get(f"/api/cases/{case_id}/").json()["actions"]}


def test_the_officer_sends_the_lead_and_the_leader_is_notified(apis, move, lead, leader):
    assert actions_of(apis["officer"], lead)["request_filing"]["allowed"] is True
    assert {"name": "reason", "required": True} in actions_of(apis["officer"], lead)["request_filing"]["fields"]

    response = move(lead, "request_filing", reason=REASONS)
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "lead"  # the leader's approval is the filing itself

    notes = Notification.objects.filter(recipient=leader, kind="filing_request")
    assert notes.count() == 1
    assert notes.get().link == f"/app/cases/{lead}" and REASONS in notes.get().message
    event = TimelineEvent.objects.get(case_id=lead, action="request_filing")
    assert event.reason == REASONS and event.occurred_on == TODAY

    # The leader approves from there: filing is open to the leader, not to the officer.
    assert actions_of(apis["leader"], lead)["file"]["allowed"] is True
    assert actions_of(apis["officer"], lead)["file"]["allowed"] is False


def test_a_second_request_waits_for_the_first_and_changes_nothing(apis, move, lead, leader):
    assert move(lead, "request_filing", reason=REASONS).status_code == 200
    again = move(lead, "request_filing", reason="再次报请")
    assert again.status_code == 409
    assert "等待负责人审批" in again.json()["detail"]
    assert TimelineEvent.objects.filter(case_id=lead, action="request_filing").count() == 1
    assert Notification.objects.filter(kind="filing_request").count() == 1
    refused = actions_of(apis["officer"], lead)["request_filing"]
    assert refused["allowed"] is False and "等待负责人审批" in refused["reasons"][0]["detail"]


def test_a_request_without_reasons_is_refused_on_the_field(move, lead):
    response = move(lead, "request_filing", reason="")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    assert not TimelineEvent.objects.filter(case_id=lead, action="request_filing").exists()
    assert not Notification.objects.filter(kind="filing_request").exists()


def test_only_an_officer_of_the_lead_unit_may_send_it(client_for, make_user, lead, unit, agency):
    from zhifa.accounts.models import Unit

    other_unit = Unit.objects.create(agency=agency, name="社会组织管理科")
    for user in (make_user(Role.LEGAL_REVIEWER), make_user(Role.OFFICER, unit=other_unit),
                 make_user(Role.OFFICER, credential="expired")):
        response = client_for(user).post(f"/api/cases/{lead}/transitions/",
                                         {"action": "request_filing", "reason": REASONS}, format="json")
        assert response.status_code in (403, 404, 409), (user.username, response.status_code)
    assert not Notification.objects.filter(kind="filing_request").exists()


def test_the_request_names_no_confidential_reporter_to_whoever_may_not_see_it(move, lead, leader):
    """The reporter (举报人) stays out of the notification text, whoever reads it."""
    move(lead, "request_filing", reason=REASONS)
    note = Notification.objects.get(recipient=leader, kind="filing_request")
    assert "举报人甲" not in note.title + note.message and "13900000000" not in note.title + note.message


def test_the_leader_finds_the_leads_waiting_for_approval(apis, move, lead, lead_payload):
    assert apis["leader"].get("/api/cases/", {"filing_requested": "true"}).json()["results"] == []
    other = apis["officer"].post("/api/cases/", {**lead_payload, "title": "另一条线索"}, format="json").json()["id"]
    move(lead, "request_filing", reason=REASONS)
    waiting = apis["leader"].get("/api/cases/", {"filing_requested": "true"}).json()
    assert [c["id"] for c in waiting["results"]] == [lead]
    not_sent = apis["leader"].get("/api/cases/", {"filing_requested": "false", "state": "lead"}).json()
    assert [c["id"] for c in not_sent["results"]] == [other]
