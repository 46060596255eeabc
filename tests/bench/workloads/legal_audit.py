"""Workload 8: the nightly legal audit (`manage.py legal_audit`, cases/invariants.py) over the whole register.

The target (at most one minute at 100,000 cases) is reported against the large size; the per-case cost at
the large size against the small one shows whether the audit grows linearly (a batch of cases costs a fixed
number of queries, whatever the register holds). The generated register is not built through the procedure,
so it breaks many invariants: the violations are counted, not logged, or the figure would measure the log.
"""

from __future__ import annotations

import logging
import time

from tests.bench.harness import profiled


def run(spec: dict) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhifa.cases.legal_audit import BATCH, legal_audit
    from zhifa.cases.models import Case

    logging.getLogger("zhifa.cases.legal_audit").disabled = True
    cases = Case.objects.count()
    found: dict = {}

    def audit() -> float:
        started = time.perf_counter()
        report = legal_audit()
        elapsed = time.perf_counter() - started
        found.update(violations=len(report.violations), cases=report.cases,
                     invariants=sorted({v.invariant for v in report.violations}))
        return elapsed

    seconds = [audit() for _ in range(spec["audit_runs"])]
    first_batch = list(Case.objects.order_by("pk").values_list("pk", flat=True)[:BATCH])
    with CaptureQueriesContext(connection) as queries:
        legal_audit(queryset=Case.objects.filter(pk__in=first_batch))
    return {"cases": cases, "seconds_values": seconds, "queries_per_batch": len(queries), "batch": BATCH, **found,
            "profile": profiled(legal_audit, limit=50) if spec.get("primary") else None}
