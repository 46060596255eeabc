"""《中华人民共和国行政诉讼法》第七条、第八十五条；《中华人民共和国行政复议法》第七十五条

行政诉讼法 第八十五条 当事人不服人民法院第一审判决的，有权在判决书送达之日起十五日内向上一级人民法院提起上诉。当事人
不服人民法院第一审裁定的，有权在裁定书送达之日起十日内向上一级人民法院提起上诉。逾期不提起上诉的，人民法院的第一审判决
或者裁定发生法律效力。
第七条 人民法院审理行政案件，依法实行……两审终审制度。
行政复议法 第七十五条 ……行政复议决定书一经送达，即发生法律效力。

Only a legally effective outcome acts on the decision (DOMAIN.md §7): a first-instance judgment that revokes it
does nothing while the appeal window runs, and nothing at all once it is appealed and reversed. Once effective, a
revocation withdraws the notice, restores the registry and refunds what was paid.
"""

import datetime

import pytest

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture
from tests.law.scenario import TODAY, ago, ok
from zhifa.accounts.choices import Role
from zhifa.cases.models import TimelineEvent
from zhifa.disclosure.models import Notice
from zhifa.enforcement.models import Enforcement, Refund
from zhifa.litigation.models import Matter
from zhifa.notifications.models import Notification
from zhifa.litigation.periods import APPEAL_JUDGMENT
from zhifa.litigation.services import matters_apply_effective

REVOKE = {"outcome": "penalty", "penalties": ["deregistration"], "content": "撤销潜江市龙虾产业协会登记",
          "serious_finding": "连续两年不参加年度检查，经催告仍不参加，且已停止开展活动，属情节严重"}


@pytest.fixture(autouse=True)
def _own_publication_store(publication_root):
    """Set before the worker starts, so that it writes where the test reads."""
    return publication_root


@pytest.fixture
def celery_worker_queues():
    return ("default", "publish")


@pytest.fixture
def adviser_api(make_user, client_for):
    return client_for(make_user(Role.LEGAL_ADVISER, full_name="周律师"))


@pytest.fixture
def deregistered(case_at, agree_review, statement, move, deliberate, organisation):
    """A deregistration decided 75 days ago after review and deliberation, served the next day."""
    cid = case_at("notified", penalties=["deregistration"], start=100)
    ok(statement(cid, "not_made", 85))
    agree_review(cid, submitted=82, agreed=80)
    ok(deliberate(cid, 76))
    ok(move(cid, "decide", "leader", date=ago(75), **REVOKE))
    ok(move(cid, "serve", date=ago(74), service_method="in_person", service_recipient="王建华"))
    organisation.refresh_from_db()
    assert organisation.status == "deregistered"
    return cid


def lawsuit(api, leader, cid, *, kind="first_instance", number="（2026）鄂9005行初5号", received=60, **extra):
    body = {"kind": kind, "body": "潜江市人民法院", "external_number": number, "plaintiff": "潜江市龙虾产业协会",
            "claims": "撤销被告作出的撤销登记决定", "contested_act": "撤销登记决定", "received_on": ago(received),
            "leader": leader.pk, "case": cid, **extra}
    return ok(api.post("/api/litigation/", body, format="json"), 201)


def judgment(api, matter, outcome, on, received, form="judgment"):
    return api.post(f"/api/litigation/{matter['id']}/outcome/", {
        "outcome": outcome, "outcome_form": form, "outcome_on": ago(on), "received_on": ago(received),
        "document_number": matter["external_number"], "summary": "认定事实的主要证据不足，判决撤销"}, format="json")


def nothing_undone(cid, organisation):
    organisation.refresh_from_db()
    assert organisation.status == "deregistered"
    assert not TimelineEvent.objects.filter(case_id=cid, kind="outcome_effective").exists()
    assert not Refund.objects.filter(case_id=cid).exists()


def test_a_first_instance_revocation_waits_for_its_appeal_window(deregistered, adviser_api, leader, organisation):
    matter = lawsuit(adviser_api, leader, deregistered)
    ok(judgment(adviser_api, matter, "revoked", on=5, received=3))
    nothing_undone(deregistered, organisation)
    # 15 days from receipt (Art. 85; a window ending on a rest day runs on to the next working day).
    last_day = APPEAL_JUDGMENT.due(datetime.date.fromisoformat(ago(3))).due
    assert last_day >= datetime.date.fromisoformat(ago(3)) + datetime.timedelta(days=15)
    matters_apply_effective(today=last_day)
    nothing_undone(deregistered, organisation)
    assert matters_apply_effective(today=last_day + datetime.timedelta(days=30)) == 1
    organisation.refresh_from_db()
    assert organisation.status == "normal"  # what it held before the deregistration
    assert Matter.objects.get(pk=matter["id"]).outcome_effective_on == last_day + datetime.timedelta(days=1)
    event = TimelineEvent.objects.get(case_id=deregistered, kind="outcome_effective")
    assert event.data["registry_restored"] == {"organisation": "normal"}
    # Run again: nothing more happens.
    assert matters_apply_effective(today=last_day + datetime.timedelta(days=31)) == 0
    assert TimelineEvent.objects.filter(case_id=deregistered, kind="outcome_effective").count() == 1


