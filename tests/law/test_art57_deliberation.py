"""《中华人民共和国行政处罚法》第五十七条第二款

对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。

Collective deliberation is a gate before the decision of every major case (撤销登记, 限期停止活动, large
fines, decisions after a hearing) and of any case a leader marks complex; the minutes record the date, the
leaders present, each one's opinion and the conclusion (DOMAIN.md §3.6).
"""

import pytest

from tests.law.scenario import LEADERS, ago, forbidden, ok, snapshot


@pytest.mark.parametrize("penalties, fine", [(["deregistration"], None), (["stop_activities"], None),
                                             (["fine"], 10000)])
def test_a_serious_penalty_is_not_decided_without_collective_deliberation(case_at, agree_review, statement, move,
                                                                          penalties, fine):
    cid = case_at("notified", penalties=penalties, fine=fine, start=60)
    ok(statement(cid, "not_made", 40))
    agree_review(cid, submitted=30, agreed=28)
    before = snapshot(cid)
    decided = {"outcome": "penalty", "penalties": penalties, "content": "拟处罚",
               **({"fine": str(fine)} if fine else {})}
    forbidden(move(cid, "decide", "leader", **decided), "第五十七条", case_id=cid, before=before)


def test_the_minutes_name_each_leader_and_opinion_and_the_conclusion(case_at, statement, move):
    cid = case_at("notified", penalties=["deregistration"], start=60)
    before = snapshot(cid)
    bare = move(cid, "deliberate", "leader", date=ago(20), minutes="局务会讨论。")
    assert bare.status_code == 400 and {"attendees", "conclusion"} <= set(bare.json()["fields"])
    silent = move(cid, "deliberate", "leader", date=ago(20), minutes="局务会讨论。", conclusion="同意",
                  attendees=[{"name": "刘局长", "opinion": ""}, {"name": "王副局长", "opinion": "同意"}])
    assert silent.status_code == 400 and "attendees" in silent.json()["fields"]
    alone = move(cid, "deliberate", "leader", date=ago(20), minutes="局务会讨论。", conclusion="同意",
                 attendees=LEADERS[:1])
    assert alone.status_code == 400 and "attendees" in alone.json()["fields"]
    assert snapshot(cid) == before
    recorded = ok(move(cid, "deliberate", "leader", date=ago(20), minutes="局务会讨论。", conclusion="同意撤销登记",
                       attendees=LEADERS))
    assert recorded["deliberation_opinions"] == LEADERS and recorded["deliberation_conclusion"] == "同意撤销登记"


def test_the_decision_is_not_dated_before_the_deliberation(case_at, agree_review, statement, move, deliberate):
    cid = case_at("notified", penalties=["deregistration"], start=60)
    ok(statement(cid, "not_made", 40))
    agree_review(cid, submitted=30, agreed=28)
    ok(deliberate(cid, 5))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", date=ago(10), outcome="penalty", penalties=["deregistration"],
                   content="撤销登记"), "第五十七条", case_id=cid, before=before)


def test_a_case_a_leader_marks_complex_is_decided_collectively(case_at, apis, agree_review, statement, move):
    cid = case_at("notified", penalties=["warning"], start=60)
    ok(statement(cid, "not_made", 40))
    refused = apis["officer"].post(f"/api/cases/{cid}/flag-major/", {"reason": "涉及多个法律关系", "complex": True},
                                   format="json")
    assert refused.status_code == 403  # the leader judges complexity
    marked = ok(apis["leader"].post(f"/api/cases/{cid}/flag-major/", {"reason": "案情复杂，涉及多个法律关系",
                                                                     "complex": True}, format="json"))
    assert marked["is_complex"] is True and marked["is_major"] is True
    agree_review(cid, submitted=30, agreed=28)
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["warning"], content="警告"), "第五十七条",
              case_id=cid, before=before)
