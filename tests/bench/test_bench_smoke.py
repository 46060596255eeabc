"""Every implemented benchmark workload, end to end at toy size, so the harness never rots.

The bench databases are copied from the pytest test database (already migrated), so no migration runs
here; everything else is what `make bench` does: generation, gunicorn, the workers, both reports.
"""

import json

import pytest
from django.db import connection, connections

from tests.bench import runner
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
    for suffix in ("base", "large", "small", "writes"):
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
    assert "| 1 |" in markdown and "| 6 |" in markdown
