"""Reusable benchmark data, generated in SQL (INSERT … SELECT over generate_series) in seconds, not hours.

Runs inside a bench worker (Django configured for the target database). History triggers are bypassed for
the bulk load with `session_replication_role = replica`: that is generation, not measurement. The history
that workload 6 verifies is then written set-wise, one event row per timeline event exactly as the insert
trigger would write it, and sealed in one streaming pass with the chain rule of zhifa.audit.services.

A dataset records what it holds in the table `bench_dataset`; the runner reuses a database whose record
matches the requested sizes and the current migrations, and rebuilds it otherwise.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import time

from django.db import connection, models, transaction

GENERATOR_VERSION = 3
CASE_STATES = [  # (state, weight): a mature register, most cases long closed
    ("lead", 4), ("filed", 3), ("investigating", 8), ("investigation_closed", 3), ("notified", 3),
    ("decided", 3), ("served", 3), ("executing", 3), ("closed", 30), ("archived", 30), ("dropped", 10),
]
EDITABLE_FOR_WRITES = "investigating"
HISTORY_SYSTEM_COLUMNS = {"pgh_id", "pgh_created_at", "pgh_label", "pgh_context", "pgh_context_id", "pgh_obj_id"}


def _sql_default(field: models.Field) -> tuple[str, list]:
    """SQL for a column the generator does not set: the model's default, as the ORM would write it."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "now()", []
    if field.null and not field.has_default():
        return "NULL", []
    value = field.get_db_prep_save(field.get_default(), connection)
    return f"%s::{field.db_type(connection)}", [value]


def _pct(sql: str) -> str:
    """Double every `%` that is not a `%s` placeholder (the SQL here uses `%` as modulo)."""
    return re.sub(r"%(?!s)", "%%", sql)


def insert_select(model: type[models.Model], exprs: dict[str, str], source: str, params: list | None = None) -> int:
    """INSERT INTO model's table every column: `exprs` for the ones given (SQL over `source`), defaults
    for the rest. Returns the row count. `exprs` hold no placeholders; `params` are for `source`."""
    columns, values, default_params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.column not in exprs:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in exprs:
            values.append(_pct(exprs[field.column]))
        else:
            sql, field_params = _sql_default(field)
            values.append(sql)
            default_params += field_params
    # Default parameters appear in the SELECT list, before any parameter of the FROM clause.
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {_pct(source)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, default_params + list(params or []))
        return cursor.rowcount


def migrations_fingerprint() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        rows = cursor.fetchall()
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'bench_peer_%%' "
                       "ORDER BY 1")
        rows += cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def dataset_record() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_dataset') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT value FROM bench_dataset WHERE key = 'dataset'")
        row = cursor.fetchone()
    return (json.loads(row[0]) if isinstance(row[0], str) else row[0]) if row else None


def wanted_record(spec: dict) -> dict:
    return {"generator": GENERATOR_VERSION, "migrations": migrations_fingerprint(), **spec}


def _case_state_sql(n_column: str) -> str:
    """A CASE expression giving the state for row number n, following CASE_STATES' weights."""
    total = sum(weight for _, weight in CASE_STATES)
    parts, upto = [], 0
    for state, weight in CASE_STATES:
        upto += weight
        parts.append(f"WHEN ({n_column} * 37) % {total} < {upto} THEN '{state}'")
    return "CASE " + " ".join(parts) + " END"


def people():
    """The agency, its units and staff used by every workload (created through the ORM, history on)."""
    from zhifa.accounts.choices import Role
    from zhifa.accounts.models import Agency, Unit, User
    from zhifa.cases.models import ViolationGround

    agency, _ = Agency.objects.get_or_create(
        name="潜江市民政局", defaults={"short_name": "潜民", "region_code": "429005", "case_number_prefix": "潜民罚立"})
    units = [Unit.objects.get_or_create(agency=agency, name=f"执法{n}科")[0] for n in range(1, 6)]
    leader, created = User.objects.get_or_create(username="bench-leader", defaults={
        "role": Role.LEADER, "unit": units[0], "full_name": "刘局长"})
    if created:
        leader.set_unusable_password()
        leader.save()
    officers = []
    for n in range(1, 41):
        officer, created = User.objects.get_or_create(username=f"bench-officer{n}", defaults={
            "role": Role.OFFICER, "unit": units[n % len(units)], "full_name": f"执法员{n}"})
        officers.append(officer)
    ground, _ = ViolationGround.objects.get_or_create(code="STDJ-30-1-4", defaults={
        "regulation": "《社会团体登记管理条例》", "article": "第三十条第一款第（四）项", "title": "不按照规定参加年度检查",
        "penalty_kinds": ["warning", "stop_activities", "deregistration"]})
    return agency, units, leader, officers, ground


