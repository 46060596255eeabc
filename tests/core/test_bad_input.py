"""Ordinary bad input: whatever a client sends, a 4xx in the one error shape naming the field, and nothing
changed. Each case here was a 500 (found by an outside schemathesis run and a security review)."""

import datetime
import importlib
import pkgutil

import pytest
from rest_framework import fields as drf_fields
from rest_framework import serializers as drf_serializers

import zhifa
from zhifa.accounts.choices import Role
from zhifa.core.api import fields as project_fields
from zhifa.core.api.params import parse_int
from zhifa.core.exceptions import InvalidInput
from zhifa.core.text import clean_text
from zhifa.core.validators import build_credit_code
from zhifa.registry.models import AnnualInspection, IllegalOrganisation, Organisation

ERROR_KEYS = {"status", "code", "detail", "detail_en", "fields"}
# Each passes str.isdigit() but not int(), or int() but not a bigint, or is no integer at all.
NOT_INTEGERS = ["²", "٣٣", "1²", "9" * 5000, "9" * 19, "-1", "+1", "1.0", "0x1", " ", "１２"]


def _refused(response, field, status=400):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert set(response.json()) == ERROR_KEYS
    assert field in response.json()["fields"], response.json()


@pytest.fixture
def organisation(agency):
    return Organisation.objects.create(
        agency=agency, name="潜江市围棋协会", type="social_group", credit_code=build_credit_code("51429005", "TC000001"),
        legal_representative="王建华", registration_date=datetime.date(2015, 3, 1))


# --- integers in query parameters and headers: one helper -------------------------------------------------

@pytest.mark.parametrize("text", NOT_INTEGERS)
def test_the_integer_helper_takes_ascii_digits_only(text):
    with pytest.raises(InvalidInput) as refused:
        parse_int(text, field="year")
    assert "year" in refused.value.fields


def test_the_integer_helper_reads_what_it_should():
    assert parse_int(" 2024 ", field="year") == 2024
    assert parse_int("0", field="n") == 0
    with pytest.raises(InvalidInput):
        parse_int("1989", field="year", minimum=1990, maximum=2200)


@pytest.mark.parametrize("url", ["/api/cases/statistics/", "/api/litigation/statistics/"])
@pytest.mark.parametrize("year", ["²", "9" * 5000, "1²", "1989"])
def test_statistics_years_are_checked(make_user, client_for, url, year):
    _refused(client_for(make_user(Role.LEADER)).get(url, {"year": year}), "year")


@pytest.mark.parametrize("value", ["²", "9" * 5000, '"²"', 'W/"' + "9" * 5000 + '"'])
def test_if_match_takes_ascii_digits_only(officer_api, value):
    created = officer_api.post("/api/illegal-organisations/", {
        "name": "潜江市国学促进会", "discovered_on": "2023-06-01", "activity_area": "园林街道"})
    response = officer_api.patch(f"/api/illegal-organisations/{created.json()['id']}/", {"activity_area": "城区"},
                                 HTTP_IF_MATCH=value)
    _refused(response, "version")
    assert IllegalOrganisation.objects.get().activity_area == "园林街道"


def test_a_version_field_takes_ascii_digits_only(officer_api):
    created = officer_api.post("/api/illegal-organisations/", {
        "name": "潜江市国学促进会", "discovered_on": "2023-06-01", "activity_area": "园林街道"}).json()
    response = officer_api.patch(f"/api/illegal-organisations/{created['id']}/",
                                 {"activity_area": "城区", "version": "²"}, format="multipart")
    assert response.status_code == 400, response.content


# --- the annual inspection's year --------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["patch", "put"])
@pytest.mark.parametrize("year", [0, 1987, 2201, 32766])
def test_an_inspection_year_out_of_range_is_refused(officer_api, organisation, method, year):
    inspection = AnnualInspection.objects.create(organisation=organisation, year=2023, result="qualified")
    body = {"organisation": organisation.pk, "year": year, "result": "qualified"}
    response = getattr(officer_api, method)(f"/api/annual-inspections/{inspection.pk}/", body, format="multipart")
    _refused(response, "year")
    inspection.refresh_from_db()
    assert inspection.year == 2023


