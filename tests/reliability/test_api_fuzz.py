"""Schemathesis against /api/schema/: every operation, as anonymous, officer, legal reviewer, leader and
disclosure editor. No answer may be a 5xx, and every answer must be one the schema declares, in the
shape it declares.

The CI-sized run sends ZHIFA_FUZZ_EXAMPLES (default 2) generated requests per operation and role;
`make fuzz` sends many more."""

import os

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.reliability.world import record_figures
from zhifa.accounts.choices import Role

EXAMPLES = int(os.environ.get("ZHIFA_FUZZ_EXAMPLES", "2"))
FUZZ_ROLES = ("anonymous", Role.OFFICER, Role.LEGAL_REVIEWER, Role.LEADER, Role.DISCLOSURE_EDITOR)
pytestmark = pytest.mark.slow
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schemathesis.serializer("application/offset+octet-stream")
def _tus_chunk(ctx, value):
    """A tus PATCH carries raw bytes: whatever was generated, as bytes."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


@pytest.fixture
def unthrottled(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    for scope in list(SimpleRateThrottle.THROTTLE_RATES):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "1000000/min")


@pytest.fixture
def schema(db):
    """The real WSGI application, in-process, on the test transaction (as Django's test client keeps
    the connection: the request signals must not close it)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def people(make_user, organisation, ground):
    """One user per fuzzed role, and a few real rows for the ids the generator may hit."""
    return {role: make_user(role) for role in FUZZ_ROLES if role != "anonymous"}


def fuzz_operation(operation, headers: dict, examples: int) -> list[str]:
    """Send `examples` generated requests; return the distinct failures (empty when all passed)."""
    failures: dict[str, str] = {}
    sent = 0

    @hypothesis.given(case=operation.as_strategy())
    @hypothesis.settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(hypothesis.HealthCheck),
                         phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate])
    def run(case):
        nonlocal sent
        with transaction.atomic():  # each request on its own: a failure cannot spoil the next
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        sent += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every distinct failure, not the first
            parts = exc.exceptions if isinstance(exc, BaseExceptionGroup) else [exc]
            for part in parts:
                title = getattr(part, "title", type(part).__name__)
                failures.setdefault(f"{title} ({response.status_code})", str(part)[:1500])

    run()
    return sent, failures


def test_every_operation_as_every_role(schema, people, unthrottled):
    from zhifa.accounts.services import token_for

    operations = [result.ok() for result in schema.get_all_operations()]
    headers = {"anonymous": {}}
    headers.update({str(role): {"Authorization": f"Token {token_for(user=user)}"} for role, user in people.items()})
    findings, requests = {}, 0
    for operation in operations:
        for role in FUZZ_ROLES:
            sent, failures = fuzz_operation(operation, headers[str(role)], EXAMPLES)
            requests += sent
            for key, detail in failures.items():
                findings.setdefault(f"{operation.label}: {key}", f"as {role}: {detail}")
    record_figures("fuzz", {"operations": len(operations), "roles": len(FUZZ_ROLES), "examples_per_cell": EXAMPLES,
                            "requests": requests, "findings": len(findings)})
    assert not findings, "\n\n".join(f"{key}\n    {value}" for key, value in findings.items())
