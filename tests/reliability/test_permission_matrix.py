"""The complete permission matrix: every route × method × role × own/other agency, against the demo
data; and what the public can see."""

import pytest
from django.urls import reverse

from tests.reliability.matrix import clients, observe, outcome
from tests.reliability.permission_table import PEOPLE_LISTS, SHARED_LISTS, TABLE
from tests.reliability.routes import all_routes, api_routes
from tests.reliability.targets import make_missing_objects
from tests.reliability.world import ROLES, record_figures

pytestmark = pytest.mark.slow

# Who may reach something without signing in.
PUBLIC = {"healthz", "auth-token", "auth-login", "auth-csrf", "public-notice-list", "schema", "swagger-ui", "app",
          "disclosure-search", "disclosure"}


@pytest.fixture
def unthrottled(monkeypatch):
    """One client per role sends hundreds of requests here: the rate limits have their own tests."""
    from rest_framework.throttling import SimpleRateThrottle

    for scope in list(SimpleRateThrottle.THROTTLE_RATES):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "1000000/min")


@pytest.fixture
def built_app(settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>Zhifa</title>")
    settings.FRONTEND_DIST_DIR = str(tmp_path)


def test_every_route_is_declared():
    declared = set(TABLE)
    actual = {(route.name, method) for route in api_routes() for method in route.methods}
    assert not actual - declared, f"routes without a row in permission_table.TABLE: {sorted(actual - declared)}"
    assert not declared - actual, f"rows for routes that no longer exist: {sorted(declared - actual)}"
    for key, (own, other) in TABLE.items():
        assert len(own) == len(ROLES) and len(other) in (0, len(ROLES)), key


# Reference data shared by every agency: any agency reads it, administrators change it.
SHARED_OBJECTS = ("calendar-", "violation-ground-", "review-checklist-")


def test_the_table_keeps_its_rules():
    routes = {route.name: route for route in api_routes()}
    for (name, method), (own, other) in TABLE.items():
        if name not in PUBLIC and name != "auth-csrf":
            assert own[0] == "L" and other[:1] in ("", "L"), (name, method)
        has_object = "(?P" in routes[name].pattern or "<" in routes[name].pattern
        if has_object and not name.startswith(SHARED_OBJECTS) and name not in PUBLIC:
            # Another agency's object is never handed out or changed.
            assert set(other[1:]) <= {"H", "D", "V"}, (name, method, other)
        assert "X" not in own + other, (name, method)


def test_every_cell(world, db, unthrottled, built_app):
    make_missing_objects(world)
    seen = observe(world, api_routes(), shared=SHARED_LISTS, people=PEOPLE_LISTS)
    wrong = {key: {"expected": TABLE.get(key), "seen": (row["own"], row.get("other", ""))}
             for key, row in seen.items() if (row["own"], row.get("other", "")) != TABLE.get(key)}
    cells = sum(len(side) for row in seen.values() for side in row.values())
    record_figures("permissions", {
        "routes": len({name for name, _ in seen}), "route_methods": len(seen), "roles": len(ROLES),
        "cells": cells, "mismatches": len(wrong),
    })
    assert not wrong, "\n".join(f"{key}: {value}" for key, value in wrong.items())


def test_the_admin_sends_everyone_but_staff_to_its_login(world, db, unthrottled):
    routes = [route for route in all_routes() if route.admin and "(?P" not in route.pattern
              and "<" not in route.pattern and not route.name.endswith(("login", "logout", "jsi18n"))]
    made = clients(world)
    checked = 0
    for route in routes:
        url = reverse(route.name)
        for role in ROLES:
            client = made["own", str(role)]
            user = world.user("own", role)
            if user is not None:
                client.force_login(user)  # the admin works on sessions, not tokens
            assert outcome(client.get(url)) == "R", (url, role)
            checked += 1
    record_figures("admin", {"admin_routes": len(routes), "cells": checked})


# --- what the public sees: only published notices, masked, and escaped -----------------------------------


def public_texts(world, publication_root):
    """Every generated public file, and every public API answer (all pages), as (where, text)."""
    from django.test import Client

    for path in sorted(publication_root.rglob("*")):
        if path.is_file():
            yield str(path.relative_to(publication_root)), path.read_bytes().decode("utf-8", "replace")
    client, url = Client(), "/api/public/notices/"
    while url:
        body = client.get(url).json()
        yield url, str(body)
        url = body.get("next")
    yield "/disclosure/search/", client.get("/disclosure/search/", {"q": "协会"}).content.decode()


def test_no_public_file_or_answer_carries_personal_data(world, db, unthrottled, settings):
    from pathlib import Path

    from tests.reliability.pii import scan
    from zhifa.disclosure.services import disclosure_site_rebuild

    root = Path(settings.PUBLICATION_ROOT)
    disclosure_site_rebuild()
    scanned, findings = 0, []
    for where, text in public_texts(world, root):
        scanned += 1
        findings += [(where, *hit) for hit in scan(text)]
    assert scanned > 20 and not findings, findings
    # Positive control: the same scanner over the same site, with one planted unmasked notice, finds it.
    planted = root / "planted.html"
    planted.write_text("<p>当事人身份证号 420981199003071234，电话 13912345678，账号 6222 0212 3456 7890 123</p>")
    caught = {name for where, text in public_texts(world, root) if where == "planted.html" for name, _ in scan(text)}
    planted.unlink()
    assert caught == {"id_number", "mobile", "bank_account"}
    record_figures("pii", {"public_files_and_answers_scanned": scanned, "unmasked_found": len(findings),
                           "positive_control_caught": sorted(caught)})


def test_the_public_sees_only_published_notices_and_only_public_fields(world, db, unthrottled):
    from django.test import Client

    from zhifa.disclosure.models import Notice

    published = {f"/disclosure/{notice.url_path}" for notice in Notice.objects.filter(state="published")}
    assert Notice.objects.exclude(state="published").exists()  # there is something to hide
    seen, url = [], "/api/public/notices/"
    while url:
        body = Client().get(url).json()
        seen += body["results"]
        url = body.get("next")
    assert {row["url"] for row in seen} == published
    public_fields = {"title", "kind", "kind_display", "fields", "body", "published_at", "publication_end",
                     "content_sha256", "url"}
    assert all(set(row) == public_fields for row in seen)
    by_url = {f"/disclosure/{notice.url_path}": notice for notice in Notice.objects.filter(state="published")}
    for row in seen:  # the masked copy, never the original
        notice = by_url[row["url"]]
        assert row["body"] == notice.masked_body and row["fields"] == notice.masked_fields


XSS = ['<script>alert("zhifa")</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
       "<svg/onload=alert(1)>", "'-alert(1)-'", "{{7*7}}"]


def test_markup_in_every_published_text_stays_inert(world, db, unthrottled, settings):
    """A notice whose title, body and fields are attack strings goes through the real workflow to the
    public site, the public search and the workbench API: nowhere is it live markup."""
    from pathlib import Path

    from django.test import Client

    from zhifa.accounts.models import User
    from zhifa.disclosure import services

    editor = world.users["own"]["disclosure_editor"]
    second = User.objects.create_user(username="rel-editor-2", password="x", role="disclosure_editor",
                                      unit=editor.unit, full_name="第二编辑")
    payload = " ".join(XSS)
    notice = services.notice_create(actor=editor, kind="general", title=f"公告{payload}", body=f"正文{payload}",
                                    fields={"说明": payload, payload: "字段名"})
    services.notice_check_redaction(notice_id=notice.pk, actor=editor)
    services.notice_approve(notice_id=notice.pk, actor=second)
    notice = services.notice_publish(notice_id=notice.pk)
    page = (Path(settings.PUBLICATION_ROOT) / notice.url_path).read_text()
    search = Client().get("/disclosure/search/", {"q": "公告"}).content.decode()
    for html in (page, search):
        assert "&lt;script&gt;" in html or "&lt;img" in html
        for live in ("<script>alert", "<img src=x", "<svg/onload", 'onerror=alert(1)>'):
            assert live not in html
        assert "49" not in html.split("公告", 1)[1][:200]  # no template evaluation of {{7*7}}
    # The APIs give the text back as JSON data (the web app renders it as text, not HTML).
    api = Client().get("/api/public/notices/", {"q": "公告"})
    assert api["Content-Type"] == "application/json" and XSS[0] in str(api.json())
    record_figures("xss", {"payloads": len(XSS), "fields_carrying_them": 4, "pages_checked": 2})
