"""《中华人民共和国行政处罚法》第三十六条

违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。
法律另有规定的除外。

前款规定的期限，从违法行为发生之日起计算；违法行为有连续或者继续状态的，从行为终了之日起计算。

The period is tested on the day the act was discovered (the lead's received_on), not on the filing date; an
act still going on has no running period; nothing overrides a time-barred act into a penalty, and the
decision checks it again (DOMAIN.md §3.2).
"""

from tests.law.scenario import ago, forbidden, ok, snapshot


def test_an_act_not_discovered_within_two_years_cannot_be_filed_even_with_a_reason(apis, move, lead_payload):
    lead = ok(apis["officer"].post("/api/cases/", {**lead_payload, "act_date": "2019-01-01", "received_on": ago(10)},
                                   format="json"), 201)
    before = snapshot(lead["id"])
    forbidden(move(lead["id"], "file", "leader", date=ago(5)), "第三十六条", case_id=lead["id"], before=before)
    # The old free-text override is gone: no reason turns a time-barred act into a penalty case.
    forbidden(move(lead["id"], "file", "leader", date=ago(5), limitation_override_reason="经集体研究仍予立案"),
              "第三十六条", case_id=lead["id"], before=before)
    # What remains lawful: 不予立案.
    assert ok(move(lead["id"], "drop", "leader", reason="已过追责时效，不予立案"))["state"] == "dropped"


def test_the_period_is_tested_on_the_discovery_date_not_the_filing_date(apis, move, lead_payload):
    # Discovered 700 days after the act (inside two years), filed 795 days after it: the act was discovered
    # in time, so the case may be filed and pursued.
    lead = ok(apis["officer"].post("/api/cases/", {**lead_payload, "received_on": ago(100), "act_date": ago(800)},
                                   format="json"), 201)
    assert ok(move(lead["id"], "file", "leader", date=ago(5)))["state"] == "filed"


def test_an_act_discovered_a_day_too_late_is_barred(apis, move, lead_payload):
    import datetime

    act = datetime.date.today() - datetime.timedelta(days=1200)
    discovered = act.replace(year=act.year + 2) + datetime.timedelta(days=1)
    lead = ok(apis["officer"].post("/api/cases/", {**lead_payload, "act_date": act.isoformat(),
                                                   "received_on": discovered.isoformat()}, format="json"), 201)
    before = snapshot(lead["id"])
    forbidden(move(lead["id"], "file", "leader", date=ago(5)), "第三十六条", case_id=lead["id"], before=before)


def test_a_continuing_act_still_going_on_has_no_running_period(apis, move, lead_payload):
    # Years without annual inspection, still going on: the typical case, and not time-barred.
    lead = ok(apis["officer"].post("/api/cases/", {**lead_payload, "act_date": "2019-01-01", "act_continuing": True,
                                                   "received_on": ago(10)}, format="json"), 201)
    assert ok(move(lead["id"], "file", "leader", date=ago(5)))["state"] == "filed"


def test_a_continuing_act_counts_from_its_end(apis, move, lead_payload):
    lead = ok(apis["officer"].post("/api/cases/", {**lead_payload, "act_date": "2018-01-01", "act_continuing": True,
                                                   "act_ended_on": "2020-06-30", "received_on": ago(10)},
                                   format="json"), 201)
    before = snapshot(lead["id"])
    forbidden(move(lead["id"], "file", "leader", date=ago(5)), "第三十六条", case_id=lead["id"], before=before)


def test_five_years_only_where_life_health_or_finance_is_at_stake(apis, move, lead_payload):
    import datetime

    act = (datetime.date.today() - datetime.timedelta(days=3 * 365)).isoformat()
    plain = ok(apis["officer"].post("/api/cases/", {**lead_payload, "act_date": act, "received_on": ago(10)},
                                    format="json"), 201)
    forbidden(move(plain["id"], "file", "leader", date=ago(5)), "第三十六条")
    safety = ok(apis["officer"].post("/api/cases/", {**lead_payload, "act_date": act, "received_on": ago(10),
                                                     "involves_safety": True}, format="json"), 201)
    assert ok(move(safety["id"], "file", "leader", date=ago(5)))["state"] == "filed"


def test_the_decision_checks_the_limitation_period_again(apis, case_at, move):
    cid = case_at("investigation_closed", penalties=["warning"])
    # The record is corrected during the investigation: the act in fact ended long before it was discovered.
    ok(apis["officer"].patch(f"/api/cases/{cid}/", {"act_date": "2019-01-01"}, format="json"))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["warning"], content="警告"),
              "第三十六条", case_id=cid, before=before)
    # 不予处罚 remains open.
    assert ok(move(cid, "decide", "leader", outcome="no_penalty", content="超过追责时效，不予处罚"))["state"] == "decided"
