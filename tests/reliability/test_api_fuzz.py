"""Schemathesis from outside: the `schemathesis run` command line against a live gunicorn (the production
server configuration, on loopback, on a private copy of the test database with the demo data loaded), as
anonymous and as a user of every role in zhifa.accounts.choices.Role, through all four phases:

- examples: the schema's examples (fuzz_hooks.py adds a real tus upload and valid Upload-Metadata);
- coverage: boundary and invalid values of every parameter and body field, missing required ones,
  unexpected methods;
- fuzzing: generated requests (valid and invalid), with every body media type the operation declares:
  JSON, form, multipart and, for the tus PATCH, `application/offset+octet-stream` as raw bytes;
- stateful: sequences that follow the links schemathesis infers (a created object's id into its detail,
  its actions and its children).

No answer may be a 5xx (`not_a_server_error`), and every answer must be one the schema declares, in the
shape it declares. Requests go over a real socket, through gunicorn's parser and Django's full middleware
stack, with real multipart encoding and real headers; the in-process run this replaced (WSGI, five roles,
two examples, fuzzing phase only) never sent a multipart body, a tus body or a sequence, and missed the
5xx of docs/RELIABILITY.md's "Outside fuzzing".

Sizes: `make test` sends ZHIFA_FUZZ_EXAMPLES (default 2) examples per operation in the fuzzing phase, and
spreads the coverage phase over the roles (each operation's coverage cases run as one role, a different
one for each slice of operations, so that together the roles cover every operation once); `make fuzz`
(ZHIFA_RELIABILITY_SCALE=long) runs every phase for every role at full length. The figures go to
var/reliability/fuzz.json, the 5xx found with their tracebacks to var/reliability/fuzz-findings.md."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import httpx
import pytest

from tests.reliability.processes import REPO_DIR, Gunicorn, PrivatePostgres, PrivateRedis, backend_env, manage_shell
from tests.reliability.world import FIGURES_DIR, record_figures
from zhifa.accounts.choices import Role

LONG = os.environ.get("ZHIFA_RELIABILITY_SCALE") == "long"
EXAMPLES = int(os.environ.get("ZHIFA_FUZZ_EXAMPLES", "2"))
STATEFUL_STEPS = 10 if LONG else 5
STATEFUL_SCENARIOS = max(EXAMPLES, 100 if LONG else 8)
COVERAGE_SHARE = 1 if LONG else int(os.environ.get("ZHIFA_FUZZ_COVERAGE_SHARE", "10"))
# CI-sized, the coverage phase runs on one slice of the operations (1/COVERAGE_SHARE of them, spread over
# the roles); the slice moves on every day, so that successive runs cover them all. ZHIFA_FUZZ_SLICE
# repeats a given day's slice.
SLICE = int(os.environ.get("ZHIFA_FUZZ_SLICE") or datetime.date.today().toordinal() % COVERAGE_SHARE)
ROLES = ("anonymous", *Role.values)
PHASES = ("examples", "coverage", "fuzzing", "stateful")
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance")
pytestmark = [pytest.mark.slow, pytest.mark.django_db]  # django_db: the test database must exist to be copied

SETUP = """
import base64, json
from django.core.management import call_command
from zhifa.accounts.choices import Role
from zhifa.accounts.models import Unit, User
from zhifa.accounts.services import token_for
from zhifa.cases.models import Case
from zhifa.evidence import uploads
from zhifa.evidence.rules import CLOSED_CASE_STATES, can_add_evidence
call_command('load_demo', verbosity=0)
demo = {'officer': 'officer1', 'legal_reviewer': 'reviewer1', 'leader': 'leader1', 'legal_adviser': 'adviser1',
        'disclosure_editor': 'editor1'}
unit = Unit.objects.get(agency__name='潜江市民政局', name='办公室')
facts = {'tokens': {}, 'protected_users': []}
for role in Role.values:
    user = User.objects.filter(username=demo.get(role, ''), is_superuser=False).first()
    if user is None:  # an ordinary account: the demo's `admin` is a superuser, whom no agency rule binds
        user = User.objects.create_user(username='fuzz-' + role, password='zhifa-fuzz-pw', role=role, unit=unit,
                                        full_name='fuzz ' + role)
    facts['tokens'][role] = token_for(user=user)
    facts['protected_users'].append(user.pk)
