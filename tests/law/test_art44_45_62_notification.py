"""《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十二条

第四十四条 行政机关在作出行政处罚决定之前，应当告知当事人拟作出的行政处罚内容及事实、理由、依据，并告知当事人依法享有的
陈述、申辩、要求听证等权利。

第四十五条 当事人有权进行陈述和申辩。行政机关必须充分听取当事人的意见，对当事人提出的事实、理由和证据，应当进行复核；
当事人提出的事实、理由或者证据成立的，行政机关应当采纳。
行政机关不得因当事人陈述、申辩而给予更重的处罚。

第六十二条 行政机关及其执法人员在作出行政处罚决定之前，未依照本法第四十四条、第四十五条的规定向当事人告知拟作出的行政处罚
内容及事实、理由、依据，或者拒绝听取当事人的陈述、申辩，不得作出行政处罚决定；当事人明确放弃陈述或者申辩权利的除外。

Notification is never skipped; the party may waive only its statement and defence, only once notified, and
that does not waive the hearing. The decision waits until the statement period stated in the notice and the
5-working-day hearing window, both counted from the notice's receipt, have run out (DOMAIN.md §3.7).
"""

from tests.law.scenario import ago, forbidden, ok, snapshot

WARN = {"outcome": "penalty", "penalties": ["warning"], "content": "给予警告"}


def test_no_penalty_decision_without_notification(case_at, move):
    cid = case_at("investigation_closed")
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **WARN), "第四十四条", "第六十二条", case_id=cid, before=before)


def test_notification_cannot_be_waived_and_nothing_can_be_waived_before_it(case_at, statement, move):
    cid = case_at("investigation_closed")
    before = snapshot(cid)
    forbidden(statement(cid, "waived", 0), "第六十二条", case_id=cid, before=before)
    forbidden(statement(cid, "waived", 0, notice_waived=True), "第六十二条", case_id=cid, before=before)
    forbidden(statement(cid, "waived", 0, hearing_declined=True), "第六十二条", case_id=cid, before=before)
    forbidden(move(cid, "decide", "leader", **WARN), "第六十二条", case_id=cid, before=before)


def test_no_decision_on_the_day_the_notice_is_issued(case_at, statement, move):
    cid = case_at("notified", start=6)  # notified and received today
    ok(statement(cid, "heard", 0))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **WARN), "第四十五条", case_id=cid, before=before)


def test_a_missing_receipt_date_blocks_the_decision(case_at, statement, move):
    cid = case_at("notified", start=40, received=False)  # posted 34 days ago, receipt not recorded
    ok(statement(cid, "heard", 20))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **WARN), "第四十四条", case_id=cid, before=before)


def test_the_statement_period_runs_from_receipt_not_from_issue(case_at, statement, move):
    cid = case_at("notified", start=40, received=False)  # issued 34 days ago by post
    ok(move(cid, "record_notice_receipt", date=ago(1)))  # the post receipt: received yesterday
    ok(statement(cid, "heard", 0))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **WARN), "第四十五条", case_id=cid, before=before)


def test_a_receipt_cannot_predate_the_notice(case_at, move):
    cid = case_at("notified", start=40, received=False)
    before = snapshot(cid)
    refused = move(cid, "record_notice_receipt", date=ago(40))
    assert refused.status_code == 400 and snapshot(cid) == before


def test_no_statement_made_cannot_be_recorded_while_the_period_runs(case_at, statement, move):
    cid = case_at("notified", start=8)  # received 2 days ago
    before = snapshot(cid)
    forbidden(statement(cid, "not_made", 0), "第四十五条", case_id=cid, before=before)


def test_a_waived_statement_does_not_waive_the_hearing(case_at, statement, move):
    confiscate = {"outcome": "penalty", "penalties": ["confiscation"], "content": "没收违法所得"}
    cid = case_at("notified", penalties=["confiscation"], start=8)  # a hearing right; received 2 days ago
    ok(statement(cid, "waived", 1))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **confiscate), "第六十四条", case_id=cid, before=before)
    # Only a written waiver of the statement AND a written declining of the hearing lets the decision go ahead.
    ok(statement(cid, "waived", 0, hearing_declined=True))
    assert ok(move(cid, "decide", "leader", **confiscate))["state"] == "decided"


def test_decided_penalties_must_be_among_those_notified_kind_by_kind(case_at, statement, move):
    cid = case_at("notified", penalties=["confiscation"], start=60)
    ok(statement(cid, "not_made", 30))
    before = snapshot(cid)
    # A warning is lighter than the notified confiscation, but it was not notified: a new penalty.
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["confiscation", "warning"], content="没收并警告"),
              "第四十四条", case_id=cid, before=before)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["deregistration"], content="撤销登记"),
              "第四十四条", case_id=cid, before=before)


def test_a_fine_added_to_a_notified_revocation_is_a_new_penalty(case_at, statement, move):
    cid = case_at("notified", penalties=["deregistration"], start=60)
    ok(statement(cid, "not_made", 30))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["deregistration", "fine"], fine="1000",
                   content="撤销登记并罚款"), "第四十四条", case_id=cid, before=before)


def test_the_fine_may_not_exceed_the_notified_amount(case_at, statement, move):
    cid = case_at("notified", penalties=["warning", "fine"], fine=5000, start=60)
    ok(statement(cid, "heard", 30))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["warning", "fine"], fine="5000.01",
                   content="警告并罚款"), "第四十五条", case_id=cid, before=before)
    # Lighter is lawful: fewer kinds, a smaller fine.
    decided = ok(move(cid, "decide", "leader", outcome="penalty", penalties=["fine"], fine="3000", content="罚款3000元"))
    assert decided["state"] == "decided"


def test_notifying_again_restarts_the_windows(case_at, statement, move):
    cid = case_at("notified", penalties=["warning"], start=60)
    ok(statement(cid, "not_made", 30))
    # The bureau now means to add a fine: it must notify again, and the party gets its windows again.
    renotified = ok(move(cid, "notify", penalties=["warning", "fine"], fine="3000", notice_received_on=ago(0)))
    assert renotified["state"] == "notified" and renotified["statement_status"] == "pending"
    assert renotified["notified_penalties"] == ["warning", "fine"]
    ok(statement(cid, "heard", 0))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["warning", "fine"], fine="3000",
                   content="警告并罚款"), "第四十五条", case_id=cid, before=before)


def test_after_the_windows_the_decision_is_made(case_at, statement, move):
    cid = case_at("notified", start=40)
    ok(statement(cid, "not_made", 20))
    assert ok(move(cid, "decide", "leader", **WARN))["state"] == "decided"
