"""A bounded load test on loopback: officers reading and writing through gunicorn (production
configuration) on a private PostgreSQL and Redis, then concurrent transitions of the same cases.

Every acknowledged write is present afterwards, exactly once, and each contested transition has exactly
one winner; the others are refused with 409. Latency figures are recorded, never asserted (targets belong
to `make bench`)."""

import asyncio
import datetime
import json
import os
import time

import httpx
import pytest

from tests.reliability.processes import manage_shell
from tests.reliability.world import record_figures
from zhifa.core.validators import build_credit_code

pytestmark = [pytest.mark.slow, pytest.mark.django_db]  # django_db: the test database must exist to be copied
LONG = os.environ.get("ZHIFA_RELIABILITY_SCALE") == "long"
CLIENTS = 16 if LONG else 6
SECONDS = 30 if LONG else 5
CONTESTED_CASES = 10 if LONG else 4
CONTENDERS = 6


def _ms(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


async def officer_session(client: httpx.AsyncClient, worker: int, until: float, out: dict):
    n = 0
    while time.monotonic() < until:
        n += 1
        for kind, call in (
            ("read", lambda: client.get("/api/cases/", params={"page_size": 10})),
            ("read", lambda: client.get("/api/organisations/", params={"page_size": 10})),
            ("write", lambda: client.post("/api/organisations/", json={
                "name": f"负载测试协会{worker:02d}-{n:05d}", "type": "social_group",
                "credit_code": build_credit_code("51429005", f"L{worker:02d}{n:05d}"),
                "legal_representative": "王建华", "address": "潜江市", "registration_date": "2012-05-01"})),
        ):
            started = time.monotonic()
            try:
                response = await call()
                status = response.status_code
            except httpx.TransportError:
                status = 0
            out["latencies"].append(time.monotonic() - started)
            out["statuses"].append(status)
            if kind == "write" and status == 201:
                out["acknowledged"].append(response.json()["name"])


async def run_load(base_url: str, people: dict) -> dict:
    out = {"latencies": [], "statuses": [], "acknowledged": []}
    headers = {"Authorization": f"Token {people['officer']}"}
    limits = httpx.Limits(max_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30, limits=limits) as client:
        until = time.monotonic() + SECONDS
        started = time.monotonic()
        await asyncio.gather(*(officer_session(client, worker, until, out) for worker in range(CLIENTS)))
        out["seconds"] = time.monotonic() - started
    return out


async def contest_transitions(base_url: str, people: dict) -> tuple[list[int], dict[int, list[int]]]:
    """Leads logged by the officer; then CONTENDERS requests to file each, all at once, as the leader."""
    today = datetime.date.today()
    officer = httpx.AsyncClient(base_url=base_url, headers={"Authorization": f"Token {people['officer']}"},
                                timeout=30)
    leader = httpx.AsyncClient(base_url=base_url, headers={"Authorization": f"Token {people['leader']}"},
                               timeout=30)
    async with officer, leader:
        case_ids = []
        for n in range(CONTESTED_CASES):
            response = await officer.post("/api/cases/", json={
                "title": f"并发立案测试{n}", "source": "annual_inspection",
                "received_on": (today - datetime.timedelta(days=10)).isoformat(), "party_kind": "organisation",
                "organisation": people["organisation"], "grounds": [people["ground"]], "facts": "未参加年度检查。",
                "act_date": (today - datetime.timedelta(days=100)).isoformat(),
                "officers": [people["officer_id"], people["officer2_id"]]})
            assert response.status_code == 201, response.text
            case_ids.append(response.json()["id"])
        results = {}
        for case_id in case_ids:
            body = {"action": "file", "date": today.isoformat()}
            answers = await asyncio.gather(*(leader.post(f"/api/cases/{case_id}/transitions/", json=body)
                                             for _ in range(CONTENDERS)))
            results[case_id] = [answer.status_code for answer in answers]
    return case_ids, results


def test_officers_under_load_and_contested_transitions(stack):
    _, web, people, env = stack
    load = asyncio.run(run_load(web.base_url, people))
    case_ids, contests = asyncio.run(contest_transitions(web.base_url, people))

    errors = [status for status in load["statuses"] if status not in (200, 201)]
    assert not errors, f"{len(errors)} failed requests: {sorted(set(errors))}\n{web.log()[-3000:]}"
    stored = json.loads(manage_shell(env, (
        "import json; from zhifa.registry.models import Organisation; from django.db.models import Count; "
        "print(json.dumps(dict(Organisation.objects.filter(name__startswith='负载测试协会')"
        ".values_list('name').annotate(n=Count('id')))))")))
    lost = [name for name in load["acknowledged"] if stored.get(name) != 1]
    assert not lost and len(stored) == len(load["acknowledged"]), lost[:10]

    for case_id, statuses in contests.items():
        assert sorted(statuses) == [200] + [409] * (CONTENDERS - 1), (case_id, statuses)
    filed = json.loads(manage_shell(env, (
        "import json; from zhifa.cases.models import Case, TimelineEvent; "
        f"ids = {case_ids!r}; "
        "print(json.dumps({'states': sorted(set(Case.objects.filter(pk__in=ids).values_list('state', flat=True))), "
        "'file_events': TimelineEvent.objects.filter(case_id__in=ids, action='file').count()}))")))
    assert filed == {"states": ["filed"], "file_events": len(case_ids)}

    record_figures("load", {
        "clients": CLIENTS, "seconds": round(load["seconds"], 1), "requests": len(load["statuses"]),
        "requests_per_second": round(len(load["statuses"]) / load["seconds"], 1),
        "p50_ms": _ms(load["latencies"], 0.50), "p95_ms": _ms(load["latencies"], 0.95), "errors": len(errors),
        "acknowledged_writes": len(load["acknowledged"]), "acknowledged_writes_lost": len(lost),
        "concurrent_transitions": len(case_ids) * CONTENDERS, "transition_winners": len(case_ids),
    })
