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


# --- the application and the leader's decision (Art. 43 ¶2, ¶3) ----------------------------------------


@pytest.fixture
def investigating(case_at, move, officers, third):
    """A case under investigation with three officers on it."""
    cid = case_at("filed", start=30, lead={"officers": [officers[0].pk, officers[1].pk, third.pk]})
    ok(move(cid, "start_investigation", date=ago(27)))
    return cid


def test_the_leader_decides_the_partys_application_in_a_numbered_decision(investigating, move, apis, third):
    ok(move(investigating, "apply_recusal", date=ago(20), recusal_person=third.pk,
            reason="当事人称赵执法系其法定代表人的近亲属"))
    before = snapshot(investigating)
    assert move(investigating, "decide_recusal", "officer", date=ago(19), granted=True,
                reason="属实").status_code == 403
    assert snapshot(investigating) == before
    decided = ok(move(investigating, "decide_recusal", "leader", date=ago(19), granted=True,
                      reason="经查属实，与当事人有其他关系，可能影响公正执法"))
    assert third.pk not in [o["id"] for o in decided["officers"]]
    documents = [d for d in apis["officer"].get(f"/api/cases/{investigating}/documents/").json()
                 if d["kind"] == "recusal_decision"]
    assert len(documents) == 1 and "回避" in documents[0]["number"] and "第四十三条" in documents[0]["body"]


def test_with_two_applications_pending_the_leader_names_the_one_decided(investigating, move, apis, officers, third):
    """Each application is decided on its own (Art. 43 ¶3): with two waiting, a decision that doesn't say which
    is refused by field; the case lists both, and the one named is decided."""
    ok(move(investigating, "apply_recusal", date=ago(20), recusal_person=third.pk, reason="当事人称赵执法系其近亲属"))
    ok(move(investigating, "apply_recusal", date=ago(20), recusal_person=officers[1].pk, reason="当事人称其曾为该会会员"))
    before = snapshot(investigating)
    unnamed = move(investigating, "decide_recusal", "leader", date=ago(19), granted=False, reason="不属实")
    assert unnamed.status_code == 400 and "recusal" in unnamed.json()["fields"]
    assert snapshot(investigating) == before
    listed = ok(apis["leader"].get(f"/api/cases/{investigating}/recusals/"))
    assert [(r["person"], r["granted"]) for r in listed] == [(third.pk, None), (officers[1].pk, None)]
    assert listed[0]["person_name"] == "赵执法" and listed[0]["applicant_display"]
    ok(move(investigating, "decide_recusal", "leader", date=ago(19), recusal=listed[1]["id"], granted=False,
            reason="经查不属实"))
    listed = ok(apis["officer"].get(f"/api/cases/{investigating}/recusals/"))
    assert [(r["person"], r["granted"]) for r in listed] == [(third.pk, None), (officers[1].pk, False)]
    assert "回避" in listed[1]["document_number"] and listed[1]["decision_reason"] == "经查不属实"


def test_no_recusal_decision_without_an_application(investigating, move):
    before = snapshot(investigating)
    forbidden(move(investigating, "decide_recusal", "leader", date=ago(19), granted=True, reason="无"), "第四十三条",
              case_id=investigating, before=before)


def test_a_recused_officer_neither_investigates_nor_is_assigned_again(investigating, move, apis, officers, third):
    ok(move(investigating, "apply_recusal", date=ago(20), recusal_person=third.pk, recusal_applicant="self",
            reason="本人与当事人负责人系同学关系"))
    ok(move(investigating, "decide_recusal", "leader", date=ago(19), granted=True, reason="同意回避"))
    before = snapshot(investigating)
    record = apis["officer"].post(f"/api/cases/{investigating}/documents/", {
        "kind": "inquiry_record", "officers": [officers[0].pk, third.pk], "date": ago(18), "place": "询问室",
        "subject": "法定代表人", "record": "问答"}, format="json")
    assert record.status_code == 409 and "第四十三条" in record.json()["detail"]
    again = apis["leader"].patch(f"/api/cases/{investigating}/", {"officers": [o.pk for o in officers] + [third.pk]},
                                 format="json")
    assert again.status_code == 409 and "第四十三条" in again.json()["detail"]
    assert snapshot(investigating) == before


