"""《中华人民共和国行政复议法》第六十四条；《中华人民共和国行政诉讼法》第七十条、第七十一条

行政复议法 第六十四条 行政行为有下列情形之一的，行政复议机关决定撤销或者部分撤销该行政行为，并可以责令被申请人在一定
期限内重新作出行政行为：……
行政复议机关责令被申请人重新作出行政行为的，被申请人不得以同一事实和理由作出与被申请行政复议的行政行为相同或者基本
相同的行政行为，但是行政复议机关以违反法定程序为由撤销或者部分撤销的除外。
行政诉讼法 第七十条 行政行为有下列情形之一的，人民法院判决撤销或者部分撤销，并可以判决被告重新作出行政行为：……
第七十一条 人民法院判决被告重新作出行政行为的，被告不得以同一的事实和理由作出与原行政行为基本相同的行政行为。

Where an effective outcome revokes the decision and orders a new one, the case reopens to be decided again
(DOMAIN.md §7). Each test tries what the articles forbid: the same decision on the same facts and reasons.
"""

import datetime

import pytest

from tests.law.scenario import TODAY, ago, forbidden, ok, snapshot
from tests.law.test_outcome_takes_effect import REVOKE, deregistered, judgment, lawsuit  # noqa: F401 - fixture
from zhifa.accounts.choices import Role
from zhifa.cases.legal_audit import legal_audit
from zhifa.cases.models import Case, TimelineEvent
from zhifa.litigation.models import Matter
from zhifa.litigation.periods import APPEAL_JUDGMENT
from zhifa.litigation.services import matters_apply_effective

REOPENED = 14  # days ago the revocation took effect


@pytest.fixture
def adviser_api(make_user, client_for):
    return client_for(make_user(Role.LEGAL_ADVISER, full_name="周律师"))


def reconsideration_revokes(api, leader, cid, **order):
    """The people's government revokes the deregistration and orders a new decision; effective on service."""
    matter = lawsuit(api, leader, cid, kind="reconsideration", number="潜政复〔2026〕7号", received=30,
                     body="潜江市人民政府", claims="撤销被申请人作出的撤销登记决定")
    ok(api.post(f"/api/litigation/{matter['id']}/outcome/", {
        "outcome": "revoked", "outcome_form": "reconsideration_decision", "outcome_on": ago(REOPENED),
        "received_on": ago(REOPENED), "document_number": "潜政复〔2026〕7号", "summary": "主要事实不清，证据不足",
        "orders_new_decision": True, **order}, format="json"))
    matters_apply_effective(today=TODAY)
    return matter


def decide_again_up_to_the_decision(cid, move, statement, agree_review, deliberate, *, record=None):
    """The procedure again from the close of the investigation: notice, windows, a new review, deliberation."""
    if record is not None:
        record(cid, REOPENED - 1)
    ok(move(cid, "close_investigation", date=ago(REOPENED - 1), proposed_outcome="penalty",
            proposed_penalties=["deregistration"], proposed_content="拟撤销登记"))
    ok(move(cid, "notify", date=ago(REOPENED - 2), notice_received_on=ago(REOPENED - 2)))
    ok(statement(cid, "not_made", 4))
    agree_review(cid, submitted=3, agreed=3)
    ok(deliberate(cid, 2))


@pytest.fixture
def inquiry(apis, officers):
    def make(cid, day):
        ok(apis["officer"].post(f"/api/cases/{cid}/documents/", {
            "kind": "inquiry_record", "officers": [o.pk for o in officers], "date": ago(day), "place": "询问室",
            "subject": "法定代表人", "record": "问：该会是否仍在开展活动？答：已恢复活动并参加了年检。"}, format="json"), 201)
    return make


