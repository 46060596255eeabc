"""《中华人民共和国行政处罚法》第五十八条

有下列情形之一，在行政机关负责人作出行政处罚的决定之前，应当由从事行政处罚决定法制审核的人员进行法制审核；未经法制审核或者
审核未通过的，不得作出决定：
（一）涉及重大公共利益的；
（二）直接关系当事人或者第三人重大权益，经过听证程序的；
（三）案件情况疑难复杂、涉及多个法律关系的；
（四）法律、法规规定应当进行法制审核的其他情形。

Whether a case is major is judged again against the penalties notified and decided, not only those proposed;
an agreed review vouches for exactly what is decided; a review that has not passed is never overridden, by
collective deliberation or anyone (DOMAIN.md §3.5, §5).
"""

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
