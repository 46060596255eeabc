"""Shared fixtures: an agency with units, users of every role, and API clients logged in as them."""

import datetime
import itertools
import uuid

import pytest
from rest_framework.test import APIClient

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Agency, EnforcementCredential, Unit, User
from zhifa.cases import services as case_services
from zhifa.cases.models import ViolationGround
from zhifa.core.validators import build_credit_code
from zhifa.registry.models import Organisation

_serial = itertools.count(1)


def _days_ago(days: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Throttle and sign-in failure counters live in the cache: give every test a fresh key prefix. Hash
    passwords fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"],
                                                      "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.implementation = None  # sign-in failures are counted in that cache too: re-read it


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        name="潜江市民政局", short_name="潜民", region_code="429005", case_number_prefix="潜民罚立",
        reconsideration_organ="潜江市人民政府",
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
    """make_user(role, credential=True|False|"expired", unit=..., legal_qualification=True|False, **fields)."""

    def make(role=Role.OFFICER, *, credential=None, unit=unit, **fields):
        n = next(_serial)
        if fields.pop("legal_qualification", False):  # holds 法律职业资格, its certificate recorded
            fields.setdefault("legal_qualification_kind", "legal_profession")
            fields.setdefault("legal_certificate_number", f"A2019429005{n:04d}")
            fields.setdefault("legal_qualification_date", datetime.date(2019, 3, 1))
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
                valid_from=today - datetime.timedelta(days=4000),
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


# --- cases: people, an organisation, a ground, and a helper to move a case ---------------------


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER, full_name="刘局长")


@pytest.fixture
def officers(make_user):
    return [make_user(Role.OFFICER, full_name="张执法"), make_user(Role.OFFICER, full_name="李执法")]


@pytest.fixture
def organisation(agency):
    return Organisation.objects.create(
        agency=agency, name="潜江市龙虾产业协会", type="social_group",
        credit_code=build_credit_code("51429005", "MJ000001"), legal_representative="王建华",
        address="潜江市园林街道章华南路1号", registration_date=datetime.date(2012, 5, 1),
    )


@pytest.fixture
def ground(db):
    return ViolationGround.objects.create(
        code="STDJ-30-1-4", regulation="《社会团体登记管理条例》", article="第三十条第一款第（四）项",
        title="不按照规定参加年度检查", deregistration_if_serious=True,
        # 社团条例 Art. 30: warning, stopping activities, revocation where serious; confiscation and a fine
        # where there is illegal turnover or gain.
        penalty_kinds=["warning", "fine", "confiscation", "stop_activities", "deregistration"],
    )


@pytest.fixture
def apis(client_for, leader, officers):
    """API clients: the first officer logs the lead, the leader approves."""
    return {"officer": client_for(officers[0]), "officer2": client_for(officers[1]), "leader": client_for(leader)}


@pytest.fixture
def lead_payload(organisation, officers, ground):
    today = datetime.date.today()
    return {
        "title": "潜江市龙虾产业协会未按规定参加年度检查", "source": "annual_inspection",
        "received_on": (today - datetime.timedelta(days=40)).isoformat(),
        "party_kind": "organisation", "organisation": organisation.pk, "grounds": [ground.pk],
        "facts": "该会连续两年未参加年度检查。", "act_date": (today - datetime.timedelta(days=200)).isoformat(),
        "officers": [o.pk for o in officers], "reporter_name": "举报人甲", "reporter_contact": "13900000000",
    }


@pytest.fixture
def move(apis):
    """move(case_id, action, who="officer", **data) -> response."""

    def do(case_id, action, who="officer", **data):
        return apis[who].post(f"/api/cases/{case_id}/transitions/", {"action": action, **data}, format="json")

    return do


# --- disclosure and litigation: editors, and a case decided through the real procedure -------------


@pytest.fixture
def editors(make_user):
    return make_user(Role.DISCLOSURE_EDITOR, full_name="赵公示"), make_user(Role.DISCLOSURE_EDITOR, full_name="钱公示")


@pytest.fixture
def decide_case(officers, leader, organisation, ground):
    """decide_case(penalties, fine=None, facts=...) -> a case decided through the real procedure, and served
    on the party (a decision notice can't be published before service) unless served=False."""

    def decide(penalties=("warning", "fine"), fine=5000, facts="该会违规收费。", reporter="", content=None,
               served=True):
        case = case_services.case_create(actor=officers[0], officers=officers, title="违规收费案", source="report",
                                 received_on=_days_ago(40), party_kind="organisation", organisation=organisation,
                                 grounds=[ground], facts=facts, act_date=_days_ago(100), reporter_name=reporter)

        def move(action, who, day, **data):
            return case_services.case_transition(case_id=case.pk, actor=who, action=action, data={"date": _days_ago(day), **data})

        move("file", leader, 30)
        move("start_investigation", officers[0], 29)
        case_services.investigative_record_create(case_id=case.pk, actor=officers[0], kind="inquiry_record",
                                          officers=officers, on=_days_ago(28), content={"record": "问答"})
        move("close_investigation", officers[0], 26, proposed_outcome="penalty", proposed_penalties=list(penalties),
             proposed_fine=fine, proposed_content=content or "警告，并处罚款。")
        # Served on the spot; the statement period runs out unused before it is recorded (Art. 44, 45).
        move("notify", officers[0], 25, notice_received_on=_days_ago(25))
        case_services.case_record_statement(case_id=case.pk, actor=officers[0], status="not_made", summary="未提出",
                                    on=_days_ago(8))
        decided = move("decide", leader, 5, outcome="penalty", penalties=list(penalties), fine=fine,
                       content=content or "警告，并处罚款5000元。", basis="《社会团体登记管理条例》第三十条")
        return move("serve", officers[0], 4, service_method="in_person") if served else decided

    return decide


@pytest.fixture
def publication_root(tmp_path, settings, monkeypatch):
    """A fresh publication store for the test, shared with any Celery worker the test starts."""
    root = tmp_path / "publication"
    settings.PUBLICATION_ROOT = str(root)
    monkeypatch.setenv("PUBLICATION_ROOT", str(root))
    return root
