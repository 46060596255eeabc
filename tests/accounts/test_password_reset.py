"""An agency's administrator resets a user's password: to one the administrator chooses (held to the password
rules) or to one the server generates and shows once. Whoever held the account is signed out everywhere, the
reset stays inside the administrator's agency, and the user's history records it and who did it."""

import pytest
from pghistory.models import Events
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Unit


@pytest.fixture
def foreign_admin(make_user, other_agency):
    return make_user(Role.ADMINISTRATOR, unit=Unit.objects.create(agency=other_agency, name="仙桃执法科"))


def _signs_in(username, password) -> bool:
    return APIClient().post("/api/auth/token/", {"username": username, "password": password}).status_code == 200


def _session_client(username, password="zhifa-test-pw"):
    client = APIClient()
    assert client.post("/api/auth/login/", {"username": username, "password": password}).status_code == 200
    return client


def test_the_administrator_sets_a_temporary_password(admin_api, make_user):
    user = make_user(Role.OFFICER, username="officer9")
    response = admin_api.post(f"/api/users/{user.pk}/reset-password/", {"password": "Hanjiang-River-2026"},
                              format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["generated_password"] is None and body["user"]["id"] == user.pk
    assert "Hanjiang-River-2026" not in response.content.decode()
    assert _signs_in("officer9", "Hanjiang-River-2026")
    assert not _signs_in("officer9", "zhifa-test-pw")


def test_without_a_password_the_server_generates_one_and_shows_it_once(admin_api, client_for, make_user):
    user = make_user(Role.OFFICER, username="officer9")
    response = admin_api.post(f"/api/users/{user.pk}/reset-password/", {}, format="json")
    assert response.status_code == 200, response.content
    generated = response.json()["generated_password"]
    assert len(generated) >= 12
    assert _signs_in("officer9", generated)
    # It is not shown again: the user's record does not carry it.
    assert generated not in admin_api.get(f"/api/users/{user.pk}/").content.decode()
    # Two resets give two different passwords.
    again = admin_api.post(f"/api/users/{user.pk}/reset-password/", {}, format="json").json()["generated_password"]
    assert again != generated and _signs_in("officer9", again) and not _signs_in("officer9", generated)


def test_the_user_is_signed_out_everywhere(admin_api, client_for, make_user):
    user = make_user(Role.OFFICER, username="officer9")
    token_client = client_for(user)
    browser = _session_client("officer9")
    assert token_client.get("/api/auth/me/").status_code == 200
    assert browser.get("/api/auth/me/").status_code == 200
    assert admin_api.post(f"/api/users/{user.pk}/reset-password/", {}, format="json").status_code == 200
    assert not Token.objects.filter(user=user).exists()
    assert token_client.get("/api/auth/me/").status_code == 401
    assert browser.get("/api/auth/me/").status_code == 401


@pytest.mark.parametrize("password", ["12345678901", "password", "short1", "officer9x"])
def test_a_weak_password_is_refused_on_its_field_and_nothing_changes(admin_api, client_for, make_user, password):
    user = make_user(Role.OFFICER, username="officer9")
    token_client = client_for(user)
    response = admin_api.post(f"/api/users/{user.pk}/reset-password/", {"password": password}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["fields"]["password"] and all(body["fields"]["password"])
    assert body["detail_en"].startswith("The password does not meet the rules: ")
    assert _signs_in("officer9", "zhifa-test-pw")
    assert token_client.get("/api/auth/me/").status_code == 200
    assert not Events.objects.tracks(user).filter(pgh_label="password_reset").exists()


def test_another_agencys_administrator_finds_no_such_user(client_for, foreign_admin, make_user):
    user = make_user(Role.OFFICER, username="officer9")
    token_client = client_for(user)
    for body in ({}, {"password": "Hanjiang-River-2026"}):
        response = client_for(foreign_admin).post(f"/api/users/{user.pk}/reset-password/", body, format="json")
        assert response.status_code == 404, response.content
    missing = client_for(foreign_admin).post("/api/users/987654321/reset-password/", {}, format="json")
    assert missing.json() == response.json()
    assert _signs_in("officer9", "zhifa-test-pw") and not _signs_in("officer9", "Hanjiang-River-2026")
    assert token_client.get("/api/auth/me/").status_code == 200
    assert not Events.objects.tracks(user).filter(pgh_label="password_reset").exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER, Role.LEGAL_REVIEWER])
def test_only_an_administrator_may_reset(client_for, make_user, role):
    user = make_user(Role.OFFICER, username="officer9")
    caller = make_user(role)
    response = client_for(caller).post(f"/api/users/{user.pk}/reset-password/",
                                       {"password": "Hanjiang-River-2026"}, format="json")
    assert response.status_code == 403
    assert APIClient().post(f"/api/users/{user.pk}/reset-password/", {}, format="json").status_code == 401
    assert _signs_in("officer9", "zhifa-test-pw")


def test_the_reset_is_in_the_users_history_with_who_did_it(admin_api, admin_user, make_user):
    user = make_user(Role.OFFICER, username="officer9")
    admin_api.post(f"/api/users/{user.pk}/reset-password/", {"password": "Hanjiang-River-2026"}, format="json")
    event = Events.objects.tracks(user).get(pgh_label="password_reset")
    assert event.pgh_context["user"] == admin_user.pk
    assert "password" not in event.pgh_data
    assert "Hanjiang-River-2026" not in str(event.pgh_data) + str(event.pgh_context)


def test_the_other_admin_actions_are_in_the_history_with_who_did_it(admin_api, admin_user, make_user, unit):
    """Create, edit, disable, enable and a credential: each write is a history row naming the administrator."""
    created = admin_api.post("/api/users/", {"username": "newofficer", "password": "Zf-very-long-pw-1",
                                             "full_name": "新人", "role": "officer", "unit": unit.pk}, format="json")
    user_id = created.json()["id"]
    admin_api.patch(f"/api/users/{user_id}/", {"full_name": "新同事"}, format="json")
    admin_api.post(f"/api/users/{user_id}/deactivate/")
    admin_api.post(f"/api/users/{user_id}/activate/")
    admin_api.post("/api/credentials/", {"holder": user_id, "number": "42900588888", "valid_from": "2024-01-01",
                                         "valid_to": "2030-01-01"}, format="json")
    from zhifa.accounts.models import User

    user = User.objects.get(pk=user_id)
    events = list(Events.objects.tracks(user).order_by("pgh_created_at", "pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "update", "update", "update"]
    assert all(e.pgh_context["user"] == admin_user.pk for e in events)
    credential_events = Events.objects.tracks(user.credentials.get())
    assert [e.pgh_context["user"] for e in credential_events] == [admin_user.pk]


def test_a_new_users_weak_password_is_refused_on_its_field(admin_api, unit):
    response = admin_api.post("/api/users/", {"username": "newofficer", "password": "12345678", "full_name": "新人",
                                              "role": "officer", "unit": unit.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["password"]
    from zhifa.accounts.models import User

    assert not User.objects.filter(username="newofficer").exists()


def test_an_administrator_resetting_their_own_password_stays_signed_in_in_this_browser(admin_user):
    browser = _session_client(admin_user.username)
    elsewhere = _session_client(admin_user.username)
    response = browser.post(f"/api/users/{admin_user.pk}/reset-password/", {"password": "Hanjiang-River-2026"},
                            format="json")
    assert response.status_code == 200, response.content
    assert browser.get("/api/auth/me/").status_code == 200
    assert elsewhere.get("/api/auth/me/").status_code == 401
