"""The case detail tells each user what the procedure lets them do now, and why not (CONTRACT.md: `actions`).

The web app draws its buttons and forms from it, so it must say the same as the server says to the request:
an action shown as allowed is not refused for who asks or for the law's reasons; one shown as refused names
each reason with its article; the fields are the transition request's own.
"""

import datetime

import pytest

from zhifa.cases.api.serializers import TransitionSerializer
from zhifa.cases.procedure import PROCEDURE

TODAY = datetime.date.today()


def ago(days):
    return (TODAY - datetime.timedelta(days=days)).isoformat()


def actions_of(api, case_id):
    response = api.get(f"/api/cases/{case_id}/")
    assert response.status_code == 200, response.json()
    return {a["action"]: a for a in response.json()["actions"]}


@pytest.fixture
def lead(apis, lead_payload):
    response = apis["officer"].post("/api/cases/", lead_payload, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_every_step_declares_only_fields_the_transition_request_takes():
    known = set(TransitionSerializer().fields)
    for action, step in PROCEDURE.items():
        names = [f.name for f in step.fields]
        assert names, f"{action} declares no fields"
        assert set(names) <= known, f"{action}: {set(names) - known} are not transition fields"
        assert len(names) == len(set(names)), action


def test_one_entry_per_action_of_the_state_with_the_allowed_list_kept(apis, lead):
    detail = apis["leader"].get(f"/api/cases/{lead}/").json()
    assert [a["action"] for a in detail["actions"]] == detail["allowed_actions"]
    for entry in detail["actions"]:
        assert set(entry) == {"action", "allowed", "reasons", "fields"}


def test_who_may_act_is_a_reason_with_the_action_still_listed(apis, lead):
    officer_view = actions_of(apis["officer"], lead)
    assert officer_view["file"]["allowed"] is False
    assert "负责人" in officer_view["file"]["reasons"][0]["detail"]
    assert officer_view["file"]["reasons"][0]["detail_en"]
    leader_view = actions_of(apis["leader"], lead)
    assert leader_view["file"] == {**leader_view["file"], "allowed": True, "reasons": []}


def test_a_refusing_guard_names_its_article_and_the_server_refuses_the_same(apis, lead, move):
    assert move(lead, "file", "leader", date=ago(35)).status_code == 200
    assert move(lead, "start_investigation", date=ago(34)).status_code == 200
    view = actions_of(apis["officer"], lead)["close_investigation"]
    assert view["allowed"] is False
    assert view["reasons"][0]["article"] == "行政处罚法第五十五条"
    refused = move(lead, "close_investigation", date=ago(30), proposed_outcome="no_penalty", facts="查无实据")
    assert refused.status_code == 409
    assert view["reasons"][0]["detail"] in str(refused.json())
    # Nothing the detail computed changed the case.
    assert apis["officer"].get(f"/api/cases/{lead}/").json()["state"] == "investigating"


def test_the_decision_waits_for_the_receipt_and_the_form_asks_for_the_new_inputs(apis, lead, move, officers):
    move(lead, "file", "leader", date=ago(35))
    move(lead, "start_investigation", date=ago(34))
    apis["officer"].post(f"/api/cases/{lead}/documents/", {
        "kind": "inquiry_record", "officers": [o.pk for o in officers], "date": ago(33), "place": "询问室",
        "subject": "会长", "record": "问答"}, format="json")
    assert move(lead, "close_investigation", date=ago(30), proposed_outcome="penalty", proposed_penalties=["warning"],
                proposed_content="警告").status_code == 200
    notify = actions_of(apis["officer"], lead)["notify"]
    assert notify["allowed"] is True
    assert {f["name"] for f in notify["fields"]} >= {"date", "notice_received_on", "statement_days"}
    assert move(lead, "notify", date=ago(20)).status_code == 200

    decide = actions_of(apis["leader"], lead)["decide"]
    assert decide["allowed"] is False
    assert any("收到事先告知书" in r["detail"] and "第四十四条" in r["article"] for r in decide["reasons"])
    assert {f["name"] for f in decide["fields"] if f["required"]} == {"outcome", "penalties", "content"}
    receipt = actions_of(apis["officer"], lead)["record_notice_receipt"]
    assert receipt["allowed"] is True
    assert receipt["fields"] == [{"name": "date", "required": True}]
