"""The write cells of the permission matrix: which objects a request body may point at.

The matrix (test_permission_matrix.py) checks who may call each route. These tests check what the body of a
write may name: for every write operation of the API (as the schema declares its request body) and every
writable relational field in it, an object of another agency is never on offer, and sending its id is
refused (400 naming the field, 403 or 404) with nothing written."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection, transaction

from tests.reliability.matrix import clients
from tests.reliability.targets import make_missing_objects, url_kwargs
from tests.reliability.world import ROLES, record_figures

pytestmark = pytest.mark.slow

WRITE_METHODS = ("POST", "PUT", "PATCH")


def write_operations():
    """(method, path, view, serializer class) for every write of the API, from drf-spectacular's endpoints and
    each operation's declared request body."""
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.serializers import BaseSerializer

    generator = SchemaGenerator()
    generator._initialise_endpoints()
    for path, path_regex, method, callback in generator.endpoints:
        if method not in WRITE_METHODS:
            continue
        view = generator.create_view(callback, method)
        view.schema.path, view.schema.path_regex, view.schema.method = path, path_regex, method
        declared = view.schema.get_request_serializer()
        for body in (declared.values() if isinstance(declared, dict) else [declared]):
            cls = type(body) if isinstance(body, BaseSerializer) else body
            if isinstance(cls, type) and issubclass(cls, BaseSerializer):
                yield method, path, view, cls


def api_serializer_classes() -> set:
    """Every serializer class the API's modules define (whether or not a schema names it)."""
    from rest_framework.serializers import BaseSerializer, ModelSerializer

    found, todo = set(), [BaseSerializer]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            abstract = issubclass(sub, ModelSerializer) and not hasattr(sub, "Meta")  # a base class
            if sub.__module__.startswith("zhifa.") and not abstract:
                found.add(sub)
    return found | {cls for _, _, _, cls in write_operations()}


def relational_fields(cls, user):
    from zhifa.core.api.serializers import writable_relations

    form = cls(context={"request": SimpleNamespace(user=user)})
    return list(writable_relations(form.fields))


def rows_of(model, agency):
    """The rows of `model` that belong to `agency` (None for shared reference data, which every agency reads)."""
    from zhifa.core.scope import scope_of

    scope = scope_of(model)
    if scope.kind == "shared":
        return None
    if scope.kind == "internal":
        return model.objects.all()
    if scope.kind == "personal":
        return model.objects.filter(**{f"{scope.path}__unit__agency": agency.pk})
    return model.objects.filter(**{scope.path: agency.pk})


@pytest.mark.parametrize("role", ["administrator", "officer", "leader", "legal_reviewer"])
def test_no_related_field_offers_another_agencys_objects(world, db, role):
    """Serializer by serializer: a user of the other agency is offered none of the demo agency's rows, and
    is offered its own people (the field is restricted, not emptied)."""
    user = world.users["other"][role]
    checked, leaks = [], []
    for cls in sorted(api_serializer_classes(), key=lambda c: f"{c.__module__}.{c.__qualname__}"):
        for name, field in relational_fields(cls, user):
            model = field.queryset.model
            foreign = rows_of(model, world.own_agency)
            if foreign is None:
                continue
            assert foreign.exists(), f"{cls.__name__}.{name}: the demo has no {model.__name__} to aim at"
            if field.get_queryset().filter(pk__in=foreign.values("pk")).exists():
                leaks.append(f"{cls.__module__}.{cls.__name__}.{name}")
            own = rows_of(model, world.other_agency)
            if model._meta.label in ("accounts.User", "accounts.Unit"):
                assert field.get_queryset().filter(pk__in=own.values("pk")).exists(), (cls.__name__, name)
            checked.append((cls.__name__, name))
    assert not leaks, f"related fields offering another agency's objects: {leaks}"
    assert len(checked) >= 20, checked  # the sweep found the API's relational fields


