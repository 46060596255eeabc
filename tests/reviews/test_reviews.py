"""Legal review rules: separation of duties, complete checklists, stale packages, deadlines, the gate."""

import datetime
import threading

import pytest
from django.db import connection

from zhifa.accounts.choices import Role
from zhifa.notifications.models import Notification
from zhifa.reviews.alerts import review_alerts_send
from zhifa.reviews.models import Review

TODAY = datetime.date.today()
PASS = [{"item": n, "verdict": "pass"} for n in range(1, 10)]


def ago(days):
    return (TODAY - datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.LEGAL_REVIEWER, full_name="陈审核", legal_qualification=True)


@pytest.fixture
def submitted(apis, move, lead_payload, officers):
    """A deregistration case submitted for legal review."""
    cid = apis["officer"].post("/api/cases/", {**lead_payload, "received_on": ago(40)}, format="json").json()["id"]
    move(cid, "file", "leader", date=ago(30))
    move(cid, "start_investigation", date=ago(29))
    apis["officer"].post(f"/api/cases/{cid}/documents/", {
        "kind": "inquiry_record", "officers": [o.pk for o in officers], "date": ago(28), "place": "询问室",
        "subject": "法定代表人", "record": "问答"}, format="json")
    move(cid, "close_investigation", date=ago(20), proposed_outcome="penalty", proposed_penalties=["deregistration"],
         proposed_content="撤销登记")
    response = move(cid, "submit_review", date=ago(2), discretion="情节严重")
    assert response.status_code == 200, response.json()
    return {"case": cid, "review": Review.objects.get(case_id=cid)}


def assign(apis, review, reviewer):
    return apis["leader"].post(f"/api/reviews/{review.pk}/assign/", {"reviewer": reviewer.pk}, format="json")


def test_submission_freezes_a_package_with_a_deadline(submitted, apis):
    review = apis["officer"].get(f"/api/reviews/{submitted['review'].pk}/").json()
    assert review["state"] == "submitted" and review["current_package"] == 1
    package = review["packages"][0]["content"]
    assert package["application"]["discretion"] == "情节严重"
    assert "询问笔录" in [e["kind"] for e in package["evidence"]]
    assert review["due_date"] > ago(2)


def test_double_submission_is_refused(submitted, move):
    response = move(submitted["case"], "submit_review")
    assert response.status_code == 409


@pytest.mark.parametrize("who, fragment", [
    ("officer_reviewer", "法制审核人员"),        # a handling officer cannot be the reviewer
    ("unqualified", "法律职业资格"),              # a first-time reviewer without the qualification
])
def test_separation_of_duties_on_assignment(submitted, apis, make_user, officers, who, fragment):
    person = officers[0] if who == "officer_reviewer" else make_user(Role.LEGAL_REVIEWER, legal_qualification=False)
    response = assign(apis, submitted["review"], person)
    assert response.status_code == 403 and fragment in response.json()["detail"]


def test_only_the_assigned_reviewer_records_the_outcome(submitted, apis, reviewer, make_user, client_for):
    assert assign(apis, submitted["review"], reviewer).status_code == 200
    other = make_user(Role.LEGAL_REVIEWER, legal_qualification=True)
    body = {"package": 1, "outcome": "agree", "verdicts": PASS, "opinion": "同意"}
    response = client_for(other).post(f"/api/reviews/{submitted['review'].pk}/outcome/", body, format="json")
    assert response.status_code == 403 and "分配" in response.json()["detail"]
    assert apis["officer"].post(f"/api/reviews/{submitted['review'].pk}/outcome/", body,
                                format="json").status_code == 403


def test_outcome_needs_every_item(submitted, apis, reviewer, client_for):
    assign(apis, submitted["review"], reviewer)
    response = client_for(reviewer).post(f"/api/reviews/{submitted['review'].pk}/outcome/", {
        "package": 1, "outcome": "agree", "verdicts": PASS[:7], "opinion": "同意"}, format="json")
    assert response.status_code == 400 and "8, 9" in response.json()["fields"]["verdicts"][0]
    problem = [*PASS[:3], {"item": 4, "verdict": "problem"}, *PASS[4:]]
    response = client_for(reviewer).post(f"/api/reviews/{submitted['review'].pk}/outcome/", {
        "package": 1, "outcome": "agree", "verdicts": problem, "opinion": "同意"}, format="json")
    assert response.status_code == 400 and "outcome" in response.json()["fields"]
    correct = client_for(reviewer).post(f"/api/reviews/{submitted['review'].pk}/outcome/", {
        "package": 1, "outcome": "correct", "verdicts": problem, "opinion": "退回"}, format="json")
    assert correct.status_code == 400 and {"correction_categories", "corrections"} <= set(correct.json()["fields"])


