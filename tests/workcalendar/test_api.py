import datetime

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhifa.accounts.choices import Role
from zhifa.calendar.models import CalendarDay, CalendarYear

CALC = "/api/deadlines/calc/"
DAYS = "/api/calendar/days/"
YEARS = "/api/calendar/years/"
pytestmark = pytest.mark.django_db


def assert_error(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["status"] == status
    assert {"code", "detail", "detail_en", "fields"} <= set(body)
    if field:
        assert field in body["fields"], body


# --- GET /api/deadlines/calc/ ----------------------------------------------------------------


@pytest.mark.parametrize(("query", "due", "provisional"), [
    ({"start": "2024-02-05", "days": 7, "unit": "working"}, "2024-02-20", False),
    ({"start": "2024-04-30", "days": 5, "unit": "working"}, "2024-05-10", False),
    ({"start": "2024-01-26", "days": 15, "unit": "calendar"}, "2024-02-18", False),
    ({"start": "2023-04-01", "days": 6, "unit": "months"}, "2023-10-07", False),
    ({"start": "2030-01-01", "days": 3, "unit": "working"}, "2030-01-04", True),
    ({"start": "2024-02-10", "days": 0, "unit": "calendar"}, "2024-02-10", False),
])
def test_calc(officer_api, query, due, provisional):
    response = officer_api.get(CALC, query)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["due"], body["provisional"]) == (due, provisional)
    assert (body["start"], body["days"], body["unit"]) == (query["start"], query["days"], query["unit"])
    assert body["basis"]


def test_calc_names_unofficial_years(officer_api):
    body = officer_api.get(CALC, {"start": "2026-12-28", "days": 5, "unit": "working"}).json()
    # 2027-01-01, a Friday, is New Year's Day by law even before the year's notice is entered.
    assert body == {**body, "due": "2027-01-05", "provisional": True, "unofficial_years": [2027]}
    assert "2027" in body["basis"] and "暂定" in body["basis"]


@pytest.mark.parametrize(("query", "field"), [
    ({"days": 7, "unit": "working"}, "start"),
    ({"start": "", "days": 7, "unit": "working"}, "start"),
    ({"start": "2024-02-30", "days": 7, "unit": "working"}, "start"),
    ({"start": "05/02/2024", "days": 7, "unit": "working"}, "start"),
    ({"start": "1989-12-31", "days": 7, "unit": "working"}, "start"),
    ({"start": "2201-01-01", "days": 7, "unit": "working"}, "start"),
    ({"start": "9999-12-31", "days": 7, "unit": "working"}, "start"),
    ({"start": "2024-02-05T10:00:00", "days": 7, "unit": "working"}, "start"),
    ({"start": "2024-02-05", "unit": "working"}, "days"),
    ({"start": "2024-02-05", "days": "seven", "unit": "working"}, "days"),
    ({"start": "2024-02-05", "days": "-1", "unit": "working"}, "days"),
    ({"start": "2024-02-05", "days": "3651", "unit": "calendar"}, "days"),
    ({"start": "2024-02-05", "days": "1.5", "unit": "calendar"}, "days"),
    ({"start": "2024-02-05", "days": "1e3", "unit": "calendar"}, "days"),
    ({"start": "2024-02-05", "days": "99999999999999999999999", "unit": "calendar"}, "days"),
    ({"start": "2024-02-05", "days": "121", "unit": "months"}, "days"),
    ({"start": "2024-02-05", "days": 7}, "unit"),
    ({"start": "2024-02-05", "days": 7, "unit": "weeks"}, "unit"),
    ({"start": "2024-02-05", "days": 7, "unit": "WORKING"}, "unit"),
])
def test_calc_refuses_bad_input_naming_the_field(officer_api, query, field):
    assert_error(officer_api.get(CALC, query), 400, field)


