"""Reconsideration and litigation: deadlines, head-of-agency appearance, outcomes, withdrawal, statistics."""

import datetime

import pytest

from zhifa.cases.models import TimelineEvent
from zhifa.disclosure import services as disclosure
from zhifa.disclosure.models import Notice
from zhifa.litigation.models import Matter
from zhifa.litigation.selectors import litigation_statistics

D = datetime.date
TODAY = datetime.date.today()


@pytest.fixture
def adviser_api(client_for, adviser):
    return client_for(adviser)


def matter_payload(leader, **extra):
    return {"kind": "first_instance", "body": "潜江市人民法院", "external_number": "（2024）鄂9005行初12号",
            "plaintiff": "潜江市龙虾产业协会", "claims": "撤销被告作出的撤销登记决定", "contested_act": "撤销登记决定",
            "received_on": "2024-01-26", "leader": leader.pk, **extra}


def deadline(body, kind):
    return next(d for d in body["deadlines"] if d["kind"] == kind)


def test_defence_within_15_days_over_spring_festival(adviser_api, leader):
    body = adviser_api.post("/api/litigation/", matter_payload(leader), format="json").json()
    assert deadline(body, "defence")["due_date"] == "2024-02-18"  # 15 days ending on the make-up Sunday


# 复议法 Art. 48, 54, 88: the reply within 10 (simple procedure: 5) days of the copy, days meaning working days;
# Art. 62: the decision within 60 days of acceptance, 30 under the simple procedure.
@pytest.mark.parametrize("kind, reply_due, decision_due", [
    ("reconsideration", "2024-05-16", "2024-07-01"),        # 29 June is a Saturday
    ("reconsideration_simple", "2024-05-10", "2024-05-30"),
])
def test_reconsideration_reply_in_working_days(adviser_api, leader, kind, reply_due, decision_due):
    body = adviser_api.post("/api/litigation/", matter_payload(
        leader, kind=kind, body="潜江市人民政府", external_number=f"潜政复〔2024〕{len(kind)}号", received_on="2024-04-30"),
        format="json").json()
    assert deadline(body, "reply")["due_date"] == reply_due
    assert deadline(body, "reconsideration_decision")["due_date"] == decision_due


def test_the_reconsideration_decision_is_counted_from_acceptance(adviser_api, leader):
    """复议法 Art. 62: "自受理申请之日起六十日内"; the organ accepts first and sends the copy within 7 days (Art. 48),
    so counting from the copy's receipt put the deadline days too late."""
    body = adviser_api.post("/api/litigation/", matter_payload(
        leader, kind="reconsideration", body="潜江市人民政府", external_number="潜政复〔2024〕31号",
        received_on="2024-04-30", accepted_on="2024-04-24"), format="json").json()
    assert body["accepted_on"] == "2024-04-24"
    assert deadline(body, "reconsideration_decision")["due_date"] == "2024-06-24"  # 60 days from 24 April
    assert deadline(body, "reconsideration_decision")["start_date"] == "2024-04-24"
    assert deadline(body, "reply")["due_date"] == "2024-05-16"  # the reply still runs from the copy's receipt
    after = adviser_api.post("/api/litigation/", matter_payload(
        leader, kind="reconsideration", body="潜江市人民政府", external_number="潜政复〔2024〕32号",
        received_on="2024-04-30", accepted_on="2024-05-02"), format="json")
    assert after.status_code == 400 and "accepted_on" in after.json()["fields"]
    lawsuit = adviser_api.post("/api/litigation/", matter_payload(leader, accepted_on="2024-01-20"), format="json")
    assert lawsuit.status_code == 400 and "accepted_on" in lawsuit.json()["fields"]
    assert not Matter.objects.filter(external_number__in=["潜政复〔2024〕32号", "（2024）鄂9005行初12号"]).exists()


