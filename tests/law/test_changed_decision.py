"""《中华人民共和国行政复议法》第六十三条；《中华人民共和国行政诉讼法》第七十七条

行政复议法 第六十三条 行政行为有下列情形之一的，行政复议机关决定变更该行政行为：（一）事实清楚，证据确凿，适用依据正确，
程序合法，但是内容不适当；…… 行政复议机关不得作出对申请人更为不利的变更决定，但是第三人提出相反请求的除外。
行政诉讼法 第七十七条 行政处罚明显不当，或者其他行政行为涉及对款额的确定、认定确有错误的，人民法院可以判决变更。
人民法院判决变更，不得加重原告的义务或者减损原告的权益。……

Once effective, a 变更 records the changed decision, republishes it and adjusts execution (DOMAIN.md §7): the
register gets back what the changed decision no longer imposes, what was paid above the changed fine falls due
for refund, and the decision notice is drafted again. The bureau's own decision is kept, and the legal audit
still judges the procedure on it.
"""

import datetime
from decimal import Decimal

import pytest

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture
from tests.law.scenario import TODAY, ago, ok
from tests.law.test_outcome_takes_effect import deregistered, lawsuit  # noqa: F401 - fixture
from zhifa.accounts.choices import Role
from zhifa.cases.legal_audit import legal_audit
from zhifa.cases.models import Case, TimelineEvent
from zhifa.disclosure.models import Notice
from zhifa.enforcement.models import Enforcement, Refund
from zhifa.litigation.models import Matter
from zhifa.litigation.services import matters_apply_effective
from zhifa.sanctions.services import credit_listing_create


@pytest.fixture(autouse=True)
def _own_publication_store(publication_root):
    return publication_root


@pytest.fixture
def celery_worker_queues():
    return ("default", "publish")


@pytest.fixture
def adviser_api(make_user, client_for):
    return client_for(make_user(Role.LEGAL_ADVISER, full_name="周律师"))


def changes(api, leader, cid, *, number="潜政复〔2026〕9号", day=1, **changed):
    """The people's government changes the decision; a reconsideration decision is effective on service."""
    matter = lawsuit(api, leader, cid, kind="reconsideration", number=number, received=day + 2, body="潜江市人民政府")
    response = api.post(f"/api/litigation/{matter['id']}/outcome/", {
        "outcome": "changed", "outcome_form": "reconsideration_decision", "outcome_on": ago(day),
        "received_on": ago(day), "document_number": number, "summary": "处罚明显不当，予以变更", **changed},
        format="json")
    return matter, response


def test_a_lower_fine_refunds_the_excess_and_republishes(celery_worker, decide_case, editors, client_for,  # noqa: F811
                                                         leader, officers, adviser_api, publication_root):
    case = decide_case()  # 警告，并处罚款5000元; served
    notice = Notice.objects.get(case=case)
    client_for(editors[0]).post(f"/api/disclosures/{notice.pk}/check-redaction/")
    client_for(editors[1]).post(f"/api/disclosures/{notice.pk}/approve/")
    celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="published").exists())
    officer = client_for(officers[0])
    enforcement = ok(officer.post("/api/enforcement/", {"case": case.pk}, format="json"), 201)
    ok(officer.post(f"/api/enforcement/{enforcement['id']}/actions/", {
        "action": "record_payment", "amount": "5000.00", "receipt_number": "HB2026-0002", "date": ago(2)},
        format="json"))

    matter, response = changes(adviser_api, leader, case.pk, changed_penalties=["warning", "fine"],
                               changed_fine="2000.00", changed_content="警告，并处罚款2000元。")
    ok(response)
    celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="withdrawn").exists(), timeout=40)
    matters_apply_effective(today=TODAY)  # the task already ran: nothing more happens

    case.refresh_from_db()
    assert (case.decision_penalties, case.decision_fine) == (["fine", "warning"], Decimal("2000.00"))
    assert case.decision_content == "警告，并处罚款2000元。" and case.state == "served"
    original = case.overturned_decisions[-1]
    assert original["kind"] == "changed" and original["decision"]["fine"] == "5000.00"
    event = TimelineEvent.objects.get(case=case, kind="decision_changed")
    assert event.data["original"]["fine"] == "5000.00" and event.data["fine"] == "2000.00"
    # Execution follows the changed decision: performed, and 3000 yuan paid above it falls due for refund.
    live = Enforcement.objects.get(pk=enforcement["id"])
    assert (live.fine, live.state) == (Decimal("2000.00"), "performed")
    refund = Refund.objects.get(case=case)
    assert (refund.amount, refund.principal, refund.state) == (Decimal("3000.00"), Decimal("3000.00"), "due")
    # The old notice is withdrawn, and the changed decision is drafted again, due from the day it took effect.
    drafted = Notice.objects.filter(case=case).exclude(pk=notice.pk).exclude(kind="withdrawal_statement").get()
    # It is the decision as served, with the change stated after it; the 双公示 fields hold the changed one.
    assert drafted.state == "draft" and drafted.body.endswith("警告，并处罚款2000元。"), drafted.body
    assert "变更说明：本决定经潜江市人民政府潜政复〔2026〕9号变更" in drafted.body
    assert drafted.fields["CF_NR"] == "警告，并处罚款2000元。" and "潜政复〔2026〕9号" in drafted.fields["BZ"]
    assert drafted.due_date > datetime.date.fromisoformat(ago(1))
    effective = TimelineEvent.objects.get(case=case, kind="outcome_effective")
    assert effective.data["refund_due"] == "3000.00" and effective.data["notice_drafted"] == drafted.pk
    # The audit judges the bureau's procedure on the decision it made (5000 as notified), not on the change.
    assert legal_audit(queryset=Case.objects.filter(pk=case.pk)).violations == []
    # A second application of the effective outcome changes nothing.
    assert Matter.objects.get(pk=matter["id"]).outcome_effective_on == datetime.date.fromisoformat(ago(1))
    assert Refund.objects.filter(case=case).count() == 1


