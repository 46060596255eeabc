"""Once the legal review has agreed to what is proposed, the case neither asks for it again nor offers to
submit it again (行政处罚法第五十八条: reviewed before the decision, once for what is decided)."""

import pytest

from tests.reviews.test_reviews import PASS, ago, assign, reviewer, submitted  # noqa: F401 - the fixtures
from zhifa.reviews.models import Review


def agree(client_for, reviewer, review):  # noqa: F811
    response = client_for(reviewer).post(f"/api/reviews/{review.pk}/outcome/", {
        "package": 1, "outcome": "agree", "verdicts": PASS, "opinion": "同意"}, format="json")
    assert response.status_code == 200, response.json()


def submit_review_of(api, case_id):
    detail = api.get(f"/api/cases/{case_id}/").json()
    return detail, next((a for a in detail["actions"] if a["action"] == "submit_review"), None)


@pytest.fixture
def agreed(submitted, apis, reviewer, client_for, move):  # noqa: F811
    assign(apis, submitted["review"], reviewer)
    agree(client_for, reviewer, submitted["review"])
    assert move(submitted["case"], "notify", date=ago(1), notice_received_on=ago(1)).status_code == 200
    return submitted


def test_before_the_review_agrees_it_is_still_required(submitted, apis):  # noqa: F811
    detail = apis["officer"].get(f"/api/cases/{submitted['case']}/").json()
    assert detail["is_major"] is True and detail["legal_review_passed"] is False


def test_an_agreed_review_is_not_asked_for_or_offered_again(agreed, apis, move):
    detail, submit = submit_review_of(apis["officer"], agreed["case"])
    assert detail["state"] == "notified" and detail["legal_review_passed"] is True
    assert submit is not None and submit["allowed"] is False
    assert any("已同意" in r["detail"] and "第五十八条" in r["article"] for r in submit["reasons"])
    before = Review.objects.filter(case_id=agreed["case"]).count()
    refused = move(agreed["case"], "submit_review", date=ago(0))
    assert refused.status_code == 409 and "第五十八条" in refused.json()["detail"]
    assert Review.objects.filter(case_id=agreed["case"]).count() == before
