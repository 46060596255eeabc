"""《社会团体登记管理条例》第三十条；《行政处罚法》第六十一条；《社会组织信用信息管理办法》（民政部令第60号）

限期停止活动 and 撤销登记 carried out to their end (DOMAIN.md §3 step 11): the certificate, seal and vouchers
sealed for the period the decision set, the officers and the leader reminded before it ends, the rectification
report received, the sealing lifted at the end and not before; a revocation's certificate and seal declared void
by public notice, the organisation entered in the 严重违法失信名单, and taken off it when an effective outcome
revokes the decision.
"""

import datetime

import pytest

from tests.law.scenario import TODAY, ago, forbidden, ok
from zhifa.accounts.choices import Role
from zhifa.litigation.models import Matter
from zhifa.notifications.models import Notification
from zhifa.litigation.services import matters_apply_effective
from zhifa.sanctions.alerts import sanction_alerts_send
from zhifa.sanctions.models import CreditListing, SanctionDeadline, StopOrder
from zhifa.sanctions.services import stop_deadlines_recompute

pytestmark = pytest.mark.django_db

STOP = {"outcome": "penalty", "penalties": ["stop_activities"], "content": "责令限期停止活动三个月"}
REVOKE = {"outcome": "penalty", "penalties": ["deregistration"], "content": "撤销潜江市龙虾产业协会登记",
          "serious_finding": "连续两年不参加年度检查，经催告仍不参加，且已停止开展活动，属情节严重"}


def decided(case_at, agree_review, statement, move, deliberate, decision, penalties):
    cid = case_at("notified", penalties=penalties, start=100)
    ok(statement(cid, "not_made", 85))
    agree_review(cid, submitted=82, agreed=80)
    ok(deliberate(cid, 76))
    ok(move(cid, "decide", "leader", date=ago(75), **decision))
    ok(move(cid, "serve", date=ago(74), service_method="in_person", service_recipient="王建华"))
    return cid


@pytest.fixture
def stopped(case_at, agree_review, statement, move, deliberate):
    return decided(case_at, agree_review, statement, move, deliberate, STOP, ["stop_activities"])


@pytest.fixture
def deregistered(case_at, agree_review, statement, move, deliberate):
    return decided(case_at, agree_review, statement, move, deliberate, REVOKE, ["deregistration"])


def seal(api, cid, ends_on, **extra):
    return api.post("/api/stop-orders/", {"case": cid, "sealed_on": ago(70), "sealed_items": "登记证书正副本、印章、财务凭证三册",
                                          "starts_on": ago(73), "ends_on": ends_on.isoformat(), **extra}, format="json")