def test_outcome_on_a_stale_package_gets_409(submitted, apis, reviewer, client_for):
    assign(apis, submitted["review"], reviewer)
    api = client_for(reviewer)
    url = f"/api/reviews/{submitted['review'].pk}/outcome/"
    problem = [*PASS[:3], {"item": 4, "verdict": "problem"}, *PASS[4:]]
    api.post(url, {"package": 1, "outcome": "correct", "verdicts": problem, "opinion": "退回",
                   "correction_categories": ["insufficient_evidence"], "corrections": "补证"}, format="json")
    apis["officer"].post(f"/api/reviews/{submitted['review'].pk}/resubmit/", {"note": "已补证"}, format="json")
    stale = api.post(url, {"package": 1, "outcome": "agree", "verdicts": PASS, "opinion": "同意"}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_package"
    assert api.post(url, {"package": 2, "outcome": "agree", "verdicts": PASS, "opinion": "同意"},
                    format="json").status_code == 200


def test_the_opinion_document_is_numbered_into_the_case_file(submitted, apis, reviewer, client_for):
    assign(apis, submitted["review"], reviewer)
    client_for(reviewer).post(f"/api/reviews/{submitted['review'].pk}/outcome/", {
        "package": 1, "outcome": "agree", "verdicts": PASS, "opinion": "同意作出撤销登记决定。"}, format="json")
    docs = apis["officer"].get(f"/api/cases/{submitted['case']}/documents/").json()
    opinion = next(d for d in docs if d["kind"] == "legal_review_opinion")
    assert opinion["number"].startswith("潜民法审〔") and "同意作出撤销登记决定" in opinion["body"]


def test_disagreement_never_overrules_a_failed_review(submitted, apis, reviewer, client_for):
    """Art. 58: "审核未通过的，不得作出决定". The leaders hear a dispute, but cannot overrule the correction, and a
    review that has not passed is never recorded as agreed."""
    assign(apis, submitted["review"], reviewer)
    problem = [*PASS[:5], {"item": 6, "verdict": "problem", "note": "裁量过重"}, *PASS[6:]]
    client_for(reviewer).post(f"/api/reviews/{submitted['review'].pk}/outcome/", {
        "package": 1, "outcome": "correct", "verdicts": problem, "opinion": "建议从轻",
        "correction_categories": ["improper_discretion"], "corrections": "改为警告"}, format="json")
    disputed = apis["officer"].post(f"/api/reviews/{submitted['review'].pk}/dispute/",
                                    {"reason": "连续两年不参加年检属情节严重"}, format="json")
    assert disputed.json()["state"] == "disputed"
    overruled = apis["leader"].post(f"/api/reviews/{submitted['review'].pk}/resolve-dispute/", {
        "result": "overrule_correction", "minutes": "局务会集体讨论，认定情节严重，维持撤销登记。"}, format="json")
    assert overruled.status_code == 409 and "第五十八条" in overruled.json()["detail"]
    assert apis["officer"].get(f"/api/reviews/{submitted['review'].pk}/").json()["state"] == "disputed"
    upheld = apis["leader"].post(f"/api/reviews/{submitted['review'].pk}/resolve-dispute/", {
        "result": "uphold_correction", "minutes": "局务会讨论，维持审核意见，退回补正。"}, format="json")
    assert upheld.status_code == 200 and upheld.json()["state"] == "correction_requested"


def test_extension_once_with_a_leader(submitted, apis):
    url = f"/api/reviews/{submitted['review'].pk}/extend/"
    assert apis["officer"].post(url, {"reason": "案情复杂"}, format="json").status_code == 403
    before = submitted["review"].due_date
    extended = apis["leader"].post(url, {"reason": "案情复杂"}, format="json")
    assert extended.status_code == 200 and extended.json()["due_date"] > before.isoformat()
    assert apis["leader"].post(url, {"reason": "再延"}, format="json").status_code == 409


def test_reminders_for_due_soon_and_overdue(submitted, apis, reviewer):
    assign(apis, submitted["review"], reviewer)
    review = Review.objects.get(pk=submitted["review"].pk)
    assert review_alerts_send(today=review.due_date) == {"due_soon": 1, "overdue": 0}
    assert review_alerts_send(today=review.due_date) == {"due_soon": 0, "overdue": 0}  # once per status
    late = review.due_date + datetime.timedelta(days=1)
    assert review_alerts_send(today=late) == {"due_soon": 0, "overdue": 1}
    kinds = set(Notification.objects.filter(recipient=reviewer).values_list("kind", flat=True))
    assert {"review_assigned", "review_due_soon", "review_overdue"} <= kinds


def test_reviewer_queue(submitted, apis, reviewer, client_for):
    assign(apis, submitted["review"], reviewer)
    api = client_for(reviewer)
    assert [r["id"] for r in api.get("/api/reviews/?mine=true").json()["results"]] == [submitted["review"].pk]
    assert api.get("/api/reviews/?due=overdue").json()["results"] == []
    assert api.get("/api/reviews/?due=never").status_code == 400


def test_statistics(submitted, apis, reviewer, client_for):
    assign(apis, submitted["review"], reviewer)
    client_for(reviewer).post(f"/api/reviews/{submitted['review'].pk}/outcome/", {
        "package": 1, "outcome": "agree", "verdicts": PASS, "opinion": "同意"}, format="json")
    stats = apis["leader"].get(f"/api/reviews/statistics/?start={ago(30)}").json()
    assert stats["outcomes"] == 1 and stats["pass_rate"] == 1.0 and stats["by_outcome"]["agree"] == 1
    assert stats["average_working_days"] is not None


def test_two_reviewers_racing_one_wins(transactional_db, submitted, apis, reviewer, client_for):
    assign(apis, submitted["review"], reviewer)
    results = []

    def attempt(outcome):
        try:
            body = {"package": 1, "outcome": outcome, "verdicts": PASS, "opinion": outcome}
            if outcome == "recommend_transfer":
                body["opinion"] = "涉嫌犯罪，建议移送"
            results.append(client_for(reviewer).post(f"/api/reviews/{submitted['review'].pk}/outcome/", body,
                                                     format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(o,)) for o in ("agree", "recommend_transfer", "agree")]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(results) == [200, 409, 409]