def generate(*, organisations: int, cases: int, events_per_case: int, states: str = "mixed",
             history: bool = True, seal: bool = True, published_notices: int = 0) -> dict:
    """Fill an empty (migrated) database. Returns timings of each step, in seconds."""
    from zhifa.cases.models import Case, CaseDeadline, CaseOfficer, TimelineEvent
    from zhifa.registry.models import Organisation

    timings: dict[str, float] = {}
    agency, units, leader, officers, ground = people()
    step = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # bulk load: no triggers fire
        insert_select(Organisation, {
            "agency_id": str(agency.pk), "name": "'潜江市第' || g || '号社会组织协会'",
            "type": "(ARRAY['social_group','private_non_enterprise','foundation'])[1 + g % 3]",
            "credit_code": "'51429005' || lpad(g::text, 9, '0') || 'X'", "legal_representative": "'法人' || g",
            "registration_date": "date '2000-01-01' + (g % 7000)",
        }, "generate_series(1, %s) AS g", [organisations])
        timings["organisations"] = time.perf_counter() - step

        step = time.perf_counter()
        cursor.execute("SELECT min(id) FROM registry_organisation")
        org_base = cursor.fetchone()[0]
        state = f"'{EDITABLE_FOR_WRITES}'" if states == "editable" else _case_state_sql("g")
        unit_ids = "ARRAY[" + ",".join(str(u.pk) for u in units) + "]::bigint[]"
        # received_on spreads over ten years; every later date follows the procedure's order.
        cursor.execute(_pct(f"""
            CREATE TEMP TABLE bench_case_src ON COMMIT DROP AS
            SELECT g, {state} AS state, current_date - 40 - ((g * 7919) % 3650) AS received_on,
                   {org_base} + (g * 131) % %s AS org_id
            FROM generate_series(1, %s) AS g"""), [organisations, cases])
        filed = "s.state NOT IN ('lead', 'dropped')"
        decided = "s.state IN ('decided','served','executing','closed','archived')"
        served = "s.state IN ('served','executing','closed','archived')"
        insert_select(Case, {
            "agency_id": str(agency.pk), "unit_id": f"({unit_ids})[1 + s.g % {len(units)}]", "state": "s.state",
            "title": "o.name || '未按规定参加年度检查'", "source": "'annual_inspection'",
            "received_on": "s.received_on", "party_kind": "'organisation'", "organisation_id": "s.org_id",
            "party_name": "o.name",
            "number": f"CASE WHEN {filed} THEN '潜民罚立〔' || extract(year FROM s.received_on + 3) || '〕' || s.g || '号' "
                      "ELSE '' END",
            "number_year": f"CASE WHEN {filed} THEN extract(year FROM s.received_on + 3)::int END",
            "number_sequence": f"CASE WHEN {filed} THEN s.g END",
            "leader_id": f"CASE WHEN {filed} THEN {leader.pk} END",
            "filed_on": f"CASE WHEN {filed} THEN s.received_on + 3 END",
            "investigation_started_on": f"CASE WHEN {filed} AND s.state <> 'filed' THEN s.received_on + 4 END",
            "notified_on": f"CASE WHEN {decided} OR s.state = 'notified' THEN s.received_on + 20 END",
            "statement_status": f"CASE WHEN {decided} THEN 'not_made' ELSE 'pending' END",
            "decision_outcome": f"CASE WHEN {decided} THEN 'penalty' ELSE '' END",
            "decision_penalties": f"CASE WHEN {decided} THEN ARRAY['warning']::varchar(32)[] "
                                  "ELSE '{}'::varchar(32)[] END",
            "decided_on": f"CASE WHEN {decided} THEN s.received_on + 30 END",
            "decided_by_id": f"CASE WHEN {decided} THEN {leader.pk} END",
            "served_on": f"CASE WHEN {served} THEN s.received_on + 33 END",
            "closed_on": "CASE WHEN s.state IN ('closed','archived') THEN s.received_on + 60 END",
            "facts": "'该会连续两年未参加年度检查。'", "created_by_id": str(leader.pk),
        }, "bench_case_src s JOIN registry_organisation o ON o.id = s.org_id ORDER BY s.g")
        timings["cases"] = time.perf_counter() - step

        step = time.perf_counter()
        ids = ",".join(str(o.pk) for o in officers)
        n_off = len(officers)
        insert_select(CaseOfficer, {
            "case_id": "c.id", "officer_id": f"(ARRAY[{ids}]::bigint[])[1 + ((c.id + k) % {n_off})]",
            "credential_number": "'4290050' || lpad(((c.id + k) % 40)::text, 5, '0')", "is_lead": "k = 0",
        }, "cases_case c CROSS JOIN generate_series(0, 1) AS k")
        insert_select(CaseDeadline, {
            "case_id": "c.id", "kind": "'decision'", "reference": "''", "basis": "'行政处罚法第六十条'",
            "start_date": "c.filed_on", "period": "'90日'", "due_date": "c.filed_on + 90",
            "met_on": "c.decided_on",
        }, "cases_case c WHERE c.filed_on IS NOT NULL")
        timings["officers_deadlines"] = time.perf_counter() - step

        step = time.perf_counter()
        insert_select(TimelineEvent, {
            "case_id": "c.id", "kind": "CASE WHEN k = 1 THEN 'created' ELSE 'transition' END",
            "action": "CASE WHEN k = 1 THEN '' ELSE 'file' END", "occurred_on": "c.received_on + k",
            "actor_id": str(leader.pk), "reason": "'第' || k || '步'", "data": "jsonb_build_object('step', k)",
        }, "cases_case c CROSS JOIN generate_series(1, %s) AS k ORDER BY c.id, k", [events_per_case])
        timings["timeline_events"] = time.perf_counter() - step

        if history:
            step = time.perf_counter()
            timings["history_rows"] = write_insert_history(cursor, TimelineEvent)
            timings["history"] = time.perf_counter() - step
    if seal:
        step = time.perf_counter()
        timings["sealed_rows"] = seal_all()
        timings["seal"] = time.perf_counter() - step
    if published_notices:
        step = time.perf_counter()
        notices(published_notices, state="published")
        timings["notices"] = time.perf_counter() - step
    step = time.perf_counter()
    vacuum_analyze()
    timings["vacuum_analyze"] = time.perf_counter() - step
    return timings