def test_bad_input(adviser_api, leader, client_for, officers):
    early = adviser_api.post("/api/litigation/", matter_payload(leader, court_due_date="2024-01-01"), format="json")
    assert early.status_code == 400 and "court_due_date" in early.json()["fields"]
    future = adviser_api.post("/api/litigation/", matter_payload(
        leader, received_on=(TODAY + datetime.timedelta(days=3)).isoformat()), format="json")
    assert future.status_code == 400 and "received_on" in future.json()["fields"]
    assert client_for(officers[0]).post("/api/litigation/", matter_payload(leader), format="json").status_code == 403
    created = adviser_api.post("/api/litigation/", matter_payload(leader), format="json").json()
    again = adviser_api.post("/api/litigation/", matter_payload(leader), format="json")
    assert again.status_code == 400 and "external_number" in again.json()["fields"]
    no_document = adviser_api.post(f"/api/litigation/{created['id']}/outcome/", {
        "outcome": "upheld", "outcome_form": "judgment", "outcome_on": "2024-05-01", "document_number": "",
        "summary": "驳回"}, format="json")
    assert no_document.status_code == 400 and "document_number" in no_document.json()["fields"]


def test_head_of_agency_appearance_and_appeal_window(adviser_api, leader, officers):
    officer = officers[0]
    matter = adviser_api.post("/api/litigation/", matter_payload(leader), format="json").json()
    mid = matter["id"]
    adviser_api.post(f"/api/litigation/{mid}/response/", {"date": "2024-02-05"}, format="json")
    adviser_api.post(f"/api/litigation/{mid}/hearings/", {"scheduled_on": "2024-04-10", "place": "第三法庭"}, format="json")
    matter = adviser_api.get(f"/api/litigation/{mid}/").json()
    hearing = matter["hearings"][0]["id"]
    record = f"/api/litigation/{mid}/hearings/{hearing}/record/"
    # 行政诉讼法 Art. 3 ¶3: a head who cannot appear entrusts the agency's own staff, with a written reason; a lawyer
    # alone (the retained adviser included) is not enough.
    lawyer_alone = adviser_api.post(record, {"head_appeared": False, "delegate": "周律师",
                                             "delegate_reason": "负责人出差"}, format="json")
    assert lawyer_alone.status_code == 400 and "delegated_to" in lawyer_alone.json()["fields"]
    adviser = adviser_api.get("/api/auth/me/").json()["id"]
    as_adviser = adviser_api.post(record, {"head_appeared": False, "delegated_to": adviser, "delegate_reason": "出差"},
                                  format="json")
    assert as_adviser.status_code == 400 and "delegated_to" in as_adviser.json()["fields"]
    no_reason = adviser_api.post(record, {"head_appeared": False, "delegated_to": officer.pk}, format="json")
    assert no_reason.status_code == 400 and "delegate_reason" in no_reason.json()["fields"]
    assert adviser_api.get(f"/api/litigation/{mid}/").json()["hearings"][0]["held"] is False
    staff = adviser_api.post(record, {"head_appeared": False, "delegated_to": officer.pk, "delegate": "周律师",
                                      "delegate_reason": "负责人参加全省会议"}, format="json").json()["hearings"][0]
    assert (staff["delegated_to"], staff["delegated_to_name"], staff["delegate"]) == (officer.pk, "张执法", "周律师")
    ok = adviser_api.post(f"/api/litigation/{mid}/hearings/{hearing}/record/",
                          {"head_appeared": True, "appeared": leader.pk, "notes": "局长出庭应诉"}, format="json")
    assert ok.status_code == 200 and ok.json()["hearings"][0]["head_appeared"] is True
    lost = adviser_api.post(f"/api/litigation/{mid}/outcome/", {
        "outcome": "revoked", "outcome_form": "judgment", "outcome_on": "2024-05-06", "received_on": "2024-05-08",
        "document_number": "（2024）鄂9005行初12号", "summary": "撤销被诉决定"}, format="json").json()
    assert deadline(lost, "appeal")["due_date"] == "2024-05-23"
    assert deadline(lost, "defence")["status"] == "met"
    closing = adviser_api.post(f"/api/litigation/{mid}/close/", {"date": "2024-06-30"}, format="json")
    assert closing.status_code == 400 and "上诉期限" in closing.json()["fields"]["note"][0]
    closed = adviser_api.post(f"/api/litigation/{mid}/close/", {"date": "2024-06-30",
                                                              "note": "经研究不上诉，已按判决重新作出处理。"}, format="json")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"