officer = User.objects.get(username='officer1')
open_cases = Case.objects.exclude(state__in=CLOSED_CASE_STATES).order_by('pk')
case = next(c for c in open_cases if can_add_evidence(officer, c))
b64 = lambda text: base64.b64encode(text.encode()).decode()
metadata = f"filename {b64('现场照片.jpg')},case {b64(str(case.pk))},kind {b64('documentary')}"
upload = uploads.upload_create(actor=officer, length=4096, metadata_header=metadata)
facts.update(upload_uid=str(upload.uid), upload_metadata=metadata)
print(json.dumps(facts))
"""


@pytest.fixture(scope="module")
def live(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn with the production configuration on a private PostgreSQL (a copy of the migrated test
    database, with the demo loaded) and a private Redis; the facts the hooks need (tokens, a tus upload)."""
    from django.db import connection

    from tests.celery_worker import database_url

    root = tmp_path_factory.mktemp("fuzz")
    postgres, redis_server, web = PrivatePostgres(), PrivateRedis(), None
    try:
        postgres.copy_database(database_url(connection.settings_dict), "zhifa_fuzz")
        env = backend_env(DATABASE_URL=postgres.url("zhifa_fuzz"), REDIS_URL=redis_server.url,
                          CELERY_BROKER_URL=redis_server.url, DATABASE_CONN_MAX_AGE="60",
                          DJANGO_MEDIA_ROOT=str(root / "media"), PUBLICATION_ROOT=str(root / "publication"),
                          THROTTLE_USER="1000000/min", THROTTLE_ANON="1000000/min", THROTTLE_LOGIN="1000000/min",
                          THROTTLE_PUBLIC_SEARCH="1000000/min")
        facts = json.loads(manage_shell(env, SETUP))
        web = Gunicorn(env, root / "gunicorn.log", workers=2)
        yield web, facts, root
    finally:
        if web:
            web.close()
        redis_server.close()
        postgres.close()


def coverage_slice(path: str, method: str, role: str) -> bool:
    """Is this operation's coverage phase run as this role? At full length, always; CI-sized, one operation
    in COVERAGE_SHARE gets its coverage phase, as one role (the slices of the roles do not overlap)."""
    if LONG:
        return True
    bucket = zlib.crc32(f"{method.upper()} {path}".encode()) % (len(ROLES) * COVERAGE_SHARE)
    return bucket == ROLES.index(role) + len(ROLES) * (SLICE % COVERAGE_SHARE)


def _config(path: Path, role: str, operations: list[tuple[str, str]]) -> Path:
    lines = [f"seed = {zlib.crc32(role.encode())}",
             "[generation]", f"max-examples = {EXAMPLES}",
             "[phases.examples]", f"fill-missing = {'true' if LONG else 'false'}",
             "[phases.stateful]", f"max-steps = {STATEFUL_STEPS}",
             "[phases.stateful.generation]", f"max-examples = {STATEFUL_SCENARIOS}"]
    if not LONG:  # CI-sized: no probes with methods the operation does not declare, no repeated parameters
        lines += ["[phases.coverage]", "unexpected-methods = []", "generate-duplicate-query-parameters = false"]
    for op_path, method in operations:
        if not coverage_slice(op_path, method, role):
            lines += ["[[operations]]", f"include-name = {json.dumps(f'{method.upper()} {op_path}')}",
                      "phases.coverage.enabled = false"]
    path.write_text("\n".join(lines) + "\n")
    return path


def _operations(base_url: str) -> list[tuple[str, str]]:
    """Every operation of the schema, and the tus HEAD that fuzz_hooks.py adds to it."""
    schema = httpx.get(f"{base_url}/api/schema/", headers={"Accept": "application/json"}, timeout=60).json()
    methods = ("get", "put", "post", "patch", "delete", "head")
    found = [(path, method) for path, item in schema["paths"].items() for method in item if method in methods]
    return [*found, *([("/api/evidence/uploads/{uid}/", "head")] if ("/api/evidence/uploads/{uid}/", "patch") in found
                      and ("/api/evidence/uploads/{uid}/", "head") not in found else [])]


NEW_ENTRY = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|\{\"ts\")")


def _server_errors(log: str) -> list[str]:
    """The errors gunicorn's log holds (Django's "Internal Server Error" with its traceback, a worker that
    died), each as its first line and the exception it ended with."""
    found, current = [], None
    for line in log.splitlines():
        if NEW_ENTRY.match(line):
            if current:
                found.append(current)
            current = [line] if (" ERROR " in line or '"level": "ERROR"' in line or " CRITICAL " in line) else None
        elif current is not None:
            current.append(line)
    if current:
        found.append(current)
    return [f"{lines[0][:300]}\n    {next((x for x in reversed(lines) if x and not x.startswith(' ')), '')[:500]}"
            for lines in found]


