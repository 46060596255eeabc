"""Shared fixtures: an agency with units, users of every role, and API clients logged in as them."""

import datetime
import itertools
import uuid

import pytest
from rest_framework.test import APIClient

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Agency, EnforcementCredential, Unit, User

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Throttle counters live in the cache: give every test a fresh key prefix. Hash passwords fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"],
                                                      "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        name="潜江市民政局", short_name="潜民", region_code="429005", case_number_prefix="潜民罚立"
    )


@pytest.fixture
def other_agency(db):
    return Agency.objects.create(
        name="仙桃市民政局", short_name="仙民", region_code="429004", case_number_prefix="仙民罚立"
    )


@pytest.fixture
def unit(agency):
    return Unit.objects.create(agency=agency, name="社会组织管理局")


@pytest.fixture
def make_user(db, unit):
    """make_user(role, credential=True|False|"expired", unit=..., **fields)."""

    def make(role=Role.OFFICER, *, credential=None, unit=unit, **fields):
        n = next(_serial)
        user = User.objects.create_user(
            username=fields.pop("username", f"{role}{n}"), password="zhifa-test-pw", role=role, unit=unit,
            full_name=fields.pop("full_name", f"测试{n}"), **fields,
        )
        if credential is None:
            credential = role == Role.OFFICER
        if credential:
            today = datetime.date.today()
            expired = credential == "expired"
            EnforcementCredential.objects.create(
                holder=user, number=f"4290050{n:05d}",
                valid_from=today - datetime.timedelta(days=800),
                valid_to=today - datetime.timedelta(days=1) if expired else today + datetime.timedelta(days=800),
            )
        return user

    return make


@pytest.fixture
def client_for():
    """client_for(user) -> an APIClient authenticated with the user's token, as a script would be."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            from zhifa.accounts.services import token_for

            client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user=user)}")
        return client

    return make


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER)


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMINISTRATOR)


@pytest.fixture
def officer_api(client_for, officer):
    return client_for(officer)


@pytest.fixture
def admin_api(client_for, admin_user):
    return client_for(admin_user)
