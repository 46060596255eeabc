"""History is captured by triggers, refuses change, and its seals catch tampering."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.apps import apps
from django.db.utils import DatabaseError

from zhifa.audit.models import HistorySeal
from zhifa.audit.services import history_seal, history_verify
from zhifa.core.validators import build_credit_code
from zhifa.registry.models import Organisation

OrganisationEvent = apps.get_model("registry", "OrganisationEvent")


@pytest.fixture
def organisations(agency):
    return [
        Organisation.objects.create(
            agency=agency, name=f"潜江市测试协会{i}", type="social_group",
            credit_code=build_credit_code("51429005", f"TA{i:06d}"), legal_representative="王某",
            registration_date=datetime.date(2015, 1, 1),
        )
        for i in range(5)
    ]


def test_bulk_update_is_captured(organisations):
    Organisation.objects.filter(pk__in=[o.pk for o in organisations]).update(status="abnormal")
    events = OrganisationEvent.objects.filter(pgh_label="update")
    assert events.count() == 5
    assert set(events.values_list("status", flat=True)) == {"abnormal"}


def test_raw_sql_delete_is_captured(organisations):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_organisation WHERE id = %s", [organisations[0].pk])
    assert OrganisationEvent.objects.filter(pgh_label="delete", pgh_obj_id=organisations[0].pk).count() == 1


def test_api_writes_carry_user_request_and_origin(officer_api, officer, agency):
    response = officer_api.post("/api/organisations/", {
        "name": "潜江市围棋协会", "type": "social_group", "credit_code": build_credit_code("51429005", "TB000001"),
        "legal_representative": "王某", "registration_date": "2015-01-01",
    }, HTTP_X_REQUEST_ID="req-123")
    assert response.status_code == 201, response.data
    event = OrganisationEvent.objects.get(pgh_obj_id=response.data["id"])
    assert event.pgh_context["user"] == officer.pk
    assert event.pgh_context["request_id"] == "req-123"
    assert event.pgh_context["origin"] == "api"
    assert event.pgh_context["ip"] == "127.0.0.1"


@pytest.mark.parametrize("statement", [
    "UPDATE registry_organisationevent SET name = 'forged'",
    "DELETE FROM registry_organisationevent",
    "UPDATE audit_historyseal SET row_hash = 'x'",
    "DELETE FROM audit_historyseal",
])
def test_history_and_seals_refuse_update_and_delete(organisations, statement):
    history_seal()
    with pytest.raises(DatabaseError, match="Cannot update or delete"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def _tamper(sql, params=()):
    """Alter rows the way a database superuser could: with triggers switched off."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET session_replication_role = DEFAULT")


def test_verify_is_ok_on_untouched_history(organisations):
    assert history_seal() > 0
    assert history_seal() == 0  # nothing left: sealing is idempotent
    result = history_verify()
    assert result.ok and result.checked == HistorySeal.objects.count() and result.unsealed == 0
    call_command("audit_verify")


def test_verify_names_the_first_altered_row(organisations):
    history_seal()
    table = "registry_organisationevent"
    first, second = OrganisationEvent.objects.order_by("pgh_id").values_list("pgh_id", flat=True)[1:3]
    _tamper(f"UPDATE {table} SET name = 'forged' WHERE pgh_id IN (%s, %s)", [first, second])
    result = history_verify()
    seal = HistorySeal.objects.get(event_table=table, event_id=first)
    assert not result.ok and result.seal_id == seal.pk
    assert f"第 {first} 行" in result.problem
    with pytest.raises(CommandError, match="ALTERED"):
        call_command("audit_verify")


def test_verify_catches_a_deleted_row(organisations):
    history_seal()
    victim = OrganisationEvent.objects.order_by("pgh_id").first().pgh_id
    _tamper("DELETE FROM registry_organisationevent WHERE pgh_id = %s", [victim])
    result = history_verify()
    assert not result.ok and "已被删除" in result.problem


def test_verify_catches_an_altered_seal(organisations):
    history_seal()
    seal = HistorySeal.objects.order_by("id")[2]
    _tamper("UPDATE audit_historyseal SET chain_hash = %s WHERE id = %s", ["0" * 64, seal.pk])
    result = history_verify()
    assert not result.ok and result.seal_id == seal.pk and "封存链" in result.problem


# Not records of the administration's work, so without history of their own: the archive's month counts
# are derived from the notices (tracked) and recounted from them; saved list views are one user's filters.
UNTRACKED = {"disclosure.ArchiveMonth", "accounts.SavedView"}


def test_every_domain_model_is_tracked():
    """A new model without @pghistory.track() fails here, so nothing escapes the history."""
    import pghistory.models
    from django.apps import apps

    untracked = [
        model._meta.label for model in apps.get_models()
        if model.__module__.startswith("zhifa.")
        and not issubclass(model, pghistory.models.Event)
        and model is not HistorySeal  # the seals are append-only themselves
        and model._meta.label not in UNTRACKED
        and not any(getattr(rel, "related_name", None) == "events" for rel in model._meta.related_objects)
    ]
    assert untracked == []
