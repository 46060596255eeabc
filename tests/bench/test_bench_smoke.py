"""Every implemented benchmark workload, end to end at toy size, so the harness never rots.

The bench databases are copied from the pytest test database (already migrated), so no migration runs
here; everything else is what `make bench` does: generation, gunicorn, the workers, both reports.
"""

import json

import pytest
from django.db import connection, connections

from tests.bench import runner
from tests.bench.workloads.public_serving import find_nginx as runner_nginx_installed
from tests.celery_worker import database_url

pytestmark = pytest.mark.slow


@pytest.fixture
def bench_server(transactional_db, monkeypatch):
    name = connection.settings_dict["NAME"]  # the pytest test database
    url = database_url(connection.settings_dict)
    connections.close_all()  # a template database must have no other sessions
    monkeypatch.setenv("DATABASE_URL", url)
    server = runner.Server(url)
    prefix = f"{name}_bench"
    yield server, name, prefix
    for suffix in ("base", "large", "small", "writes", "ingest", "publish", "public"):
        server.drop(f"{prefix}_{suffix}")


def test_every_implemented_workload_runs_and_reports(bench_server, tmp_path):
    server, template, prefix = bench_server
    code = runner.main(["--size", "tiny", "--prefix", prefix, "--seed-template", template, "--out", str(tmp_path)])
    report = json.loads((tmp_path / "report.json").read_text())
    markdown = (tmp_path / "report.md").read_text()
    assert code == 0, {n: w.get("error") for n, w in report["workloads"].items()}
    assert report["machine"]["cores"] and report["machine"]["postgresql"]
    implemented = [number for number, module, _ in runner.WORKLOADS if module]
    for number in implemented:
        workload = report["workloads"][number]
        assert workload["status"] == "ok", workload
        for figure in workload["figures"]:
            assert figure["min"] <= figure["median"] <= figure["max"], figure
            if "baseline" in figure:
                assert figure["ratio"] > 0, figure
    names = [f["name"] for f in report["workloads"]["1"]["figures"]]
    assert any("queries per list request" in n for n in names)
    assert "OK:" in report["workloads"]["6"]["figures"][0]["audit_verify_output"]
    ingest = {f["name"]: f for f in report["workloads"]["3"]["figures"]}
    assert any(name.startswith("tus upload") and f["ratio"] > 0 for name, f in ingest.items()), ingest
    assert ingest["peak RSS, gunicorn worker"]["median"] > 0 and ingest["peak RSS, celery worker"]["median"] > 0
    publication = report["workloads"]["4"]["figures"]
    assert publication[0]["median"] > 0 and publication[0]["baseline"]["median"] > 0
    assert "already published" in publication[1]["name"] and publication[1]["ratio"] > 0
    serving = {f["name"]: f for f in report["workloads"]["5"]["figures"]}
    assert any(name.startswith("public search p95") and f["median"] > 0 for name, f in serving.items()), serving
    if runner_nginx_installed():
        assert serving["notice page served by nginx from the publication store"]["ratio"] > 0
    assert "| 1 |" in markdown and "| 6 |" in markdown