def write_insert_history(cursor, model) -> int:
    """The event rows pghistory's insert trigger would have written for every row of `model`."""
    from pghistory.models import Event

    from django.apps import apps

    event_table = next(m._meta.db_table for m in apps.get_models()
                       if issubclass(m, Event) and getattr(m, "pgh_tracked_model", None) is model)
    cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                   "ORDER BY ordinal_position", [event_table])
    columns = [c for (c,) in cursor.fetchall() if c not in HISTORY_SYSTEM_COLUMNS]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    cursor.execute(
        f"INSERT INTO {event_table} (pgh_created_at, pgh_label, pgh_context, pgh_obj_id, {quoted}) "
        f"SELECT t.created_at, 'insert', '{{\"origin\": \"bench-generator\"}}'::jsonb, t.id, {quoted} "
        f"FROM {model._meta.db_table} t ORDER BY t.id")
    return cursor.rowcount


def seal_all() -> int:
    """Seal every unsealed history row in one pass, exactly as zhifa.audit.services.history_seal would
    (same tables, order, row hash and chain), streaming through COPY."""
    from zhifa.audit.models import HistorySeal
    from zhifa.audit.services import GENESIS, ROW_HASH_SQL, chain_link, history_tables

    sealed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL TimeZone = 'UTC'")
        previous = HistorySeal.objects.order_by("-id").values_list("chain_hash", flat=True).first() or GENESIS
        raw = cursor.cursor  # the psycopg cursor, for COPY
        for table in history_tables():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT e.pgh_id, {ROW_HASH_SQL} FROM {quoted} e WHERE NOT EXISTS "
                           f"(SELECT 1 FROM audit_historyseal s WHERE s.event_table = %s AND s.event_id = e.pgh_id) "
                           f"ORDER BY e.pgh_id", [table])
            rows = cursor.fetchall()
            if not rows:
                continue
            stamp = datetime.datetime.now(datetime.timezone.utc).isoformat()
            with raw.copy("COPY audit_historyseal (event_table, event_id, row_hash, chain_hash, sealed_at) "
                          "FROM STDIN WITH (FORMAT text)") as copy:
                for event_id, row_hash in rows:
                    previous = chain_link(previous, table, event_id, row_hash)
                    copy.write(f"{table}\t{event_id}\t{row_hash}\t{previous}\t{stamp}\n")
            sealed += len(rows)
    return sealed


