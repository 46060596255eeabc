"""Runs one request per cell of the permission matrix and names the outcome by a letter:

    A  allowed: a 2xx (or a 3xx that is not a login redirect)
    V  refused on the request's content or the object's state (400/405/409/412/415/428) for the empty
       body every write cell sends: the permission check, if the view has one, comes later
    L  login required (401)
    D  denied (403)
    H  hidden (404: the object is outside what the user may see)
    R  redirected to the admin's login page
    X  a list answered with rows of the other agency (a leak; never expected)
"""

from __future__ import annotations

from django.db import transaction
from rest_framework.test import APIClient

from tests.reliability.targets import url_for
from tests.reliability.world import ROLES

SIDES = ("own", "other")


def outcome(response, *, foreign_list=None) -> str:
    """`foreign_list`: for another agency's view of a list, a test of its rows (True: a row is a leak)."""
    status = response.status_code
    if status == 401:
        return "L"
    if status == 403:
        return "D"
    if status == 404:
        return "H"
    if status in (301, 302):
        return "R" if "/login/" in response.get("Location", "") else "A"
    if status in (400, 405, 409, 412, 415, 428):
        return "V"
    if 200 <= status < 300:
        return "X" if foreign_list and any(foreign_list(row) for row in _rows(response)) else "A"
    return f"<{status}>"  # never expected: a 5xx or a throttle is a finding


def _rows(response) -> list:
    if "json" not in response.get("Content-Type", ""):
        return []
    body = response.json()
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return body["results"]
    return body if isinstance(body, list) else []


def clients(world) -> dict:
    from zhifa.accounts.services import token_for

    made = {}
    for side in SIDES:
        for role in ROLES:
            client = APIClient()
            user = world.user(side, role)
            if user is not None:
                client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user=user)}")
            made[side, str(role)] = client
    return made


def request_cell(client, method: str, url: str):
    """One request, its writes rolled back so that every cell sees the same world."""
    with transaction.atomic():
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, {}, format="json")
        transaction.set_rollback(True)
    return response


def sides_for(route, method: str) -> tuple[str, ...]:
    """Other-agency cells where the agency can matter: object routes, and lists (which must not leak)."""
    has_object = "<" in route.pattern or "(?P" in route.pattern
    return SIDES if has_object or method == "get" else ("own",)


def observe(world, routes, *, shared=frozenset(), people=frozenset()) -> dict:
    """{(route name, method): {"own": "AAAA…", "other": "…"}} — a letter per role in ROLES order.

    `shared` names the lists of reference data every agency reads (the calendar, the grounds); in
    `people` lists a row is a leak when it is one of the own agency's users, units or credentials; in
    any other list, every row the other agency sees is a leak (it has no data of its own)."""
    made = clients(world)
    own_people = world.own_people_ids()
    seen = {}
    for route in routes:
        url = url_for(world, route)
        for method in route.methods:
            row = {}
            for side in sides_for(route, method):
                foreign_list = None
                if side == "other" and method == "get" and route.name not in shared:
                    if route.name in people:
                        foreign_list = lambda row, ids=own_people[route.name]: (  # noqa: E731
                            row.get("id", row.get("credential_number")) in ids)
                    else:
                        foreign_list = lambda row: True  # noqa: E731
                row[side] = "".join(
                    outcome(request_cell(made[side, str(role)], method, url), foreign_list=foreign_list)
                    for role in ROLES)
            seen[route.name, method] = row
    return seen
