"""《中华人民共和国行政处罚法》第四十三条、第六十四条第（四）项

第四十三条 执法人员与案件有直接利害关系或者有其他关系可能影响公正执法的，应当回避。
当事人认为执法人员与案件有直接利害关系或者有其他关系可能影响公正执法的，有权申请回避。
当事人提出回避申请的，行政机关应当依法审查，由行政机关负责人决定。决定作出之前，不停止调查。

第六十四条 ……（四）听证由行政机关指定的非本案调查人员主持；……

Everyone who ever worked the case (assigned at any time, or signed any record) counts as an investigator:
unassigning an officer does not make them fit to preside or to review (DOMAIN.md §3.2, §3.8).
"""

import datetime

import pytest

from zhifa.accounts.choices import Role

from tests.law.scenario import ago, forbidden, ok, snapshot


@pytest.fixture
def third(make_user):
    return make_user(Role.OFFICER, full_name="赵执法")


@pytest.fixture
def unassigned(case_at, apis, move, officers, third):
    """A revocation case the third officer worked on, then was taken off before the notice."""
    cid = case_at("investigation_closed", penalties=["deregistration"],
                  lead={"officers": [officers[0].pk, officers[1].pk, third.pk]})
    ok(apis["leader"].patch(f"/api/cases/{cid}/", {"officers": [officers[0].pk, officers[1].pk]}, format="json"))
    assert third.pk not in [o["id"] for o in apis["officer"].get(f"/api/cases/{cid}/").json()["officers"]]
    ok(move(cid, "notify", date=ago(1), notice_received_on=ago(1)))
    return cid


def test_an_officer_taken_off_the_case_still_may_not_preside(unassigned, move, third):
    before = snapshot(unassigned)
    forbidden(move(unassigned, "request_hearing", hearing_date=ago(-40), hearing_presider=third.pk), "第四十三条",
              case_id=unassigned, before=before)


def test_an_officer_taken_off_the_case_may_not_review_it(unassigned, move, apis, third):
    ok(move(unassigned, "submit_review", date=ago(0)))
    review = apis["officer"].get(f"/api/reviews/?case={unassigned}").json()["results"][0]
    # The former investigator has since moved to the legal office.
    third.role, third.legal_qualification_kind = Role.LEGAL_REVIEWER, "legal_profession"
    third.legal_certificate_number, third.legal_qualification_date = "A20194290050999", datetime.date(2019, 3, 1)
    third.save(update_fields=["role", "legal_qualification_kind", "legal_certificate_number",
                              "legal_qualification_date"])
    refused = apis["leader"].post(f"/api/reviews/{review['id']}/assign/", {"reviewer": third.pk}, format="json")
    assert refused.status_code == 403 and "第四十三条" in refused.json()["detail"]
    assert apis["officer"].get(f"/api/reviews/{review['id']}/").json()["reviewer"] is None
