import pytest
from django.core.management import call_command
from django.test import Client


def test_healthz_reports_database_and_broker(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_names_a_failing_broker(db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["broker"].startswith("error")


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


def test_docs_and_schema_are_served(db):
    assert Client().get("/api/schema/").status_code == 200
    assert Client().get("/api/docs/").status_code == 200


def test_unknown_api_url_is_json_404(db):
    response = Client().get("/api/no-such-thing/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize("body, content_type", [
    ("{not json", "application/json"),
    ('{"a":' * 5000 + "1" + "}" * 5000, "application/json"),
    (b"\xff\xfe\xfd", "application/json"),
])
def test_malformed_bodies_get_400(officer_api, body, content_type):
    response = officer_api.generic("POST", "/api/organisations/", body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["code"] in {"parse_error", "invalid"}


def test_admin_is_in_chinese(admin_user):
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    page = client.get("/admin/").content.decode()
    assert "社会组织" in page and "系统管理" in page


def test_every_model_is_in_the_admin():
    import pghistory.models
    from django.apps import apps
    from django.contrib import admin

    missing = [model._meta.label for model in apps.get_models()
               if model.__module__.startswith("zhifa.") and not issubclass(model, pghistory.models.Event)
               and model not in admin.site._registry]
    assert missing == []
