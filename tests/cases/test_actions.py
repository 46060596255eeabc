"""The case detail tells each user what the procedure lets them do now, and why not (CONTRACT.md: `actions`).

The web app draws its buttons and forms from it, so it must say the same as the server says to the request:
an action shown as allowed is not refused for who asks or for the law's reasons; one shown as refused names
each reason with its article; the fields are the transition request's own.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.accounts.choices import Role
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


def test_the_detail_query_count_is_pinned(apis, lead_payload, move, officers, make_user, client_for):
    """Judging every action for the reader costs a fixed number of queries per state, and no more with more
    officers assigned (the filing guard reads each officer's credential)."""
    def count(api, case_id):
        api.get(f"/api/cases/{case_id}/")  # the calendar's year tables are cached after the first read
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"/api/cases/{case_id}/").status_code == 200
        return len(queries)

    more = [*officers, make_user(Role.OFFICER, full_name="赵三"), make_user(Role.OFFICER, full_name="钱四")]
    counts = {}
    for team in (officers, more):
        case_id = apis["officer"].post("/api/cases/", {**lead_payload, "officers": [o.pk for o in team]},
                                       format="json").json()["id"]
        counts.setdefault("lead", []).append(count(apis["leader"], case_id))
        move(case_id, "file", "leader", date=ago(35))
        move(case_id, "start_investigation", date=ago(34))
        apis["officer"].post(f"/api/cases/{case_id}/documents/", {
            "kind": "inquiry_record", "officers": [o.pk for o in team], "date": ago(33), "place": "询问室",
            "subject": "会长", "record": "问答"}, format="json")
        move(case_id, "close_investigation", date=ago(30), proposed_outcome="penalty", proposed_penalties=["warning"],
             proposed_content="警告")
        move(case_id, "notify", date=ago(20), notice_received_on=ago(20))
        counts.setdefault("notified", []).append(count(apis["leader"], case_id))
    assert counts == PINNED, counts


# notified: the decision's form asks whether a discretion benchmark entry covers the case's grounds (one query).
# In notified, the leader's recusal decision and the decision itself each ask once whether an application for
# recusal is pending, and the decision's date is judged against the recusal decisions (Art. 43).
PINNED = {"lead": [7, 7], "notified": [10, 10]}


def test_what_the_detail_says_is_what_the_server_does(apis, lead, move, officers):
    """A walk through the procedure, each request made after reading the detail as the one who sends it: an
    action shown allowed goes through, and refuses to without a field shown required; one shown refused is
    refused (403 for who asks, 409 for the law)."""
    seen = []

    def act(action, who="officer", expect=200, **data):
        shown = actions_of(apis[who], lead)[action]
        # Each field the detail calls required is one the server asks for: without it, a 400 naming it.
        for name in [f["name"] for f in shown["fields"] if f["required"]] if expect == 200 else []:
            lacking = move(lead, action, who, **{k: v for k, v in data.items() if k != name})
            assert lacking.status_code == 400 and name in lacking.json()["fields"], (action, name, lacking.json())
        response = move(lead, action, who, **data)
        assert response.status_code == expect, response.json()
        assert shown["allowed"] is (expect == 200), (action, who, shown)
        seen.append((action, who, expect))

    act("file", "officer", 403, date=ago(35))
    act("file", "leader", date=ago(35))
    act("start_investigation", date=ago(34))
    act("close_investigation", expect=409, date=ago(30), proposed_outcome="penalty", proposed_penalties=["warning"],
        proposed_content="警告")
    apis["officer"].post(f"/api/cases/{lead}/documents/", {
        "kind": "inquiry_record", "officers": [o.pk for o in officers], "date": ago(33), "place": "询问室",
        "subject": "会长", "record": "问答"}, format="json")
    act("close_investigation", date=ago(30), proposed_outcome="penalty", proposed_penalties=["warning"],
        proposed_content="警告")
    act("submit_review", expect=409, date=ago(29))  # not a major decision
    act("notify", date=ago(20))
    act("decide", "leader", 409, outcome="penalty", penalties=["warning"], content="警告")  # no receipt yet
    act("record_notice_receipt", date=ago(20))
    act("record_notice_receipt", expect=409, date=ago(19))  # already recorded
    apis["officer"].post(f"/api/cases/{lead}/statement/", {"status": "not_made", "summary": "未提出"}, format="json")
    act("decide", "officer", 403, outcome="penalty", penalties=["warning"], content="警告")
    act("decide", "leader", outcome="penalty", penalties=["warning"], content="警告", basis="第三十条")
    act("serve", service_method="in_person")
    assert {status for *_, status in seen} == {200, 403, 409}
