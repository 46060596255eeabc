"""Sign-in lockout without user enumeration, password rules, the session timeout, the public search's own
rate limit and the production security settings.

Elsewhere: tests/deploy/test_settings.py runs `check --deploy` on the production settings, and
tests/deploy/test_loopback.py checks nginx's HSTS and CSP headers; tests/accounts checks that a wrong
password and an unknown user get the same answer once."""

import datetime
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework.test import APIClient

from tests.reliability.world import record_figures
from zhifa.accounts.choices import Role

SIGN_IN = ["/api/auth/token/", "/api/auth/login/"]


def sign_in(url, username, password, address="203.0.113.7"):
    return APIClient(REMOTE_ADDR=address).post(url, {"username": username, "password": password}, format="json")


@pytest.fixture
def lockout_limit(settings):
    return settings.AXES_FAILURE_LIMIT


@pytest.mark.parametrize("url", SIGN_IN)
def test_a_known_and_an_unknown_username_are_locked_out_alike(make_user, url, lockout_limit):
    make_user(Role.OFFICER, username="officer9")
    answers = {}
    for username in ("officer9", "nobody"):
        bodies = [sign_in(url, username, "wrong-password") for _ in range(lockout_limit)]
        # The last allowed failure already answers with the lockout.
        assert [response.status_code for response in bodies] == [400] * (lockout_limit - 1) + [429]
        locked = sign_in(url, username, "zhifa-test-pw")  # even the right password is refused now
        answers[username] = [response.json() for response in (*bodies, locked)], locked.status_code
    assert answers["officer9"] == answers["nobody"]  # nothing tells a real account from a made-up one
    assert answers["officer9"][1] == 429 and answers["officer9"][0][-1]["code"] == "locked_out"


def test_the_lockout_is_per_username_and_address(make_user, lockout_limit):
    make_user(Role.OFFICER, username="officer9")
    for _ in range(lockout_limit):
        sign_in("/api/auth/token/", "officer9", "wrong")
    assert sign_in("/api/auth/token/", "officer9", "zhifa-test-pw").status_code == 429
    # The colleague at another address is not locked out by someone guessing from elsewhere.
    assert sign_in("/api/auth/token/", "officer9", "zhifa-test-pw", address="198.51.100.4").status_code == 200


def test_a_successful_sign_in_resets_the_count(make_user, lockout_limit):
    make_user(Role.OFFICER, username="officer9")
    for _ in range(2):
        for _ in range(lockout_limit - 1):
            assert sign_in("/api/auth/token/", "officer9", "wrong").status_code == 400
        assert sign_in("/api/auth/token/", "officer9", "zhifa-test-pw").status_code == 200


def test_the_admin_login_is_locked_out_too(make_user, lockout_limit, client):
    make_user(Role.ADMINISTRATOR, username="root9", is_staff=True, is_superuser=True)
    for _ in range(lockout_limit):
        client.post("/admin/login/", {"username": "root9", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    response = client.post("/admin/login/?next=/admin/", {"username": "root9", "password": "zhifa-test-pw"},
                           REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429 and response.json()["code"] == "locked_out"


@pytest.mark.parametrize("password, reason", [
    ("12345678", "numeric"), ("password1", "common"), ("short", "short"), ("officer9x", "like the username"),
])
def test_weak_passwords_are_refused(admin_api, unit, password, reason):
    response = admin_api.post("/api/users/", {"username": "officer9x", "password": password, "full_name": "新人",
                                              "role": "officer", "unit": unit.pk}, format="json")
    assert response.status_code == 400, reason
    assert set(response.json()) == {"status", "code", "detail", "detail_en", "fields"}


def test_a_strong_password_is_accepted(admin_api, unit):
    response = admin_api.post("/api/users/", {"username": "officer9x", "password": "Qj7#lake-harbour",
                                              "full_name": "新人", "role": "officer", "unit": unit.pk}, format="json")
    assert response.status_code == 201, response.json()


def test_a_web_session_expires(make_user, settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    make_user(Role.OFFICER, username="officer9")
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/auth/csrf/").json()["csrf_token"]  # session login checks CSRF (login CSRF)
    assert client.post("/api/auth/login/", {"username": "officer9", "password": "zhifa-test-pw"},
                       format="json", HTTP_X_CSRFTOKEN=token).status_code == 200
    assert client.get("/api/auth/me/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/auth/me/").status_code == 401


def test_public_search_has_its_own_rate_limit_in_django(db, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "public_search", "5/min")
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    statuses = [client.get("/api/public/notices/", {"q": "协会"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    refused = client.get("/api/public/notices/")
    assert refused.json()["code"] == "throttled" and int(refused["Retry-After"]) > 0
    # Another visitor is not affected.
    assert APIClient(REMOTE_ADDR="198.51.100.9").get("/api/public/notices/").status_code == 200


def test_the_default_rates_limit_public_search_and_sign_in(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    for scope in ("public_search", "login", "anon"):
        count, period = rates[scope].split("/")
        assert int(count) <= 120 and period.startswith("m"), scope


def test_production_security_settings(tmp_path):
    from tests.deploy.test_settings import BACKEND, production_env

    code = ("from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k) for k in ["
            "'DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', "
            "'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', 'SECURE_CONTENT_TYPE_NOSNIFF', "
            "'X_FRAME_OPTIONS', 'MIDDLEWARE', 'AUTHENTICATION_BACKENDS', 'AXES_FAILURE_LIMIT', "
            "'SESSION_COOKIE_AGE', 'AUTH_PASSWORD_VALIDATORS']}))")
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=BACKEND,
                            env=production_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    import json

    s = json.loads(result.stdout.strip().splitlines()[-1])
    assert s["DEBUG"] is False and s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_SSL_REDIRECT"] and s["SESSION_COOKIE_SECURE"] and s["SESSION_COOKIE_HTTPONLY"]
    assert s["CSRF_COOKIE_SECURE"] and s["SECURE_CONTENT_TYPE_NOSNIFF"] and s["X_FRAME_OPTIONS"] == "DENY"
    assert "django.middleware.csrf.CsrfViewMiddleware" in s["MIDDLEWARE"]
    assert "axes.middleware.AxesMiddleware" in s["MIDDLEWARE"]
    assert s["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend" and s["AXES_FAILURE_LIMIT"] <= 10
    assert s["SESSION_COOKIE_AGE"] <= 8 * 3600 and len(s["AUTH_PASSWORD_VALIDATORS"]) >= 4
    record_figures("web_security", {"hsts_seconds": s["SECURE_HSTS_SECONDS"],
                                    "lockout_after_failures": s["AXES_FAILURE_LIMIT"],
                                    "session_seconds": s["SESSION_COOKIE_AGE"]})
