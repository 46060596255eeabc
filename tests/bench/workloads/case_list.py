"""Workload 1: GET /api/cases/ with three filters, an ordering and a page of 50, served by gunicorn.

Baseline: the same page (same rows, same columns: unit, leader, organisation code, officers, next deadline,
overdue flag) fetched by one hand-written SQL statement through psycopg, in the same process and run by run.
The query count per request is measured in-process on the same code path, for the first and a later page.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from tests.bench.harness import Figure, interleaved, percentile

REPO_DIR = Path(__file__).resolve().parents[3]
BACKEND_DIR = REPO_DIR / "backend"

RAW_SQL = """
SELECT c.id, c.number, c.title, c.state, c.source, c.party_kind, c.party_name, c.organisation_id,
       o.credit_code, c.unit_id, u.name, c.leader_id, l.full_name, c.is_major, c.procedure, c.received_on,
       c.filed_on, c.decided_on, c.proposed_penalties, c.decision_penalties, c.decision_fine, c.version,
       n.next_due, COALESCE(n.next_due < %(today)s, false) AS overdue,
       (SELECT json_agg(json_build_object('id', a.officer_id, 'name', p.full_name,
                                          'credential_number', a.credential_number, 'is_lead', a.is_lead)
                        ORDER BY a.is_lead DESC, a.id)
          FROM cases_caseofficer a JOIN accounts_user p ON p.id = a.officer_id WHERE a.case_id = c.id) AS officers
FROM cases_case c
JOIN accounts_unit u ON u.id = c.unit_id
LEFT JOIN registry_organisation o ON o.id = c.organisation_id
LEFT JOIN accounts_user l ON l.id = c.leader_id
LEFT JOIN LATERAL (SELECT d.due_date AS next_due FROM cases_casedeadline d WHERE d.case_id = c.id
                   AND d.met_on IS NULL ORDER BY d.due_date LIMIT 1) n ON true
WHERE c.agency_id = %(agency)s AND c.state = ANY(%(states)s) AND c.received_on >= %(after)s
  AND EXISTS (SELECT 1 FROM cases_caseofficer f WHERE f.case_id = c.id AND f.officer_id = %(officer)s)
ORDER BY c.received_on DESC, c.id DESC
LIMIT 50
"""

STATES = ["closed", "archived"]


def _query_params(officer_id: int) -> dict:
    after = (datetime.date.today() - datetime.timedelta(days=5 * 365)).isoformat()
    return {"state": STATES, "received_after": after, "officer": officer_id, "ordering": "-received_on",
            "page_size": 50}


def _url(params: dict) -> str:
    return "/api/cases/?" + urllib.parse.urlencode(params, doseq=True)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    bin_dir = Path(sys.executable).parent
    process = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "1", "--timeout", "120", "--log-level", "warning"],
        cwd=BACKEND_DIR, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def count_queries(token: str, url: str) -> list[int]:
    """Queries per request for the first page and the next two, through the full Django stack in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        counts.append(len(queries))
        following = response.json().get("next")
        if not following:
            break
        parsed = urllib.parse.urlsplit(following)
        url = f"{parsed.path}?{parsed.query}"
    return counts


def explain(token: str, url: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the list's main query, as the ORM sends it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        Client(HTTP_AUTHORIZATION=f"Token {token}").get(url)
    main = next((q["sql"] for q in queries.captured_queries if 'FROM "cases_case"' in q["sql"]
                 and "LIMIT" in q["sql"]), None)
    if main is None:
        return "main query not found"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + main)
        return "\n".join(row[0] for row in cursor.fetchall())


def profile(token: str, url: str, requests: int = 20) -> str | None:
    """Where a list request spends its time in Python (pyinstrument, from the `bench` extra), in-process."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    client.get(url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(requests):
        client.get(url)
    profiler.stop()
    return profiler.output_text(unicode=False, color=False, show_all=False)


def run(spec: dict) -> dict:
    import psycopg
    from django.conf import settings
    from django.db import connection

    from zhifa.accounts.models import User
    from zhifa.accounts.services import token_for

    leader = User.objects.get(username="bench-leader")
    officer = User.objects.get(username="bench-officer3")
    token = token_for(user=leader)
    params = _query_params(officer.pk)
    url = _url(params)
    query_counts = count_queries(token, url)
    plan = explain(token, url)
    python_profile = profile(token, url) if spec.get("primary") else None
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        total_cases = cursor.fetchone()[0]
    connection.close()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
           # The per-user throttle still runs (its Redis round trip is part of the cost) but never refuses.
           "THROTTLE_USER": "100000000/min",
           "PYTHONPATH": os.pathsep.join([str(REPO_DIR), str(BACKEND_DIR), os.environ.get("PYTHONPATH", "")])}
    server, port = start_gunicorn(env)
    raw_params = {"agency": leader.unit.agency_id, "states": STATES, "after": params["received_after"],
                  "officer": officer.pk, "today": datetime.date.today()}
    requests = spec["list_requests"]
    try:
        http_conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        db = psycopg.connect(spec["database_url"], autocommit=True, prepare_threshold=0)
        page: dict = {}

        def http_run() -> list[float]:
            latencies = []
            for _ in range(requests):
                start = time.perf_counter()
                http_conn.request("GET", url, headers=headers)
                response = http_conn.getresponse()
                body = response.read()
                latencies.append(time.perf_counter() - start)
                if response.status != 200:
                    raise RuntimeError(f"GET {url} -> {response.status}: {body[:300]!r}")
            page["rows"] = len(json.loads(body)["results"])
            return latencies

        def sql_run() -> list[float]:
            latencies = []
            for _ in range(requests):
                start = time.perf_counter()
                rows = db.execute(RAW_SQL, raw_params).fetchall()
                latencies.append(time.perf_counter() - start)
            page["raw_rows"] = len(rows)
            return latencies

        samples = interleaved({"http": http_run, "sql": sql_run}, runs=spec["runs"], warmup=spec["warmup"])
    finally:
        stop(server)
    http_p50 = [percentile(run, 50) * 1000 for run in samples["http"]]
    http_p95 = [percentile(run, 95) * 1000 for run in samples["http"]]
    sql_p50 = [percentile(run, 50) * 1000 for run in samples["sql"]]
    sql_p95 = [percentile(run, 95) * 1000 for run in samples["sql"]]
    label = spec["label"]
    figures = [
        Figure(f"case list p50 at {total_cases:,} cases (gunicorn, HTTP)", "ms", http_p50, "raw SQL through psycopg",
               sql_p50, target="ratio <= 4" if spec.get("primary") else None, target_ratio=4,
               extra={"requests_per_run": requests, "rows_on_page": page.get("rows"),
                      "raw_rows": page.get("raw_rows")}),
        Figure(f"case list p95 at {total_cases:,} cases (gunicorn, HTTP)", "ms", http_p95, "raw SQL p95", sql_p95),
    ]
    return {"label": label, "cases": total_cases, "url": url, "query_counts": query_counts,
            "explain": plan, "profile": python_profile, "figures": [f.summary() for f in figures],
            "p95_values": http_p95}