def test_a_recused_presider_does_not_preside(case_at, move, presider):
    cid = case_at("notified", penalties=["deregistration"], start=8)
    ok(move(cid, "apply_recusal", date=ago(1), recusal_person=presider.pk, reason="主持人曾为当事人提供法律咨询"))
    ok(move(cid, "decide_recusal", "leader", date=ago(1), granted=True, reason="属实，应当回避"))
    before = snapshot(cid)
    forbidden(move(cid, "request_hearing", hearing_date=ago(-40), hearing_presider=presider.pk), "第四十三条",
              case_id=cid, before=before)


def test_a_recused_reviewer_does_not_review(case_at, move, apis, reviewer):
    cid = case_at("investigation_closed", penalties=["deregistration"])
    ok(move(cid, "submit_review", date=ago(0)))
    ok(move(cid, "apply_recusal", date=ago(0), recusal_person=reviewer.pk, reason="审核人员与当事人有利害关系"))
    ok(move(cid, "decide_recusal", "leader", date=ago(0), granted=True, reason="属实"))
    review = apis["officer"].get(f"/api/reviews/?case={cid}").json()["results"][0]
    refused = apis["leader"].post(f"/api/reviews/{review['id']}/assign/", {"reviewer": reviewer.pk}, format="json")
    assert refused.status_code == 403 and "第四十三条" in refused.json()["detail"]


@pytest.mark.parametrize("stage", ["under_review", "correction_requested"])
def test_a_reviewer_who_withdraws_leaves_the_review_they_hold(case_at, move, apis, reviewer, presider, stage):
    """Found by the law fuzzer: a reviewer ordered to withdraw kept the open review and would have had it back
    on resubmission. The review goes back to the leader for another reviewer; the opinion given stays."""
    from tests.law.scenario import PASS

    cid = case_at("investigation_closed", penalties=["deregistration"])
    ok(move(cid, "submit_review", date=ago(0)))
    rid = apis["officer"].get(f"/api/reviews/?case={cid}").json()["results"][0]["id"]
    ok(apis["leader"].post(f"/api/reviews/{rid}/assign/", {"reviewer": reviewer.pk}, format="json"))
    if stage == "correction_requested":
        from zhifa.reviews import services as reviews

        problem = [*PASS[:5], {"item": 6, "verdict": "problem", "note": "裁量不当"}, *PASS[6:]]
        reviews.review_record_outcome(review_id=rid, actor=reviewer, package_number=1, outcome="correct",
                                      verdicts=problem, opinion="纠正", correction_categories=["improper_discretion"],
                                      corrections="改正")
    ok(move(cid, "apply_recusal", date=ago(0), recusal_person=reviewer.pk, reason="审核人员与当事人有利害关系"))
    ok(move(cid, "decide_recusal", "leader", date=ago(0), granted=True, reason="属实"))
    review = apis["officer"].get(f"/api/reviews/{rid}/").json()
    assert review["reviewer"] is None and review["state"] == ("submitted" if stage == "under_review" else stage)
    if stage == "correction_requested":
        ok(apis["officer"].post(f"/api/reviews/{rid}/resubmit/", {"note": "已补正"}, format="json"))
        assert apis["officer"].get(f"/api/reviews/{rid}/").json()["state"] == "submitted"
    ok(apis["leader"].post(f"/api/reviews/{rid}/assign/", {"reviewer": presider.pk}, format="json"))
    assert apis["officer"].get(f"/api/reviews/{rid}/").json()["reviewer"] == presider.pk


def test_no_decision_while_an_application_is_pending_and_a_refused_one_lets_it_go_on(case_at, statement, move):
    cid = case_at("notified", start=60)
    ok(statement(cid, "not_made", 40))
    ok(move(cid, "apply_recusal", date=ago(30), recusal_person=case_officer_id(cid), reason="当事人认为执法人员态度不公"))
    warn = {"outcome": "penalty", "penalties": ["warning"], "content": "给予警告"}
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", **warn), "第四十三条", case_id=cid, before=before)
    ok(move(cid, "decide_recusal", "leader", date=ago(29), granted=False, reason="理由不能成立，不予回避"))
    assert ok(move(cid, "decide", "leader", **warn))["state"] == "decided"


def case_officer_id(cid):
    from zhifa.cases.models import CaseOfficer

    return CaseOfficer.objects.filter(case_id=cid).order_by("pk").first().officer_id