def test_moving_an_inspection_onto_a_year_already_recorded_is_refused(officer_api, organisation):
    AnnualInspection.objects.create(organisation=organisation, year=2022, result="qualified")
    inspection = AnnualInspection.objects.create(organisation=organisation, year=2023, result="qualified")
    response = officer_api.patch(f"/api/annual-inspections/{inspection.pk}/", {"year": 2022}, format="multipart")
    _refused(response, "year")


def test_an_inspection_year_is_corrected(officer_api, organisation):
    inspection = AnnualInspection.objects.create(organisation=organisation, year=2023, result="qualified")
    response = officer_api.patch(f"/api/annual-inspections/{inspection.pk}/", {"year": 2022}, format="multipart")
    assert response.status_code == 200, response.content
    inspection.refresh_from_db()
    assert inspection.year == 2022


# --- date-times: range-checked everywhere -------------------------------------------------------------------

@pytest.mark.parametrize("value", ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59",
                                   "9999-12-31T23:59:59-05:00", "1899-12-31T23:59:59+00:00", "2201-01-02T00:00:00"])
def test_a_date_time_outside_the_calendar_is_refused(value):
    field = project_fields.DateTimeField()
    with pytest.raises(drf_serializers.ValidationError):
        field.run_validation(value)


def test_an_ordinary_date_time_passes():
    value = project_fields.DateTimeField().run_validation("2024-03-09T09:30:00")
    assert value.year == 2024 and value.tzinfo is not None


def _api_serializer_classes():
    for module_info in pkgutil.walk_packages(zhifa.__path__, "zhifa."):
        if not module_info.name.endswith(".api.serializers"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, drf_serializers.BaseSerializer) \
                    and value.__module__ == module.__name__:
                yield value


def _writable_fields(serializer, path=""):
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        yield f"{path}{name}", field
        if isinstance(field, drf_serializers.ListSerializer):
            field = field.child
        if isinstance(field, drf_serializers.Serializer):
            yield from _writable_fields(field, f"{path}{name}.")
        elif isinstance(field, drf_fields.ListField):
            yield f"{path}{name}[]", field.child


def test_every_date_time_field_of_the_api_is_range_checked():
    """The meta-test: every writable date-time field of every API serializer is the project's (declared
    explicitly or mapped from a model field). One that is not would let year 1 reach PostgreSQL."""
    checked, unchecked = 0, []
    for cls in _api_serializer_classes():
        try:
            serializer = cls()
            fields = list(_writable_fields(serializer))
        except Exception:  # a serializer that needs arguments to build is tested through its view
            continue
        for name, field in fields:
            if isinstance(field, drf_fields.DateTimeField):
                checked += 1
                if not isinstance(field, project_fields.DateTimeField):
                    unchecked.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert not unchecked, unchecked
    assert checked >= 5  # the sweep reached the serializers


# --- text normalised on the way in -------------------------------------------------------------------------

HOSTILE = "\x00\x01\x07\x0b\x1b\x7f\x85\u202e\u2066\u200f"


def test_the_normaliser_keeps_text_and_removes_controls():
    assert clean_text("第一行\n第二行\t制表\r\n") == "第一行\n第二行\t制表\r\n"
    assert clean_text(f"潜江{HOSTILE}协会") == "潜江协会"
    assert clean_text("a\nb", one_line=True) == "a b"
    assert clean_text(5) == 5


