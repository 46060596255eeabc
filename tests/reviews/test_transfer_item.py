"""Checklist item 8 asks whether the facts suggest a crime to be transferred to the judicial organs (行政处罚法第
二十七条): it is answered 不涉嫌犯罪 / 涉嫌犯罪、应当移送, not 符合 / 存在问题; a suspected crime is never agreed."""

import pytest

from tests.reviews.test_reviews import PASS, assign, reviewer, submitted  # noqa: F401 - the fixtures
from zhifa.reviews.models import ItemVerdict

TRANSFER_ITEM = 8


def verdicts(**answers):
    return [{"item": n, "verdict": answers.get(str(n), "pass"), "note": "移送情况说明" if n == TRANSFER_ITEM else ""}
            for n in range(1, 10)]


@pytest.fixture
def reviewing(submitted, apis, reviewer, client_for):  # noqa: F811
    assign(apis, submitted["review"], reviewer)
    return client_for(reviewer), submitted["review"]


def outcome(api, review, answers, result="agree"):
    return api.post(f"/api/reviews/{review.pk}/outcome/", {
        "package": 1, "outcome": result, "verdicts": answers, "opinion": "意见"}, format="json")


def test_the_checklist_offers_item_8_its_own_answers(reviewing):
    api, _ = reviewing
    checklist = api.get("/api/review-checklists/").json()["results"][0]
    options = {item["number"]: item["options"] for item in checklist["items"]}
    assert options[TRANSFER_ITEM] == ["no_transfer", "transfer"]
    assert all(options[n] == ["pass", "problem", "not_applicable"] for n in options if n != TRANSFER_ITEM)


def test_no_crime_suspected_is_recorded_as_such(reviewing):
    api, review = reviewing
    response = outcome(api, review, verdicts(**{"8": "no_transfer"}))
    assert response.status_code == 200, response.json()
    assert ItemVerdict.objects.get(package__review=review, item=TRANSFER_ITEM).verdict == "no_transfer"


def test_a_suspected_crime_is_not_agreed(reviewing):
    api, review = reviewing
    refused = outcome(api, review, verdicts(**{"8": "transfer"}))
    assert refused.status_code == 400 and "outcome" in refused.json()["fields"]
    assert outcome(api, review, verdicts(**{"8": "transfer"}), "recommend_transfer").status_code == 200


def test_each_item_takes_only_its_own_answers(reviewing):
    api, review = reviewing
    refused = outcome(api, review, verdicts(**{"1": "no_transfer"}))
    assert refused.status_code == 400 and "verdicts" in refused.json()["fields"]
    refused = outcome(api, review, verdicts(**{"8": "not_applicable"}))
    assert refused.status_code == 400 and "verdicts" in refused.json()["fields"]
    assert not ItemVerdict.objects.filter(package__review=review).exists()


def test_the_old_answers_to_item_8_still_work(reviewing):
    api, review = reviewing
    assert outcome(api, review, PASS).status_code == 200  # 符合 on item 8: no crime suspected
    assert ItemVerdict.objects.get(package__review=review, item=TRANSFER_ITEM).verdict == "no_transfer"