FIGURES: dict = {"roles": [], "phases": list(PHASES), "checks": list(CHECKS), "requests": 0,
                 "server_errors": 0, "findings": 0, "by_role": {}}


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_from_outside(live, role):
    web, facts, root = live
    operations = _operations(web.base_url)
    work = root / role
    work.mkdir()
    config = _config(work / "schemathesis.toml", role, operations)
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run",
               f"{web.base_url}/api/schema/", "--checks", ",".join(CHECKS), "--workers", "2", "--no-color",
               "--continue-on-failure", "--request-timeout", "30", "--report", "json,junit",
               "--report-json-path", str(work / "schemathesis.json"), "--report-junit-path", str(work / "junit.xml"),
               "--suppress-health-check", "all", "--warnings", "off", "--generation-database", "none"]
    if role != "anonymous":
        command += ["--header", f"Authorization: Token {facts['tokens'][role]}"]
    log_before = len(web.log())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_DIR), os.environ.get("PYTHONPATH", "")]),
           "SCHEMATHESIS_HOOKS": "tests.reliability.fuzz_hooks", "ZHIFA_FUZZ_ROLE": role,
           "ZHIFA_FUZZ_SERVER_ERRORS": str(work / "server-errors.jsonl"),
           "ZHIFA_FUZZ_FACTS": json.dumps({k: v for k, v in facts.items() if k != "tokens"})}
    result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True,
                            timeout=4 * 3600 if LONG else 1800)
    (work / "output.txt").write_text(result.stdout + result.stderr)
    assert (work / "schemathesis.json").exists(), (result.stdout + result.stderr)[-5000:]
    report = json.loads((work / "schemathesis.json").read_text())
    tracebacks = _server_errors(web.log()[log_before:])
    server_errors = _read_jsonl(work / "server-errors.jsonl")
    failures = _junit_failures(work)

    part = {"operations": report["operations"]["selected"], "tested": report["operations"]["tested"],
            "requests": report["test_cases"]["generated"], "unique_failures": report["test_cases"]["unique_failures"],
            "server_errors": len(server_errors), "distinct_server_errors": len({e["operation"] for e in server_errors}),
            "coverage_operations": sum(coverage_slice(p, m, role) for p, m in operations),
            "phases": {name: phase["status"] for name, phase in (report["phases"] or {}).items()},
            "tool_errors": report["errors"], "seconds": report["running_time"]}
    FIGURES["by_role"][role] = part
    FIGURES.update(
        roles=list(FIGURES["by_role"]), operations=len(operations), examples_per_operation=EXAMPLES,
        stateful_scenarios=STATEFUL_SCENARIOS, stateful_steps=STATEFUL_STEPS, scale="long" if LONG else "ci",
        coverage_share=COVERAGE_SHARE, coverage_slice=SLICE,
        coverage_operations=sum(p["coverage_operations"] for p in FIGURES["by_role"].values()),
        requests=sum(p["requests"] for p in FIGURES["by_role"].values()),
        server_errors=sum(p["server_errors"] for p in FIGURES["by_role"].values()),
        findings=sum(p["unique_failures"] for p in FIGURES["by_role"].values()))
    record_figures("fuzz", FIGURES)
    _record_findings(role, server_errors, failures + _junit_failures(work, "error"), tracebacks)

    assert report["operations"]["tested"] == len(operations), report["operations"]
    assert set(part["phases"]) >= set(PHASES), part["phases"]
    # A connection the server dropped is its failure; an error inside schemathesis itself (a crash of its
    # generator on some schema) is the tool's, counted in the figures and written to the findings.
    dropped = [error for error in report["errors"] if re.search(r"network|connection|timeout", error["title"], re.I)]
    assert not dropped, (dropped, result.stdout[-5000:])
    assert not server_errors and not tracebacks, _describe(server_errors, tracebacks)
    assert not failures, "\n\n".join(failures)[:30000]


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line] if path.exists() else []


def _junit_failures(work: Path, kind: str = "failure") -> list[str]:
    """Every failing operation (any check; kind="error": every error) with schemathesis's explanation and a
    curl to reproduce it."""
    path = work / "junit.xml"
    if not path.exists():
        return []
    found = []
    for case in ET.parse(path).getroot().iter("testcase"):
        for failure in case.iter(kind):
            found.append(f"{case.get('name')}\n{(failure.text or failure.get('message') or '')[:3000]}")
    return found


def _describe(server_errors: list[dict], tracebacks: list[str]) -> str:
    seen, lines = set(), []
    for error in server_errors:
        if (error["operation"], error["status"]) not in seen:
            seen.add((error["operation"], error["status"]))
            lines.append(f"{error['status']} {error['operation']} as {error['role']} ({error['phase']}):\n"
                         f"    {error['curl']}\n    -> {error['answer'][:300]}")
    return "\n".join([*lines, "gunicorn log:", *sorted(set(tracebacks))])[:30000]


def _record_findings(role: str, server_errors: list[dict], failures: list[str], tracebacks: list[str]) -> None:
    """var/reliability/fuzz-findings.md: what each role's run found (5xx with input, and gunicorn's
    exceptions), rewritten from the first role of a run."""
    path = FIGURES_DIR / "fuzz-findings.md"
    first = FIGURES["roles"] == [role]
    text = "# Outside fuzzing: findings of the last run\n" if first or not path.exists() else path.read_text()
    text += (f"\n## {role}: {len(server_errors)} 5xx answers, {len(failures)} failing operations, "
             f"{len(tracebacks)} server errors logged\n\n")
    if server_errors or tracebacks:
        text += "```\n" + _describe(server_errors, tracebacks) + "\n```\n"
    for failure in failures:
        text += f"\n```\n{failure}\n```\n"
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