def test_a_stop_order_is_sealed_reminded_refused_early_and_lifted_at_the_end(stopped, apis, officers, leader):
    officer = apis["officer"]
    # A period ending before it starts, or starting before service, is refused field by field.
    bad = seal(officer, stopped, TODAY - datetime.timedelta(days=80))
    assert bad.status_code == 400 and "ends_on" in bad.json()["fields"], bad.json()
    bad = seal(officer, stopped, TODAY, starts_on=ago(90))
    assert bad.status_code == 400 and "starts_on" in bad.json()["fields"], bad.json()
    bad = seal(officer, stopped, datetime.date(9999, 6, 1), starts_on="9999-01-01")
    assert bad.status_code == 400 and "starts_on" in bad.json()["fields"], bad.json()
    bad = seal(officer, stopped, datetime.date(9999, 12, 31))
    assert bad.status_code == 400 and "ends_on" in bad.json()["fields"], bad.json()
    bad = seal(officer, stopped, TODAY, sealed_on="2026-02-30")
    assert bad.status_code == 400 and "sealed_on" in bad.json()["fields"], bad.json()
    bad = seal(officer, stopped, TODAY, sealed_on=(TODAY + datetime.timedelta(days=1)).isoformat())
    assert bad.status_code == 400 and "sealed_on" in bad.json()["fields"], bad.json()

    order = ok(seal(officer, stopped, TODAY + datetime.timedelta(days=1)), 201)
    assert order["sealing_number"].endswith("〔%d〕1号" % TODAY.year) and "民封" in order["sealing_number"]
    assert order["basis"] == "《社会团体登记管理条例》第三十条"
    [deadline] = order["deadlines"]
    assert deadline["kind"] == "stop_ends" and deadline["due_date"] == (TODAY + datetime.timedelta(days=1)).isoformat()
    assert "第三十条" in deadline["basis"]
    assert forbidden(seal(officer, stopped, TODAY), "第三十条")  # sealed once

    # A few working days before the end: the officers and the leader are reminded, once.
    assert sanction_alerts_send()["due_soon"] == 1
    sent = Notification.objects.filter(kind="sanction_due_soon")
    assert {n.recipient_id for n in sent} == {officers[0].pk, officers[1].pk, leader.pk}
    assert all("停止活动期限届满即将届满" in n.title for n in sent)
    assert sanction_alerts_send() == {"due_soon": 0, "overdue": 0}

    # Lifting before the period ends is refused with the article; nothing changes.
    act = f"/api/stop-orders/{order['id']}/actions/"
    forbidden(officer.post(act, {"action": "lift", "date": ago(0)}, format="json"), "第三十条")
    assert StopOrder.objects.get(pk=order["id"]).lifted_on is None
    # The organisation's rectification report.
    refused = officer.post(act, {"action": "report", "date": ago(0), "summary": ""}, format="json")
    assert refused.status_code == 400 and "summary" in refused.json()["fields"]
    reported = ok(officer.post(act, {"action": "report", "date": ago(0), "summary": "已整改财务制度"}, format="json"))
    assert reported["report_received_on"] == ago(0)
    future = officer.post(act, {"action": "lift", "date": (TODAY + datetime.timedelta(days=1)).isoformat()},
                          format="json")
    assert future.status_code == 400 and "date" in future.json()["fields"]

    # The period runs out (moved back a day): lifted, with its own document, and the deadline met.
    moved = StopOrder.objects.get(pk=order["id"])
    StopOrder.objects.filter(pk=moved.pk).update(ends_on=TODAY)
    moved.refresh_from_db()
    stop_deadlines_recompute(order=moved)
    lifted = ok(officer.post(act, {"action": "lift", "date": ago(0)}, format="json"))
    assert lifted["lifted_on"] == ago(0) and "民解封" in lifted["lifting_number"]
    assert lifted["deadlines"][0]["met_on"] == ago(0) and lifted["deadlines"][0]["status"] == "met"
    forbidden(officer.post(act, {"action": "report", "date": ago(0), "summary": "再报"}, format="json"), "第三十条")
    assert sanction_alerts_send() == {"due_soon": 0, "overdue": 0}
    assert SanctionDeadline.objects.filter(stop_order_id=order["id"], met_on=TODAY).count() == 1


def test_a_penalty_the_decision_did_not_impose_is_not_sealed(deregistered, apis):
    forbidden(seal(apis["officer"], deregistered, TODAY), "第三十条")
    assert not StopOrder.objects.exists()


