"""Certification matters, power lists, personnel and the major-decision catalogue: rules and publication."""

import datetime
import json

import pytest

from zhifa.accounts.choices import Role
from zhifa.accounts.models import EnforcementCredential
from zhifa.registers import services
from zhifa.registers.choices import Register
from zhifa.registers.models import RegisterPublication
from zhifa.reviews.services_catalogue import catalogue_publish_version

MATTERS = "/api/registers/certification-matters/"
POWERS = "/api/registers/power-lists/"
ITEM = {"name": "对社会团体违法行为的行政处罚", "kind": "penalty", "legal_basis": "《社会团体登记管理条例》第三十条",
        "responsible_unit": "社会组织管理局", "responsibilities": "立案、调查、决定、送达、执行",
        "accountability": "不履行或者不正确履行职责的，依法追责"}


def test_certification_matters_retained_and_cancelled_published(client_for, keeper, publish, site_text,
                                                                  publication_root):
    api = client_for(keeper)
    created = api.post(MATTERS, {"name": "社会团体成立登记的验资报告", "legal_basis": "《社会团体登记管理条例》第十一条"},
                       format="json")
    assert created.status_code == 201 and created.json()["notification_commitment"] is False
    assert api.post(MATTERS, {"name": "社会团体成立登记的验资报告", "legal_basis": "x"},
                    format="json").status_code == 400
    assert api.post(MATTERS, {"name": "无依据"}, format="json").status_code == 400
    other = api.post(MATTERS, {"name": "婚姻状况证明", "legal_basis": "原规定", "notification_commitment": True},
                     format="json").json()
    cancel_url = f"{MATTERS}{other['id']}/cancel/"
    assert api.post(cancel_url, {"on": "2023-05-01"}, format="json").status_code == 400
    cancelled = api.post(cancel_url, {"on": "2023-05-01", "basis": "国务院关于取消一批证明事项的决定"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert api.post(cancel_url, {"on": "2023-05-02", "basis": "again"}, format="json").status_code == 409

    response = api.post("/api/registers/publications/", {"register": "certification_matters"}, format="json")
    assert response.status_code == 201
    from zhifa.disclosure.models import Notice

    notice = publish(Notice.objects.get(pk=response.json()["notice"]))
    page = site_text(notice)
    assert "保留的证明事项清单（1项）" in page and "社会团体成立登记的验资报告" in page
    assert "已取消的证明事项（1项）" in page and "婚姻状况证明" in page
    data = json.loads((publication_root / "notices" / f"{notice.slug}.json").read_text())
    assert [m["name"] for m in data["fields"]["retained"]] == ["社会团体成立登记的验资报告"]
    assert (publication_root / "category" / "register.html").read_text().count(notice.title) == 1


def test_power_list_versions(client_for, keeper, publish, site_text):
    api = client_for(keeper)
    assert api.post(POWERS, {"effective_on": "2023-03-01", "items": []}, format="json").status_code == 400
    bad_kind = api.post(POWERS, {"effective_on": "2023-03-01", "items": [{**ITEM, "kind": "tax"}]}, format="json")
    assert bad_kind.status_code == 400
    missing = api.post(POWERS, {"effective_on": "2023-03-01", "items": [{**ITEM, "accountability": ""}]},
                       format="json")
    assert missing.status_code == 400
    first = api.post(POWERS, {"effective_on": "2023-03-01", "items": [ITEM]}, format="json")
    assert first.status_code == 201 and first.json()["version"] == 1
    published_first = publish(services.register_publish(actor=keeper, register=Register.POWER_LIST))
    second = api.post(POWERS, {"effective_on": "2024-03-01", "items": [ITEM, {**ITEM, "name": "社会组织年度检查",
                                                                                  "kind": "inspection"}]},
                      format="json")
    assert second.json()["version"] == 2 and [i["position"] for i in second.json()["items"]] == [1, 2]
    notice = publish(services.register_publish(actor=keeper, register=Register.POWER_LIST))
    page = site_text(notice)
    assert "第2版" in page and "【行政检查】社会组织年度检查" in page and "追责情形" in page
    # each version is its own publication; the earlier one stays on the site as it was
    old_page = site_text(published_first)
    assert "第1版" in old_page and "社会组织年度检查" not in old_page
    assert [p.reference for p in RegisterPublication.objects.filter(register=Register.POWER_LIST)] == [
        "power_list:2", "power_list:1"]
    # an earlier version can be named explicitly
    again = services.register_publish(actor=keeper, register=Register.POWER_LIST, object_id=first.json()["id"])
    assert "第1版" in again.title
    assert api.patch(f"{POWERS}{first.json()['id']}/", {"note": "x"}, format="json").status_code == 405


def test_personnel_list_drops_expired_credentials_at_next_publication(make_user, keeper, publish, site_text,
                                                                      client_for):
    active = make_user(Role.OFFICER, full_name="张执法")
    leaving = make_user(Role.OFFICER, full_name="李离职")
    first = publish(services.register_publish(actor=keeper, register=Register.PERSONNEL))
    page = site_text(first)
    number = active.credentials.get().number
    assert "张执法" in page and number in page and "李离职" in page and "行政执法证" in page

    EnforcementCredential.objects.filter(holder=leaving).update(valid_to=datetime.date.today()
                                                                - datetime.timedelta(days=1))
    assert "李离职" in site_text(first)  # a published notice does not change by itself
    second = publish(services.register_publish(actor=keeper, register=Register.PERSONNEL))
    page = site_text(second)
    assert "张执法" in page and "李离职" not in page
    listed = client_for(keeper).get("/api/registers/personnel/").json()
    assert [p["name"] for p in listed] == ["张执法"]


def test_major_catalogue_published(agency, keeper, publish, site_text, client_for):
    assert client_for(keeper).post("/api/registers/publications/", {"register": "major_catalogue"},
                                   format="json").status_code == 400
    catalogue_publish_version(agency=agency, effective_on=datetime.date(2022, 1, 1), note="依据行政处罚法第五十八条",
                              entries=[{"kind": "penalty", "penalty": "deregistration",
                                        "description": "拟作出撤销登记决定的"}])
    notice = publish(services.register_publish(actor=keeper, register=Register.MAJOR_CATALOGUE))
    assert "拟作出撤销登记决定的" in site_text(notice) and "第1版" in site_text(notice)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEGAL_ADVISER])
def test_only_keepers_publish(client_for, make_user, role):
    response = client_for(make_user(role)).post("/api/registers/publications/", {"register": "personnel"},
                                                format="json")
    assert response.status_code == 403
