"""The case list: visibility, filters, free-text search, and a query count that ignores page size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Unit
from zhifa.cases import services
from zhifa.cases.models import Case


@pytest.fixture
def many_cases(officers, organisation, ground):
    cases = []
    for i in range(30):
        case = services.case_create(
            actor=officers[0], officers=officers, title=f"案件{i} 未按规定参加年检", source="inspection",
            received_on=datetime.date.today() - datetime.timedelta(days=i), party_kind="organisation",
            organisation=organisation, grounds=[ground], facts=f"第{i}号事实",
            act_date=datetime.date.today() - datetime.timedelta(days=100),
        )
        cases.append(case)
    return cases


def test_list_query_count_is_pinned(many_cases, apis):
    counts = []
    for page_size in (2, 10, 25):
        with CaptureQueriesContext(connection) as queries:
            response = apis["officer"].get("/api/cases/", {"page_size": page_size, "state": "lead",
                                                           "ordering": "-received_on"})
        assert response.status_code == 200 and len(response.json()["results"]) == page_size
        counts.append(len(queries))
    assert counts == [3, 3, 3], counts


def test_free_text_search_by_bigrams(many_cases, apis, organisation):
    results = apis["officer"].get("/api/cases/", {"q": "案件7"}).json()["results"]
    assert [c["title"] for c in results] == ["案件7 未按规定参加年检"]
    assert len(apis["officer"].get("/api/cases/", {"q": organisation.credit_code}).json()["results"]) == 30
    assert apis["officer"].get("/api/cases/", {"q": "不存在的词"}).json()["results"] == []


def test_filters(many_cases, apis, officers):
    assert len(apis["officer"].get("/api/cases/", {"officer": officers[1].pk, "page_size": 100}).json()["results"]) == 30
    recent = apis["officer"].get("/api/cases/", {"received_after": (datetime.date.today() - datetime.timedelta(days=4)).isoformat()})
    assert len(recent.json()["results"]) == 5
    assert apis["officer"].get("/api/cases/", {"overdue": "true"}).json()["results"] == []
    bad = apis["officer"].get("/api/cases/", {"state": "nonsense"})
    assert bad.status_code == 400 and "state" in bad.json()["fields"]


def test_visibility(many_cases, make_user, client_for, agency):
    other_unit = Unit.objects.create(agency=agency, name="执法监督科")
    outsider = make_user(Role.OFFICER, unit=other_unit)
    assert client_for(outsider).get("/api/cases/").json()["results"] == []
    assert client_for(outsider).get(f"/api/cases/{many_cases[0].pk}/").status_code == 404
    reviewer = make_user(Role.LEGAL_REVIEWER)
    assert len(client_for(reviewer).get("/api/cases/", {"page_size": 100}).json()["results"]) == 30
    editor = make_user(Role.DISCLOSURE_EDITOR)
    assert client_for(editor).get("/api/cases/").json()["results"] == []  # nothing decided yet
    assert Case.objects.count() == 30


def test_the_list_rows_are_what_the_declared_fields_give(db):
    """The list serializer reads its values straight off each case (its hot path); over the varied demo
    cases — decided with fines, overdue, without an organisation or a leader — it must give exactly what
    its declared fields give through DRF's generic path."""
    from django.core.management import call_command
    from rest_framework import serializers

    from zhifa.cases import selectors
    from zhifa.accounts.models import User
    from zhifa.cases.api.serializers import CaseListSerializer

    call_command("load_demo", verbosity=0)
    reader = User.objects.get(username="leader1")
    cases = list(selectors.case_list_page(user=reader).order_by("id"))
    assert len(cases) >= 20
    assert any(c.overdue for c in cases) and any(not c.overdue for c in cases)
    assert any(c.decision_fine is not None for c in cases) and any(c.leader_id is None for c in cases)
    serializer = CaseListSerializer()
    for case in cases:
        assert serializer.to_representation(case) == serializers.ModelSerializer.to_representation(serializer, case)