def test_statistics(adviser, leader, officers):
    from zhifa.litigation import services

    base = {"body": "潜江市人民法院", "plaintiff": "某协会", "claims": "撤销", "contested_act": "处罚决定", "leader": leader}
    for i, (kind, outcome) in enumerate([("first_instance", "rejected"), ("first_instance", "revoked"),
                                         ("reconsideration", "upheld"), ("first_instance", None)]):
        matter = services.matter_create(actor=adviser, kind=kind, external_number=f"（2023）鄂9005行初{i}号",
                                        received_on=D(2023, 3, 1 + i), **base)
        services.matter_record_response(matter_id=matter.pk, actor=adviser, on=D(2023, 3, 5 + i))
        hearing = services.hearing_schedule(matter_id=matter.pk, actor=adviser, scheduled_on=D(2023, 4, 1 + i))
        services.hearing_record(hearing_id=hearing.pk, actor=adviser, head_appeared=i % 2 == 0,
                                appeared=leader if i % 2 == 0 else None, delegated_to=None if i % 2 == 0 else officers[0],
                                delegate_reason="" if i % 2 == 0 else "负责人出差")
        if outcome:
            services.matter_record_outcome(matter_id=matter.pk, actor=adviser, outcome=outcome, outcome_form="judgment",
                                           outcome_on=D(2023, 6, 1), document_number=f"判{i}", summary="结果")
    stats = litigation_statistics(agency_id=adviser.agency_id, year=2023)
    assert stats["matters"] == 4 and stats["reconsiderations"] == 1 and stats["lawsuits"] == 3
    assert stats["concluded"] == 3 and stats["win_rate"] == round(2 / 3, 4)
    assert stats["by_outcome"]["revoked"] == 1
    assert stats["hearings_held"] == 4 and stats["head_appearance_rate"] == 0.5
    assert stats["deadline_compliance"] == 1.0


def test_the_reconsideration_decision_may_be_extended_once_by_at_most_30_days(adviser_api, leader):
    """复议法 Art. 62: "经行政复议机构的负责人批准，可以适当延长，并书面告知当事人；但是延长期限最多不超过三十日"."""
    def matter(kind, number):
        return adviser_api.post("/api/litigation/", matter_payload(
            leader, kind=kind, body="潜江市人民政府", external_number=number, received_on="2024-04-30",
            accepted_on="2024-04-24"), format="json").json()

    ordinary = matter("reconsideration", "潜政复〔2024〕41号")
    url = f"/api/litigation/{ordinary['id']}/extension/"
    too_long = adviser_api.post(url, {"date": "2024-06-20", "days": 31}, format="json")
    assert too_long.status_code == 400 and "days" in too_long.json()["fields"]
    late = adviser_api.post(url, {"date": "2024-06-25", "days": 30}, format="json")  # the period ended on 24 June
    assert late.status_code == 409 and "第六十二条" in late.json()["detail"]
    assert Matter.objects.get(pk=ordinary["id"]).decision_extended_days == 0
    body = adviser_api.post(url, {"date": "2024-06-20", "days": 30}, format="json").json()
    decision = deadline(body, "reconsideration_decision")
    assert decision["due_date"] == "2024-07-23" and "延长30日" in decision["basis"]  # 90 days from 24 April
    assert (body["decision_extended_days"], body["extension_noticed_on"]) == (30, "2024-06-20")
    again = adviser_api.post(url, {"date": "2024-06-21", "days": 5}, format="json")
    assert again.status_code == 409 and "第六十二条" in again.json()["detail"]
    assert deadline(Matter.objects.get(pk=ordinary["id"]) and adviser_api.get(
        f"/api/litigation/{ordinary['id']}/").json(), "reconsideration_decision")["due_date"] == "2024-07-23"

    simple = matter("reconsideration_simple", "潜政复〔2024〕42号")
    refused = adviser_api.post(f"/api/litigation/{simple['id']}/extension/", {"date": "2024-05-10", "days": 10},
                               format="json")
    assert refused.status_code == 409 and "普通程序" in refused.json()["detail"]