def test_a_revocations_certificate_declared_void_and_the_organisation_listed(deregistered, apis, organisation,
                                                                             make_user, client_for):
    officer = apis["officer"]
    # The certificate and seal could not be collected: declared void by public notice, dated within the case.
    early = officer.post(f"/api/cases/{deregistered}/execution/", {"date": ago(80), "void_notice": True},
                         format="json")
    assert early.status_code == 400 and "date" in early.json()["fields"], early.json()
    case = ok(officer.post(f"/api/cases/{deregistered}/execution/", {"date": ago(60), "void_notice": True},
                           format="json"))
    assert case["void_notice_on"] == ago(60) and not case["certificate_collected"]

    stranger = client_for(make_user(Role.OFFICER, full_name="赵路人"))
    assert stranger.post("/api/credit-listings/", {"case": deregistered, "listed_on": ago(60)},
                         format="json").status_code == 403
    future = officer.post("/api/credit-listings/", {"case": deregistered,
                                                    "listed_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
                          format="json")
    assert future.status_code == 400
    listing = ok(officer.post("/api/credit-listings/", {"case": deregistered, "listed_on": ago(60)}, format="json"),
                 201)
    assert listing["organisation"] == organisation.pk and listing["listed_on"] == ago(60)
    assert "民政部令第60号" in listing["basis"] and "撤销成立登记" in listing["basis"] and listing["removed_on"] is None
    forbidden(officer.post("/api/credit-listings/", {"case": deregistered, "listed_on": ago(59)}, format="json"),
              "第十七条")
    # The register, read in the workbench by the leader.
    rows = ok(apis["leader"].get("/api/credit-listings/"))["results"]
    assert [r["id"] for r in rows] == [listing["id"]]


def test_an_organisation_ordered_to_stop_is_listed_too(stopped, apis):
    listing = ok(apis["officer"].post("/api/credit-listings/", {"case": stopped, "listed_on": ago(60)},
                                      format="json"), 201)
    assert "受到限期停止活动行政处罚" in listing["basis"]


def revoked_in_court(cid, make_user, client_for, leader):
    """A first-instance judgment revoking the decision, its appeal window over by today."""
    adviser = client_for(make_user(Role.LEGAL_ADVISER, full_name="周律师"))
    matter = ok(adviser.post("/api/litigation/", {
        "kind": "first_instance", "body": "潜江市人民法院", "external_number": "（2026）鄂9005行初5号",
        "plaintiff": "潜江市龙虾产业协会", "claims": "撤销被告作出的处罚决定", "contested_act": "处罚决定",
        "received_on": ago(60), "leader": leader.pk, "case": cid}, format="json"), 201)
    ok(adviser.post(f"/api/litigation/{matter['id']}/outcome/", {
        "outcome": "revoked", "outcome_form": "judgment", "outcome_on": ago(40), "received_on": ago(38),
        "document_number": matter["external_number"], "summary": "认定事实的主要证据不足，判决撤销"}, format="json"))


def test_an_effective_revocation_removes_the_listing(deregistered, apis, make_user, client_for, leader,
                                                      organisation):
    listing = ok(apis["officer"].post("/api/credit-listings/", {"case": deregistered, "listed_on": ago(60)},
                                      format="json"), 201)
    revoked_in_court(deregistered, make_user, client_for, leader)
    assert CreditListing.objects.get(pk=listing["id"]).removed_on is None  # not yet effective
    matters_apply_effective(today=TODAY)
    removed = CreditListing.objects.get(pk=listing["id"])
    assert removed.removed_on is not None and "撤销" in removed.removal_reason
    organisation.refresh_from_db()
    assert organisation.status == "normal"


def test_a_period_ended_without_lifting_is_reminded_daily_scan(stopped, apis, settings, leader):
    from zhifa.sanctions.tasks import scan_sanction_deadlines

    assert any(entry["task"] == "zhifa.sanctions.tasks.scan_sanction_deadlines"
               for entry in settings.CELERY_BEAT_SCHEDULE.values())
    ok(seal(apis["officer"], stopped, TODAY - datetime.timedelta(days=2)), 201)
    assert scan_sanction_deadlines() == {"due_soon": 0, "overdue": 1}
    [sent] = Notification.objects.filter(kind="sanction_overdue", recipient=leader)
    assert "封存尚未解除" in sent.title and "第三十条" in sent.message
    assert scan_sanction_deadlines() == {"due_soon": 0, "overdue": 0}


def test_an_effective_revocation_ends_the_sealing(stopped, apis, make_user, client_for, leader):
    order = ok(seal(apis["officer"], stopped, TODAY + datetime.timedelta(days=30)), 201)
    listing = ok(apis["officer"].post("/api/credit-listings/", {"case": stopped, "listed_on": ago(60)},
                                      format="json"), 201)
    revoked_in_court(stopped, make_user, client_for, leader)
    matters_apply_effective(today=TODAY)
    effective = Matter.objects.get(case_id=stopped).outcome_effective_on
    ended = ok(apis["officer"].get(f"/api/stop-orders/{order['id']}/"))
    assert ended["undone_on"] == effective.isoformat() and "撤销" in ended["undone_reason"]
    assert ended["deadlines"] == [] and ended["lifted_on"] is None
    assert CreditListing.objects.get(pk=listing["id"]).removed_on == effective
    forbidden(apis["officer"].post(f"/api/stop-orders/{order['id']}/actions/", {"action": "report", "date": ago(0),
                                   "summary": "整改"}, format="json"), "第七十条")
    assert sanction_alerts_send() == {"due_soon": 0, "overdue": 0}