def test_calc_reports_every_bad_field(officer_api):
    response = officer_api.get(CALC)
    assert_error(response, 400)
    assert set(response.json()["fields"]) == {"start", "days", "unit"}


def test_calc_needs_login(client_for):
    assert_error(client_for().get(CALC, {"start": "2024-02-05", "days": 7, "unit": "working"}), 401)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.one_of(st.text(max_size=30), st.dates().map(str)),
       days=st.one_of(st.text(max_size=30), st.integers().map(str)),
       unit=st.one_of(st.text(max_size=12), st.sampled_from(["working", "calendar", "months"])))
def test_calc_never_fails_on_any_input(officer_api, start, days, unit):
    response = officer_api.get(CALC, {"start": start, "days": days, "unit": unit})
    assert response.status_code in (200, 400), response.content


# --- /api/calendar/days/ ---------------------------------------------------------------------


def test_admin_enters_a_year_and_deadlines_follow(admin_api, officer_api):
    query = {"start": "2030-01-01", "days": 3, "unit": "working"}
    assert officer_api.get(CALC, query).json()["due"] == "2030-01-04"

    created = admin_api.post(DAYS, {"date": "2030-01-02", "kind": "holiday", "name": "元旦"})
    assert created.status_code == 201, created.content
    assert created.json()["kind_display"] == "法定节假日/休息日"
    assert admin_api.post(DAYS, {"date": "2030-01-05", "kind": "workday", "name": "元旦"}).status_code == 201
    body = officer_api.get(CALC, query).json()
    assert (body["due"], body["provisional"]) == ("2030-01-05", True)

    completed = admin_api.post(f"{YEARS}2030/complete/", {"published_on": "2029-11-12", "note": "国办发明电"})
    assert completed.status_code == 200, completed.content
    assert completed.json() == {**completed.json(), "year": 2030, "official": True, "complete": True,
                                "source": "manual", "holiday_entries": 1, "workday_entries": 1}
    body = officer_api.get(CALC, query).json()
    assert (body["due"], body["provisional"]) == ("2030-01-05", False)

    reopened = admin_api.post(f"{YEARS}2030/reopen/", {"note": "录入有误"})
    assert reopened.status_code == 200
    assert reopened.json()["official"] is False
    assert officer_api.get(CALC, query).json()["provisional"] is True


