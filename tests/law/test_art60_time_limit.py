"""《中华人民共和国行政处罚法》第六十条

行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、规章另有规定的，从其规定。

By default the leader may extend the limit once, by up to 30 days, with a reason, before it runs out; any
further extension is decided collectively. Hearing, public notice, expert opinion and testing periods don't
count; they are recorded with their start and end (DOMAIN.md §3.9).
"""

from tests.law.scenario import LEADERS, ago, forbidden, ok, snapshot

WARN = {"outcome": "penalty", "penalties": ["warning"], "content": "给予警告"}


def late_case(case_at, statement):
    cid = case_at("notified", start=110)  # filed 108 days ago: the 90 days ended 18 days ago
    ok(statement(cid, "not_made", 60))
    return cid


def test_no_decision_after_ninety_days_without_an_extension(case_at, statement, move):
    cid = late_case(case_at, statement)
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **WARN), "第六十条", case_id=cid, before=before)


def test_an_extension_approved_in_time_allows_the_decision(case_at, statement, move):
    cid = late_case(case_at, statement)
    ok(move(cid, "extend_time_limit", "leader", date=ago(20), days=30, reason="案情复杂，需补充调查"))
    assert ok(move(cid, "decide", "leader", **WARN))["state"] == "decided"


def test_an_extension_is_not_approved_after_the_limit_ran_out(case_at, statement, move):
    cid = late_case(case_at, statement)
    before = snapshot(cid)
    forbidden(move(cid, "extend_time_limit", "leader", date=ago(10), days=30, reason="补批"), "第六十条",
              case_id=cid, before=before)


def test_only_a_leader_extends_and_at_most_thirty_days_at_a_time(case_at, statement, move):
    cid = late_case(case_at, statement)
    before = snapshot(cid)
    assert move(cid, "extend_time_limit", "officer", date=ago(20), reason="案情复杂").status_code == 403
    assert move(cid, "extend_time_limit", "leader", date=ago(20), days=31, reason="案情复杂").status_code == 400
    assert snapshot(cid) == before


def test_a_second_extension_needs_collective_deliberation(case_at, statement, move):
    cid = case_at("notified", start=140)  # filed 138 days ago
    ok(statement(cid, "not_made", 100))
    ok(move(cid, "extend_time_limit", "leader", date=ago(60), days=30, reason="案情复杂"))  # now ends 18 days ago
    before = snapshot(cid)
    forbidden(move(cid, "extend_time_limit", "leader", date=ago(20), days=30, reason="仍需鉴定"), "第六十条",
              case_id=cid, before=before)
    ok(move(cid, "extend_time_limit", "leader", date=ago(20), days=30, reason="仍需鉴定", minutes="局务会讨论延期。",
            attendees=LEADERS, conclusion="同意再延长30日"))
    assert ok(move(cid, "decide", "leader", **WARN))["state"] == "decided"


def test_a_suspended_period_does_not_count(case_at, statement, move):
    cid = late_case(case_at, statement)
    ok(move(cid, "record_suspension", suspension_kind="expert_opinion", suspension_start=ago(80),
            suspension_end=ago(61), reason="委托司法鉴定机构鉴定财务账册"))  # 20 days
    assert ok(move(cid, "decide", "leader", **WARN))["state"] == "decided"
