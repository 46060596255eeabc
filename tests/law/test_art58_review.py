"""《中华人民共和国行政处罚法》第五十八条

有下列情形之一，在行政机关负责人作出行政处罚的决定之前，应当由从事行政处罚决定法制审核的人员进行法制审核；未经法制审核或者
审核未通过的，不得作出决定：
（一）涉及重大公共利益的；
（二）直接关系当事人或者第三人重大权益，经过听证程序的；
（三）案件情况疑难复杂、涉及多个法律关系的；
（四）法律、法规规定应当进行法制审核的其他情形。
行政机关中初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格。

Whether a case is major is judged again against the penalties notified and decided, not only those proposed;
an agreed review vouches for exactly what is decided; a review that has not passed is never overridden, by
collective deliberation or anyone (DOMAIN.md §3.5, §5).
"""

import datetime

import pytest
from django.db import IntegrityError, transaction

from zhifa.accounts.choices import Role
from zhifa.accounts.models import User

from tests.law.scenario import PASS, ago, forbidden, ok, snapshot

REVOKE = {"outcome": "penalty", "penalties": ["deregistration"], "content": "撤销登记",
          "serious_finding": "连续两年不参加年检，经催告仍不参加，属情节严重"}


def test_a_case_proposed_as_a_warning_cannot_be_notified_and_decided_as_a_revocation_unreviewed(
        case_at, statement, move, deliberate):
    cid = case_at("notified", penalties=["warning"], start=60, notify={"penalties": ["deregistration"]})
    ok(statement(cid, "not_made", 30))
    ok(deliberate(cid, 20))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **REVOKE), "第五十八条", case_id=cid, before=before)


def test_notifying_a_major_penalty_flags_the_case_major(case_at, apis):
    cid = case_at("notified", penalties=["warning"], start=60, notify={"penalties": ["deregistration"]})
    case = apis["officer"].get(f"/api/cases/{cid}/").json()
    assert case["is_major"] is True and "撤销登记" in case["major_reason"]


def test_changing_the_proposal_flags_the_case_major_again(case_at, apis):
    cid = case_at("investigation_closed", penalties=["warning"])
    changed = ok(apis["officer"].patch(f"/api/cases/{cid}/", {"proposed_penalties": ["deregistration"]}, format="json"))
    assert changed["is_major"] is True


def test_changing_the_proposal_after_the_review_voids_it(case_at, apis, agree_review, statement, move, deliberate):
    cid = case_at("investigation_closed", penalties=["deregistration"], start=60)
    agree_review(cid, submitted=50, agreed=48)
    # During the review state the record is still editable: the proposal grows a fine after the agreement.
    ok(apis["officer"].patch(f"/api/cases/{cid}/", {"proposed_penalties": ["deregistration", "fine"],
                                                     "proposed_fine": "20000"}, format="json"))
    ok(move(cid, "notify", date=ago(45), notice_received_on=ago(45)))
    ok(statement(cid, "not_made", 30))
    ok(deliberate(cid, 20))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["deregistration"], content="撤销登记"),
              "第五十八条", case_id=cid, before=before)


def test_notifying_other_penalties_than_reviewed_voids_the_review(case_at, agree_review, statement, move, deliberate):
    cid = case_at("investigation_closed", penalties=["stop_activities"], start=60)
    agree_review(cid, submitted=50, agreed=48)
    ok(move(cid, "notify", date=ago(45), notice_received_on=ago(45), penalties=["deregistration"]))
    ok(statement(cid, "not_made", 30))
    ok(deliberate(cid, 20))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **REVOKE), "第五十八条", case_id=cid, before=before)


def test_the_decision_is_not_dated_before_the_review_concluded(case_at, agree_review, statement, move, deliberate):
    cid = case_at("notified", penalties=["deregistration"], start=60)
    ok(statement(cid, "not_made", 40))
    agree_review(cid, submitted=30, agreed=2)
    ok(deliberate(cid, 20))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", date=ago(10), **REVOKE), "第五十八条", case_id=cid, before=before)
    assert ok(move(cid, "decide", "leader", date=ago(1), **REVOKE))["state"] == "decided"


def test_a_failed_review_is_never_overruled_by_deliberation(case_at, apis, client_for, reviewer, move, statement,
                                                            deliberate):
    cid = case_at("notified", penalties=["deregistration"], start=60)
    ok(statement(cid, "not_made", 40))
    ok(move(cid, "submit_review", date=ago(30)))
    review = apis["officer"].get(f"/api/reviews/?case={cid}").json()["results"][0]
    ok(apis["leader"].post(f"/api/reviews/{review['id']}/assign/", {"reviewer": reviewer.pk}, format="json"))
    problem = [*PASS[:5], {"item": 6, "verdict": "problem", "note": "裁量过重"}, *PASS[6:]]
    ok(client_for(reviewer).post(f"/api/reviews/{review['id']}/outcome/", {
        "package": 1, "outcome": "correct", "verdicts": problem, "opinion": "建议从轻", "date": ago(25),
        "correction_categories": ["improper_discretion"], "corrections": "改为限期停止活动"}, format="json"))
    ok(apis["officer"].post(f"/api/reviews/{review['id']}/dispute/", {"reason": "情节严重"}, format="json"))
    before = snapshot(cid)
    forbidden(apis["leader"].post(f"/api/reviews/{review['id']}/resolve-dispute/", {
        "result": "overrule_correction", "minutes": "局务会讨论，不采纳审核意见"}, format="json"),
        "第五十八条", case_id=cid, before=before)
    ok(deliberate(cid, 20, conclusion="维持撤销登记"))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **REVOKE), "第五十八条", case_id=cid, before=before)
    assert apis["officer"].get(f"/api/reviews/{review['id']}/").json()["state"] == "disputed"


