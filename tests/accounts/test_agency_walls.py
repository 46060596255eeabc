"""An agency's administrator manages the agency's own people: a body that names another agency's unit or
officer is refused on that field (400, as an id that does not exist), and nothing moves.

Regression for the security review's cross-agency takeover: an administrator of agency B moved a user
into agency A with PATCH /api/users/{id}/ {"unit": <A's unit>}, and gave himself A's officer through
PATCH /api/credentials/{id}/ {"holder": <A's officer>}."""

import pytest

from zhifa.accounts.choices import Role
from zhifa.accounts.models import EnforcementCredential, Unit, User


@pytest.fixture
def foreign_unit(other_agency):
    return Unit.objects.create(agency=other_agency, name="仙桃执法科")


@pytest.fixture
def foreign_admin(make_user, foreign_unit):
    return make_user(Role.ADMINISTRATOR, unit=foreign_unit)


def _refused_on(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["fields"] and body["code"] == "invalid"
    return body["fields"][field]


def test_an_administrator_cannot_move_a_user_into_another_agency(client_for, foreign_admin, unit, officer):
    api = client_for(foreign_admin)
    for who in (foreign_admin, User.objects.create_user("xt-clerk", password="x", unit=foreign_admin.unit,
                                                          role=Role.OFFICER)):
        message = _refused_on(api.patch(f"/api/users/{who.pk}/", {"unit": unit.pk}, format="json"), "unit")
        assert "不存在" in message[0] or "无效" in message[0]
        who.refresh_from_db()
        assert who.unit.agency_id == foreign_admin.agency_id
    # ...nor create one there.
    _refused_on(api.post("/api/users/", {"username": "spy", "full_name": "某", "role": "officer", "unit": unit.pk,
                                         "password": "zhifa-test-pw"}, format="json"), "unit")
    assert not User.objects.filter(username="spy").exists()


def test_an_administrator_cannot_hand_a_credential_to_another_agencys_officer(client_for, foreign_admin, officer,
                                                                             make_user, foreign_unit):
    api = client_for(foreign_admin)
    own_officer = make_user(Role.OFFICER, unit=foreign_unit)
    credential = own_officer.credentials.get()
    _refused_on(api.patch(f"/api/credentials/{credential.pk}/", {"holder": officer.pk}, format="json"), "holder")
    credential.refresh_from_db()
    assert credential.holder_id == own_officer.pk
    before = EnforcementCredential.objects.count()
    _refused_on(api.post("/api/credentials/", {"holder": officer.pk, "number": "42900499999",
                                               "valid_from": "2024-01-01", "valid_to": "2030-01-01"},
                         format="json"), "holder")
    assert EnforcementCredential.objects.count() == before


def test_within_the_agency_the_same_writes_work(admin_api, officer, unit):
    other_unit = Unit.objects.create(agency=unit.agency, name="综合科")
    assert admin_api.patch(f"/api/users/{officer.pk}/", {"unit": other_unit.pk}, format="json").status_code == 200
    officer.refresh_from_db()
    assert officer.unit_id == other_unit.pk


def test_a_foreign_id_reads_like_a_missing_one(client_for, foreign_admin, unit):
    """The refusal does not tell whether the id exists elsewhere."""
    api = client_for(foreign_admin)
    foreign = api.patch(f"/api/users/{foreign_admin.pk}/", {"unit": unit.pk}, format="json").json()["fields"]["unit"]
    missing = api.patch(f"/api/users/{foreign_admin.pk}/", {"unit": 987654321}, format="json").json()["fields"]["unit"]
    assert foreign[0].replace(str(unit.pk), "?") == missing[0].replace("987654321", "?")