def test_control_and_bidi_characters_are_stripped_by_every_write(officer_api, organisation):
    name = f"潜江市{HOSTILE}国学促进会"
    created = officer_api.post("/api/illegal-organisations/", {
        "name": name, "discovered_on": "2023-06-01", "activity_area": f"园林\u202e街道", "description": "一\n二"},
        format="json")
    assert created.status_code == 201, created.content
    record = IllegalOrganisation.objects.get()
    assert (record.name, record.activity_area, record.description) == ("潜江市国学促进会", "园林街道", "一\n二")

    form = officer_api.patch(f"/api/illegal-organisations/{record.pk}/", {"activity_area": f"城区{HOSTILE}"},
                             format="multipart")
    assert form.status_code == 200, form.content
    record.refresh_from_db()
    assert record.activity_area == "城区"

    inspection = officer_api.post("/api/annual-inspections/", {
        "organisation": organisation.pk, "year": 2023, "result": "qualified", "remarks": f"按时\u202e报送{HOSTILE}"})
    assert inspection.status_code == 201, inspection.content
    assert AnnualInspection.objects.get().remarks == "按时报送"

    renamed = officer_api.patch(f"/api/organisations/{organisation.pk}/", {"address": f"\u202e园林街道{HOSTILE}1号"},
                                format="json")
    assert renamed.status_code == 200, renamed.content
    organisation.refresh_from_db()
    assert organisation.address == "园林街道1号"


def test_query_parameters_are_normalised(officer_api, organisation):
    response = officer_api.get("/api/organisations/", {"q": f"围棋{HOSTILE}"})
    assert response.status_code == 200
    assert [o["id"] for o in response.json()["results"]] == [organisation.pk]


# --- URLs ----------------------------------------------------------------------------------------------------

def test_an_over_long_url_gets_the_error_shape(officer_api):
    response = officer_api.get("/api/organisations/", {"q": "x" * 9000})
    assert response.status_code == 414
    assert set(response.json()) == ERROR_KEYS and response.json()["code"] == "uri_too_long"


# --- a PATCH that changes nothing ----------------------------------------------------------------------------

@pytest.mark.parametrize("body", [{"not_a_field": "x"}, {"id": 999, "created_at": "2020-01-01T00:00:00+08:00"},
                                  {"activity_area": "园林街道"}, {}])