# 复核 (DOMAIN.md §5): "the handling unit may ask once for a re-review (复核) with its reasons. A review that has
# not passed can't be overridden": the re-review is a second look by another qualified reviewer, asked within
# LEGAL_REREVIEW_REQUEST_WORKING_DAYS of the opinion; only its agreement lets the case be decided.

CORRECT = {"outcome": "correct", "opinion": "建议从轻", "correction_categories": ["improper_discretion"],
           "corrections": "改为限期停止活动",
           "verdicts": [*PASS[:5], {"item": 6, "verdict": "problem", "note": "裁量过重"}, *PASS[6:]]}


def _failed_review(case_at, apis, client_for, reviewer, move, statement, corrected=25):
    cid = case_at("notified", penalties=["deregistration"], start=60)
    ok(statement(cid, "not_made", 40))
    ok(move(cid, "submit_review", date=ago(30), discretion="依裁量基准，情节严重"))
    review = apis["officer"].get(f"/api/reviews/?case={cid}").json()["results"][0]
    ok(apis["leader"].post(f"/api/reviews/{review['id']}/assign/", {"reviewer": reviewer.pk}, format="json"))
    ok(client_for(reviewer).post(f"/api/reviews/{review['id']}/outcome/",
                                 {"package": 1, "date": ago(corrected), **CORRECT}, format="json"))
    return cid, review["id"]


def _review_state(review_id):
    from zhifa.reviews.models import Review

    review = Review.objects.get(pk=review_id)
    return {"state": review.state, "version": review.version,
            "packages": list(review.packages.values_list("number", "outcome", "rereview"))}


def test_one_rereview_by_another_reviewer_and_the_failed_opinion_stays_failed(
        case_at, apis, client_for, reviewer, make_user, move, statement, deliberate):
    cid, rid = _failed_review(case_at, apis, client_for, reviewer, move, statement)
    asked = ok(apis["officer"].post(f"/api/reviews/{rid}/rereview/", {"reason": "连续两年未年检，情节严重，裁量适当",
                                                                      "date": ago(24)}, format="json"))
    assert asked["state"] == "rereview_requested" and asked["rereview_requested_on"] == ago(24)
    assert asked["reviewer"] is None and asked["current_package"] == 2 and asked["packages"][1]["rereview"] is True
    # While the re-review is pending, nothing may be decided.
    ok(deliberate(cid, 20))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **REVOKE), "第五十八条", case_id=cid, before=before)
    # The reviewer whose opinion is re-examined does not re-review it.
    state = _review_state(rid)
    refused = apis["leader"].post(f"/api/reviews/{rid}/assign/", {"reviewer": reviewer.pk}, format="json")
    assert refused.status_code == 403 and "复核" in refused.json()["detail"]
    assert _review_state(rid) == state
    second = make_user(Role.LEGAL_REVIEWER, full_name="林复核", legal_qualification=True)
    ok(apis["leader"].post(f"/api/reviews/{rid}/assign/", {"reviewer": second.pk}, format="json"))
    agreed = ok(client_for(second).post(f"/api/reviews/{rid}/outcome/", {
        "package": 2, "outcome": "agree", "verdicts": PASS, "opinion": "经复核，同意。", "date": ago(22)}, format="json"))
    # The failed opinion is kept as it was given; the agreement is the re-review's own.
    assert [(p["number"], p["outcome"], p["rereview"]) for p in agreed["packages"]] == [
        (1, "correct", False), (2, "agree", True)]
    assert ok(move(cid, "decide", "leader", **REVOKE))["state"] == "decided"


def test_a_second_rereview_is_refused(case_at, apis, client_for, reviewer, make_user, move, statement):
    cid, rid = _failed_review(case_at, apis, client_for, reviewer, move, statement)
    ok(apis["officer"].post(f"/api/reviews/{rid}/rereview/", {"reason": "裁量适当", "date": ago(24)}, format="json"))
    second = make_user(Role.LEGAL_REVIEWER, full_name="林复核", legal_qualification=True)
    ok(apis["leader"].post(f"/api/reviews/{rid}/assign/", {"reviewer": second.pk}, format="json"))
    ok(client_for(second).post(f"/api/reviews/{rid}/outcome/", {"package": 2, "date": ago(22), **CORRECT},
                               format="json"))
    before, state = snapshot(cid), _review_state(rid)
    body = forbidden(apis["officer"].post(f"/api/reviews/{rid}/rereview/", {"reason": "再次申请"}, format="json"),
                     "第五十八条", "复核以一次为限", case_id=cid, before=before)
    assert body["code"] == "rereview_once" and _review_state(rid) == state
    assert state["state"] == "correction_requested"


