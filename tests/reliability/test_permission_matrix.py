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
