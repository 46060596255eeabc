"""Workload 6: `manage.py audit_verify` over every sealed history row, in rows per second.

Baseline: hashlib.sha256 over the same bytes (each sealed row's JSON text as audit_verify hashes it),
one digest per row, from memory. Also reported: one streaming SHA-256 pass over all those bytes
concatenated, which is what `sha256sum` would do.
"""

from __future__ import annotations

import hashlib
import io
import time

from tests.bench.harness import Figure, interleaved, profiled


def run(spec: dict) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from zhifa.audit.services import history_tables

    rows: list[bytes] = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL TimeZone = 'UTC'")
        for table in history_tables():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT convert_to(row_to_json(e)::text, 'UTF8') FROM {quoted} e "
                           f"JOIN audit_historyseal s ON s.event_table = %s AND s.event_id = e.pgh_id", [table])
            rows += [bytes(b) for (b,) in cursor.fetchall()]
    n_rows = len(rows)
    total_bytes = sum(len(b) for b in rows)
    checked = {}

    def verify() -> float:
        out = io.StringIO()
        start = time.perf_counter()
        call_command("audit_verify", stdout=out)
        elapsed = time.perf_counter() - start
        checked["output"] = out.getvalue().strip()
        return n_rows / elapsed

    def raw_sha256() -> float:
        sha256 = hashlib.sha256
        start = time.perf_counter()
        for blob in rows:
            sha256(blob).hexdigest()
        return n_rows / (time.perf_counter() - start)

    def streaming() -> float:
        start = time.perf_counter()
        digest = hashlib.sha256()
        for blob in rows:
            digest.update(blob)
        digest.hexdigest()
        return total_bytes / (time.perf_counter() - start) / 1e6

    samples = interleaved({"verify": verify, "raw": raw_sha256, "stream": streaming},
                          runs=spec["runs"], warmup=spec["warmup"])
    figure = Figure(f"audit_verify over {n_rows:,} sealed history rows", "rows/s", samples["verify"],
                    "hashlib.sha256 per row over the same bytes", samples["raw"], higher_is_better=True,
                    target="ratio >= 0.3", target_ratio=0.3,
                    extra={"rows": n_rows, "bytes": total_bytes, "audit_verify_output": checked.get("output"),
                           "streaming_sha256_mb_per_s": sorted(samples["stream"])[len(samples["stream"]) // 2]})
    from zhifa.audit.services import history_verify

    return {"figures": [figure.summary()], "profile": profiled(history_verify, limit=40)}
