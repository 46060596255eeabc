"""Hostile input: whatever a client sends, the answer is a 4xx in the error shape, never a 500."""

import pytest

from zhifa.accounts.choices import Role

ERROR_KEYS = {"status", "code", "detail", "detail_en", "fields"}


DATE_TIME_FILTERS = [
    ("/api/evidence/access-log/", "after"), ("/api/evidence/access-log/", "before"),
    ("/api/evidence/", "collected_after"), ("/api/evidence/", "collected_before"),
]


@pytest.mark.parametrize("url, name", DATE_TIME_FILTERS)
def test_any_offset_is_read_in_local_time(make_user, client_for, url, name):
    # Python parses offsets up to ±23:59; PostgreSQL refuses past ±15:59. Found by the API fuzzing.
    api = client_for(make_user(Role.LEADER))
    assert api.get(url, {name: "0475-04-29T07:35:41-21:01"}).status_code == 200


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00"])
@pytest.mark.parametrize("url, name", DATE_TIME_FILTERS)
def test_instants_outside_the_calendar_are_refused(make_user, client_for, url, name, value):
    api = client_for(make_user(Role.LEADER))
    response = api.get(url, {name: value})
    assert response.status_code == 400, response.content
    assert set(response.json()) == ERROR_KEYS and name in response.json()["fields"]


def test_an_ordinary_date_time_filter_still_works(make_user, client_for):
    api = client_for(make_user(Role.LEADER))
    assert api.get("/api/evidence/access-log/", {"after": "2024-01-01T00:00:00+08:00"}).status_code == 200


# --- bodies: too big, too deep, not UTF-8 ---------------------------------------------------------------


def _refused_cleanly(response, *statuses):
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    assert set(response.json()) == ERROR_KEYS, response.content[:300]


def test_an_oversized_body_is_refused(officer_api, settings):
    body = b'{"name": "' + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + b'"}'
    response = officer_api.generic("POST", "/api/organisations/", body, content_type="application/json")
    _refused_cleanly(response, 413)


def test_deeply_nested_json_is_refused(officer_api):
    body = "[" * 100_000 + "]" * 100_000
    _refused_cleanly(officer_api.generic("POST", "/api/organisations/", body, content_type="application/json"), 400)


NOT_UTF8_BODIES = [b'{"name": "\xff\xfe\xc3\x28"}', b"\xed\xa0\x80", b'{"name": "\x00"}']


@pytest.mark.parametrize("body", NOT_UTF8_BODIES)
def test_bodies_that_are_not_utf8_text_are_refused(officer_api, body):
    response = officer_api.generic("POST", "/api/organisations/", body, content_type="application/json")
    _refused_cleanly(response, 400)


@pytest.mark.parametrize("query", [b"q=%ff%fe", b"q=%00", b"name__icontains=%ed%a0%80", b"ordering=%ff"])
def test_query_strings_that_are_not_utf8_are_harmless(officer_api, query):
    response = officer_api.get("/api/organisations/?" + query.decode("latin-1"))
    assert response.status_code in (200, 400)


def test_nul_and_invalid_utf8_in_the_public_search_are_harmless(db):
    # A NUL in the search text used to reach PostgreSQL and fail there (500). Query strings are now normalised
    # on the way in (zhifa.core.middleware.QueryTextMiddleware): the NUL is removed and the search runs.
    from django.test import Client

    assert Client().get("/api/public/notices/?q=%ff%fe%00").status_code == 200
    assert Client().get("/disclosure/search/?q=%00").status_code == 200  # the page shows the error
    assert Client().get("/api/public/notices/?q=%ff%fe").status_code == 200


# --- file names: uploads and imports --------------------------------------------------------------------

# NUL and bidi controls are removed from every upload metadata value before it is checked (zhifa.core.text):
# tests/evidence/test_bad_input.py shows "a\x00b.mp4" and "\u202egpj.exe" stored as "ab.mp4" and "gpj.exe".
TRAVERSAL_NAMES = ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "C:\\boot.ini", "evidence/../../x",
                   "..", ".", "a\x00/b.mp4", "con\r\nX-Injected: 1", "\u202e../gpj.exe"]


