"""Sealing history rows into a hash chain, and verifying the chain.

A row's hash is SHA-256 over its JSON form (PostgreSQL row_to_json, in UTC), computed in SQL so
that sealing and verifying cost one pass over the table. The chain hash of seal n is
SHA-256(chain hash of seal n-1 | table | row id | row hash).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pghistory.models
from django.apps import apps
from django.db import connection, transaction

from zhifa.audit.models import HistorySeal

GENESIS = "0" * 64
SEAL_LOCK_KEY = 0x5A48_4941  # pg advisory lock: one sealer at a time
SEAL_BATCH = 5000

ROW_HASH_SQL = "encode(sha256(convert_to(row_to_json(e)::text, 'UTF8')), 'hex')"


def history_tables() -> list[str]:
    """Every pghistory event table, in a fixed order."""
    tables = {
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event) and not model._meta.proxy and model._meta.managed
    }
    return sorted(tables)


def chain_link(previous: str, table: str, event_id: int, row_hash: str) -> str:
    return hashlib.sha256(f"{previous}|{table}|{event_id}|{row_hash}".encode()).hexdigest()


def history_seal() -> int:
    """Seal every history row that has no seal yet. Returns how many were sealed.

    Rows are found by absence from the seal table, not by id, because a transaction that took an id
    earlier may commit later.
    """
    sealed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SEAL_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return 0  # another sealer is at work; it will take these rows
        cursor.execute("SET LOCAL TimeZone = 'UTC'")
        previous = (
            HistorySeal.objects.order_by("-id").values_list("chain_hash", flat=True).first() or GENESIS
        )
        for table in history_tables():
            quoted = connection.ops.quote_name(table)
            # One anti-join per table, streamed in batches: its snapshot is taken when it starts, so the
            # seals written meanwhile do not disturb it, and the table is scanned once however many rows wait.
            with _streaming(f"seal_{table}") as unsealed:
                unsealed.execute(
                    f"SELECT e.pgh_id, {ROW_HASH_SQL} FROM {quoted} e "
                    f"WHERE NOT EXISTS (SELECT 1 FROM audit_historyseal s "
                    f"WHERE s.event_table = %s AND s.event_id = e.pgh_id) "
                    f"ORDER BY e.pgh_id",
                    [table],
                )
                while rows := unsealed.fetchmany(SEAL_BATCH):
                    seals = []
                    for event_id, row_hash in rows:
                        previous = chain_link(previous, table, event_id, row_hash)
                        seals.append(HistorySeal(event_table=table, event_id=event_id, row_hash=row_hash,
                                                 chain_hash=previous))
                    HistorySeal.objects.bulk_create(seals)
                    sealed += len(seals)
    return sealed


class _streaming:
    """A server-side (named) cursor on Django's connection, inside the caller's transaction: rows come in
    batches instead of all at once."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        connection.ensure_connection()
        self.cursor = connection.connection.cursor(name=self.name[:60])
        self.cursor.itersize = 20000
        return self.cursor

    def __exit__(self, *exc):
        self.cursor.close()


@dataclass
class VerifyResult:
    checked: int
    unsealed: int
    problem: str | None = None
    seal_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def history_verify() -> VerifyResult:
    """Recompute every sealed row's hash and the chain; name the first seal that no longer holds."""
    problems: list[tuple[int, str]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL TimeZone = 'UTC'")
        # 1. The chain: catches an altered, inserted or removed seal.
        # chain_link's text is built in SQL, so that each row costs Python one concatenation and one digest.
        previous, checked = GENESIS, 0
        sha256 = hashlib.sha256
        with _streaming("verify_chain") as seals:
            seals.execute("SELECT id, '|' || event_table || '|' || event_id || '|' || row_hash, chain_hash "
                          "FROM audit_historyseal ORDER BY id")
            for seal_id, link, chain_hash in seals:
                previous = sha256((previous + link).encode()).hexdigest()
                checked += 1
                if previous != chain_hash:
                    problems.append((seal_id, f"封存链在第 {seal_id} 号封存处断开（封存记录被改动）"))
                    break
        # 2. The content: each table's rows against their seals.
        unsealed = 0
        for table in history_tables():
            quoted = connection.ops.quote_name(table)
            # min() rather than ORDER BY … LIMIT 1: an aggregate lets PostgreSQL hash the rows in parallel.
            cursor.execute(
                f"SELECT min(s.id) FROM audit_historyseal s "
                f"LEFT JOIN {quoted} e ON e.pgh_id = s.event_id "
                f"WHERE s.event_table = %s AND (e.pgh_id IS NULL OR {ROW_HASH_SQL} <> s.row_hash)",
                [table],
            )
            first = cursor.fetchone()[0]
            if first is not None:
                cursor.execute(f"SELECT s.id, s.event_id, e.pgh_id IS NULL FROM audit_historyseal s "
                               f"LEFT JOIN {quoted} e ON e.pgh_id = s.event_id WHERE s.id = %s", [first])
                seal_id, event_id, missing = cursor.fetchone()
                what = "已被删除" if missing else "内容与封存摘要不符（已被改动）"
                problems.append((seal_id, f"历史表 {table} 第 {event_id} 行{what}（封存 #{seal_id}）"))
            cursor.execute(
                f"SELECT count(*) FROM {quoted} e WHERE NOT EXISTS (SELECT 1 FROM audit_historyseal s "
                f"WHERE s.event_table = %s AND s.event_id = e.pgh_id)",
                [table],
            )
            unsealed += cursor.fetchone()[0]
    if problems:
        seal_id, problem = min(problems)
        return VerifyResult(checked=checked, unsealed=unsealed, problem=problem, seal_id=seal_id)
    return VerifyResult(checked=checked, unsealed=unsealed)
