"""《中华人民共和国行政处罚法》第五十六条、第八十五条

第五十六条 行政机关在收集证据时，可以采取抽样取证的方法；在证据可能灭失或者以后难以取得的情况下，经行政机关负责人批准，
可以先行登记保存，并应当在七日内及时作出处理决定，在此期间，当事人或者有关人员不得销毁或者转移证据。

第八十五条 本法中"二日""三日""五日""七日"的规定是指工作日，不含法定节假日。

An officer asks, with the reason the evidence may be lost; a leader approves (or refuses) first; the preserved
items are dealt with within 7 working days of their preservation, after which they can only be released
(DOMAIN.md §3.3).
"""

import datetime

import pytest

from zhifa.calendar import engine
from zhifa.cases.models import Case, Preservation

from tests.law.scenario import ago, forbidden, ok, snapshot

REQUEST = {"items": "2023年度财务账簿3册、收费收据存根1本", "reason": "当事人正在搬离办公场所，账簿可能灭失"}


@pytest.fixture
def investigating(case_at, move):
    cid = case_at("filed", start=60)
    ok(move(cid, "start_investigation", date=ago(57)))
    return cid


def request(move, cid, day):
    ok(move(cid, "request_preservation", date=ago(day), **REQUEST))
    return Preservation.objects.filter(case_id=cid).order_by("-pk").first().pk


def test_a_request_preserves_nothing_until_a_leader_approves(investigating, move):
    pid = request(move, investigating, 3)
    preservation = Preservation.objects.get(pk=pid)
    assert preservation.status == "requested" and preservation.preserved_on is None
    assert not Case.objects.get(pk=investigating).deadlines.filter(kind="preservation").exists()
    before = snapshot(investigating)
    forbidden(move(investigating, "resolve_preservation", preservation=pid, preservation_outcome="examination",
                   reason="送交鉴定"), "第五十六条", case_id=investigating, before=before)


def test_the_officer_does_not_approve_his_own_request(investigating, move):
    pid = request(move, investigating, 3)
    before = snapshot(investigating)
    assert move(investigating, "approve_preservation", "officer", date=ago(3), preservation=pid).status_code == 403
    assert move(investigating, "approve_preservation", "officer2", date=ago(3), preservation=pid).status_code == 403
    assert snapshot(investigating) == before and Preservation.objects.get(pk=pid).status == "requested"


def test_no_approval_without_a_request(investigating, move, apis):
    actions = {a["action"]: a for a in apis["leader"].get(f"/api/cases/{investigating}/").json()["actions"]}
    assert not actions["approve_preservation"]["allowed"]
    assert "第五十六条" in actions["approve_preservation"]["reasons"][0]["article"]
    before = snapshot(investigating)
    forbidden(move(investigating, "approve_preservation", "leader", preservation=1), "第五十六条",
              case_id=investigating, before=before)


def test_a_refused_request_is_never_dealt_with_as_preserved(investigating, move):
    pid = request(move, investigating, 3)
    refused = move(investigating, "approve_preservation", "leader", date=ago(3), preservation=pid, approved=False)
    assert refused.status_code == 400 and "reason" in refused.json()["fields"]
    ok(move(investigating, "approve_preservation", "leader", date=ago(3), preservation=pid, approved=False,
            reason="可以抽样取证，无需先行登记保存"))
    assert Preservation.objects.get(pk=pid).status == "refused"
    before = snapshot(investigating)
    forbidden(move(investigating, "resolve_preservation", preservation=pid, preservation_outcome="release",
                   reason="退还"), "第五十六条", case_id=investigating, before=before)


def test_approved_items_have_seven_working_days_and_are_dealt_with_in_time(investigating, move, apis):
    pid = request(move, investigating, 2)
    ok(move(investigating, "approve_preservation", "leader", date=ago(2), preservation=pid,
            reason="同意，由两名执法人员当场清点登记"))
    preservation = Preservation.objects.get(pk=pid)
    approved_on = datetime.date.fromisoformat(ago(2))
    assert preservation.status == "approved" and preservation.preserved_on == approved_on
    assert preservation.approval_note == "同意，由两名执法人员当场清点登记"  # the leader's note is kept either way
    row = Case.objects.get(pk=investigating).deadlines.get(reference=f"preservation:{pid}")
    assert row.due_date == engine.add_working_days(approved_on, 7).due and row.met_on is None
    ok(move(investigating, "resolve_preservation", date=ago(1), preservation=pid, preservation_outcome="examination",
            reason="账簿送交会计师事务所鉴定"))
    listed = apis["officer"].get(f"/api/cases/{investigating}/preservations/").json()[0]
    assert listed["status"] == "dealt" and listed["outcome_kind"] == "examination" and listed["dealt_on"] == ago(1)
    assert Case.objects.get(pk=investigating).deadlines.get(reference=f"preservation:{pid}").met_on.isoformat() == ago(1)


def test_after_seven_working_days_the_items_can_only_be_released(investigating, move):
    pid = request(move, investigating, 40)
    ok(move(investigating, "approve_preservation", "leader", date=ago(40), preservation=pid))
    before = snapshot(investigating)
    forbidden(move(investigating, "resolve_preservation", preservation=pid, preservation_outcome="confiscation",
                   reason="依法没收"), "第五十六条", case_id=investigating, before=before)
    ok(move(investigating, "resolve_preservation", preservation=pid, preservation_outcome="release",
            reason="逾期未作出处理决定，解除先行登记保存，退还物品"))
    assert Preservation.objects.get(pk=pid).outcome_kind == "release"


def test_a_request_says_why_the_evidence_may_be_lost(investigating, move, apis):
    before = snapshot(investigating)
    missing = move(investigating, "request_preservation", items="账簿3册")
    assert missing.status_code == 400 and "reason" in missing.json()["fields"]
    assert snapshot(investigating) == before
    # The preservations endpoint asks the leader too: it registers nothing as preserved by itself.
    created = apis["officer"].post(f"/api/cases/{investigating}/preservations/", REQUEST, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "requested" and created.json()["preserved_on"] is None
    early = apis["officer"].post(f"/api/cases/{investigating}/preservations/{created.json()['id']}/resolve/",
                                 {"outcome_kind": "examination", "outcome": "送交鉴定", "dealt_on": ago(0)},
                                 format="json")
    assert early.status_code == 409 and "第五十六条" in early.json()["detail"]
