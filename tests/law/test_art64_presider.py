"""行政处罚法第六十四条（四）: the agency designates the hearing's presider from its own staff, someone who never
worked the case: an officer, a legal reviewer or a leader in service. The system administrator, an outside legal
adviser or a disabled account may not preside."""

import datetime

import pytest

from tests.law.scenario import forbidden, ok, snapshot
from zhifa.accounts.choices import Role

LATER = (datetime.date.today() + datetime.timedelta(days=40)).isoformat()


@pytest.fixture
def staff(make_user):
    return {
        "legal_reviewer": make_user(Role.LEGAL_REVIEWER, full_name="陈主持", legal_qualification=True),
        "officer": make_user(Role.OFFICER, full_name="孙主持"),
        "leader": make_user(Role.LEADER, full_name="吴主持"),
        "legal_adviser": make_user(Role.LEGAL_ADVISER, full_name="周律师"),
        "administrator": make_user(Role.ADMINISTRATOR, full_name="郑管理"),
        "disabled": make_user(Role.LEGAL_REVIEWER, full_name="王停用", is_active=False),
    }


@pytest.mark.parametrize("who", ["legal_adviser", "administrator", "disabled"])
def test_only_the_agency_s_own_staff_in_service_preside(case_at, move, staff, who):
    cid = case_at("notified", penalties=["deregistration"], start=7)  # notified and received yesterday
    before = snapshot(cid)
    body = forbidden(move(cid, "request_hearing", hearing_date=LATER, hearing_presider=staff[who].pk), "第六十四条",
                     case_id=cid, before=before)
    assert "主持" in body["detail"]


@pytest.mark.parametrize("who", ["legal_reviewer", "officer", "leader"])
def test_an_officer_reviewer_or_leader_who_never_worked_the_case_presides(case_at, move, staff, who):
    cid = case_at("notified", penalties=["deregistration"], start=7)  # notified and received yesterday
    assert ok(move(cid, "request_hearing", hearing_date=LATER, hearing_presider=staff[who].pk))["state"] == "hearing"