def test_a_deregistration_changed_to_a_fine_restores_the_register(deregistered, adviser_api, leader, organisation,
                                                                  officers, client_for):
    listing = credit_listing_create(case_id=deregistered, actor=leader, on=datetime.date.fromisoformat(ago(70)))
    _, response = changes(adviser_api, leader, deregistered, changed_penalties=["fine"], changed_fine="3000.00",
                          changed_content="罚款3000元。", day=3)
    ok(response)
    matters_apply_effective(today=TODAY)
    organisation.refresh_from_db()
    assert organisation.status == "normal"
    case = Case.objects.get(pk=deregistered)
    assert case.decision_penalties == ["fine"] and case.decision_fine == Decimal("3000.00")
    # A fine alone lists nobody as seriously untrustworthy: the organisation leaves the list that day.
    listing.refresh_from_db()
    assert listing.removed_on == datetime.date.fromisoformat(ago(3)) and "变更" in listing.removal_reason
    # The changed fine is enforced like any other: due 15 days from service of the decision.
    opened = ok(client_for(officers[0]).post("/api/enforcement/", {"case": deregistered}, format="json"), 201)
    assert Decimal(opened["fine"]) == Decimal("3000.00")


@pytest.mark.parametrize("changed, field, article", [
    ({"changed_penalties": ["ban"], "changed_content": "取缔"}, "changed_penalties", "第六十三条第二款"),
    ({"changed_penalties": ["deregistration"], "changed_content": ""}, "changed_content", ""),
    ({"changed_penalties": ["fine"], "changed_content": "罚款"}, "changed_fine", ""),
    ({"changed_penalties": [], "changed_content": "变更"}, "changed_penalties", ""),
])
def test_a_change_is_stated_and_never_heavier(deregistered, adviser_api, leader, changed, field, article):
    matter, refused = changes(adviser_api, leader, deregistered, number="潜政复〔2026〕10号", **changed)
    assert refused.status_code == 400 and field in refused.json()["fields"], refused.json()
    assert article in refused.json()["fields"][field][0]
    assert Matter.objects.get(pk=matter["id"]).outcome == ""
    assert Case.objects.get(pk=deregistered).decision_penalties == ["deregistration"]


def test_a_higher_fine_is_not_a_change_a_court_may_make(decide_case, adviser_api, leader):
    case = decide_case()
    matter = lawsuit(adviser_api, leader, case.pk, received=2)
    refused = adviser_api.post(f"/api/litigation/{matter['id']}/outcome/", {
        "outcome": "changed", "outcome_form": "judgment", "outcome_on": ago(1), "document_number": "（2026）鄂9005行初9号",
        "summary": "判决变更", "changed_penalties": ["warning", "fine"], "changed_fine": "8000.00",
        "changed_content": "警告，并处罚款8000元。"}, format="json")
    assert refused.status_code == 400 and "第七十七条第二款" in refused.json()["fields"]["changed_fine"][0]


def test_a_revoked_fine_decided_again_is_enforced_afresh(decide_case, adviser_api, leader, officers, client_for):
    """Revoked for a breach of procedure and decided again with the same fine: the voided enforcement stays,
    and the new decision's is opened beside it."""
    case = decide_case()
    officer = client_for(officers[0])
    first = ok(officer.post("/api/enforcement/", {"case": case.pk}, format="json"), 201)
    matter = lawsuit(adviser_api, leader, case.pk, kind="reconsideration", number="潜政复〔2026〕11号", received=3,
                     body="潜江市人民政府")
    ok(adviser_api.post(f"/api/litigation/{matter['id']}/outcome/", {
        "outcome": "revoked", "outcome_form": "reconsideration_decision", "outcome_on": ago(3), "received_on": ago(3),
        "document_number": "潜政复〔2026〕11号", "summary": "未依法告知陈述申辩权利", "orders_new_decision": True,
        "procedural_breach_only": True}, format="json"))
    matters_apply_effective(today=TODAY)
    assert Enforcement.objects.get(pk=first["id"]).state == "voided"

    def move(action, who, day, **data):
        return ok(client_for(who).post(f"/api/cases/{case.pk}/transitions/", {"action": action, "date": ago(day),
                                                                               **data}, format="json"))

    move("close_investigation", officers[0], 3, proposed_outcome="penalty", proposed_penalties=["warning", "fine"],
         proposed_fine="5000.00", proposed_content="警告，并处罚款。")
    move("notify", officers[0], 3, notice_received_on=ago(3))
    ok(officer.post(f"/api/cases/{case.pk}/statement/", {"status": "waived", "summary": "当事人书面放弃陈述、申辩",
                                                         "date": ago(2)}, format="json"))
    move("decide", leader, 1, outcome="penalty", penalties=["warning", "fine"], fine="5000.00",
         content="警告，并处罚款5000元。", basis="《社会团体登记管理条例》第三十条")
    move("serve", officers[0], 0, service_method="in_person")
    second = ok(officer.post("/api/enforcement/", {"case": case.pk}, format="json"), 201)
    assert second["id"] != first["id"] and second["state"] == "performing"
    assert Enforcement.objects.filter(case=case).count() == 2
    again = officer.post("/api/enforcement/", {"case": case.pk}, format="json")
    assert again.status_code == 409