def test_a_revocation_ordering_a_new_decision_reopens_the_case(deregistered, adviser_api, leader, organisation,
                                                               apis):
    matter = reconsideration_revokes(adviser_api, leader, deregistered)
    case = Case.objects.get(pk=deregistered)
    assert case.state == "investigating" and case.reopened_on == TODAY - datetime.timedelta(days=REOPENED)
    assert case.decided_on is None and case.served_on is None and case.notified_on is None
    overturned = case.overturned_decisions[-1]
    assert overturned["matter"] == matter["id"] and overturned["reconsideration"] is True
    assert overturned["decision"]["penalties"] == ["deregistration"] and overturned["decision"]["number"]
    organisation.refresh_from_db()
    assert organisation.status == "normal"
    event = TimelineEvent.objects.get(case=case, kind="reopened")
    assert (event.from_state, event.to_state) == ("served", "investigating")
    # The new decision is due 90 days from the revocation taking effect, not from the filing long ago (Art. 60).
    deadline = case.deadlines.get(kind="decision")
    assert deadline.start_date == case.reopened_on and deadline.met_on is None
    detail = ok(apis["officer"].get(f"/api/cases/{deregistered}/"))
    assert detail["reopened_on"] == ago(REOPENED) and detail["overturned_decisions"][0]["decision"]["number"]
    # Nothing may be dated before the reopening.
    early = apis["officer"].post(f"/api/cases/{deregistered}/transitions/", {
        "action": "close_investigation", "date": ago(REOPENED + 1), "proposed_outcome": "penalty",
        "proposed_penalties": ["warning"], "proposed_content": "拟警告"}, format="json")
    assert early.status_code == 400 and "date" in early.json()["fields"]


def test_the_same_decision_on_the_same_facts_is_refused(deregistered, adviser_api, leader, move, statement,
                                                        agree_review, deliberate, apis):
    reconsideration_revokes(adviser_api, leader, deregistered)
    decide_again_up_to_the_decision(deregistered, move, statement, agree_review, deliberate)
    before = snapshot(deregistered)
    refused = move(deregistered, "decide", "leader", date=ago(1), **REVOKE)
    body = forbidden(refused, "行政复议法第六十四条第二款", case_id=deregistered, before=before)
    assert "Art. 64" in body["detail_en"]
    # A record that got there anyway (imported, or written around the procedure) is found by the nightly audit.
    state = Case.objects.get(pk=deregistered).state
    Case.objects.filter(pk=deregistered).update(state="decided", decided_on=TODAY - datetime.timedelta(days=1),
                                                decision_outcome="penalty", decision_penalties=["deregistration"])
    found = {v.invariant for v in legal_audit(queryset=Case.objects.filter(pk=deregistered)).violations}
    assert "not_the_revoked_decision_again" in found, found
    Case.objects.filter(pk=deregistered).update(state=state, decided_on=None, decision_outcome="",
                                                decision_penalties=[])
    # The case detail greys the decision out with the same reason before any form is filled in.
    decide = next(a for a in ok(apis["leader"].get(f"/api/cases/{deregistered}/"))["actions"]
                  if a["action"] == "decide")
    assert not decide["allowed"] and any("第六十四条" in r["detail"] for r in decide["reasons"]), decide


def test_new_facts_allow_the_same_penalty(deregistered, adviser_api, leader, move, statement, agree_review,
                                          deliberate, inquiry):
    reconsideration_revokes(adviser_api, leader, deregistered)
    decide_again_up_to_the_decision(deregistered, move, statement, agree_review, deliberate, record=inquiry)
    ok(move(deregistered, "decide", "leader", date=ago(1), **REVOKE))
    assert Case.objects.get(pk=deregistered).state == "decided"


def test_a_revocation_for_procedure_alone_may_be_decided_again_with_the_same_content(
        deregistered, adviser_api, leader, move, statement, agree_review, deliberate):
    reconsideration_revokes(adviser_api, leader, deregistered, procedural_breach_only=True)
    decide_again_up_to_the_decision(deregistered, move, statement, agree_review, deliberate)
    ok(move(deregistered, "decide", "leader", date=ago(1), **REVOKE))


