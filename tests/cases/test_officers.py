"""Who handles a case is decided by those who handle it, or by a leader: another officer of the unit, who
may edit a lead's record, cannot put himself on it or take the handlers off."""

import pytest

from zhifa.cases.models import Case


@pytest.fixture
def lead(apis, lead_payload, officers):
    response = apis["officer"].post("/api/cases/", {**lead_payload, "officers": [officers[0].pk]}, format="json")
    assert response.status_code == 201, response.json()
    return Case.objects.get(pk=response.json()["id"])


def _officer_ids(case):
    return list(case.assignments.order_by("-is_lead", "pk").values_list("officer_id", flat=True))


@pytest.mark.parametrize("wanted", ["self", "self_too", "self_leads", "nobody_else"])
def test_an_unassigned_officer_cannot_change_who_handles_a_lead(apis, lead, officers, wanted):
    me, handler = officers[1].pk, officers[0].pk
    body = {"self": [me], "self_too": [handler, me], "self_leads": [me, handler], "nobody_else": [me]}[wanted]
    version = lead.version
    response = apis["officer2"].patch(f"/api/cases/{lead.pk}/", {"officers": body, "title": "改过的标题"},
                                      format="json")
    assert response.status_code == 403, response.json()
    assert "officers" in response.json()["fields"]
    lead.refresh_from_db()
    assert _officer_ids(lead) == [handler] and lead.version == version and lead.title != "改过的标题"


def test_the_unit_officer_may_still_edit_the_record_and_resend_the_same_officers(apis, lead, officers):
    response = apis["officer2"].patch(f"/api/cases/{lead.pk}/", {"title": "补充标题", "officers": [officers[0].pk]},
                                      format="json")
    assert response.status_code == 200, response.json()
    lead.refresh_from_db()
    assert lead.title == "补充标题" and _officer_ids(lead) == [officers[0].pk]


@pytest.mark.parametrize("who", ["officer", "leader"])
def test_a_handler_or_a_leader_changes_the_officers(apis, lead, officers, who):
    response = apis[who].patch(f"/api/cases/{lead.pk}/", {"officers": [officers[0].pk, officers[1].pk]},
                               format="json")
    assert response.status_code == 200, response.json()
    lead.refresh_from_db()
    assert _officer_ids(lead) == [officers[0].pk, officers[1].pk]
