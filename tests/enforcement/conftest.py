"""A case decided and served through the real procedure, then set back in time so that the fine's periods
have run: the procedure itself refuses future dates, and every date of enforcement is computed here with the
calendar engine, as the service computes it."""

import datetime

import pytest
from django.db.models import F

from zhifa.cases.deadlines import deadlines_recompute
from zhifa.cases.models import Case

DATE_FIELDS = ["received_on", "act_date", "filed_on", "investigation_started_on", "investigation_closed_on",
               "notified_on", "notice_received_on", "decided_on", "served_on"]


def days_ago(n: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=n)


@pytest.fixture
def served_case(decide_case):
    """served_case(days_ago, fine=5000) -> a case whose 5000 yuan fine was served that many days ago."""

    def make(days: int, fine=5000):
        case = decide_case(penalties=("warning", "fine"), fine=fine)
        shift = datetime.timedelta(days=days - (datetime.date.today() - case.served_on).days)
        Case.objects.filter(pk=case.pk).update(**{name: F(name) - shift for name in DATE_FIELDS})
        case.refresh_from_db()
        deadlines_recompute(case=case)
        assert case.served_on == days_ago(days)
        return case

    return make


@pytest.fixture
def enforce(apis):
    """enforce(case) -> the enforcement opened through the API; act(id, action, who, **data) -> response."""

    def open_(case):
        response = apis["officer"].post("/api/enforcement/", {"case": case.pk}, format="json")
        assert response.status_code == 201, response.content
        return response.json()

    return open_


@pytest.fixture
def act(apis):
    def do(enforcement_id, action, who="officer", **data):
        values = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()}
        body = {"action": action, **values}
        return apis[who].post(f"/api/enforcement/{enforcement_id}/actions/", body, format="json")

    return do
