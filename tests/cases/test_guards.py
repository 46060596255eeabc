"""Every legal gate of the procedure table refuses with the law's reason, and changes nothing."""

import datetime

import pytest

from zhifa.accounts.choices import Role
from zhifa.cases.models import Case
from zhifa.core.validators import build_credit_code
from zhifa.registry.models import Organisation

TODAY = datetime.date.today()


def ago(days):
    return (TODAY - datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def at_stage(apis, move, lead_payload, officers):
    """at_stage("notified", penalties=[...]) -> case id moved through the procedure up to that stage."""

    def build(stage, penalties=("warning", "fine"), fine="5000", received=60):
        cid = apis["officer"].post("/api/cases/", {**lead_payload, "received_on": ago(received)},
                                   format="json").json()["id"]
        steps = [("file", "leader", {}), ("start_investigation", "officer", {})]
        for action, who, data in steps:
            assert move(cid, action, who, date=ago(received - 5), **data).status_code == 200
            if stage == {"file": "filed", "start_investigation": "investigating"}[action]:
                return cid
        apis["officer"].post(f"/api/cases/{cid}/documents/", {
            "kind": "inquiry_record", "officers": [o.pk for o in officers], "date": ago(received - 5),
            "place": "询问室", "subject": "法定代表人", "record": "问答"}, format="json")
        closed = move(cid, "close_investigation", date=ago(received - 6), proposed_outcome="penalty",
                      proposed_penalties=list(penalties), proposed_fine=fine, proposed_content="拟处罚")
        assert closed.status_code == 200, closed.json()
        if stage == "investigation_closed":
            return cid
        assert move(cid, "notify", date=ago(received - 7), notice_received_on=ago(received - 7)).status_code == 200
        return cid

    return build


def refused(response, status, fragment):
    assert response.status_code == status, response.json()
    body = response.json()
    assert fragment in body["detail"] + str(body["fields"]), body
    return body


def test_submit_review_only_for_major_cases(at_stage, move):
    cid = at_stage("investigation_closed")
    refused(move(cid, "submit_review"), 409, "无需法制审核")


def test_notify_needs_a_proposed_penalty(apis, move, lead_payload, officers):
    cid = apis["officer"].post("/api/cases/", {**lead_payload, "received_on": ago(30)}, format="json").json()["id"]
    move(cid, "file", "leader", date=ago(25))
    move(cid, "start_investigation", date=ago(25))
    apis["officer"].post(f"/api/cases/{cid}/documents/", {"kind": "inquiry_record", "officers": [o.pk for o in officers],
                                                         "date": ago(24), "place": "询问室", "subject": "甲", "record": "问答"},
                         format="json")
    move(cid, "close_investigation", date=ago(20), proposed_outcome="no_penalty")
    refused(move(cid, "notify"), 409, "无需事先告知")
    # A decision not to penalise needs no notification.
    assert move(cid, "decide", "leader", outcome="no_penalty").status_code == 200


def test_hearing_rules(at_stage, move, make_user, officers, apis):
    cid = at_stage("notified", penalties=["deregistration"], fine=None, received=12)
    presider = make_user(Role.LEGAL_REVIEWER, legal_qualification=True)
    soon = (TODAY + datetime.timedelta(days=2)).isoformat()
    later = (TODAY + datetime.timedelta(days=30)).isoformat()
    refused(move(cid, "request_hearing", date=ago(4), hearing_date=later), 400, "hearing_presider")
    refused(move(cid, "request_hearing", date=ago(4), hearing_date=later, hearing_presider=officers[1].pk), 409,
            "不得由本案调查人员担任")
    refused(move(cid, "request_hearing", date=ago(4), hearing_date=soon, hearing_presider=presider.pk), 409,
            "七个工作日前")
    assert move(cid, "request_hearing", date=ago(4), hearing_date=later, hearing_presider=presider.pk).status_code == 200
    refused(move(cid, "record_hearing", hearing_record="笔录"), 409, "尚未举行")
    apis["officer"].post(f"/api/cases/{cid}/statement/", {"status": "heard", "summary": "书面陈述已复核"}, format="json")
    refused(move(cid, "decide", "leader", outcome="penalty", penalties=["warning"], content="警告"), 409, "听证笔录")


def test_a_warning_only_penalty_carries_no_right_to_a_hearing(at_stage, move, make_user):
    cid = at_stage("notified", penalties=["warning"], fine=None, received=12)
    presider = make_user(Role.LEGAL_REVIEWER, legal_qualification=True)
    refused(move(cid, "request_hearing", hearing_date=(TODAY + datetime.timedelta(days=30)).isoformat(),
                 hearing_presider=presider.pk), 409, "第六十三条")


def test_fine_cannot_grow_and_service_and_execution_rules(at_stage, move, apis):
    cid = at_stage("notified", received=40)
    apis["officer"].post(f"/api/cases/{cid}/statement/", {"status": "heard", "summary": "已复核", "date": ago(30)},
                         format="json")
    refused(move(cid, "decide", "leader", date=ago(20), outcome="penalty", penalties=["fine"], fine="8000",
                 content="罚款"), 409, "高于事先告知")
    assert move(cid, "decide", "leader", date=ago(20), outcome="penalty", penalties=["warning", "fine"], fine="3000",
                content="警告，罚款3000元").status_code == 200
    refused(move(cid, "serve", date=ago(19), service_method="public_notice"), 400, "service_published_on")
    # A public notice only once other methods have failed, and it counts 30 days after publication
    # (民事诉讼法 Art. 95; tests/law/test_art61_service.py walks it through).
    refused(move(cid, "serve", date=ago(19), service_method="public_notice", service_published_on=ago(19),
                 service_notice_reason="下落不明"), 409, "第九十五条")
    assert Case.objects.get(pk=cid).served_on is None


def test_closing_needs_the_fine_paid(at_stage, move, apis):
    cid = at_stage("notified", received=40)
    apis["officer"].post(f"/api/cases/{cid}/statement/", {"status": "waived", "summary": "书面放弃", "date": ago(30)},
                         format="json")
    move(cid, "decide", "leader", date=ago(20), outcome="penalty", penalties=["fine"], fine="2000", content="罚款2000元")
    move(cid, "serve", date=ago(19), service_method="in_person")
    move(cid, "start_execution", date=ago(18))
    refused(move(cid, "close", "leader", date=ago(10)), 409, "罚款尚未缴清")
    paid = apis["officer"].post(f"/api/cases/{cid}/execution/", {"date": ago(12), "fine_paid_amount": "2000"},
                                format="json")
    assert paid.status_code == 200 and paid.json()["fine_paid_on"] == ago(12)
    assert move(cid, "close", "leader", date=ago(10)).status_code == 200
    deadlines = {d["kind"]: d for d in apis["officer"].get(f"/api/cases/{cid}/deadlines/").json()}
    assert deadlines["fine_payment"]["status"] == "met"


def test_transfer_needs_the_receiving_organ(at_stage, move):
    cid = at_stage("filed")
    refused(move(cid, "transfer", "leader", reason="涉嫌犯罪"), 400, "transferred_to")
    moved = move(cid, "transfer", "leader", reason="涉嫌犯罪", transferred_to="潜江市公安局")
    assert moved.status_code == 200 and moved.json()["state"] == "transferred"


def test_jurisdiction_of_the_registration_authority(apis, move, lead_payload, other_agency, agency):
    """An organisation registered with another authority is not ours to penalise (68号令 Art. 3)."""
    elsewhere = Organisation.objects.create(
        agency=other_agency, name="仙桃市某协会", type="social_group", credit_code=build_credit_code("51429004", "XT000009"),
        legal_representative="赵某", registration_date=datetime.date(2015, 1, 1))
    cid = apis["officer"].post("/api/cases/", {**lead_payload, "received_on": ago(10)}, format="json").json()["id"]
    Case.objects.filter(pk=cid).update(organisation=elsewhere)  # e.g. a lead logged before the move
    refused(move(cid, "file", "leader", date=ago(5)), 409, "无管辖权")


def test_the_lead_logger_cannot_approve_their_own_filing(apis, client_for, leader, lead_payload, officers):
    own = client_for(leader)
    cid = own.post("/api/cases/", lead_payload, format="json")
    assert cid.status_code == 403  # leaders do not log leads; officers holding credentials do


def test_hand_flagging_a_major_case_needs_a_reason(at_stage, apis):
    cid = at_stage("investigation_closed")
    assert apis["officer"].post(f"/api/cases/{cid}/flag-major/", {}, format="json").status_code == 400
    flagged = apis["officer"].post(f"/api/cases/{cid}/flag-major/", {"reason": "案情疑难复杂，涉及多个法律关系"},
                                   format="json")
    assert flagged.status_code == 200 and flagged.json()["is_major"] is True
    assert "疑难复杂" in flagged.json()["major_reason"]
    timeline = apis["officer"].get(f"/api/cases/{cid}/timeline/").json()
    assert any(e["kind"] == "major_flagged" and not e["data"]["automatic"] for e in timeline)