def vacuum_analyze() -> None:
    from django.db import connection as conn

    conn.ensure_connection()
    raw = conn.connection
    previous = raw.autocommit
    raw.autocommit = True
    try:
        raw.execute("VACUUM ANALYZE")
    finally:
        raw.autocommit = previous


def record_dataset(record: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_dataset (key text PRIMARY KEY, value jsonb NOT NULL)")
        cursor.execute("INSERT INTO bench_dataset VALUES ('dataset', %s::jsonb) ON CONFLICT (key) DO UPDATE "
                       "SET value = excluded.value", [json.dumps(record)])


# --- Disclosure notices (workloads 4 and 5) ----------------------------------------------------------

NOTICE_KINDS = [("penalty_decision", 6), ("deregistration", 2), ("illegal_organisations", 1), ("general", 1)]


def notices(count: int, *, state: str, first: int = 1, until: datetime.datetime | None = None,
            days: int = 1095) -> int:
    """`count` notices as the disclosure services leave them (masked copies, search bigrams, content hash),
    decision notices of organisations mostly. Published ones get a slug and a publication time spread over
    the `days` before `until`, numbered from `first` so that batches never collide. Bulk-inserted with
    triggers off (generation, not measurement). Returns how many were written."""
    from zhifa.accounts.models import Agency
    from zhifa.disclosure import site
    from zhifa.disclosure.models import Notice
    from zhifa.disclosure.services import _remask

    agency = Agency.objects.get(name="潜江市民政局")
    until = until or datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
    span = datetime.timedelta(days=days)
    kinds = [kind for kind, weight in NOTICE_KINDS for _ in range(weight)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('disclosure_notice', 'id')) "
                       "FROM generate_series(1, %s)", [count])
        ids = [row[0] for row in cursor.fetchall()]
    rows = []
    for offset, pk in enumerate(ids):
        n = first + offset
        name = f"潜江市第{n}号社会组织协会"
        decided = (until - span * (1 - offset / max(count, 1))).date()
        fields = {"CF_XDR_MC": name, "CF_XDR_LB": "法人及非法人组织", "CF_XDR_SHXYM": f"51429005{n:09d}X",
                  "CF_FRDB": f"张{n % 97}", "CF_WSH": f"潜民罚决〔{decided.year}〕{n}号",
                  "CF_WFXW": "不按照规定参加年度检查", "CF_SY": f"{name}连续两年未参加年度检查。",
                  "CF_YJ": "《社会团体登记管理条例》第三十条第一款第（四）项", "CF_CFLB": "警告",
                  "CF_NR": "警告", "CF_JDRQ": decided.isoformat(), "CF_CFJG": "潜江市民政局",
                  "CF_CFJGDM": "11429005MB1234567X"}
        notice = Notice(id=pk, agency=agency, kind=kinds[n % len(kinds)], state=state,
                        title=f"{name}行政处罚决定公示", fields=fields, body=f"{name}：经查，你会连续两年未参加年度检查……",
                        severity="ordinary", period_months=12, decided_on=decided, due_date=decided)
        _remask(notice)
        if state in ("published", "withdrawn", "expired"):
            notice.published_at = until - span * (1 - offset / max(count, 1))
            notice.slug = f"{site.local_date(notice.published_at):%Y%m%d}-{pk}"
            notice.content_sha256 = hashlib.sha256(site.notice_json(notice)).hexdigest()
        rows.append(notice)
    copy_in(Notice, rows)
    if state in ("published", "withdrawn", "expired"):
        site.months_recount()  # what publishing would have counted
    return len(rows)


def copy_in(model, rows) -> None:
    """Insert model instances (primary keys set) with one COPY and triggers off: what bulk_create would write,
    without building and parsing one giant INSERT per batch."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") \
                as copy:
            for row in rows:
                copy.write_row([field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields])
