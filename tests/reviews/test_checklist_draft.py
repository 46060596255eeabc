"""The reviewer's unfinished checklist is kept on the server: a reload (or another computer) finds it, only the
assigned reviewer sees or saves it, and the outcome clears it."""

import pytest

from tests.reviews.test_reviews import PASS, assign, reviewer, submitted  # noqa: F401 - the fixtures


@pytest.fixture
def reviewing(submitted, apis, reviewer, client_for):  # noqa: F811
    assign(apis, submitted["review"], reviewer)
    return client_for(reviewer), submitted["review"]


DRAFT = {"package": 1, "opinion": "初步意见", "verdicts": [
    {"item": 1, "verdict": "pass", "note": ""}, {"item": 4, "verdict": "problem", "note": "询问笔录缺签名"},
    {"item": 8, "verdict": "", "note": "待核实"}]}


def test_a_saved_draft_is_there_after_a_reload(reviewing):
    api, review = reviewing
    assert api.put(f"/api/reviews/{review.pk}/draft/", DRAFT, format="json").status_code == 200
    draft = api.get(f"/api/reviews/{review.pk}/").json()["checklist_draft"]
    assert draft["package"] == 1 and draft["opinion"] == "初步意见"
    assert {v["item"]: v["verdict"] for v in draft["verdicts"]} == {1: "pass", 4: "problem", 8: ""}
    assert draft["verdicts"][1]["note"] == "询问笔录缺签名"


def test_only_the_assigned_reviewer_sees_or_saves_it(reviewing, apis):
    api, review = reviewing
    api.put(f"/api/reviews/{review.pk}/draft/", DRAFT, format="json")
    assert apis["leader"].get(f"/api/reviews/{review.pk}/").json()["checklist_draft"] is None
    assert apis["leader"].put(f"/api/reviews/{review.pk}/draft/", DRAFT, format="json").status_code == 403


def test_a_wrong_answer_or_a_stale_package_is_refused_and_keeps_the_draft(reviewing):
    api, review = reviewing
    api.put(f"/api/reviews/{review.pk}/draft/", DRAFT, format="json")
    bad = {**DRAFT, "verdicts": [{"item": 1, "verdict": "transfer"}]}
    refused = api.put(f"/api/reviews/{review.pk}/draft/", bad, format="json")
    assert refused.status_code == 400 and "verdicts" in refused.json()["fields"]
    assert api.put(f"/api/reviews/{review.pk}/draft/", {**DRAFT, "package": 2}, format="json").status_code == 409
    assert api.get(f"/api/reviews/{review.pk}/").json()["checklist_draft"]["opinion"] == "初步意见"


def test_the_outcome_clears_the_draft(reviewing):
    api, review = reviewing
    api.put(f"/api/reviews/{review.pk}/draft/", DRAFT, format="json")
    assert api.post(f"/api/reviews/{review.pk}/outcome/", {"package": 1, "outcome": "agree", "verdicts": PASS,
                                                           "opinion": "同意"}, format="json").status_code == 200
    assert api.get(f"/api/reviews/{review.pk}/").json()["checklist_draft"] is None
