"""Hostile input: whatever a client sends, the answer is a 4xx in the error shape, never a 500."""

import pytest

from zhifa.accounts.choices import Role

ERROR_KEYS = {"status", "code", "detail", "detail_en", "fields"}


DATE_TIME_FILTERS = [
    ("/api/evidence/access-log/", "after"), ("/api/evidence/access-log/", "before"),
    ("/api/evidence/", "collected_after"), ("/api/evidence/", "collected_before"),
]


@pytest.mark.parametrize("url, name", DATE_TIME_FILTERS)
def test_any_offset_is_read_in_local_time(make_user, client_for, url, name):
    # Python parses offsets up to ±23:59; PostgreSQL refuses past ±15:59. Found by the API fuzzing.
    api = client_for(make_user(Role.LEADER))
    assert api.get(url, {name: "0475-04-29T07:35:41-21:01"}).status_code == 200


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00"])
@pytest.mark.parametrize("url, name", DATE_TIME_FILTERS)
def test_instants_outside_the_calendar_are_refused(make_user, client_for, url, name, value):
    api = client_for(make_user(Role.LEADER))
    response = api.get(url, {name: value})
    assert response.status_code == 400, response.content
    assert set(response.json()) == ERROR_KEYS and name in response.json()["fields"]


def test_an_ordinary_date_time_filter_still_works(make_user, client_for):
    api = client_for(make_user(Role.LEADER))
    assert api.get("/api/evidence/access-log/", {"after": "2024-01-01T00:00:00+08:00"}).status_code == 200