def test_a_judgment_ordering_a_new_decision_forbids_the_same_one(deregistered, adviser_api, leader, move, statement,
                                                                 agree_review, deliberate):
    matter = lawsuit(adviser_api, leader, deregistered, received=60)
    received = TODAY - datetime.timedelta(days=40)
    ok(adviser_api.post(f"/api/litigation/{matter['id']}/outcome/", {
        "outcome": "revoked", "outcome_form": "judgment", "outcome_on": ago(41), "received_on": ago(40),
        "document_number": matter["external_number"], "summary": "判决撤销，责令重新作出", "orders_new_decision": True,
        "redecision_due_on": (TODAY + datetime.timedelta(days=30)).isoformat()}, format="json"))
    matters_apply_effective(today=TODAY)
    case = Case.objects.get(pk=deregistered)
    effective = APPEAL_JUDGMENT.due(received).due + datetime.timedelta(days=1)
    assert case.reopened_on == effective and case.state == "investigating"
    # The period the judgment set for the new decision is its time limit.
    assert case.deadlines.get(kind="decision").due_date == TODAY + datetime.timedelta(days=30)
    global REOPENED
    saved, REOPENED = REOPENED, (TODAY - effective).days
    try:
        decide_again_up_to_the_decision(deregistered, move, statement, agree_review, deliberate)
    finally:
        REOPENED = saved
    before = snapshot(deregistered)
    forbidden(move(deregistered, "decide", "leader", date=ago(1), **REVOKE), "行政诉讼法第七十一条",
              case_id=deregistered, before=before)


def test_the_new_decision_needs_a_new_legal_review(deregistered, adviser_api, leader, move, statement, deliberate,
                                                   inquiry):
    """The review agreed to the revoked decision; the new one, on new facts, is reviewed again (Art. 58)."""
    reconsideration_revokes(adviser_api, leader, deregistered)
    inquiry(deregistered, REOPENED - 1)
    ok(move(deregistered, "close_investigation", date=ago(REOPENED - 1), proposed_outcome="penalty",
            proposed_penalties=["deregistration"], proposed_content="拟撤销登记"))
    ok(move(deregistered, "notify", date=ago(REOPENED - 2), notice_received_on=ago(REOPENED - 2)))
    ok(statement(deregistered, "not_made", 4))
    ok(deliberate(deregistered, 2))
    before = snapshot(deregistered)
    forbidden(move(deregistered, "decide", "leader", date=ago(1), outcome="penalty", penalties=["deregistration"],
                   content="撤销登记", serious_finding=REVOKE["serious_finding"]), "第五十八条",
              case_id=deregistered, before=before)


@pytest.mark.parametrize("outcome, order, field", [
    ("upheld", {"orders_new_decision": True}, "orders_new_decision"),
    ("changed", {"orders_new_decision": True}, "orders_new_decision"),
    ("revoked", {"procedural_breach_only": True}, "procedural_breach_only"),
    ("revoked", {"redecision_due_on": ago(0)}, "redecision_due_on"),
    ("revoked", {"orders_new_decision": True, "redecision_due_on": ago(REOPENED)}, "redecision_due_on"),
])
def test_an_order_to_decide_again_goes_with_a_revocation(deregistered, adviser_api, leader, outcome, order, field):
    matter = lawsuit(adviser_api, leader, deregistered, kind="reconsideration", number="潜政复〔2026〕8号",
                     received=30, body="潜江市人民政府")
    before = Matter.objects.filter(pk=matter["id"]).values().get()
    refused = adviser_api.post(f"/api/litigation/{matter['id']}/outcome/", {
        "outcome": outcome, "outcome_form": "reconsideration_decision", "outcome_on": ago(REOPENED),
        "document_number": "潜政复〔2026〕8号", "summary": "决定", **order}, format="json")
    assert refused.status_code == 400 and field in refused.json()["fields"], refused.json()
    assert Matter.objects.filter(pk=matter["id"]).values().get() == before
    assert Case.objects.get(pk=deregistered).state == "served"
