"""`make bench`: prepare the bench databases, run every workload, write var/bench/report.{json,md}.

    python -m tests.bench [--size full|reduced|tiny] [--only 1,2,6] [--out var/bench] [--prefix zhifa_bench]

Needs DATABASE_URL and REDIS_URL (`python -m zhifa.localstack bench` provides embedded ones). Only the
server of DATABASE_URL is used: the bench works in its own databases, `<prefix>_base` (migrated, empty; the
template of the others), `<prefix>_large` and `<prefix>_small` (the case register at two sizes, reused from
run to run while sizes and migrations are unchanged) and `<prefix>_writes` (rebuilt every run).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict
from pathlib import Path

from tests.bench.harness import SIZES, machine_facts, target_met, write_json

REPO_DIR = Path(__file__).resolve().parents[2]
BACKEND_DIR = REPO_DIR / "backend"

# (number, module, title). A workload without a module is reported as not implemented yet.
WORKLOADS = [
    ("1", "case_list", "Case list at scale"),
    ("2", "audited_writes", "Audited writes"),
    ("3", "evidence_ingest", "Evidence ingest (tus in 16 MB chunks, real ingest worker)"),
    ("4", "publication", "Publication (Celery worker through Redis)"),
    ("5", "public_serving", "Public serving (nginx vs Django, public search)"),
    ("6", "audit_verify", "Audit verification"),
    ("7", "documents", "Document PDFs: rendering and signing"),
    ("8", "legal_audit", "Legal audit of the register"),
]


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


class Server:
    """Database administration on the server named by DATABASE_URL."""

    def __init__(self, url: str):
        self.url = url
        self.parts = urllib.parse.urlsplit(url)

    def url_for(self, name: str) -> str:
        return urllib.parse.urlunsplit(self.parts._replace(path="/" + urllib.parse.quote(name)))

    def admin(self, sql: str, params=()) -> list:
        import psycopg

        with psycopg.connect(self.url_for("postgres"), autocommit=True) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def exists(self, name: str) -> bool:
        return bool(self.admin("SELECT 1 FROM pg_database WHERE datname = %s", [name]))

    def create(self, name: str, template: str | None = None) -> None:
        from psycopg import sql

        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        import psycopg

        with psycopg.connect(self.url_for("postgres"), autocommit=True) as conn:
            conn.execute(query)

    def drop(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url_for("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def query(self, name: str, sql: str) -> list:
        import psycopg

        with psycopg.connect(self.url_for(name), autocommit=True) as conn:
            return conn.execute(sql).fetchall()

    def fingerprint(self, name: str) -> str:
        rows = self.query(name, "SELECT app, name FROM django_migrations ORDER BY app, name")
        rows += self.query(name, "SELECT table_name FROM information_schema.tables "
                                 "WHERE table_name LIKE 'bench_peer_%' ORDER BY 1")
        return hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()[:16]

    def record(self, name: str) -> dict | None:
        rows = self.query(name, "SELECT to_regclass('bench_dataset') IS NOT NULL")
        if not rows[0][0]:
            return None
        rows = self.query(name, "SELECT value FROM bench_dataset WHERE key = 'dataset'")
        return rows[0][0] if rows else None


def child_env(database_url: str) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.bench.settings", "DATABASE_URL": database_url,
            "PYTHONPATH": os.pathsep.join(p for p in [str(REPO_DIR), str(BACKEND_DIR),
                                                      os.environ.get("PYTHONPATH", "")] if p)}


def migrate(database_url: str) -> None:
    # The application's migrations first (without the peer app), then the peer's tables, which refer to them.
    manage = [sys.executable, str(BACKEND_DIR / "manage.py"), "migrate", "--no-input", "-v", "0"]
    subprocess.run(manage, cwd=BACKEND_DIR, env={**child_env(database_url), "DJANGO_SETTINGS_MODULE": "config.settings"},
                   check=True)
    subprocess.run([*manage, "--run-syncdb"], cwd=BACKEND_DIR, env=child_env(database_url), check=True)


def worker(spec: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="zhifa-bench-") as tmp:
        spec_path, out_path = Path(tmp, "spec.json"), Path(tmp, "out.json")
        spec_path.write_text(json.dumps(spec, default=str))
        completed = subprocess.run([sys.executable, "-m", "tests.bench.worker", str(spec_path), str(out_path)],
                                   cwd=REPO_DIR, env=child_env(spec["database_url"]))
        if completed.returncode != 0 or not out_path.exists():
            raise RuntimeError(f"bench step {spec['step']} failed (exit {completed.returncode})")
        return json.loads(out_path.read_text())


def prepare(server: Server, name: str, base: str, generate: dict, *, fresh: bool = False) -> dict:
    """A dataset database holding `generate`'s data, reused when its record matches."""
    wanted = {"generator": _generator_version(), "migrations": server.fingerprint(base), **generate}
    if server.exists(name) and not fresh:
        if server.record(name) == wanted and server.fingerprint(name) == wanted["migrations"]:
            log(f"{name}: reusing the generated data")
            return {"database": name, "reused": True}
        log(f"{name}: sizes or migrations changed; rebuilding")
    server.drop(name)
    server.create(name, template=base)
    started = time.perf_counter()
    log(f"{name}: generating {generate['cases']:,} cases …")
    result = worker({"step": "generate", "database_url": server.url_for(name), "generate": generate,
                     "record": wanted})
    log(f"{name}: generated in {time.perf_counter() - started:.1f} s")
    return {"database": name, "reused": False, "timings": result["timings"],
            "seconds": time.perf_counter() - started}