def test_a_patch_that_changes_nothing_bumps_no_version_and_writes_no_history(officer_api, body):
    from zhifa.audit.selectors import object_history

    created = officer_api.post("/api/illegal-organisations/", {
        "name": "潜江市国学促进会", "discovered_on": "2023-06-01", "activity_area": "园林街道"}).json()
    record = IllegalOrganisation.objects.get(pk=created["id"])
    history = object_history(obj=record).count()
    response = officer_api.patch(f"/api/illegal-organisations/{record.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == created["version"]
    record.refresh_from_db()
    assert record.version == created["version"] and object_history(obj=record).count() == history


def test_a_patch_that_changes_something_still_bumps_the_version(officer_api):
    created = officer_api.post("/api/illegal-organisations/", {
        "name": "潜江市国学促进会", "discovered_on": "2023-06-01", "activity_area": "园林街道"}).json()
    response = officer_api.patch(f"/api/illegal-organisations/{created['id']}/", {"activity_area": "城区"},
                                 format="json")
    assert response.json()["version"] == created["version"] + 1


def test_an_organisation_patch_of_ignored_fields_changes_nothing(officer_api, organisation):
    from zhifa.audit.selectors import object_history

    history = object_history(obj=organisation).count()
    response = officer_api.patch(f"/api/organisations/{organisation.pk}/", {"registration_authority": "别处"},
                                 format="json")
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert organisation.version == 1 and object_history(obj=organisation).count() == history


def test_a_notice_patch_that_changes_nothing_keeps_its_checked_redaction(make_user, client_for):
    from zhifa.disclosure import services as disclosure_services
    from zhifa.disclosure.models import Notice, NoticeStep

    editor = make_user(Role.DISCLOSURE_EDITOR)
    notice = disclosure_services.notice_create(actor=editor, kind="general", title="关于开展年检的通知",
                                               body="请按时参加年检。")
    notice = disclosure_services.notice_check_redaction(notice_id=notice.pk, actor=editor)
    state, version, steps = notice.state, notice.version, NoticeStep.objects.filter(notice=notice).count()
    api = client_for(editor)
    for body in ({"not_a_field": 1}, {"title": notice.title}, {}):
        response = api.patch(f"/api/disclosures/{notice.pk}/", body, format="json")
        assert response.status_code == 200, response.content
    notice = Notice.objects.get(pk=notice.pk)
    assert (notice.state, notice.version) == (state, version)
    assert NoticeStep.objects.filter(notice=notice).count() == steps


def test_a_case_patch_that_changes_nothing_bumps_no_version(apis, lead_payload, officers, ground):
    from zhifa.audit.selectors import object_history
    from zhifa.cases.models import Case, TimelineEvent

    created = apis["officer"].post("/api/cases/", lead_payload, format="json")
    assert created.status_code == 201, created.content
    case = Case.objects.get(pk=created.json()["id"])
    version, history, events = case.version, object_history(obj=case).count(), TimelineEvent.objects.count()
    for body in ({"not_a_field": 1}, {"title": lead_payload["title"]}, {"grounds": [ground.pk]},
                 {"officers": [o.pk for o in officers]}, {}):
        response = apis["officer"].patch(f"/api/cases/{case.pk}/", body, format="json")
        assert response.status_code == 200, (body, response.content)
    case.refresh_from_db()
    assert case.version == version and object_history(obj=case).count() == history
    assert TimelineEvent.objects.count() == events
    changed = apis["officer"].patch(f"/api/cases/{case.pk}/", {"title": "改过的标题"}, format="json")
    assert changed.json()["version"] == version + 1


def test_every_api_view_parses_bodies_through_the_normaliser():
    """The meta-test for text on the way in: no view reads a body with a parser that skips the normaliser."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from rest_framework.views import APIView

    from zhifa.core.api import parsers

    allowed = {parsers.SafeJSONParser, parsers.CleanFormParser, parsers.CleanMultiPartParser}

    def views(resolver):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from views(entry)
            elif isinstance(entry, URLPattern):
                cls = getattr(entry.callback, "cls", None)
                if cls is not None and issubclass(cls, APIView):
                    actions = getattr(entry.callback, "actions", None) or {}
                    yield cls, list(actions.values())

    checked, raw = 0, []
    for cls, actions in views(get_resolver()):
        for parser_lists in [cls.parser_classes] + [getattr(getattr(cls, a, None), "kwargs", {}).get(
                "parser_classes", cls.parser_classes) for a in actions]:
            checked += 1
            raw += [f"{cls.__module__}.{cls.__name__}: {p.__name__}" for p in parser_lists if p not in allowed]
    assert not raw, raw
    assert checked > 50


def test_an_uploaded_file_name_and_the_form_fields_are_normalised():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import RequestFactory
    from rest_framework.request import Request

    from zhifa.core.api.parsers import CleanMultiPartParser

    upload = SimpleUploadedFile("\u202evsc.exe\x00.csv", b"a,b\n", content_type="text/csv")
    request = Request(RequestFactory().post("/", {"file": upload, "note": f"说明{HOSTILE}"}),
                      parsers=[CleanMultiPartParser()])
    assert request.data["note"] == "说明"
    assert request.FILES["file"].name == "vsc.exe.csv"


@pytest.mark.parametrize("pk", ["9" * 30, "9" * 5000, "٣", "²"])
@pytest.mark.parametrize("url", ["/api/evidence/{}/", "/api/evidence/{}/stream/", "/api/organisations/{}/",
                                 "/api/cases/{}/", "/api/illegal-organisations/{}/", "/api/evidence/devices/{}/",
                                 "/api/evidence/1/derivatives/{}/download/"])
def test_an_id_in_the_path_that_is_no_bigint_is_not_found(officer_api, url, pk):
    response = officer_api.get(url.format(pk))
    assert response.status_code == 404, (response.status_code, response.content[:200])
