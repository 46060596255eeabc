"""Scenario helpers for tests/law: dates relative to today, and the assertion that a refusal names its
article and changed nothing."""

import datetime

from zhifa.cases.models import Case

TODAY = datetime.date.today()
PASS = [{"item": n, "verdict": "pass", "note": "符合"} for n in range(1, 10)]
LEADERS = [{"name": "刘局长", "opinion": "同意。"}, {"name": "王副局长", "opinion": "事实清楚，同意。"}]


def ago(days: int) -> str:
    return (TODAY - datetime.timedelta(days=days)).isoformat()


def ok(response, status=200):
    assert response.status_code == status, response.json()
    return response.json()


def snapshot(case_id: int) -> dict:
    """Everything a refusal must leave as it was: the case row, its timeline, documents and reviews."""
    case = Case.objects.get(pk=case_id)
    row = {k: v for k, v in Case.objects.filter(pk=case_id).values().get().items() if k != "updated_at"}
    return {"case": row, "events": case.events_timeline.count(), "documents": case.documents.count(),
            "reviews": list(case.reviews.values_list("state", flat=True))}


def forbidden(response, *articles: str, case_id: int | None = None, before: dict | None = None) -> dict:
    """A 409 whose Chinese reason names each article given (e.g. "第三十六条"); nothing changed."""
    assert response.status_code == 409, response.json()
    body = response.json()
    for article in articles:
        assert article in body["detail"], body
    assert "Art." in body["detail_en"] or "Art" in body["detail_en"], body
    if before is not None:
        assert snapshot(case_id) == before
    return body