def _generator_version() -> int:
    from tests.bench.datasets import GENERATOR_VERSION

    return GENERATOR_VERSION


def prepare_base(server: Server, base: str, seed_template: str | None) -> float:
    started = time.perf_counter()
    if not server.exists(base):
        server.create(base, template=seed_template)
    log(f"{base}: migrating (the template of every bench database) …")
    migrate(server.url_for(base))
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default=os.environ.get("BENCH_SIZE", "full"))
    parser.add_argument("--only", default=os.environ.get("BENCH_ONLY", ""),
                        help="comma-separated workload numbers (default: all)")
    parser.add_argument("--out", default=str(REPO_DIR / "var" / "bench"))
    parser.add_argument("--prefix", default=os.environ.get("BENCH_DB_PREFIX", "zhifa_bench"))
    parser.add_argument("--seed-template", default=None,
                        help="an already migrated database to copy as the base instead of migrating an empty one")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        print("DATABASE_URL is not set: run `make bench` or `python -m zhifa.localstack bench`", file=sys.stderr)
        return 2
    size = SIZES[args.size]
    only = {w.strip() for w in args.only.split(",") if w.strip()}
    selected = [w for w in WORKLOADS if not only or w[0] in only]
    server = Server(os.environ["DATABASE_URL"])
    started_at = datetime.datetime.now().astimezone()
    started = time.perf_counter()
    report: dict = {"started_at": started_at.isoformat(), "size": asdict(size),
                    "machine": machine_facts(server.url_for("postgres"), os.environ.get("REDIS_URL")),
                    "preparation": {}, "workloads": {}}
    base = f"{args.prefix}_base"
    report["preparation"]["base_seconds"] = prepare_base(server, base, args.seed_template)
    common = {"runs": size.runs, "warmup": size.warmup, "list_requests": size.list_requests,
              "writes_per_run": size.writes_per_run, "write_warmup": size.write_warmup,
              "ingest_bytes": size.ingest_bytes, "publish_notices": size.publish_notices,
              "published_small": size.published_small, "published_large": size.published_large,
              "publish_probe": size.publish_probe, "public_notices": size.public_notices,
              "serve_seconds": size.serve_seconds, "search_requests": size.search_requests,
              "scratch_dir": str(Path(args.out).resolve() / "scratch")}
    large = f"{args.prefix}_large"
    needs = {number for number, module, _ in selected if module}
    datasets = {}
    if needs & {"1", "6", "8"}:
        datasets["large"] = prepare(server, large, base, {
            "organisations": size.organisations, "cases": size.cases_large,
            "events_per_case": size.events_per_case, "states": "mixed", "history": True, "seal": True})
    if needs & {"1", "8"}:
        datasets["small"] = prepare(server, f"{args.prefix}_small", base, {
            "organisations": size.organisations, "cases": size.cases_small,
            "events_per_case": size.events_per_case, "states": "mixed", "history": False, "seal": False})
    if "2" in needs:
        datasets["writes"] = prepare(server, f"{args.prefix}_writes", base, {
            "organisations": 100, "cases": size.write_cases, "events_per_case": 1, "states": "editable",
            "history": False, "seal": False}, fresh=True)
    if "3" in needs:
        datasets["ingest"] = prepare(server, f"{args.prefix}_ingest", base, {
            "organisations": 20, "cases": 20, "events_per_case": 1, "states": "editable",
            "history": False, "seal": False}, fresh=True)
    if "4" in needs:
        datasets["publish"] = prepare(server, f"{args.prefix}_publish", base, {
            "organisations": 20, "cases": 20, "events_per_case": 1, "states": "editable",
            "history": False, "seal": False}, fresh=True)
    if "5" in needs:
        datasets["public"] = prepare(server, f"{args.prefix}_public", base, {
            "organisations": 20, "cases": 20, "events_per_case": 1, "states": "editable",
            "history": False, "seal": False, "published_notices": size.public_notices})
    report["preparation"]["datasets"] = datasets
    report["preparation"]["seconds"] = time.perf_counter() - started

    for number, module, title in selected:
        entry: dict = {"title": title}
        report["workloads"][number] = entry
        if module is None:
            entry["status"] = "not implemented"
            continue
        log(f"workload {number}: {title} …")
        step_started = time.perf_counter()
        try:
            if number == "1":
                entry.update(_case_list(server, args.prefix, common))
            elif number == "2":
                entry.update(worker({"step": module, "database_url": server.url_for(f"{args.prefix}_writes"),
                                     **common}))
            elif number == "3":
                entry.update(worker({"step": module, "database_url": server.url_for(f"{args.prefix}_ingest"),
                                     **common}))
            elif number == "4":
                entry.update(worker({"step": module, "database_url": server.url_for(f"{args.prefix}_publish"),
                                     **common}))
            elif number == "5":
                entry.update(worker({"step": module, "database_url": server.url_for(f"{args.prefix}_public"),
                                     **common}))
            elif number == "6":
                entry.update(worker({"step": module, "database_url": server.url_for(large), **common}))
            elif number == "8":
                entry.update(_legal_audit(server, args.prefix, common))
            elif number == "7":  # builds its document in memory: no dataset of its own
                entry.update(worker({"step": module, "database_url": server.url_for(base), **common}))
            entry["status"] = "ok"
        except Exception as error:  # one failing workload must not lose the others' figures
            entry["status"] = "failed"
            entry["error"] = f"{type(error).__name__}: {error}"
            log(f"workload {number} failed: {error}")
        entry["seconds"] = time.perf_counter() - step_started
        log(f"workload {number}: {entry['status']} in {entry['seconds']:.1f} s")
        write_reports(report, Path(args.out), started)  # after each workload: an interrupted run keeps its figures

    shutil.rmtree(common["scratch_dir"], ignore_errors=True)  # large test files never outlive the run
    write_reports(report, Path(args.out), started)
    log(f"wrote {Path(args.out) / 'report.json'} and {Path(args.out) / 'report.md'} in {report['seconds']:.0f} s")
    failed = [n for n, w in report["workloads"].items() if w.get("status") == "failed"]
    return 1 if failed else 0