def test_an_effective_overturning_outcome_withdraws_the_published_notice(celery_worker, decide_case, editors,
                                                                         client_for, adviser, leader,
                                                                         publication_root):
    """A reconsideration decision is effective on service (行政复议法 Art. 75): recorded, it withdraws the notice.
    (A first-instance judgment waits for its appeal window: tests/law/test_outcome_takes_effect.py.)"""
    case = decide_case()
    notice = Notice.objects.get(case=case)
    first, second = (client_for(e) for e in editors)
    first.post(f"/api/disclosures/{notice.pk}/check-redaction/")
    second.post(f"/api/disclosures/{notice.pk}/approve/")
    celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="published").exists())
    api = client_for(adviser)
    matter = api.post("/api/litigation/", {**matter_payload(leader), "case": case.pk, "kind": "reconsideration",
                                           "body": "潜江市人民政府", "external_number": "潜政复〔2026〕8号",
                                           "received_on": case.decided_on.isoformat()}, format="json").json()
    assert matter["frozen_on"] == case.decided_on.isoformat()
    response = api.post(f"/api/litigation/{matter['id']}/outcome/", {
        "outcome": "revoked", "outcome_form": "reconsideration_decision", "outcome_on": TODAY.isoformat(),
        "document_number": "潜政复〔2026〕8号", "summary": "认定事实不清，决定撤销"}, format="json")
    assert response.status_code == 200, response.json()
    celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="withdrawn").exists(), timeout=40)
    notice.refresh_from_db()
    assert notice.withdrawal_trigger == "reconsideration" and "复议决定" in notice.withdrawal_reason
    assert "本公示已撤回" in (publication_root / notice.url_path).read_text()
    recorded = TimelineEvent.objects.get(case=case, kind="litigation_outcome")
    assert recorded.data["outcome"] == "revoked" and recorded.data["effective_on"] == TODAY.isoformat()
    effective = TimelineEvent.objects.get(case=case, kind="outcome_effective")
    assert effective.data["notices_withdrawn"] == 1
    # Running the hook again changes nothing.
    from zhifa.litigation.services import matter_apply_outcome

    assert matter_apply_outcome(matter_id=matter["id"]) == 0
    assert TimelineEvent.objects.filter(case=case, kind="outcome_effective").count() == 1
    assert Matter.objects.get(pk=matter["id"]).state == "concluded"
    assert disclosure  # the hook lives in the disclosure services


def test_deadline_reminders_reach_advisers_and_leaders_once(adviser_api, adviser, leader):
    from zhifa.litigation.alerts import matter_alerts_send
    from zhifa.notifications.models import Notification

    body = adviser_api.post("/api/litigation/", matter_payload(leader, advisers=[adviser.pk]), format="json").json()
    due = D.fromisoformat(deadline(body, "defence")["due_date"])
    assert matter_alerts_send(today=due - datetime.timedelta(days=1)) == {"due_soon": 1, "overdue": 0}
    assert matter_alerts_send(today=due - datetime.timedelta(days=1)) == {"due_soon": 0, "overdue": 0}
    assert matter_alerts_send(today=due + datetime.timedelta(days=1)) == {"due_soon": 0, "overdue": 1}
    recipients = set(Notification.objects.filter(kind="litigation_overdue").values_list("recipient_id", flat=True))
    assert recipients == {adviser.pk, leader.pk}
