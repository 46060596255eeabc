"""Paths to an unlawful record that the gates once let through, found against the legal invariants
(cases/invariants.py): a step dated between two others, or a change made after the step it undermines.
A path the stateful fuzzer (test_invariants_stateful.py) finds is shrunk and kept here too.

Each test takes the path through the API: the step that completed the unlawful record is now refused with
its article, nothing changes, and the lawful way on still works; the audit finds nothing on the result.
"""

import pytest

from zhifa.accounts.choices import Role
from zhifa.cases.legal_audit import legal_audit

from tests.law.scenario import ago, forbidden, ok, snapshot

WARN = {"outcome": "penalty", "penalties": ["warning"], "content": "给予警告"}


@pytest.fixture
def third(make_user):
    return make_user(Role.OFFICER, full_name="赵执法")


def test_the_decision_is_not_dated_before_the_statement_it_rests_on(case_at, statement, move):
    """Art. 45, 62: the party's statement is heard and re-checked before the decision. A statement recorded
    as heard two days ago cannot carry a decision backdated to three weeks ago, although the windows had run
    out by then (notify, the statement heard later, the decision dated between the two)."""
    cid = case_at("notified", start=40)  # notified and received 34 days ago
    ok(statement(cid, "heard", 2))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", date=ago(20), **WARN), "第四十五条", "第六十二条", case_id=cid, before=before)
    assert ok(move(cid, "decide", "leader", date=ago(2), **WARN))["state"] == "decided"
    assert legal_audit().violations == []


def test_a_waiver_does_not_carry_a_decision_dated_before_it(case_at, statement, move):
    cid = case_at("notified", penalties=["confiscation"], start=40)
    ok(statement(cid, "waived", 1, hearing_declined=True))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", date=ago(20), outcome="penalty", penalties=["confiscation"],
                   content="没收违法所得"), "第四十五条", case_id=cid, before=before)


def test_the_hearing_presider_is_never_made_an_investigator_afterwards(case_at, move, apis, third):
    """Art. 43, 64(4): the presider is someone who never worked the case; assigning the presider to the case
    after the hearing would make the hearing one an investigator presided over."""
    cid = case_at("notified", penalties=["deregistration"], start=60)  # received 54 days ago
    ok(move(cid, "request_hearing", date=ago(53), hearing_date=ago(30), hearing_presider=third.pk))
    ok(move(cid, "record_hearing", date=ago(30), hearing_record="当事人承认未参加年检。"))
    ok(move(cid, "submit_review", date=ago(29), discretion="依裁量基准"))
    officers = apis["officer"].get(f"/api/cases/{cid}/").json()["officers"]
    ids = [o["id"] if isinstance(o, dict) else o for o in officers]
    before = snapshot(cid)
    forbidden(apis["leader"].patch(f"/api/cases/{cid}/", {"officers": [*ids, third.pk]}, format="json"),
              "第六十四条", case_id=cid, before=before)
    assert legal_audit().violations == []


def test_a_decision_backdated_before_a_recusal_decision(case_at, statement, move):
    """Found by the law fuzzer: an application made and decided, then the case decided with a date before
    both. The application is decided before the case is (Art. 43), so the decision is dated on or after it."""
    cid = case_at("notified", start=60)
    ok(statement(cid, "not_made", 40))
    ok(move(cid, "apply_recusal", date=ago(20), recusal_person=_an_officer(cid), reason="当事人认为执法人员态度不公"))
    ok(move(cid, "decide_recusal", "leader", date=ago(10), granted=False, reason="理由不能成立"))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", date=ago(30), **WARN), "第四十三条", case_id=cid, before=before)
    assert ok(move(cid, "decide", "leader", date=ago(10), **WARN))["state"] == "decided"
    assert legal_audit().violations == []


def _an_officer(cid):
    from zhifa.cases.models import CaseOfficer

    return CaseOfficer.objects.filter(case_id=cid).order_by("pk").first().officer_id


def test_a_withdrawal_is_not_dated_before_a_record_the_person_signed(case_at, move, apis, officers):
    """Found by the law fuzzer (500 guided paths): an officer signed a record, then the leader granted the
    party's application with a date before that record, so the file showed a withdrawn officer investigating."""
    cid = case_at("filed", start=30)
    ok(move(cid, "start_investigation", date=ago(27)))
    ok(apis["officer"].post(f"/api/cases/{cid}/documents/", {
        "kind": "inquiry_record", "officers": [o.pk for o in officers], "date": ago(10), "place": "询问室",
        "subject": "法定代表人", "record": "问答"}, format="json"), 201)
    ok(move(cid, "apply_recusal", date=ago(20), recusal_person=officers[1].pk, reason="当事人称其系会长的亲属"))
    before = snapshot(cid)
    forbidden(move(cid, "decide_recusal", "leader", date=ago(15), granted=True, reason="属实"), "第四十三条",
              case_id=cid, before=before)
    ok(move(cid, "decide_recusal", "leader", date=ago(9), granted=True, reason="属实"))
    assert legal_audit().violations == []
