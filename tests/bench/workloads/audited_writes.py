"""Workload 2: case updates through the service layer (zhifa.cases.services.case_update).

Three variants, run in turn so drift hits all of them alike:
- `pghistory`: what production does: history triggers on, inside a pghistory context;
- `triggers off` (baseline): the same calls with every pghistory trigger disabled (ALTER TABLE … DISABLE
  TRIGGER) and no context;
- `django-simple-history` (peer): triggers off, and simple-history recording the same models
  (tests/bench/peer). Skipped, and said so, when the `bench` extra is not installed.
Each update changes the case's title, so it writes the case, its deadlines and a timeline event.
"""

from __future__ import annotations

import itertools
import time

from tests.bench.harness import Figure, interleaved


def history_triggers(models) -> list[tuple[str, str]]:
    import pghistory.trigger
    import pgtrigger

    tables = {m._meta.db_table for m in models}
    return [(model._meta.db_table, trigger.get_pgid(model)) for model, trigger in pgtrigger.registered()
            if isinstance(trigger, pghistory.trigger.Event) and model._meta.db_table in tables]


def set_triggers(triggers, enabled: bool) -> None:
    from django.db import connection

    verb = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table, pgid in triggers:
            cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} {verb} TRIGGER {pgid}")


def run(spec: dict) -> dict:
    import pghistory
    from django.conf import settings
    from django.db import connection

    from zhifa.accounts.models import User
    from zhifa.cases.models import Case, CaseDeadline, CaseOfficer, TimelineEvent
    from zhifa.cases.services import case_update

    leader = User.objects.get(username="bench-leader")
    case_ids = list(Case.objects.filter(state="investigating").order_by("id").values_list("id", flat=True))
    assert case_ids, "the writes dataset has no editable cases"
    triggers = history_triggers([Case, TimelineEvent, CaseDeadline, CaseOfficer])
    assert triggers, "no pghistory triggers found"
    counter = itertools.count()
    peer = getattr(settings, "PEER_AVAILABLE", False)

    def updates(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            case_update(case_id=case_ids[i % len(case_ids)], actor=leader, title=f"未按规定参加年度检查（第{i}次修改）")

    def variant(mode: str, n: int):
        def go() -> float:
            set_triggers(triggers, enabled=mode == "on")
            settings.SIMPLE_HISTORY_ENABLED = mode == "peer"
            try:
                start = time.perf_counter()
                if mode == "on":
                    with pghistory.context(origin="bench"):
                        updates(n)
                else:
                    updates(n)
                return (time.perf_counter() - start) / n * 1000
            finally:
                settings.SIMPLE_HISTORY_ENABLED = False
                set_triggers(triggers, enabled=True)
        return go

    n = spec["writes_per_run"]
    variants = {"on": variant("on", n), "off": variant("off", n)}
    if peer:
        variants["peer"] = variant("peer", n)
    # Warm-up: spec["write_warmup"] updates of each variant, untimed.
    for mode in variants:
        variant(mode, spec["write_warmup"])()
    samples = interleaved(variants, runs=spec["runs"], warmup=0)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_caseevent")
        pghistory_case_rows = cursor.fetchone()[0]
        peer_rows = None
        if peer:
            cursor.execute("SELECT count(*) FROM bench_peer_historicalcase")
            peer_rows = cursor.fetchone()[0]
    extra = {"updates_per_run": n, "runs": spec["runs"], "cases_cycled": len(case_ids),
             "pghistory_case_event_rows": pghistory_case_rows, "simple_history_case_rows": peer_rows}
    figures = [Figure("audited case update, pghistory triggers on", "ms/update", samples["on"],
                      "history triggers off", samples["off"], target="ratio <= 1.3", target_ratio=1.3, extra=extra)]
    if peer:
        figures.append(Figure("audited case update, pghistory vs django-simple-history", "ms/update", samples["on"],
                              "django-simple-history (peer)", samples["peer"], target="ratio < 1 (faster)",
                              target_ratio=0.9999))
        figures.append(Figure("case update under django-simple-history", "ms/update", samples["peer"],
                              "history triggers off", samples["off"]))
    result = {"figures": [f.summary() for f in figures]}
    if not peer:
        result["skipped"] = "django-simple-history is not installed (pip install -e 'backend[bench]')"
    return result
