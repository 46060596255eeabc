"""Writes the figures of the last reliability run (var/reliability/*.json, written by the tests) into
docs/RELIABILITY.md, between its figures markers. `make fuzz` runs it; after `make test` run it by hand:

    .venv/bin/python tests/reliability/report.py
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIGURES_DIR = Path(os.environ.get("ZHIFA_RELIABILITY_DIR", REPO / "var" / "reliability"))
DOC = REPO / "docs" / "RELIABILITY.md"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def load() -> dict:
    return {path.stem: json.loads(path.read_text()) for path in sorted(FIGURES_DIR.glob("*.json"))}


def _get(figures: dict, part: str, key: str, default="—"):
    return figures.get(part, {}).get(key, default)


def render(figures: dict) -> str:
    f = figures
    lost = sum(part.get("acknowledged_writes_lost", 0) for part in f.values() if isinstance(part, dict))
    hostile = f.get("hostile_input", {})
    generated = sum(hostile.get("generated", {}).values()) if hostile else "—"
    tried = sum(v for k, v in hostile.items() if isinstance(v, int)) if hostile else "—"
    roles = _get(f, "fuzz", "roles", [])
    rows = [
        ("Operations fuzzed (schemathesis from outside, live gunicorn)",
         f"{_get(f, 'fuzz', 'operations')} operations × {len(roles) if isinstance(roles, list) else roles} roles "
         f"({', '.join(roles) if isinstance(roles, list) else '—'}) × phases "
         f"{', '.join(_get(f, 'fuzz', 'phases', []))}: {_get(f, 'fuzz', 'requests')} requests "
         f"({_get(f, 'fuzz', 'scale')}: {_get(f, 'fuzz', 'examples_per_operation')} fuzzing examples per operation "
         f"and role, {_get(f, 'fuzz', 'stateful_scenarios')} stateful scenarios of up to "
         f"{_get(f, 'fuzz', 'stateful_steps')} steps per role, coverage phase on "
         f"{_get(f, 'fuzz', 'coverage_operations')} operations); 5xx answers: {_get(f, 'fuzz', 'server_errors')}, "
         f"failing checks left: {_get(f, 'fuzz', 'findings')}"),
        ("Endpoints × roles checked",
         f"{_get(f, 'permissions', 'route_methods')} route-methods on {_get(f, 'permissions', 'routes')} routes × "
         f"{_get(f, 'permissions', 'roles')} roles × own/other agency = {_get(f, 'permissions', 'cells')} cells, "
         f"{_get(f, 'permissions', 'mismatches')} mismatches; admin: {_get(f, 'admin', 'admin_routes')} routes, "
         f"{_get(f, 'admin', 'cells')} cells"),
        ("Faults injected and survived",
         f"PostgreSQL stopped for {_get(f, 'fault_postgres', 'seconds_down')} s under gunicorn traffic: "
         f"{_get(f, 'fault_postgres', 'requests')} requests, {_get(f, 'fault_postgres', 'answered_503_while_down')} "
         f"clean 503s, {_get(f, 'fault_postgres', 'server_errors')} other 5xx, recovered in "
         f"{_get(f, 'fault_postgres', 'seconds_to_recover')} s"
         + (f"; Celery worker killed (kill -9) {_get(f, 'fault_worker', 'kills')}× and Redis restarted "
            f"{_get(f, 'fault_worker', 'redis_restarts')}× during {_get(f, 'fault_worker', 'publications')} "
            f"publications, each published exactly once"
            if "fault_worker" in f else "")
         + (f"; Celery worker killed (kill -9) during {_get(f, 'fault_ingest', 'ingests')} evidence ingests, "
            f"each ingested exactly once" if "fault_ingest" in f else "")),
        ("Load held",
         f"{_get(f, 'load', 'requests')} requests from {_get(f, 'load', 'clients')} concurrent clients in "
         f"{_get(f, 'load', 'seconds')} s ({_get(f, 'load', 'requests_per_second')}/s), p50 "
         f"{_get(f, 'load', 'p50_ms')} ms, p95 {_get(f, 'load', 'p95_ms')} ms, errors {_get(f, 'load', 'errors')}; "
         f"{_get(f, 'load', 'concurrent_transitions')} concurrent transitions, "
         f"{_get(f, 'load', 'transition_winners')} winners"),
        ("Bad inputs tried",
         f"{tried} hand-written (bodies, query strings, date-times, upload names, XSS payloads) + {generated} "
         f"generated (file names, tus headers, import files, ID numbers, public searches)"),
        ("Public data scanned for PII",
         f"{_get(f, 'pii', 'public_files_and_answers_scanned')} public files and answers, "
         f"{_get(f, 'pii', 'unmasked_found')} unmasked ID/phone/bank numbers; positive control caught "
         f"{', '.join(_get(f, 'pii', 'positive_control_caught', []))}"),
        ("Data lost", f"{lost} acknowledged writes lost"),
    ]
    table = "\n".join(["| | Last run |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)])
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"{START}\n_Figures written by `tests/reliability/report.py` on {stamp}._\n\n{table}\n{END}"


def main() -> int:
    figures = load()
    if not figures:
        print(f"no figures in {FIGURES_DIR}: run `make fuzz` or the tests in tests/reliability first", file=sys.stderr)
        return 1
    text = DOC.read_text()
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    DOC.write_text(head + render(figures) + tail)
    print(f"wrote the figures of {len(figures)} parts into {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