def test_post_for_a_date_with_an_entry_replaces_it(admin_api):
    first = admin_api.post(DAYS, {"date": "2030-05-01", "kind": "holiday", "name": "劳动节"})
    again = admin_api.post(DAYS, {"date": "2030-05-01", "kind": "workday"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert CalendarDay.objects.get().kind == "workday"


def test_patch_and_delete(admin_api, officer_api):
    day_id = admin_api.post(DAYS, {"date": "2024-03-01", "kind": "holiday"}).json()["id"]
    query = {"start": "2024-02-29", "days": 1, "unit": "working"}
    assert officer_api.get(CALC, query).json()["due"] == "2024-03-04"

    patched = admin_api.patch(f"{DAYS}{day_id}/", {"date": "2024-03-04", "note": "改期"})
    assert patched.status_code == 200, patched.content
    assert officer_api.get(CALC, query).json()["due"] == "2024-03-01"

    assert admin_api.delete(f"{DAYS}{day_id}/").status_code == 204
    assert officer_api.get(CALC, {**query, "days": 2}).json()["due"] == "2024-03-04"
    assert_error(admin_api.delete(f"{DAYS}{day_id}/"), 404)


def test_patch_to_a_taken_date_names_the_field(admin_api):
    admin_api.post(DAYS, {"date": "2030-05-01", "kind": "holiday"})
    other = admin_api.post(DAYS, {"date": "2030-05-02", "kind": "holiday"}).json()["id"]
    assert_error(admin_api.patch(f"{DAYS}{other}/", {"date": "2030-05-01"}), 400, "date")


@pytest.mark.parametrize(("payload", "field"), [
    ({"kind": "holiday"}, "date"),
    ({"date": "2030-02-30", "kind": "holiday"}, "date"),
    ({"date": "2300-01-01", "kind": "holiday"}, "date"),
    ({"date": "2030-01-01"}, "kind"),
    ({"date": "2030-01-01", "kind": "weekend"}, "kind"),
    ({"date": "2030-01-01", "kind": "holiday", "name": "节" * 51}, "name"),
])
def test_day_create_validation(admin_api, payload, field):
    assert_error(admin_api.post(DAYS, payload), 400, field)


def test_days_list_and_filters(admin_api, officer_api):
    for date, kind in [("2029-10-01", "holiday"), ("2030-01-02", "holiday"), ("2030-01-05", "workday"),
                       ("2030-10-01", "holiday")]:
        admin_api.post(DAYS, {"date": date, "kind": kind})

    def dates(**query):
        response = officer_api.get(DAYS, query)
        assert response.status_code == 200, response.content
        return [row["date"] for row in response.json()["results"]]

    assert dates() == ["2029-10-01", "2030-01-02", "2030-01-05", "2030-10-01"]
    assert dates(year=2030) == ["2030-01-02", "2030-01-05", "2030-10-01"]
    assert dates(year=2030, kind="workday") == ["2030-01-05"]
    assert dates(date_from="2029-12-01", date_to="2030-06-30") == ["2030-01-02", "2030-01-05"]
    assert dates(ordering="-date")[0] == "2030-10-01"


@pytest.mark.parametrize(("query", "field"), [
    ({"year": "abc"}, "year"),
    ({"year": "99999999"}, "year"),
    ({"year": "2030.5"}, "year"),
    ({"kind": "weekend"}, "kind"),
    ({"date_from": "not-a-date"}, "date_from"),
])
def test_days_filter_validation(officer_api, query, field):
    assert_error(officer_api.get(DAYS, query), 400, field)


def test_days_detail_with_garbage_id(officer_api):
    assert_error(officer_api.get(f"{DAYS}99999999999999999999/"), 404)
    assert_error(officer_api.get(f"{DAYS}abc/"), 404)


def test_officer_reads_but_cannot_write(admin_api, officer_api):
    day_id = admin_api.post(DAYS, {"date": "2030-01-02", "kind": "holiday"}).json()["id"]
    assert officer_api.get(DAYS).status_code == 200
    assert officer_api.get(f"{DAYS}{day_id}/").status_code == 200
    assert_error(officer_api.post(DAYS, {"date": "2030-01-03", "kind": "holiday"}), 403)
    assert_error(officer_api.patch(f"{DAYS}{day_id}/", {"kind": "workday"}), 403)
    assert_error(officer_api.delete(f"{DAYS}{day_id}/"), 403)
    assert_error(officer_api.post(f"{YEARS}2030/complete/", {}), 403)
    assert_error(officer_api.post(f"{YEARS}2030/reopen/", {}), 403)
    assert CalendarDay.objects.get().kind == "holiday"
    assert not CalendarYear.objects.exists()


def test_calendar_needs_login(client_for):
    assert_error(client_for().get(DAYS), 401)
    assert_error(client_for().get(YEARS), 401)
    assert_error(client_for().post(DAYS, {"date": "2030-01-03", "kind": "holiday"}), 401)


def test_user_outside_any_unit_cannot_read_the_calendar(make_user, client_for):
    api = client_for(make_user(Role.OFFICER, unit=None, credential=False))
    assert_error(api.get(DAYS), 403)
    assert api.get(CALC, {"start": "2024-02-05", "days": 7, "unit": "working"}).status_code == 200


# --- /api/calendar/years/ --------------------------------------------------------------------


def test_years_list(officer_api):
    response = officer_api.get(YEARS, {"page_size": 500})
    assert response.status_code == 200
    by_year = {row["year"]: row for row in response.json()["results"]}
    assert by_year[2004]["official"] and by_year[2026]["covered_by_package"]
    assert by_year[2026]["source"] == "package"
    today = datetime.date.today()
    assert today.year + 1 in by_year
    if today.year + 1 > 2026:
        assert by_year[today.year + 1]["official"] is False


def test_year_status(officer_api):
    assert officer_api.get(f"{YEARS}2024/").json()["official"] is True
    body = officer_api.get(f"{YEARS}2031/").json()
    assert body == {**body, "official": False, "covered_by_package": False, "source": None, "complete": False}


@pytest.mark.parametrize("year", ["0000", "1989", "2201", "9999"])
def test_year_out_of_range(admin_api, year):
    assert_error(admin_api.get(f"{YEARS}{year}/"), 400, "year")
    assert_error(admin_api.post(f"{YEARS}{year}/complete/", {}), 400, "year")


def test_complete_without_holidays_is_refused(admin_api):
    assert_error(admin_api.post(f"{YEARS}2031/complete/", {}), 400, "year")
    assert_error(admin_api.post(f"{YEARS}2031/complete/", {"published_on": "soon"}), 400, "published_on")


def test_complete_a_package_year_records_the_notice(admin_api):
    body = admin_api.post(f"{YEARS}2026/complete/", {"published_on": "2025-11-04"}).json()
    assert body == {**body, "official": True, "source": "package", "published_on": "2025-11-04"}


# --- Django admin ----------------------------------------------------------------------------


def test_admin_pages_write_through_the_services(client, officer_api):
    superuser = get_user_model().objects.create_superuser("root", password="zhifa-test-pw")
    client.force_login(superuser)
    assert client.get("/admin/calendar/calendarday/").status_code == 200
    assert client.get("/admin/calendar/calendaryear/").status_code == 200

    officer_api.get(CALC, {"start": "2024-02-29", "days": 1, "unit": "working"})  # warm the cache
    response = client.post("/admin/calendar/calendarday/add/",
                           {"date": "2024-03-01", "kind": "holiday", "name": "", "note": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert officer_api.get(CALC, {"start": "2024-02-29", "days": 1, "unit": "working"}).json()["due"] == "2024-03-04"

    refused = client.post("/admin/calendar/calendaryear/add/",
                          {"year": "2031", "complete": "on", "published_on": "", "note": ""})
    assert refused.status_code == 200  # the form is shown again with the reason
    assert not CalendarYear.objects.filter(year=2031).exists()


def test_two_administrators_marking_a_new_year_at_once_get_no_server_error(transactional_db, client_for,
                                                                           make_user, monkeypatch):
    """Found by the outside fuzzer as administrator: two requests for a year without a row both inserted one,
    and the second failed on the unique key (500). Both now find one row; each gets an answer, none a 5xx."""
    import threading

    from django.db import connection

    from zhifa.calendar import engine
    from zhifa.calendar.services import calendar_day_set

    calendar_day_set(date=datetime.date(2000, 10, 2), kind="holiday", name="国庆节")  # a year being entered
    admins = [make_user(Role.ADMINISTRATOR, username=f"calendar-admin-{n}") for n in range(2)]
    together, first = threading.Barrier(2, timeout=10), threading.local()
    covers = engine.package_covers

    def in_step(year):  # both requests have looked for the row before either makes it
        if not getattr(first, "passed", False):
            first.passed = True
            together.wait()
        return covers(year)

    monkeypatch.setattr(engine, "package_covers", in_step)
    answers = []

    def mark(user):
        try:
            answers.append(client_for(user).post(f"{YEARS}2000/complete/", {}, format="json").status_code)
        except Exception as exc:  # noqa: BLE001 - the test client re-raises what the server would answer 500 to
            answers.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=mark, args=(admin,)) for admin in admins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 2 and all(isinstance(s, int) and s < 500 for s in answers), answers
    assert answers == [200, 200] and CalendarYear.objects.get(year=2000).complete
