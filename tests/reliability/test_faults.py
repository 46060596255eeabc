"""Fault injection with real processes on loopback: PostgreSQL stopped under web traffic.

The servers are private (tests/reliability/processes.py): a PostgreSQL cluster and a Redis server of
this test's own, on ports 18400-18499, and gunicorn with the production configuration in front. While
PostgreSQL is down the web tier answers 503 in the error shape, never a 500 or a stack trace; when it is
back, requests succeed again without a restart; every write that was acknowledged is there exactly once.

Elsewhere: tests/disclosure/test_publishing.py kills a Celery worker (kill -9) in the middle of a
publication and checks that exactly one publication results.
"""

import os
import threading
import time

import httpx
import pytest

from tests.reliability.processes import manage_shell
from tests.reliability.world import record_figures
from zhifa.core.validators import build_credit_code

pytestmark = [pytest.mark.slow, pytest.mark.django_db]  # django_db: the test database must exist to be copied
LONG = os.environ.get("ZHIFA_RELIABILITY_SCALE") == "long"
ERROR_KEYS = {"status", "code", "detail", "detail_en", "fields"}


class Traffic(threading.Thread):
    """Officer traffic: list organisations, create one, over and over; every answer is kept."""

    def __init__(self, base_url: str, token: str):
        super().__init__(daemon=True)
        self.client = httpx.Client(base_url=base_url, headers={"Authorization": f"Token {token}"}, timeout=15)
        self.answers: list[tuple[float, str, int, str, str]] = []  # (at, kind, status, body, name)
        self.stopping = threading.Event()

    def run(self):
        n = 0
        while not self.stopping.is_set():
            n += 1
            name = f"故障注入测试协会{n:05d}"
            try:
                response = self.client.post("/api/organisations/", json={
                    "name": name, "type": "social_group", "credit_code": build_credit_code("51429005", f"MJ{n:06d}"),
                    "legal_representative": "王建华", "address": "潜江市园林街道", "registration_date": "2012-05-01"})
                self.answers.append((time.monotonic(), "write", response.status_code, response.text, name))
                response = self.client.get("/api/organisations/", params={"page_size": 5})
                self.answers.append((time.monotonic(), "read", response.status_code, response.text, ""))
            except httpx.TransportError as exc:  # the web tier itself must stay up: this is a failure
                self.answers.append((time.monotonic(), "transport", 0, repr(exc), name))
            time.sleep(0.02)


def test_postgres_down_under_web_traffic_answers_503_and_recovers(stack):
    postgres, web, people, env = stack
    token = people["officer"]
    traffic = Traffic(web.base_url, token)
    traffic.start()
    seconds = 10 if LONG else 3
    time.sleep(seconds)
    postgres.stop()
    down_at = time.monotonic()
    time.sleep(seconds)
    health_down = httpx.get(f"{web.base_url}/healthz", timeout=10)
    postgres.start()
    up_at = time.monotonic()
    deadline = up_at + 30
    while time.monotonic() < deadline:  # until writes succeed again
        time.sleep(0.5)
        if any(at > up_at and kind == "write" and status == 201 for at, kind, status, _, _ in traffic.answers[-6:]):
            break
    time.sleep(seconds)
    traffic.stopping.set()
    traffic.join(30)
    health_up = httpx.get(f"{web.base_url}/healthz", timeout=10)

    answers = traffic.answers
    statuses = {status for _, _, status, _, _ in answers}
    assert statuses <= {200, 201, 503}, {s: [b[:300] for _, _, st, b, _ in answers if st == s][:2] for s in statuses}
    unavailable = [body for _, _, status, body, _ in answers if status == 503]
    assert unavailable, "PostgreSQL was stopped but nothing answered 503"
    for body in unavailable:
        assert "Traceback" not in body and "psycopg" not in body
        assert set(httpx.Response(503, content=body).json()) == ERROR_KEYS
    recovered_at = min((at for at, _, status, _, _ in answers if at > up_at and status in (200, 201)), default=None)
    assert recovered_at is not None, "requests did not recover after PostgreSQL came back"
    after = [status for at, _, status, _, _ in answers if at > recovered_at]
    assert len(after) > 10 and set(after) <= {200, 201}, "answers after the recovery were not all successes"
    assert health_down.status_code == 503 and health_up.status_code == 200

    acknowledged = [name for _, kind, status, _, name in answers if kind == "write" and status == 201]
    counts = manage_shell(env, (
        "import json; from zhifa.registry.models import Organisation; from django.db.models import Count; "
        "print(json.dumps(dict(Organisation.objects.filter(name__startswith='故障注入测试协会')"
        ".values_list('name').annotate(n=Count('id')))))"))
    import json

    stored = json.loads(counts)
    lost = [name for name in acknowledged if stored.get(name) != 1]
    assert not lost, f"acknowledged but not stored exactly once: {lost[:10]}"
    record_figures("fault_postgres", {
        "fault": "PostgreSQL stopped under web traffic, then started", "requests": len(answers),
        "answered_503_while_down": len(unavailable), "server_errors": sum(1 for s in statuses if s >= 500 and s != 503),
        "acknowledged_writes": len(acknowledged), "acknowledged_writes_lost": len(lost),
        "seconds_down": round(up_at - down_at, 1), "seconds_to_recover": round(recovered_at - up_at, 1),
    })
