"""A deregistration case (撤销登记) from lead to archive, through the API, the way the bureau runs it."""

import datetime

import pytest

from zhifa.accounts.choices import Role
from zhifa.audit.services import history_seal, history_verify
from zhifa.cases.models import Case
from zhifa.registry.models import Organisation

TODAY = datetime.date.today()


def ago(days):
    return (TODAY - datetime.timedelta(days=days)).isoformat()


CHECKLIST_PASS = [{"item": n, "verdict": "pass", "note": "符合"} for n in range(1, 10)]


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.LEGAL_REVIEWER, full_name="陈审核", legal_qualification=True)


@pytest.fixture
def presider(make_user):
    return make_user(Role.LEGAL_REVIEWER, full_name="周主持", legal_qualification=True)


def ok(response, status=200):
    assert response.status_code == status, response.json()
    return response.json()


def test_deregistration_from_lead_to_archive(apis, client_for, move, organisation, officers, reviewer, presider,
                                             lead_payload):
    officer, leader = apis["officer"], apis["leader"]
    review_api = client_for(reviewer)

    # 1. 线索登记: the annual inspection found the association skipped it two years running.
    case = ok(officer.post("/api/cases/", {**lead_payload, "received_on": ago(80), "act_date": ago(400)},
                           format="json"), 201)
    cid = case["id"]

    # 2. 立案: the leader approves; two credentialed officers are assigned.
    case = ok(move(cid, "file", "leader", date=ago(75)))
    assert case["number"].startswith("潜民罚立〔") and case["leader_name"] == "刘局长"

    # 3. 调查取证: officers show credentials and record the inquiry and the site inspection.
    ok(move(cid, "start_investigation", date=ago(74)))
    for kind, day, subject in [("inquiry_record", 73, "王建华（法定代表人）"), ("inspection_record", 72, "协会住所")]:
        ok(officer.post(f"/api/cases/{cid}/documents/", {
            "kind": kind, "officers": [o.pk for o in officers], "date": ago(day), "place": "潜江市园林街道",
            "subject": subject, "record": "该会2022、2023年度均未参加年检，已停止活动。"}, format="json"), 201)

    # 4. 调查终结: the proposed decision is deregistration, so the case is major by the catalogue.
    case = ok(move(cid, "close_investigation", date=ago(60), proposed_outcome="penalty",
                   proposed_penalties=["deregistration"], proposed_content="撤销潜江市龙虾产业协会登记"))
    assert case["is_major"] is True

    # 5. 法制审核: submitted, assigned, corrected once, resubmitted, agreed.
    ok(move(cid, "submit_review", date=ago(59), discretion="情节严重，依法撤销登记", draft_decision="撤销登记"))
    review = officer.get(f"/api/reviews/?case={cid}").json()["results"][0]
    ok(leader.post(f"/api/reviews/{review['id']}/assign/", {"reviewer": reviewer.pk}, format="json"))
    corrected = ok(review_api.post(f"/api/reviews/{review['id']}/outcome/", {
        "package": 1, "outcome": "correct", "date": ago(57),
        "verdicts": [*CHECKLIST_PASS[:3], {"item": 4, "verdict": "problem", "note": "缺少年检结论的书证"},
                     *CHECKLIST_PASS[4:]],
        "correction_categories": ["insufficient_evidence"], "corrections": "补充两年度年检结论书证",
        "opinion": "事实认定证据不足，退回补正。"}, format="json"))
    assert corrected["state"] == "correction_requested"
    ok(officer.patch(f"/api/cases/{cid}/", {"facts": "该会2022、2023年度均未参加年检（附年检结论书证），已停止活动。"},
                     format="json"))
    resubmitted = ok(officer.post(f"/api/reviews/{review['id']}/resubmit/", {"note": "已补充年检结论书证", "date": ago(55)},
                                  format="json"))
    assert resubmitted["current_package"] == 2
    assert "application.facts" in resubmitted["packages"][1]["changes"]
    agreed = ok(review_api.post(f"/api/reviews/{review['id']}/outcome/", {
        "package": 2, "outcome": "agree", "verdicts": CHECKLIST_PASS, "opinion": "同意。", "date": ago(54)},
        format="json"))
    assert agreed["state"] == "agreed"

    # 6. 事先告知 of the intended revocation, with the right to a hearing, received on the spot.
    ok(move(cid, "notify", date=ago(50), notice_received_on=ago(50)))

    # 7. 听证: requested within 5 working days, noticed 7 working days ahead, presided by a non-investigator.
    ok(move(cid, "request_hearing", date=ago(48), hearing_date=ago(30), hearing_presider=presider.pk))
    case = ok(move(cid, "record_hearing", date=ago(30), hearing_record="当事人承认未参加年检，请求从轻处理。"))
    assert case["statement_status"] == "heard"

    # The hearing record changed the case after the review agreed: deciding now is refused...
    refused = move(cid, "decide", "leader", date=ago(25), outcome="penalty", penalties=["deregistration"],
                   content="撤销登记")
    assert refused.status_code == 409 and "重新提交法制审核" in refused.json()["detail"]
    # ...so the case goes back for review with the hearing record in the package.
    ok(move(cid, "submit_review", date=ago(28)))
    second = officer.get(f"/api/reviews/?case={cid}&ordering=-id").json()["results"][0]
    assert second["id"] != review["id"]
    ok(leader.post(f"/api/reviews/{second['id']}/assign/", {"reviewer": reviewer.pk}, format="json"))
    ok(review_api.post(f"/api/reviews/{second['id']}/outcome/", {
        "package": 1, "outcome": "agree", "verdicts": CHECKLIST_PASS, "opinion": "听证后仍同意。", "date": ago(26)},
        format="json"))

    # Revocation after a hearing: the leaders decide collectively, each opinion in the minutes (Art. 57).
    ok(move(cid, "deliberate", "leader", date=ago(25), minutes="局务会讨论听证笔录与法制审核意见。",
            attendees=[{"name": "刘局长", "opinion": "同意撤销登记。"}, {"name": "王副局长", "opinion": "同意。"}],
            conclusion="撤销潜江市龙虾产业协会登记。"))

    # 8. 决定: the decision takes effect when served, so the organisation is still registered.
    case = ok(move(cid, "decide", "leader", date=ago(25), outcome="penalty", penalties=["deregistration"],
                   content="撤销潜江市龙虾产业协会登记", basis="《社会团体登记管理条例》第三十条",
                   serious_finding="连续两年不参加年度检查，经催告仍不参加，且已停止开展活动，属情节严重",
                   performance_terms="自收到本决定书之日起十日内缴回登记证书正副本和印章"))
    assert case["state"] == "decided"
    assert Organisation.objects.get(pk=organisation.pk).status == "normal"

    # 9. 送达, 10. 执行: served, the organisation is deregistered on the service date; certificate and seal
    # collected.
    ok(move(cid, "serve", date=ago(24), service_method="in_person"))
    served = Organisation.objects.get(pk=organisation.pk)
    assert served.status == "deregistered" and served.status_changed_on.isoformat() == ago(24)
    ok(move(cid, "start_execution", date=ago(23)))
    early_close = move(cid, "close", "leader", date=ago(22))
    assert early_close.status_code == 409 and "收缴" in early_close.json()["detail"]
    ok(officer.post(f"/api/cases/{cid}/execution/", {"date": ago(20), "certificate_collected": True,
                                                     "seal_collected": True}, format="json"))

    # 11. 结案, 12. 归档.
    ok(move(cid, "close", "leader", date=ago(10)))
    case = ok(move(cid, "archive", date=ago(5)))
    assert case["state"] == "archived" and case["allowed_actions"] == []

    timeline = officer.get(f"/api/cases/{cid}/timeline/").json()
    actions = [e["action"] for e in timeline if e["kind"] == "transition"]
    assert actions == ["file", "start_investigation", "close_investigation", "submit_review", "notify",
                       "request_hearing", "record_hearing", "submit_review", "deliberate", "decide", "serve", "start_execution",
                       "close", "archive"]
    deadlines = {d["kind"]: d for d in officer.get(f"/api/cases/{cid}/deadlines/").json()}
    assert deadlines["decision"]["status"] == "met"
    assert deadlines["hearing_request"]["status"] == "met" and deadlines["hearing_notice"]["status"] == "met"
    assert deadlines["service"]["status"] == "met"
    kinds = [d["kind"] for d in officer.get(f"/api/cases/{cid}/documents/").json()]
    for kind in ["filing_approval", "inquiry_record", "inspection_record", "investigation_report",
                 "legal_review_opinion", "prior_notice", "hearing_notice", "hearing_record", "decision",
                 "service_receipt", "closing_report"]:
        assert kind in kinds, kind

    # Every step left history, and the sealed history verifies.
    assert Case.events.field.model.objects.filter(pgh_obj_id=cid).count() >= 14
    history_seal()
    assert history_verify().ok
