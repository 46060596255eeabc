"""Flower as the compose `monitoring` profile runs it: HTTP basic auth from the flower_basic_auth secret."""

import json


def test_flower_refuses_requests_without_the_credentials(flower):
    for path in ("/", "/workers", "/api/workers", "/api/tasks"):
        response = flower.get(path)
        assert response.status == 401, (path, response.status)
        if not path.startswith("/api/"):  # pages ask the browser for the password; the API just refuses
            assert (response.header("WWW-Authenticate") or "").startswith("Basic"), path
    user, _, password = flower.credentials.partition(":")
    assert flower.get("/", auth=f"{user}:{password}x").status == 401
    assert flower.get("/", auth=f"{user}x:{password}").status == 401


def test_flower_answers_with_the_credentials_and_sees_the_workers(flower, stack):
    page = flower.get("/", auth=flower.credentials)
    assert page.status == 200 and b"Flower" in page.body
    workers = flower.get("/api/workers?refresh=1", auth=flower.credentials)
    assert workers.status == 200, workers.body[:300]
    nodes = set(json.loads(workers.body))
    host = stack.env["web"]["HOSTNAME"]
    assert {f"{queue}@{host}" for queue in ("default", "publish", "ingest", "reports")} <= nodes, nodes


def test_the_flower_image_installs_the_versions_run_here():
    """deploy/Dockerfile's flower stage installs from backend/constraints.txt, which this environment follows."""
    import importlib.metadata
    import re

    from .conftest import BACKEND

    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (BACKEND / "constraints.txt").read_text(), re.MULTILINE))
    for package in ("flower", "celery", "redis", "tornado"):
        assert importlib.metadata.version(package) == pins[package], package