def write_reports(report: dict, out: Path, started: float) -> None:
    report["seconds"] = time.perf_counter() - started
    write_json(out / "report.json", report)
    (out / "report.md").write_text(render_markdown(report))


def _case_list(server: Server, prefix: str, common: dict) -> dict:
    small = worker({"step": "case_list", "label": "small", "database_url": server.url_for(f"{prefix}_small"),
                    **common})
    large = worker({"step": "case_list", "label": "large", "primary": True,
                    "database_url": server.url_for(f"{prefix}_large"), **common})
    small_p95, large_p95 = small.pop("p95_values"), large.pop("p95_values")
    scale = statistics.median(large_p95) / statistics.median(small_p95)
    counts = small["query_counts"] + large["query_counts"]
    figures = large["figures"] + small["figures"] + [{
        "name": f"case list p95 at {large['cases']:,} vs {small['cases']:,} cases", "unit": "ms",
        "runs": len(large_p95), "median": statistics.median(large_p95), "min": min(large_p95),
        "max": max(large_p95), "values": large_p95,
        "baseline": {"name": f"p95 at {small['cases']:,} cases", "median": statistics.median(small_p95),
                     "min": min(small_p95), "max": max(small_p95), "values": small_p95},
        "ratio": scale, "target": "ratio <= 1.5", "met": target_met(scale, 1.5, False)}, {
        "name": "queries per list request (pages 1-3, both sizes)", "unit": "queries", "runs": len(counts),
        "median": statistics.median(counts), "min": min(counts), "max": max(counts), "values": counts,
        "target": "constant and <= 8", "met": len(set(counts)) == 1 and max(counts) <= 8}]
    return {"figures": figures, "url": large["url"], "explain_large": large["explain"],
            "explain_small": small["explain"], "profile_large": large.get("profile"), "worker_seconds": {"small": small["seconds"],
                                                                  "large": large["seconds"]}}