@pytest.mark.parametrize("name", TRAVERSAL_NAMES)
def test_tus_upload_names_with_paths_are_refused(officer_api, name):
    import base64

    metadata = f"filename {base64.b64encode(name.encode()).decode()},kind ZG9jdW1lbnRhcnk=,case MQ=="
    response = officer_api.post("/api/evidence/uploads/", HTTP_TUS_RESUMABLE="1.0.0", HTTP_UPLOAD_LENGTH="10",
                                HTTP_UPLOAD_METADATA=metadata)
    assert response.status_code == 400, response.content
    assert "filename" in response.json()["fields"]


def test_the_filename_rules_hold_for_any_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from zhifa.evidence.uploads import filename_problem

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.text(max_size=60), st.sampled_from(["/", "\\", "../", "..\\"]), st.text(max_size=20))
    def check(head, separator, tail):
        name = head + separator + tail
        assert filename_problem(name) is not None  # no name with a path separator passes

    check()


def test_upload_metadata_and_checksum_headers_never_fail_unexpectedly():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from zhifa.core.exceptions import InvalidInput
    from zhifa.evidence.uploads import TusError, parse_checksum, parse_metadata

    header = st.one_of(st.text(max_size=200), st.lists(st.tuples(
        st.text(alphabet=st.characters(codec="ascii"), max_size=12),
        st.binary(max_size=40).map(lambda b: __import__("base64").b64encode(b).decode())), max_size=5).map(
        lambda pairs: ",".join(f"{k} {v}" for k, v in pairs)))

    @settings(max_examples=400, deadline=None, database=None)
    @given(header)
    def check_metadata(value):
        try:
            parsed = parse_metadata(value)
        except InvalidInput:
            return
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in parsed.items())

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.one_of(st.none(), st.text(max_size=120), st.sampled_from(["sha256 ", "sha1 ", "md5 x", "SHA256 =="])))
    def check_checksum(value):
        try:
            parse_checksum(value)
        except TusError:
            pass

    check_metadata()
    check_checksum()


# --- the organisation import: any bytes, any name --------------------------------------------------------


def test_the_import_parser_refuses_or_reports_any_file(agency):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from zhifa.core.exceptions import ApplicationError
    from zhifa.registry.imports import organisation_import

    heading = "社会组织名称,统一社会信用代码,类型,法定代表人,住所,登记日期\n"
    csv_text = st.lists(st.lists(st.text(max_size=15), min_size=1, max_size=8).map(lambda cells: ",".join(
        '"' + c.replace('"', '""') + '"' for c in cells)), max_size=6).map(lambda rows: heading + "\n".join(rows))
    content = st.one_of(st.binary(max_size=400), csv_text.map(str.encode),
                        csv_text.map(lambda text: text.encode("gb18030", "replace")),
                        st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b))
    name = st.sampled_from(["orgs.csv", "orgs.xlsx", "ORGS.CSV", "orgs.txt", "../orgs.csv", "orgs.csv\x00.xlsx"])

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(content, name)
    def check(data, filename):
        try:
            report = organisation_import(agency=agency, content=data, filename=filename, dry_run=True)
        except ApplicationError as exc:
            assert exc.message and exc.status == 400
            return
        assert report is not None

    check()


def test_resident_id_rules_hold_for_any_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from zhifa.core.validators import resident_id_problem

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.text(max_size=30))
    def check(text):
        assert resident_id_problem(text) is None or isinstance(resident_id_problem(text), str)

    check()


def test_record_the_bad_inputs_tried():
    from tests.reliability.test_permission_matrix import XSS
    from tests.reliability.world import record_figures

    record_figures("hostile_input", {
        "date_time_filters": len(DATE_TIME_FILTERS) * 3, "bodies": 2 + len(NOT_UTF8_BODIES), "query_strings": 6,
        "upload_names": len(TRAVERSAL_NAMES), "xss_payloads": len(XSS),
        "generated": {"file_names": 300, "upload_metadata": 400, "checksums": 300, "import_files": 150,
                      "resident_ids": 300, "public_searches": 200},
    })


