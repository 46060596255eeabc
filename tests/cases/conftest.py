import datetime

import pytest

from zhifa.accounts.choices import Role
from zhifa.cases.models import ViolationGround
from zhifa.core.validators import build_credit_code
from zhifa.registry.models import Organisation


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
        title="不按照规定参加年度检查", penalty_kinds=["warning", "stop_activities", "deregistration"],
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