def test_an_appealed_and_reversed_revocation_undoes_nothing(deregistered, adviser_api, leader, organisation):
    first = lawsuit(adviser_api, leader, deregistered)
    ok(judgment(adviser_api, first, "revoked", on=5, received=3))
    ok(adviser_api.post(f"/api/litigation/{first['id']}/appeal/", {"date": ago(1)}, format="json"))
    second = lawsuit(adviser_api, leader, deregistered, kind="second_instance", number="（2026）鄂96行终5号",
                     received=1)
    ok(judgment(adviser_api, second, "rejected", on=0, received=0))  # 撤销一审判决，驳回诉讼请求
    # Long after the first judgment's window: it was appealed, so it never takes effect.
    matters_apply_effective(today=TODAY + datetime.timedelta(days=60))
    nothing_undone(deregistered, organisation)
    assert Matter.objects.get(pk=first["id"]).outcome_effective_on is None
    assert Matter.objects.get(pk=second["id"]).outcome_effective_on == TODAY  # effective, in the bureau's favour


def test_no_appeal_once_the_judgment_is_effective(deregistered, adviser_api, leader, organisation):
    matter = lawsuit(adviser_api, leader, deregistered)
    ok(judgment(adviser_api, matter, "revoked", on=40, received=38))  # the window ended 23 days ago
    before = Matter.objects.filter(pk=matter["id"]).values().get()
    refused = adviser_api.post(f"/api/litigation/{matter['id']}/appeal/", {"date": ago(1)}, format="json")
    assert refused.status_code == 409 and "第八十五条" in refused.json()["detail"], refused.json()
    assert Matter.objects.filter(pk=matter["id"]).values().get() == before


def test_an_effective_revocation_restores_refunds_and_withdraws(celery_worker, decide_case, editors, client_for,  # noqa: F811
                                                                 make_user, leader, officers, publication_root):
    """A fine paid in full under a decision that a reconsideration decision revokes (effective on service)."""
    case = decide_case()
    notice = Notice.objects.get(case=case)
    client_for(editors[0]).post(f"/api/disclosures/{notice.pk}/check-redaction/")
    client_for(editors[1]).post(f"/api/disclosures/{notice.pk}/approve/")
    celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="published").exists())
    officer = client_for(officers[0])
    enforcement = ok(officer.post("/api/enforcement/", {"case": case.pk}, format="json"), 201)
    ok(officer.post(f"/api/enforcement/{enforcement['id']}/actions/", {
        "action": "record_payment", "amount": "5000.00", "receipt_number": "HB2026-0001", "date": ago(2)},
        format="json"))
    adviser = client_for(make_user(Role.LEGAL_ADVISER, full_name="周律师"))
    matter = lawsuit(adviser, leader, case.pk, kind="reconsideration", number="潜政复〔2026〕3号", received=1,
                     body="潜江市人民政府")
    ok(judgment(adviser, matter, "revoked", on=0, received=0, form="reconsideration_decision"))

    celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="withdrawn").exists(), timeout=40)
    notice.refresh_from_db()
    assert notice.withdrawal_trigger == "reconsideration" and "复议决定" in notice.withdrawal_reason
    assert (publication_root / notice.url_path).read_text().count("本公示已撤回") >= 1
    assert Enforcement.objects.get(pk=enforcement["id"]).state == "voided"
    assert not Enforcement.objects.get(pk=enforcement["id"]).deadlines.exists()  # nothing is due under it now
    refund = Refund.objects.get(case=case)
    assert (refund.state, str(refund.amount), refund.due_on) == ("due", "5000.00", TODAY)
    # The leader who approves it and the handling officers hear of it through the bell, once.
    told = Notification.objects.filter(kind="refund_due", key=f"refund:{refund.pk}")
    assert {n.recipient_id for n in told} == {leader.pk, *(o.pk for o in officers)}
    assert "5000.00" in told.first().title

    # The refund: a leader approves it, with the finance voucher; once.
    listed = ok(client_for(leader).get("/api/refunds/", {"case": case.pk}))["results"]
    assert [r["id"] for r in listed] == [refund.pk]
    url = f"/api/refunds/{refund.pk}/refund/"
    assert client_for(officers[0]).post(url, {"voucher_number": "TK-1"}, format="json").status_code == 403
    missing = client_for(leader).post(url, {"voucher_number": " "}, format="json")
    assert missing.status_code == 400 and "voucher_number" in missing.json()["fields"]
    early = client_for(leader).post(url, {"voucher_number": "TK-1", "date": ago(3)}, format="json")
    assert early.status_code == 400 and "date" in early.json()["fields"]
    assert Refund.objects.get(pk=refund.pk).state == "due"
    done = ok(client_for(leader).post(url, {"voucher_number": "TK-1"}, format="json"))
    assert (done["state"], done["voucher_number"], done["approved_by"]) == ("refunded", "TK-1", leader.pk)
    again = client_for(leader).post(url, {"voucher_number": "TK-2"}, format="json")
    assert again.status_code == 409 and Refund.objects.get(pk=refund.pk).voucher_number == "TK-1"
    assert TimelineEvent.objects.filter(case=case, kind="fine_refunded").count() == 1
    event = TimelineEvent.objects.get(case=case, kind="outcome_effective")
    assert event.data["refund_due"] == "5000.00" and event.data["notices_withdrawn"] == 1
