"""One scope for every object a request touches (zhifa.core.scope): the declaration is complete, restrict()
keeps each agency to its own rows, and every serializer, filter and the admin go through it."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import ForeignKey, ManyToManyField, OneToOneField
from django.test import Client

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Agency, EnforcementCredential, SavedView, Unit, User
from zhifa.core.scope import SCOPES, restrict, scope_of


def reachable_models():
    """Every model of Zhifa, and every model one of their relational fields points at."""
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("zhifa."):
            continue
        found.add(model)
        for field in model._meta.get_fields():
            if isinstance(field, (ForeignKey, OneToOneField, ManyToManyField)):
                found.add(field.related_model)
    return found


def test_every_reachable_model_declares_its_scope():
    missing = []
    for model in reachable_models():
        try:
            scope_of(model)
        except ImproperlyConfigured:
            missing.append(model._meta.label)
    assert missing == []


def test_every_declaration_names_a_model_and_a_path_that_ends_at_its_owner():
    for label, scope in SCOPES.items():
        model = apps.get_model(label)  # a stale label raises here
        if scope.kind not in ("agency", "personal"):
            continue
        target = model
        for name in scope.path.split("__"):
            field = target._meta.get_field(name)
            target = field.related_model if field.is_relation else target
        assert target is (Agency if scope.kind == "agency" else User), (label, scope.path, target)


def test_a_model_without_a_declaration_cannot_be_restricted(monkeypatch, officer):
    monkeypatch.delitem(SCOPES, "accounts.Unit")
    with pytest.raises(ImproperlyConfigured):
        restrict(Unit.objects.all(), officer)


@pytest.fixture
def foreign_admin(make_user, other_agency):
    return make_user(Role.ADMINISTRATOR, unit=Unit.objects.create(agency=other_agency, name="办公室"))


def test_restrict_keeps_each_agency_to_its_own_rows(officer, foreign_admin, ground, django_user_model):
    ours = set(User.objects.filter(unit__agency=officer.agency_id).values_list("pk", flat=True))
    assert set(restrict(User.objects.all(), officer).values_list("pk", flat=True)) == ours
    assert officer not in restrict(User.objects.all(), foreign_admin)
    assert not restrict(EnforcementCredential.objects.filter(holder=officer), foreign_admin).exists()
    assert list(restrict(Agency.objects.all(), officer)) == [officer.unit.agency]
    # Shared reference data: every agency reads it; only a superuser changes it through the scope.
    assert ground in restrict(type(ground).objects.all(), foreign_admin)
    assert not restrict(type(ground).objects.all(), foreign_admin, "change").exists()
    # A user's own rows are nobody else's.
    mine = SavedView.objects.create(user=officer, list_name="cases", name="我的", query={})
    assert mine in restrict(SavedView.objects.all(), officer)
    assert not restrict(SavedView.objects.all(), foreign_admin).exists()
    # No user, or no agency: nothing. A superuser: everything.
    assert not restrict(User.objects.all(), None).exists()
    root = django_user_model.objects.create_superuser("root-scope", password="x")
    assert restrict(User.objects.all(), root).count() == User.objects.count()
    assert not restrict(Unit.objects.all(), django_user_model.objects.create_user("nobody", password="x")).exists()


def test_every_api_serializer_restricts_its_related_fields():
    from rest_framework.serializers import BaseSerializer

    from zhifa.core.api.serializers import ScopedRelations

    unscoped, todo = [], [BaseSerializer]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("zhifa.") and not issubclass(sub, ScopedRelations):
                unscoped.append(f"{sub.__module__}.{sub.__qualname__}")
    assert unscoped == []


def test_a_filterset_that_bypasses_the_scope_is_refused():
    import django_filters
    from rest_framework import generics

    from zhifa.core.api.filters import FilterBackend

    class Plain(django_filters.FilterSet):
        class Meta:
            model = Unit
            fields = ["agency"]

    view = generics.ListAPIView(filterset_class=Plain)
    with pytest.raises(ImproperlyConfigured):
        FilterBackend().get_filterset_class(view, Unit.objects.all())


def test_model_filters_offer_only_the_users_scope(admin_api, foreign_admin, client_for, officer):
    """?holder= with a colleague of another agency is refused like an id that names nothing, not answered
    with an empty page (which would tell that the id exists)."""
    mine = admin_api.get("/api/credentials/", {"holder": officer.pk})
    assert mine.status_code == 200 and len(mine.json()["results"]) == 1
    foreign = client_for(foreign_admin).get("/api/credentials/", {"holder": officer.pk})
    assert foreign.status_code == 400 and "holder" in foreign.json()["fields"]


def test_the_django_admin_is_for_superusers_only(admin_user):
    """Its forms and lists span every agency: a staff flag alone opens nothing."""
    admin_user.is_staff = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    for url in ("/admin/", "/admin/accounts/user/", "/admin/cases/case/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    admin_user.is_superuser = True
    admin_user.save()
    assert client.get("/admin/accounts/user/").status_code == 200