def _legal_audit(server: Server, prefix: str, common: dict) -> dict:
    """The audit at both sizes: the minute at the large size, and the per-case cost large against small."""
    runs = {**common, "audit_runs": min(common["runs"], 2)}
    small = worker({"step": "legal_audit", "database_url": server.url_for(f"{prefix}_small"), **runs})
    large = worker({"step": "legal_audit", "primary": True, "database_url": server.url_for(f"{prefix}_large"),
                    **runs})
    per_case = lambda part: [s / part["cases"] * 1000 for s in part["seconds_values"]]  # noqa: E731 - ms per case
    large_ms, small_ms = per_case(large), per_case(small)
    scale = statistics.median(large_ms) / statistics.median(small_ms)
    seconds = large["seconds_values"]
    figures = [{
        "name": f"legal audit of {large['cases']:,} cases", "unit": "s", "runs": len(seconds),
        "median": statistics.median(seconds), "min": min(seconds), "max": max(seconds), "values": seconds,
        # The minute is the figure for 100,000 cases; smaller runs report without judging it.
        "target": "<= 60 s at 100,000 cases",
        "met": statistics.median(seconds) <= 60 if large["cases"] >= 100_000 else None,
        "violations": large["violations"], "invariants_broken": large["invariants"]}, {
        "name": f"audit cost per case at {large['cases']:,} vs {small['cases']:,} cases", "unit": "ms",
        "runs": len(large_ms), "median": statistics.median(large_ms), "min": min(large_ms), "max": max(large_ms),
        "values": large_ms,
        "baseline": {"name": f"per case at {small['cases']:,} cases", "median": statistics.median(small_ms),
                     "min": min(small_ms), "max": max(small_ms), "values": small_ms},
        "ratio": scale, "target": "ratio <= 1.5", "met": target_met(scale, 1.5, False)}, {
        "name": f"queries per batch of {large['batch']} cases (both sizes)", "unit": "queries", "runs": 2,
        "median": large["queries_per_batch"], "min": min(large["queries_per_batch"], small["queries_per_batch"]),
        "max": max(large["queries_per_batch"], small["queries_per_batch"]),
        "values": [small["queries_per_batch"], large["queries_per_batch"]],
        "target": "constant", "met": large["queries_per_batch"] == small["queries_per_batch"]}]
    return {"figures": figures, "profile_large": large.get("profile"),
            "worker_seconds": {"small": small["seconds"], "large": large["seconds"]}}


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def render_markdown(report: dict) -> str:
    machine = report["machine"]
    lines = [
        "# Zhifa benchmark report", "",
        f"Run {report['started_at']} · size `{report['size']['name']}` · {report['seconds'] / 60:.1f} min in total "
        f"(preparation {report['preparation']['seconds']:.0f} s).", "",
        f"Machine: {machine.get('cores')} cores ({machine.get('cpu', '?')}), {machine.get('memory_gib', '?')} GiB, "
        f"PostgreSQL {machine.get('postgresql', '?')}, Redis {machine.get('redis', '?')}, Python {machine.get('python')}"
        f", commit {machine.get('git_commit', '?')}.", "",
        "Each figure is the median of the runs after warm-up, with min–max; the ratio is figure ÷ baseline, both "
        "measured in the same run. See docs/benchmarks.md for what each figure means.", "",
        "| # | figure | median | min–max | baseline | baseline median | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for number, workload in report["workloads"].items():
        if workload.get("status") != "ok":
            lines.append(f"| {number} | {workload['title']}: **{workload.get('status')}** "
                         f"{workload.get('error', '')} | | | | | | | |")
            continue
        for figure in workload["figures"]:
            base = figure.get("baseline") or {}
            met = {True: "yes", False: "**NO**", None: "–"}[figure.get("met")]
            lines.append(
                f"| {number} | {figure['name']} ({figure['unit']}) | {_fmt(figure['median'])} | "
                f"{_fmt(figure['min'])}–{_fmt(figure['max'])} | {base.get('name', '–')} | {_fmt(base.get('median'))} | "
                f"{_fmt(figure.get('ratio'))} | {figure.get('target', '–')} | {met} |")
    lines.append("")
    for number, workload in report["workloads"].items():
        if workload.get("skipped"):
            lines += [f"Workload {number}: {workload['skipped']}.", ""]
    case_list = report["workloads"].get("1", {})
    if case_list.get("status") == "ok":
        lines += ["## Workload 1: the request and its plan", "", f"`GET {case_list['url']}`", "",
                  "EXPLAIN (ANALYZE, BUFFERS) of the list's main query at the large size:", "", "```",
                  case_list["explain_large"], "```", ""]
        if case_list.get("profile_large"):
            lines += ["Python profile of 20 list requests in-process at the large size (pyinstrument):", "",
                      "```", case_list["profile_large"].strip(), "```", ""]
    audit = report["workloads"].get("6", {})
    if audit.get("status") == "ok":
        figure = audit["figures"][0]
        lines += ["## Workload 6", "", f"`audit_verify` said: {figure.get('audit_verify_output')}", "",
                  f"{figure['rows']:,} rows, {figure['bytes'] / 1e6:,.0f} MB of row JSON; a single streaming "
                  f"SHA-256 pass over those bytes runs at {figure['streaming_sha256_mb_per_s']:,.0f} MB/s.", ""]
    ingest = report["workloads"].get("3", {})
    if ingest.get("status") == "ok":
        figure = ingest["figures"][0]
        lines += ["## Workload 3: where the time goes", "",
                  f"Per run, upload (client to `Upload-Offset` = length) and ingest after the last byte, in seconds: "
                  f"{figure.get('upload_seconds')} and {figure.get('ingest_seconds_after_last_byte')}.", ""]
    profiles = {"3": "the PATCH service receiving the file in 16 MB requests, then ingest, in-process",
                "4": "publishing one notice at the larger register size, in-process",
                "6": "history_verify over every sealed row, in-process"}
    for number, what in profiles.items():
        workload = report["workloads"].get(number, {})
        if workload.get("status") == "ok" and workload.get("profile"):
            lines += [f"## Workload {number}: profile", "", f"pyinstrument, {what}:", "", "```",
                      workload["profile"], "```", ""]
    datasets = report["preparation"].get("datasets", {})
    lines += ["## Preparation", ""]
    for key, info in datasets.items():
        how = "reused" if info.get("reused") else f"generated in {info.get('seconds', 0):.0f} s"
        lines.append(f"- `{info['database']}` ({key}): {how}")
    lines.append("")
    return "\n".join(lines)
