"""Sign-in from the attacker's side: a cross-site form can't sign a visitor in (login CSRF), and a client
can't escape the sign-in or public-search throttle by inventing X-Forwarded-For addresses."""

import pytest
from rest_framework.test import APIClient

from zhifa.accounts.choices import Role

pytestmark = pytest.mark.django_db


def test_a_session_sign_in_without_the_csrf_token_is_refused(make_user):
    make_user(Role.OFFICER, username="officer9")
    client = APIClient(enforce_csrf_checks=True)
    # A cross-site form posts the attacker's credentials; it has no token from our page.
    refused = client.post("/api/auth/login/", {"username": "officer9", "password": "zhifa-test-pw"})
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert "sessionid" not in client.cookies
    token = client.get("/api/auth/csrf/").json()["csrf_token"]
    signed_in = client.post("/api/auth/login/", {"username": "officer9", "password": "zhifa-test-pw"},
                            HTTP_X_CSRFTOKEN=token)
    assert signed_in.status_code == 200 and "sessionid" in client.cookies


def test_scripts_still_sign_in_with_a_token_and_no_csrf(make_user):
    make_user(Role.OFFICER, username="officer9")
    response = APIClient(enforce_csrf_checks=True).post(
        "/api/auth/token/", {"username": "officer9", "password": "zhifa-test-pw"}, format="json")
    assert response.status_code == 200 and response.json()["token"]


@pytest.fixture
def rates(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "login", "3/min")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "public_search", "3/min")


@pytest.mark.parametrize("url, method, body", [
    ("/api/auth/token/", "post", {"username": "nobody", "password": "x"}),
    ("/api/public/notices/", "get", {"q": "协会"}),
])
def test_a_made_up_forwarded_address_does_not_reset_the_throttle(db, rates, settings, url, method, body):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    client = APIClient(REMOTE_ADDR="198.51.100.7")
    statuses = [getattr(client, method)(url, body, format="json" if method == "post" else None,
                                        HTTP_X_FORWARDED_FOR=f"203.0.113.{i}", HTTP_X_REAL_IP=f"203.0.113.{i}")
                .status_code for i in range(5)]
    assert statuses[-1] == 429, statuses


def test_behind_the_proxy_each_client_has_its_own_count(db, rates, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    proxy = APIClient(REMOTE_ADDR="127.0.0.1")
    first = [proxy.get("/api/public/notices/", HTTP_X_REAL_IP="203.0.113.9").status_code for _ in range(4)]
    assert first[-1] == 429
    assert proxy.get("/api/public/notices/", HTTP_X_REAL_IP="198.51.100.9").status_code == 200
