"""The penalty procedure through the API: allowed steps, legal gates, who may act, dates."""

import datetime

import pytest

from zhifa.accounts.choices import Role
from zhifa.cases.models import Case, TimelineEvent
from zhifa.registry.models import Organisation

TODAY = datetime.date.today()


def days_ago(n):
    return (TODAY - datetime.timedelta(days=n)).isoformat()


@pytest.fixture
def lead(apis, lead_payload):
    response = apis["officer"].post("/api/cases/", lead_payload, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def investigate(apis, move, case_id, officers):
    assert move(case_id, "file", "leader", date=days_ago(30)).status_code == 200
    assert move(case_id, "start_investigation", date=days_ago(29)).status_code == 200
    record = apis["officer"].post(f"/api/cases/{case_id}/documents/", {
        "kind": "inquiry_record", "officers": [o.pk for o in officers], "date": days_ago(28),
        "place": "潜江市民政局询问室", "subject": "王建华（法定代表人）", "record": "问：是否参加年检？答：没有。"},
        format="json")
    assert record.status_code == 201, record.json()


def test_lead_is_logged_with_its_officers_and_a_timeline(lead, officers):
    assert lead["state"] == "lead" and lead["number"] == ""
    assert [o["id"] for o in lead["officers"]] == [o.pk for o in officers]
    assert lead["allowed_actions"] == ["request_filing", "file", "drop", "transfer"]
    assert lead["reporter_name"] == "举报人甲"  # the officer handling it sees the reporter


def test_filing_numbers_the_case_and_starts_the_90_day_clock(lead, move, apis):
    response = move(lead["id"], "file", "leader", date=days_ago(30))
    assert response.status_code == 200, response.json()
    case = response.json()
    assert case["state"] == "filed" and case["number"] == f"潜民罚立〔{TODAY.year}〕1号" or TODAY.month == 1
    deadlines = apis["leader"].get(f"/api/cases/{lead['id']}/deadlines/").json()
    decision = next(d for d in deadlines if d["kind"] == "decision")
    assert decision["basis"].startswith("《行政处罚法》第六十条")
    assert decision["start_date"] == days_ago(30)
    documents = apis["leader"].get(f"/api/cases/{lead['id']}/documents/").json()
    assert [d["kind"] for d in documents] == ["filing_approval"]


def test_only_a_leader_may_file(lead, move):
    response = move(lead["id"], "file", "officer")
    assert response.status_code == 403
    assert "负责人" in response.json()["detail"]
    assert Case.objects.get(pk=lead["id"]).state == "lead"


def test_filing_needs_two_credentialed_officers(apis, lead_payload, move, make_user, officers):
    expired = make_user(Role.OFFICER, credential="expired", full_name="过期证")
    payload = {**lead_payload, "officers": [officers[0].pk]}
    lead = apis["officer"].post("/api/cases/", payload, format="json").json()
    response = move(lead["id"], "file", "leader")
    assert response.status_code == 409 and "至少2名" in response.json()["detail"]
    assert "Art. 42" in response.json()["detail_en"]
    # An expired credential counts as none.
    response = move(lead["id"], "file", "leader", officers=[officers[0].pk, expired.pk])
    assert response.status_code == 409 and "无有效执法证：过期证" in response.json()["detail"]
    assert Case.objects.get(pk=lead["id"]).state == "lead"


def test_limitation_period_has_no_override(apis, lead_payload, move):
    """Art. 36: a time-barred act ends as 不予立案; no free-text reason turns it into a penalty case."""
    old = {**lead_payload, "act_date": "2019-01-01", "received_on": days_ago(10)}
    lead = apis["officer"].post("/api/cases/", old, format="json").json()
    refused = move(lead["id"], "file", "leader")
    assert refused.status_code == 409 and "第三十六条" in refused.json()["detail"]
    again = move(lead["id"], "file", "leader", limitation_override_reason="经集体研究仍予立案")
    assert again.status_code == 409
    assert Case.objects.get(pk=lead["id"]).state == "lead"
    assert not TimelineEvent.objects.filter(case_id=lead["id"], kind="limitation_overridden").exists()


def test_jurisdiction_is_checked(apis, lead_payload, move, other_agency):
    from zhifa.core.validators import build_credit_code

    elsewhere = Organisation.objects.create(
        agency=other_agency, name="仙桃市某协会", type="social_group", credit_code=build_credit_code("51429004", "XT000001"),
        legal_representative="赵某", registration_date=datetime.date(2015, 1, 1))
    lead = apis["officer"].post("/api/cases/", {**lead_payload, "organisation": elsewhere.pk}, format="json")
    assert lead.status_code == 400 and "organisation" in lead.json()["fields"]


def test_illegal_jumps_get_409_in_both_languages(lead, move):
    response = move(lead["id"], "decide", "leader", outcome="penalty", penalties=["warning"], content="警告")
    assert response.status_code == 409
    body = response.json()
    assert "依法不能执行" in body["detail"] and "does not allow" in body["detail_en"]


def test_future_and_out_of_order_dates_are_refused(lead, move):
    assert move(lead["id"], "file", "leader", date=(TODAY + datetime.timedelta(days=1)).isoformat()).status_code == 400
    early = move(lead["id"], "file", "leader", date=days_ago(100))
    assert early.status_code == 400 and "不能早于" in early.json()["fields"]["date"][0]


def test_investigative_record_needs_two_officers(apis, lead, move, officers):
    move(lead["id"], "file", "leader", date=days_ago(30))
    move(lead["id"], "start_investigation", date=days_ago(29))
    response = apis["officer"].post(f"/api/cases/{lead['id']}/documents/", {
        "kind": "inspection_record", "officers": [officers[0].pk], "place": "协会办公室", "subject": "协会",
        "record": "现场检查"}, format="json")
    assert response.status_code == 409 and "至少2名" in response.json()["detail"]


def test_closing_needs_a_record_and_a_proposed_decision(apis, lead, move, officers):
    move(lead["id"], "file", "leader", date=days_ago(30))
    move(lead["id"], "start_investigation", date=days_ago(29))
    no_record = move(lead["id"], "close_investigation", proposed_outcome="penalty", proposed_penalties=["warning"],
                     proposed_content="警告")
    assert no_record.status_code == 409 and "询问笔录" in no_record.json()["detail"]
    apis["officer"].post(f"/api/cases/{lead['id']}/documents/", {
        "kind": "inquiry_record", "officers": [o.pk for o in officers], "place": "询问室", "subject": "王建华",
        "record": "问答"}, format="json")
    missing = move(lead["id"], "close_investigation", proposed_outcome="penalty")
    assert missing.status_code == 400 and set(missing.json()["fields"]) == {"proposed_penalties", "proposed_content"}


def test_decision_gates_notification_and_statement(apis, lead, move, officers):
    case_id = lead["id"]
    investigate(apis, move, case_id, officers)
    closed = move(case_id, "close_investigation", date=days_ago(20), proposed_outcome="penalty",
                  proposed_penalties=["warning"], proposed_content="给予警告")
    assert closed.status_code == 200, closed.json()
    decide = {"outcome": "penalty", "penalties": ["warning"], "content": "给予警告"}
    no_notice = move(case_id, "decide", "leader", **decide)
    assert no_notice.status_code == 409 and "事先告知" in no_notice.json()["detail"]
    assert move(case_id, "notify", date=days_ago(19), notice_received_on=days_ago(19)).status_code == 200
    no_statement = move(case_id, "decide", "leader", **decide)
    assert no_statement.status_code == 409 and "陈述、申辩" in no_statement.json()["detail"]
    apis["officer"].post(f"/api/cases/{case_id}/statement/", {"status": "heard", "summary": "当事人称不知需年检，经复核不成立。",
                                                              "date": days_ago(15)}, format="json")
    heavier = move(case_id, "decide", "leader", outcome="penalty", penalties=["deregistration"], content="撤销登记")
    assert heavier.status_code == 409 and "未经事先告知" in heavier.json()["detail"]
    decided = move(case_id, "decide", "leader", date=days_ago(10), **decide)
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "decided"


def test_major_case_is_flagged_and_gated_on_legal_review(apis, lead, move, officers, settings):
    case_id = lead["id"]
    investigate(apis, move, case_id, officers)
    closed = move(case_id, "close_investigation", date=days_ago(20), proposed_outcome="penalty",
                  proposed_penalties=["deregistration"], proposed_content="撤销登记")
    assert closed.json()["is_major"] is True and "撤销登记" in closed.json()["major_reason"]
    notified = move(case_id, "notify", date=days_ago(19), notice_received_on=days_ago(19))
    assert notified.status_code == 200
    apis["officer"].post(f"/api/cases/{case_id}/statement/", {"status": "not_made", "summary": "期限内未提出",
                                                              "date": days_ago(10)}, format="json")
    refused = move(case_id, "decide", "leader", outcome="penalty", penalties=["deregistration"], content="撤销登记")
    assert refused.status_code == 409 and "法制审核" in refused.json()["detail"]
    assert Case.objects.get(pk=case_id).state == "notified"


def test_hearing_rules(apis, lead, move, officers, make_user):
    case_id = lead["id"]
    investigate(apis, move, case_id, officers)
    move(case_id, "close_investigation", date=days_ago(20), proposed_outcome="penalty",
         proposed_penalties=["deregistration"], proposed_content="撤销登记")
    move(case_id, "notify", date=days_ago(19), notice_received_on=days_ago(19))
    presider = make_user(Role.LEGAL_REVIEWER, full_name="主持人")
    hearing_date = (TODAY + datetime.timedelta(days=20)).isoformat()
    late = move(case_id, "request_hearing", date=days_ago(0), hearing_date=hearing_date, hearing_presider=presider.pk)
    assert late.status_code == 409 and "超过期限" in late.json()["detail"]


def test_concurrent_transitions_have_one_winner(transactional_db, lead, move, apis, officers):
    import threading

    from django.db import connection

    results = []

    def attempt():
        try:
            results.append(move(lead["id"], "file", "leader", date=days_ago(30)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 409, 409, 409]


def test_stale_version_is_refused(lead, move):
    stale = move(lead["id"], "drop", "leader", reason="证据不足", version=lead["version"] + 5)
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"


def test_drop_needs_a_reason(lead, move):
    assert move(lead["id"], "drop", "leader").status_code == 400
    dropped = move(lead["id"], "drop", "leader", reason="经核查不构成违法")
    assert dropped.status_code == 200 and dropped.json()["state"] == "dropped"
    assert move(lead["id"], "file", "leader").status_code == 409


def test_reporter_is_hidden_from_others(lead, make_user, client_for):
    reviewer = make_user(Role.LEGAL_REVIEWER)
    detail = client_for(reviewer).get(f"/api/cases/{lead['id']}/").json()
    assert detail["reporter_name"] is None and detail["reporter_contact"] is None