def foreign_objects(world) -> dict[str, int]:
    """One object of each kind a write body can name, in the other agency: {model label: pk}."""
    from zhifa.cases import services as case_services
    from zhifa.cases.models import ViolationGround
    from zhifa.core.validators import build_credit_code
    from zhifa.evidence.models import RecorderDevice
    from zhifa.registers.models import DiscretionBenchmark
    from zhifa.registry.models import IllegalOrganisation, Organisation

    other, officer = world.other_agency, world.users["other"]["officer"]
    today = datetime.date.today()
    organisation = Organisation.objects.create(
        agency=other, name="仙桃市某某协会", type="social_group", credit_code=build_credit_code("51429004", "XT000077"),
        legal_representative="赵某", address="仙桃市", registration_date=datetime.date(2015, 3, 1))
    illegal = IllegalOrganisation.objects.create(agency=other, name="仙桃市某非法组织", discovered_on=today)
    device = RecorderDevice.objects.create(agency=other, serial_number="XT-REC-0001")
    case = case_services.case_create(
        actor=officer, officers=[officer], title="仙桃案", source="report", received_on=today - datetime.timedelta(days=3),
        party_kind="organisation", organisation=organisation, grounds=[ViolationGround.objects.first()],
        facts="事实", act_date=today - datetime.timedelta(days=30))
    benchmark = DiscretionBenchmark.objects.create(
        agency=other, code="XT-CL-1", ground=ViolationGround.objects.first(), circumstance="一般",
        conditions="仙桃市的裁量基准", penalty_kinds=["warning"], standard="警告", effective_on=datetime.date(2024, 1, 1))
    return {
        "accounts.User": officer.pk, "accounts.Unit": officer.unit_id,
        "accounts.EnforcementCredential": officer.credentials.first().pk,
        "registry.Organisation": organisation.pk, "registry.IllegalOrganisation": illegal.pk,
        "evidence.RecorderDevice": device.pk, "cases.Case": case.pk,
        "registers.DiscretionBenchmark": benchmark.pk,
    }


def history_rows() -> int:
    """Every history row of every tracked model: any write in Zhifa adds at least one. The evidence access
    log is left out: a refused access to evidence is logged by design (and is not a change to the record)."""
    import pghistory.models
    from django.apps import apps

    from zhifa.evidence.models import AccessEvent

    tables = [model._meta.db_table for model in apps.get_models()
              if issubclass(model, pghistory.models.Event) and not model._meta.proxy and model._meta.managed
              and model.pgh_tracked_model is not AccessEvent]
    with connection.cursor() as cursor:
        cursor.execute(" + ".join(f'(SELECT count(*) FROM "{table}")' for table in tables).join(("SELECT ", "")))
        return cursor.fetchone()[0]


def route_name(view) -> str:
    action = getattr(view, "action", None)
    if action in ("list", "create"):
        return f"{view.basename}-list"
    if action in ("retrieve", "update", "partial_update", "destroy"):
        return f"{view.basename}-detail"
    return f"{view.basename}-{getattr(view, action).url_name}"


def test_a_foreign_id_in_any_write_body_is_refused_and_changes_nothing(world, db, unthrottled):
    """Every write × every writable relational field × every role of the demo agency: the body names an
    object of the other agency. Each answer is 400 naming the field, 403 or 404, with no history row
    written; and for each field some role's request reaches validation and is refused on that field."""
    from django.urls import reverse
    from rest_framework.relations import ManyRelatedField

    make_missing_objects(world)
    foreign = foreign_objects(world)
    made = clients(world)
    admin = world.users["own"]["administrator"]
    cells, wrong, unproven = 0, [], []
    for method, path, view, cls in write_operations():
        # Shared reference data (the grounds) is left out: any agency may name it.
        fields = [(name, field) for name, field in relational_fields(cls, admin)
                  if rows_of(field.queryset.model, world.other_agency) is not None]
        if not fields:
            continue
        kwargs = url_kwargs(world, route_name(view))
        url = reverse(route_name(view), kwargs={k: v for k, v in kwargs.items() if f"{{{k}}}" in path})
        for name, field in fields:
            label = field.queryset.model._meta.label
            assert label in foreign, f"no object of the other agency to send as {cls.__name__}.{name} ({label})"
            value = [foreign[label]] if isinstance(field.parent, ManyRelatedField) else foreign[label]
            on_field = False
            for role in ROLES[1:]:
                with transaction.atomic():
                    before = history_rows()
                    response = getattr(made["own", str(role)], method.lower())(url, {name: value}, format="json")
                    written = history_rows() - before
                    transaction.set_rollback(True)
                cells += 1
                status = response.status_code
                fields = response.json().get("fields", {}) if status == 400 else {}
                if status not in (400, 403, 404) or written or (status == 400 and not fields):
                    wrong.append((method, path, name, str(role), status, written,
                                  response.content[:300].decode("utf-8", "replace")))
                on_field = on_field or name in fields
            if not on_field:
                unproven.append((method, path, name))
    record_figures("write_scope", {"cells": cells, "wrong": len(wrong), "fields_not_reached": len(unproven)})
    assert not wrong, "\n".join(map(str, wrong))
    assert not unproven, f"no role's request was refused on the field itself: {unproven}"


@pytest.fixture
def unthrottled(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    for scope in list(SimpleRateThrottle.THROTTLE_RATES):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "1000000/min")
