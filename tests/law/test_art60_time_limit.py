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


def test_each_extension_is_a_numbered_approval_in_the_case_file(case_at, statement, move, apis):
    """延期审批: the approval names the days, the reason and the new last day; a further extension names the
    deliberation that approved it."""
    from zhifa.cases.deadlines import decision_time_limit
    from zhifa.cases.models import Case

    cid = case_at("notified", start=140)
    ok(statement(cid, "not_made", 100))
    first = ok(move(cid, "extend_time_limit", "leader", date=ago(60), days=30, reason="案情复杂"))
    ok(move(cid, "extend_time_limit", "leader", date=ago(20), days=30, reason="仍需鉴定", minutes="局务会讨论延期。",
            attendees=LEADERS, conclusion="同意再延长30日"))
    documents = [d for d in apis["officer"].get(f"/api/cases/{cid}/documents/").json()
                 if d["kind"] == "extension_approval"]
    assert len(documents) == 2 and all("延审" in d["number"] for d in documents)
    assert "案情复杂" in documents[0]["body"] and "延长30日" in documents[0]["body"]
    assert "同意再延长30日" in documents[1]["body"] and "刘局长" in documents[1]["body"]
    due = decision_time_limit(Case.objects.get(pk=cid)).due
    assert due.strftime("%Y-%m-%d") in documents[1]["body"]
    case = Case.objects.get(pk=cid)
    assert [e["document"] for e in case.time_limit_extensions] == [d["number"] for d in documents]
    assert first["state"] == "notified"


def test_a_limit_counted_on_a_provisional_calendar_warns_and_never_refuses(case_at, statement, move, monkeypatch):
    """Where the year's official calendar is not known (here: the package stops at last year and nobody
    entered this year's notice), the last day is a guess; the row says provisional, and neither the
    extension nor the decision is refused on that guess alone."""
    import datetime

    from zhifa.calendar import engine
    from zhifa.cases.models import Case

    cid = late_case(case_at, statement)
    monkeypatch.setattr(engine, "PACKAGE_LAST_YEAR", datetime.date.today().year - 1)
    engine.calendar_cache_invalidate()
    try:
        row = Case.objects.get(pk=cid).deadlines.get(kind="decision")
        ok(move(cid, "extend_time_limit", "leader", date=ago(10), days=30, reason="案情复杂，需补充调查"))
        row.refresh_from_db()
        assert row.provisional
    finally:
        monkeypatch.undo()
        engine.calendar_cache_invalidate()
