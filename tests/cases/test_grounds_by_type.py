"""The legal bases offered and accepted for a case are those of the party's organisation type: a foundation is
not penalised under the regulation on social groups."""

import pytest

from zhifa.cases.models import ViolationGround


@pytest.fixture
def catalogue(db):
    return {
        "social_group": ViolationGround.objects.create(
            code="T-STDJ-30", regulation="《社会团体登记管理条例》", article="第三十条", title="社团违规",
            organisation_types=["social_group"], penalty_kinds=["warning"]),
        "foundation": ViolationGround.objects.create(
            code="T-JJH-42", regulation="《基金会管理条例》", article="第四十二条", title="基金会违规",
            organisation_types=["foundation"], penalty_kinds=["warning"]),
        "any": ViolationGround.objects.create(
            code="T-ANY-1", regulation="《某通用规定》", article="第一条", title="通用违规", organisation_types=[],
            penalty_kinds=["warning"]),
    }


def codes(response):
    assert response.status_code == 200, response.json()
    return {g["code"] for g in response.json()["results"]}


def test_the_list_is_filtered_by_organisation_type(catalogue, apis):
    api = apis["officer"]
    assert codes(api.get("/api/violation-grounds/", {"organisation_type": "foundation"})) == {"T-JJH-42", "T-ANY-1"}
    assert codes(api.get("/api/violation-grounds/", {"organisation_type": "social_group"})) >= {"T-STDJ-30", "T-ANY-1"}
    assert "T-JJH-42" not in codes(api.get("/api/violation-grounds/", {"organisation_type": "social_group"}))
    refused = api.get("/api/violation-grounds/", {"organisation_type": "club"})
    assert refused.status_code == 400 and "organisation_type" in refused.json()["fields"]


def test_a_ground_of_another_organisation_type_is_refused_on_the_field(catalogue, apis, lead_payload, organisation):
    assert organisation.type == "social_group"
    response = apis["officer"].post("/api/cases/", {**lead_payload, "grounds": [catalogue["foundation"].pk]},
                                    format="json")
    assert response.status_code == 400 and "grounds" in response.json()["fields"]
    assert "基金会违规" in str(response.json()["fields"]["grounds"])
    ok = apis["officer"].post("/api/cases/", {**lead_payload, "grounds": [catalogue["social_group"].pk,
                                                                        catalogue["any"].pk]}, format="json")
    assert ok.status_code == 201, ok.json()


def test_changing_the_grounds_later_is_checked_too(catalogue, apis, lead_payload):
    case = apis["officer"].post("/api/cases/", {**lead_payload, "grounds": [catalogue["social_group"].pk]},
                                format="json").json()
    response = apis["officer"].patch(f"/api/cases/{case['id']}/", {"grounds": [catalogue["foundation"].pk]},
                                     format="json", HTTP_IF_MATCH=f'"{case["version"]}"')
    assert response.status_code == 400 and "grounds" in response.json()["fields"]
