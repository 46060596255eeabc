"""Saved views of the lists: each user's own, kept on the server so they follow the user between browsers."""

from rest_framework.test import APIClient

from zhifa.accounts.choices import Role
from zhifa.accounts.models import SavedView
from zhifa.accounts.services import MAX_SAVED_VIEWS


def save(api, name, query=None, list_name="cases"):
    return api.post("/api/saved-views/", {"list": list_name, "name": name, "query": query or {}}, format="json")


def test_save_list_and_open_own_views(officer_api):
    created = save(officer_api, " 逾期案件 ", {"overdue": "true", "state": ["filed", "investigating"], "cursor": "abc"})
    assert created.status_code == 201, created.json()
    body = created.json()
    # The name is trimmed and the page is not part of a view.
    assert body["name"] == "逾期案件" and body["list"] == "cases"
    assert body["query"] == {"overdue": "true", "state": ["filed", "investigating"]}
    save(officer_api, "重大案件", {"is_major": "true"})
    save(officer_api, "基金会", {"type": ["foundation"]}, list_name="organisations")

    views = officer_api.get("/api/saved-views/?list=cases").json()
    assert [v["name"] for v in views] == ["重大案件", "逾期案件"]  # newest first
    assert len(officer_api.get("/api/saved-views/").json()) == 3
    assert officer_api.get(f"/api/saved-views/{body['id']}/").json()["name"] == "逾期案件"


def test_saving_a_name_again_replaces_that_view(officer_api, officer):
    first = save(officer_api, "逾期案件", {"overdue": "true"}).json()
    save(officer_api, "重大案件", {"is_major": "true"})
    again = save(officer_api, "逾期案件", {"overdue": "true", "is_major": "true"})
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["query"] == {"overdue": "true", "is_major": "true"}
    assert SavedView.objects.filter(user=officer).count() == 2
    # The replaced view comes first again.
    assert [v["name"] for v in officer_api.get("/api/saved-views/?list=cases").json()] == ["逾期案件", "重大案件"]


def test_renaming_onto_another_views_name_is_refused(officer_api):
    save(officer_api, "逾期案件", {"overdue": "true"})
    other = save(officer_api, "重大案件", {"is_major": "true"}).json()
    response = officer_api.patch(f"/api/saved-views/{other['id']}/", {"name": "逾期案件"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "duplicate_name" and "逾期案件" in body["detail"] and "逾期案件" in body["detail_en"]
    renamed = officer_api.patch(f"/api/saved-views/{other['id']}/", {"name": "重大", "query": {"q": "协会"}},
                                format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "重大" and renamed.json()["query"] == {"q": "协会"}


def test_at_most_twenty_views_per_list(officer_api):
    for n in range(MAX_SAVED_VIEWS):
        assert save(officer_api, f"视图{n}").status_code == 201
    response = save(officer_api, "再来一个")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "too_many_saved_views" and "20" in body["detail"] and "20" in body["detail_en"]
    # Replacing one still works, and another list has its own twenty.
    assert save(officer_api, "视图3", {"q": "x"}).status_code == 200
    assert save(officer_api, "基金会", list_name="organisations").status_code == 201


def test_only_the_users_own_views_are_seen_or_changed(officer_api, make_user, client_for):
    mine = save(officer_api, "我的视图", {"q": "x"}).json()
    colleague = client_for(make_user(Role.OFFICER))
    assert colleague.get("/api/saved-views/").json() == []
    assert colleague.get(f"/api/saved-views/{mine['id']}/").status_code == 404
    assert colleague.patch(f"/api/saved-views/{mine['id']}/", {"name": "改名"}, format="json").status_code == 404
    assert colleague.delete(f"/api/saved-views/{mine['id']}/").status_code == 404
    # The same name is free for the colleague.
    assert save(colleague, "我的视图").status_code == 201
    assert APIClient().get("/api/saved-views/").status_code == 401
    assert officer_api.delete(f"/api/saved-views/{mine['id']}/").status_code == 204
    assert officer_api.get("/api/saved-views/").json() == []


def test_bad_input_names_the_problem(officer_api):
    blank = save(officer_api, "   ")
    assert blank.status_code == 400 and "name" in blank.json()["fields"]
    too_long = save(officer_api, "名" * 41)
    assert too_long.status_code == 400 and "name" in too_long.json()["fields"]
    bad_list = save(officer_api, "视图", list_name="Cases!")
    assert bad_list.status_code == 400 and "list" in bad_list.json()["fields"]
    bad_query = save(officer_api, "视图", {"q": {"nested": 1}})
    assert bad_query.status_code == 400 and "query" in bad_query.json()["fields"]
    not_object = officer_api.post("/api/saved-views/", {"list": "cases", "name": "视图", "query": ["q"]}, format="json")
    assert not_object.status_code == 400 and "query" in not_object.json()["fields"]
    for response in (blank, too_long, bad_list, bad_query):
        assert response.json()["detail"] and response.json()["detail_en"]
