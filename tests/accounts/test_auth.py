import pytest
from rest_framework.test import APIClient

from zhifa.accounts.choices import Role


def test_token_login_and_use(make_user):
    make_user(Role.OFFICER, username="officer9")
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": "officer9", "password": "zhifa-test-pw"})
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.data['token']}")
    me = client.get("/api/auth/me/").json()
    assert me["username"] == "officer9" and me["credential"]["is_valid"] and "enforce" in me["permissions"]


@pytest.mark.parametrize("username, password", [("officer9", "wrong"), ("nobody", "zhifa-test-pw")])
def test_wrong_credentials_do_not_reveal_which_part(make_user, username, password):
    make_user(Role.OFFICER, username="officer9")
    response = APIClient().post("/api/auth/token/", {"username": username, "password": password})
    assert response.status_code == 400
    assert response.json()["detail"] == "用户名或密码错误，或账户已停用。"


def test_inactive_user_is_refused_and_loses_the_token(make_user, admin_api, client_for):
    user = make_user(Role.OFFICER, username="officer9")
    api = client_for(user)
    assert api.get("/api/auth/me/").status_code == 200
    assert admin_api.post(f"/api/users/{user.pk}/deactivate/").status_code == 200
    assert api.get("/api/auth/me/").status_code == 401
    response = APIClient().post("/api/auth/token/", {"username": "officer9", "password": "zhifa-test-pw"})
    assert response.status_code == 400


def test_expired_credential_counts_as_none(make_user, client_for):
    user = make_user(Role.OFFICER, credential="expired")
    me = client_for(user).get("/api/auth/me/").json()
    assert me["credential"] is None and "enforce" not in me["permissions"]


def test_session_login_requires_csrf_for_writes(make_user):
    make_user(Role.OFFICER, username="officer9")
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/auth/csrf/").json()["csrf_token"]
    login = client.post("/api/auth/login/", {"username": "officer9", "password": "zhifa-test-pw"},
                        HTTP_X_CSRFTOKEN=token)
    assert login.status_code == 200 and login.data["role"] == "officer"
    no_csrf = client.post("/api/organisations/", {})
    assert no_csrf.status_code == 403 and "CSRF" in no_csrf.json()["detail"]
    token = client.cookies["csrftoken"].value
    with_csrf = client.post("/api/organisations/", {}, HTTP_X_CSRFTOKEN=token)
    assert with_csrf.status_code == 400  # past CSRF, now the empty body is the problem


def test_admin_manages_users_others_only_read(admin_api, officer_api, unit):
    data = {"username": "newofficer", "password": "Zf-very-long-pw-1", "full_name": "新人", "role": "officer",
            "unit": unit.pk}
    assert officer_api.post("/api/users/", data).status_code == 403
    created = admin_api.post("/api/users/", data)
    assert created.status_code == 201, created.data
    assert "password" not in created.data
    weak = admin_api.post("/api/users/", {**data, "username": "weak", "password": "12345678"})
    assert weak.status_code == 400
    assert officer_api.get("/api/users/").status_code == 200


def test_credential_dates_in_wrong_order_are_refused(admin_api, officer):
    response = admin_api.post("/api/credentials/", {"holder": officer.pk, "number": "X1",
                                                    "valid_from": "2024-01-01", "valid_to": "2023-01-01"})
    assert response.status_code == 400 and "valid_to" in response.json()["fields"]
