"""Timing and reporting shared by every workload.

A figure is measured as `runs` timed repetitions after `warmup` untimed ones. It is reported as the median
with the min and max over the runs, and compared with a baseline measured in the same process, interleaved
with it run by run so that drift on a shared machine hits both alike.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Size:
    """How big each workload is. `full` is what the targets are stated for; `tiny` keeps the harness honest."""

    name: str
    organisations: int
    cases_large: int
    cases_small: int
    events_per_case: int
    list_requests: int  # requests per timed run of the case list
    write_cases: int  # cases the audited-writes workload cycles through
    writes_per_run: int
    write_warmup: int
    ingest_bytes: int  # the recording uploaded by workload 3
    publish_notices: int  # notices published through the worker (workload 4)
    published_small: int  # notices already published, for the per-notice cost (workload 4)
    published_large: int
    publish_probe: int  # notices published per timed run of the per-notice cost
    public_notices: int  # published notices behind public search (workload 5)
    serve_seconds: float  # length of each load run against nginx and Django (workload 5)
    search_requests: int
    runs: int = 5
    warmup: int = 1


SIZES = {
    "full": Size("full", organisations=10_000, cases_large=100_000, cases_small=10_000, events_per_case=10,
                 list_requests=60, write_cases=2_000, writes_per_run=2_000, write_warmup=500,
                 ingest_bytes=2 << 30, publish_notices=5_000, published_small=1_000, published_large=50_000,
                 publish_probe=20, public_notices=100_000, serve_seconds=5, search_requests=60),
    "reduced": Size("reduced", organisations=2_000, cases_large=20_000, cases_small=2_000, events_per_case=10,
                    list_requests=40, write_cases=500, writes_per_run=500, write_warmup=100,
                    ingest_bytes=512 << 20, publish_notices=500, published_small=1_000, published_large=10_000,
                    publish_probe=10, public_notices=20_000, serve_seconds=3, search_requests=40),
    "tiny": Size("tiny", organisations=40, cases_large=400, cases_small=100, events_per_case=3,
                 list_requests=5, write_cases=20, writes_per_run=10, write_warmup=3,
                 ingest_bytes=8 << 20, publish_notices=20, published_small=20, published_large=100,
                 publish_probe=2, public_notices=200, serve_seconds=0.5, search_requests=5, runs=3),
}


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Figure:
    """One reported number: per-run values, and optionally the baseline's per-run values."""

    name: str
    unit: str
    values: list[float]
    baseline_name: str | None = None
    baseline_values: list[float] | None = None
    higher_is_better: bool = False
    target: str | None = None  # e.g. "ratio <= 4"
    target_ratio: float | None = None
    notes: str = ""
    extra: dict = field(default_factory=dict)

    def summary(self) -> dict:
        out = {"name": self.name, "unit": self.unit, "runs": len(self.values),
               "median": statistics.median(self.values), "min": min(self.values), "max": max(self.values),
               "values": self.values}
        if self.baseline_values:
            base = statistics.median(self.baseline_values)
            out["baseline"] = {"name": self.baseline_name, "median": base, "min": min(self.baseline_values),
                               "max": max(self.baseline_values), "values": self.baseline_values}
            out["ratio"] = out["median"] / base if base else None
        if self.target:
            out["target"] = self.target
            out["met"] = target_met(out.get("ratio"), self.target_ratio, self.higher_is_better)
        if self.notes:
            out["notes"] = self.notes
        out.update(self.extra)
        return out


def target_met(ratio: float | None, limit: float | None, higher_is_better: bool) -> bool | None:
    if ratio is None or limit is None:
        return None
    return ratio >= limit if higher_is_better else ratio <= limit


def interleaved(variants: dict[str, Callable[[], float]], *, runs: int, warmup: int) -> dict[str, list[float]]:
    """Call every variant `warmup` times untimed, then `runs` rounds of each in turn. Each call returns its
    own measurement (seconds, or any figure it chooses). Returns per-variant lists."""
    for _ in range(warmup):
        for run in variants.values():
            run()
    results: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, run in variants.items():
            results[name].append(run())
    return results


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def machine_facts(database_url: str | None = None, redis_url: str | None = None) -> dict:
    facts = {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        facts["cpu"] = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                            if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        facts["memory_gib"] = round(kib / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as conn:
            facts["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
            settings = dict(conn.execute("SELECT name, setting FROM pg_settings WHERE name IN "
                                         "('shared_buffers','work_mem','max_connections','jit')").fetchall())
            facts["postgresql_settings"] = settings
    if redis_url:
        import redis

        try:
            facts["redis"] = redis.Redis.from_url(redis_url, socket_connect_timeout=2).info("server")["redis_version"]
        except redis.RedisError as error:
            facts["redis"] = f"unreachable: {error}"
    try:
        facts["git_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                             text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return facts


def write_json(path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def profiled(function: Callable[[], object], *, interval: float = 0.001, limit: int = 60) -> str | None:
    """Run `function` once under pyinstrument (the `bench` extra) and return the call tree as text, cut to
    `limit` lines; None without pyinstrument. For the report, where a target is missed."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    profiler = Profiler(interval=interval)
    profiler.start()
    try:
        function()
    finally:
        profiler.stop()
    lines = profiler.output_text(unicode=False, color=False, show_all=False).strip().splitlines()
    return "\n".join(lines[:limit] + (["  …"] if len(lines) > limit else []))