@pytest.mark.parametrize("header, value", [("HTTP_UPLOAD_METADATA", "filename \x80\xff=="),
                                           ("HTTP_UPLOAD_METADATA", "filename ZmlsZQ==,case \xe9")])
def test_non_ascii_tus_headers_are_refused(officer_api, header, value):
    # Found by the property test above: non-ASCII text in a Base64 header value raised ValueError (500).
    response = officer_api.post("/api/evidence/uploads/", HTTP_TUS_RESUMABLE="1.0.0", HTTP_UPLOAD_LENGTH="10",
                                **{header: value})
    _refused_cleanly(response, 400)


def test_any_public_search_text_is_answered_or_refused(db):
    """Document numbers (潜民罚立〔2023〕3号), credit codes and names as the public types them, or not."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from zhifa.core.exceptions import InvalidInput
    from zhifa.disclosure import selectors
    from zhifa.disclosure.api.views import public_search_params

    text = st.one_of(st.text(max_size=120), st.from_regex(r"[\u4e00-\u9fff]{2,6}〔20\d\d〕\d{1,4}号", fullmatch=True))

    @settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text, text, text, st.one_of(st.just(""), st.text(max_size=12)))
    def check(q, credit_code, document_number, published_after):
        try:
            params = public_search_params({"q": q, "credit_code": credit_code, "document_number": document_number,
                                           "published_after": published_after})
        except InvalidInput as exc:
            assert exc.fields
            return
        list(selectors.public_notices(**params)[:5])

    check()


# --- a PATCH that changes nothing, on every route that takes one -----------------------------------------------


def _what_a_write_leaves():
    """Every version column summed, and the rows of every history and append-only table counted."""
    import pghistory.models
    from django.apps import apps
    from django.db.models import Sum

    from zhifa.core.admin import delete_protected

    marks = {}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        label = model._meta.label
        if issubclass(model, pghistory.models.Event) or delete_protected(model):
            marks[label] = model.objects.count()
        elif any(field.name == "version" for field in model._meta.concrete_fields):
            marks[label] = model.objects.aggregate(total=Sum("version"))["total"]
    return marks


# A refused request to evidence is written to the access log, by design (tests/evidence/test_access.py).
LOGGED = {"evidence.AccessEvent", "evidence.AccessEventEvent"}


def test_a_patch_of_unknown_fields_changes_nothing_on_any_route(world, db, monkeypatch):
    """The meta-test of finding 6: every PATCH route, as every role of the agency, with a body of fields the
    route does not take: never a 5xx, and no version bump, history row or log row anywhere."""
    from django.db import transaction
    from rest_framework.throttling import SimpleRateThrottle

    from tests.reliability.matrix import ROLES, clients
    from tests.reliability.routes import api_routes
    from tests.reliability.targets import make_missing_objects, url_for

    make_missing_objects(world)
    for scope in list(SimpleRateThrottle.THROTTLE_RATES):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "1000000/min")
    made = clients(world)
    patched, changed = 0, []
    for route in api_routes():
        if "patch" not in route.methods or "<" not in route.pattern and "(?P" not in route.pattern:
            continue
        url = url_for(world, route)
        for role in ROLES:
            with transaction.atomic():
                before = _what_a_write_leaves()
                response = made["own", str(role)].patch(url, {"zz_not_a_field": "x"}, format="json")
                after = _what_a_write_leaves()
                transaction.set_rollback(True)
            assert response.status_code < 500, (route.name, role, response.status_code, response.content[:300])
            patched += response.status_code < 300
            moved = {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v and k not in LOGGED}
            if moved:
                changed.append((route.name, str(role), response.status_code, moved))
    assert not changed, changed
    assert patched >= 5, patched  # the sweep reached routes that accept a PATCH
