"""Every multi-value filter accepts both ?x=a,b and ?x=a&x=b (CONTRACT.md): the reviewer's dashboard sends
state__in=submitted&state__in=under_review, the lists send state=a,b; both mean the same.

The sweep covers every filterset of the API: the views' own classes and those django-filter builds from a
view's `filterset_fields`, and any FilterSet class the code defines."""

from types import SimpleNamespace

from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from zhifa.core.api.filters import FilterBackend, FilterSet, is_multi_value


def _callbacks(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _callbacks(entry)
        elif isinstance(entry, URLPattern):
            yield entry.callback


def api_filtersets(user) -> dict:
    """{filterset class: model} for every list view of the API, plus every FilterSet subclass in the code."""
    found, backend = {}, FilterBackend()
    for callback in _callbacks():
        cls, actions = getattr(callback, "cls", None), getattr(callback, "actions", None) or {}
        if cls is None or actions.get("get") != "list":
            continue
        view = cls(**getattr(callback, "initkwargs", {}))
        view.action_map, view.action, view.kwargs, view.format_kwarg = actions, "list", {}, None
        request = APIRequestFactory().get("/")
        force_authenticate(request, user=user)
        view.request = APIView().initialize_request(request)
        view.request.user = user
        if FilterBackend not in [type(b) if not isinstance(b, type) else b for b in view.filter_backends]:
            continue
        queryset = view.get_queryset()
        filterset_class = backend.get_filterset_class(view, queryset)
        if filterset_class is not None:
            found[filterset_class] = queryset.model
    todo = [FilterSet]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub._meta.model is not None:
                found.setdefault(sub, sub._meta.model)
    return found


def two_values(filterset_class, name, filter_) -> list[str]:
    choices = filter_.extra.get("choices")
    if callable(choices):
        choices = choices()
    if choices:
        return [str(value) for value, _ in list(choices)[:2]]
    field = filterset_class._meta.model._meta.get_field(filter_.field_name.split("__")[0])
    if field.choices:
        return [str(value) for value, _ in field.choices[:2]]
    if field.is_relation or field.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField",
                                                          "PositiveIntegerField", "PositiveSmallIntegerField"):
        return ["1", "2"]
    if field.get_internal_type() == "DateField":
        return ["2024-01-01", "2024-01-02"]
    return ["a", "b"]


def test_both_forms_of_every_multi_value_filter_mean_the_same(db, officer):
    request = SimpleNamespace(user=officer)
    checked = []
    for filterset_class, model in api_filtersets(officer).items():
        for name, filter_ in filterset_class.base_filters.items():
            if not is_multi_value(filter_):
                continue
            a, b = two_values(filterset_class, name, filter_)
            answers = []
            for query in (f"{name}={a},{b}", f"{name}={a}&{name}={b}", f"{name}={a}&{name}={b},{a}"):
                filterset = filterset_class(QueryDict(query), queryset=model._default_manager.all(), request=request)
                assert filterset.is_valid(), (filterset_class.__name__, query, filterset.errors)
                value = filterset.form.cleaned_data[name]
                assert {str(v) for v in value} == {a, b}, (filterset_class.__name__, query, value)
                answers.append(str(filterset.qs.query))
            assert answers[0] == answers[1], (filterset_class.__name__, name)
            checked.append(f"{filterset_class.__name__}.{name}")
    # The sweep reached the ones the dashboards use: the review queue's state__in, the case list's state.
    assert {"CaseFilterSet.state"} <= set(checked) and any(c.endswith(".state__in") for c in checked), checked
    assert len(checked) >= 12, checked


def test_both_forms_answer_the_same_rows_over_http(admin_api, officer, leader, make_user):
    from zhifa.accounts.choices import Role

    make_user(Role.LEGAL_REVIEWER)
    answers = []
    for query in ("role=officer,leader", "role=officer&role=leader"):
        response = admin_api.get(f"/api/users/?{query}")
        assert response.status_code == 200, response.json()
        answers.append(sorted(row["id"] for row in response.json()["results"]))
    assert answers[0] == answers[1] and {officer.pk, leader.pk} <= set(answers[0])
    assert admin_api.get("/api/reviews/?state__in=submitted&state__in=under_review").status_code == 200
