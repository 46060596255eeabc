import datetime

import pytest

from zhifa.accounts.choices import Role
from zhifa.core.validators import build_credit_code
from zhifa.registry.models import Organisation


def payload(**overrides):
    data = {
        "name": "潜江市围棋协会", "type": "social_group", "credit_code": build_credit_code("51429005", "TC000001"),
        "legal_representative": "王建华", "registration_date": "2015-03-01", "address": "潜江市园林街道1号",
        "certificate_number": "潜社证字第0001号", "business_supervisor": "潜江市体育局",
    }
    data.update(overrides)
    return data


@pytest.fixture
def organisation(agency):
    return Organisation.objects.create(agency=agency, **{**payload(), "registration_date": datetime.date(2015, 3, 1)})


def test_officer_registers_an_organisation(officer_api):
    response = officer_api.post("/api/organisations/", payload())
    assert response.status_code == 201, response.data
    assert response.data["registration_authority"] == "潜江市民政局"
    assert response.data["status"] == "normal" and response.data["version"] == 1


@pytest.mark.parametrize("field, value, fragment", [
    ("credit_code", "52420000MJH233402A", "校验位错误"),
    ("credit_code", "52420000MJH2334", "应为18位"),
    ("credit_code", build_credit_code("52429005", "TC000002"), "与所填类型"),   # 2 = private non-enterprise
    ("credit_code", build_credit_code("91429005", "TC000003"), "应以“5”"),      # a company code
    ("type", "company", "不是合法选项"),
    ("registration_date", "2023-02-30", "日期格式错误"),
    ("registration_date", (datetime.date.today() + datetime.timedelta(days=1)).isoformat(), "不能晚于今天"),
    ("name", "", "不能为空"),
])
def test_bad_input_gets_400_naming_the_field(officer_api, field, value, fragment):
    response = officer_api.post("/api/organisations/", payload(**{field: value}))
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"status", "code", "detail", "detail_en", "fields"}
    assert any(fragment in message for message in body["fields"][field]), body
    assert Organisation.objects.count() == 0


def test_duplicate_code_is_refused(officer_api, organisation):
    response = officer_api.post("/api/organisations/", payload(name="另一个协会"))
    assert response.status_code == 400
    assert response.json()["fields"]["credit_code"] == ["该统一社会信用代码已登记"]


def test_stale_version_gets_409_and_changes_nothing(officer_api, organisation):
    first = officer_api.patch(f"/api/organisations/{organisation.pk}/", {"address": "新地址1"}, HTTP_IF_MATCH='"1"')
    assert first.status_code == 200 and first.data["version"] == 2
    second = officer_api.patch(f"/api/organisations/{organisation.pk}/", {"address": "新地址2"}, HTTP_IF_MATCH='"1"')
    assert second.status_code == 409
    assert second.json()["code"] == "version_conflict"
    organisation.refresh_from_db()
    assert organisation.address == "新地址1" and organisation.version == 2


def test_etag_carries_the_version(officer_api, organisation):
    response = officer_api.get(f"/api/organisations/{organisation.pk}/")
    assert response["ETag"] == '"1"'


def test_status_change_is_dated(officer_api, organisation):
    response = officer_api.patch(f"/api/organisations/{organisation.pk}/", {"status": "abnormal"})
    assert response.status_code == 200
    assert response.data["status_changed_on"] == datetime.date.today().isoformat()


def test_history_endpoint_lists_changes(officer_api, organisation):
    officer_api.patch(f"/api/organisations/{organisation.pk}/", {"address": "新地址"})
    events = officer_api.get(f"/api/organisations/{organisation.pk}/history/").json()
    assert [e["label"] for e in events] == ["insert", "update"]
    assert events[1]["diff"]["address"] == ["潜江市园林街道1号", "新地址"]


def test_anonymous_gets_401(client_for):
    response = client_for().get("/api/organisations/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_other_agency_cannot_see_or_touch(make_user, client_for, organisation, other_agency):
    from zhifa.accounts.models import Unit

    stranger = make_user(Role.OFFICER, unit=Unit.objects.create(agency=other_agency, name="执法科"))
    api = client_for(stranger)
    assert api.get("/api/organisations/").json()["results"] == []
    assert api.get(f"/api/organisations/{organisation.pk}/").status_code == 404
    assert api.patch(f"/api/organisations/{organisation.pk}/", {"address": "x"}).status_code == 404


@pytest.mark.parametrize("role, credential, expected", [
    (Role.OFFICER, True, 201),
    (Role.OFFICER, "expired", 403),
    (Role.OFFICER, False, 403),
    (Role.DISCLOSURE_EDITOR, False, 403),
    (Role.LEGAL_REVIEWER, False, 403),
    (Role.ADMINISTRATOR, False, 201),
])
def test_who_may_write_the_registry(make_user, client_for, role, credential, expected):
    api = client_for(make_user(role, credential=credential))
    response = api.post("/api/organisations/", payload())
    assert response.status_code == expected, response.data
    if expected == 403:
        assert "执法证" in response.json()["detail"]
    assert api.get("/api/organisations/").status_code == 200  # everyone in the agency may read


def test_filters_and_ordering(officer_api, agency):
    for i, (org_type, head) in enumerate([("social_group", "51"), ("foundation", "53"), ("social_group", "51")]):
        Organisation.objects.create(
            agency=agency, name=f"组织{i}", type=org_type, credit_code=build_credit_code(f"{head}429005", f"TD{i:06d}"),
            legal_representative="王某", registration_date=datetime.date(2010 + i, 1, 1),
        )
    body = officer_api.get("/api/organisations/?type=social_group&ordering=registration_date").json()
    assert [o["name"] for o in body["results"]] == ["组织0", "组织2"]
    body = officer_api.get("/api/organisations/?registered_after=2011-01-01&ordering=-registration_date").json()
    assert [o["name"] for o in body["results"]] == ["组织2", "组织1"]
    assert officer_api.get("/api/organisations/?q=组织1").json()["results"][0]["name"] == "组织1"
    bad = officer_api.get("/api/organisations/?registered_after=not-a-date")
    assert bad.status_code == 400 and "registered_after" in bad.json()["fields"]


def test_annual_inspection_once_per_year(officer_api, organisation):
    data = {"organisation": organisation.pk, "year": 2023, "result": "qualified"}
    assert officer_api.post("/api/annual-inspections/", data).status_code == 201
    again = officer_api.post("/api/annual-inspections/", data)
    assert again.status_code == 400 and "已存在" in again.json()["fields"]["year"][0]


def test_illegal_organisation_register(officer_api):
    response = officer_api.post("/api/illegal-organisations/", {
        "name": "潜江市国学促进会", "discovered_on": "2023-06-01", "activity_area": "园林街道"})
    assert response.status_code == 201
    assert response.data["status"] == "under_investigation"