def test_a_rereview_is_asked_within_the_period_after_the_opinion(case_at, apis, client_for, reviewer, move, statement):
    cid, rid = _failed_review(case_at, apis, client_for, reviewer, move, statement, corrected=25)
    before, state = snapshot(cid), _review_state(rid)
    forbidden(apis["officer"].post(f"/api/reviews/{rid}/rereview/", {"reason": "裁量适当", "date": ago(10)},
                                   format="json"), "第五十八条", case_id=cid, before=before)
    assert _review_state(rid) == state


def test_only_the_handling_officers_ask_with_reasons_and_only_for_a_failed_review(
        case_at, apis, client_for, reviewer, move, statement, agree_review):
    cid, rid = _failed_review(case_at, apis, client_for, reviewer, move, statement)
    state = _review_state(rid)
    assert apis["leader"].post(f"/api/reviews/{rid}/rereview/", {"reason": "理由", "date": ago(24)},
                               format="json").status_code == 403
    missing = apis["officer"].post(f"/api/reviews/{rid}/rereview/", {"reason": " ", "date": ago(24)}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["fields"]
    assert _review_state(rid) == state
    # An agreed review has nothing to re-review.
    other = case_at("investigation_closed", penalties=["deregistration"], start=60)
    agreed = agree_review(other, submitted=50, agreed=48)
    forbidden(apis["officer"].post(f"/api/reviews/{agreed['id']}/rereview/", {"reason": "理由"}, format="json"),
              "第五十八条")


# Art. 58 ¶2 (in force 2021-07-15): the reviewer's qualification is a record, not a tick: 法律职业资格 with its
# certificate number and date, or the status of one already reviewing before 2021-07-15 (DOMAIN.md §5).

def _submitted(case_at, move, apis):
    cid = case_at("investigation_closed", penalties=["deregistration"], start=60)
    ok(move(cid, "submit_review", date=ago(50)))
    return apis["officer"].get(f"/api/reviews/?case={cid}").json()["results"][0]["id"]


def test_a_reviewer_without_a_recorded_qualification_is_not_assigned(case_at, move, apis, make_user):
    rid = _submitted(case_at, move, apis)
    unqualified = make_user(Role.LEGAL_REVIEWER, full_name="未取证")
    refused = apis["leader"].post(f"/api/reviews/{rid}/assign/", {"reviewer": unqualified.pk}, format="json")
    assert refused.status_code == 403 and "第五十八条第二款" in refused.json()["detail"]
    assert apis["officer"].get(f"/api/reviews/{rid}/").json()["reviewer"] is None


def test_a_reviewer_reviewing_before_2021_is_assigned_without_a_certificate(case_at, move, apis, make_user):
    rid = _submitted(case_at, move, apis)
    veteran = make_user(Role.LEGAL_REVIEWER, full_name="老审核", legal_qualification_kind="reviewing_before_2021",
                        legal_qualification_date=datetime.date(2016, 5, 1))
    assigned = ok(apis["leader"].post(f"/api/reviews/{rid}/assign/", {"reviewer": veteran.pk}, format="json"))
    assert assigned["reviewer"] == veteran.pk


def test_the_qualification_is_recorded_with_its_certificate(admin_api, unit):
    base = {"password": "Zf-very-long-pw-1", "full_name": "新审核", "role": "legal_reviewer", "unit": unit.pk}
    # A certificate without its number or date, or a pre-2021 status dated after it, is not a record.
    no_number = admin_api.post("/api/users/", {**base, "username": "r1", "legal_qualification_kind":
                                                      "legal_profession", "legal_qualification_date": "2020-02-01"})
    assert no_number.status_code == 400 and "legal_certificate_number" in no_number.json()["fields"]
    late = admin_api.post("/api/users/", {**base, "username": "r2", "legal_qualification_kind":
                                                 "reviewing_before_2021", "legal_qualification_date": "2022-01-04"})
    assert late.status_code == 400 and "legal_qualification_date" in late.json()["fields"]
    # The boolean the contract names is derived, never written.
    ticked = ok(admin_api.post("/api/users/", {**base, "username": "r3", "legal_qualification": True}), 201)
    assert ticked["legal_qualification"] is False
    recorded = ok(admin_api.post("/api/users/", {
        **base, "username": "r4", "legal_qualification_kind": "legal_profession",
        "legal_certificate_number": "A20204290050888", "legal_qualification_date": "2021-02-26"}), 201)
    assert recorded["legal_qualification"] is True and recorded["legal_certificate_number"] == "A20204290050888"
    assert User.objects.filter(pk=ticked["id"], legal_qualification_kind="").exists()


def test_the_database_refuses_a_qualification_without_its_certificate(make_user):
    person = make_user(Role.LEGAL_REVIEWER)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=person.pk).update(legal_qualification_kind="legal_profession")
