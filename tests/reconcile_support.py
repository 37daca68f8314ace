"""Helpers for the issue-6 check tests (reconciliation, counts, samples, KV orphans, report).

The checks are tested on the ``migrated_db`` clone of migrate_support (read-only by convention): every deliberately
broken state is made inside ``broken(conn)``, a transaction that is always rolled back, so the next test sees the
clean migration again. The checks only write temporary tables, which the rollback removes too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import psycopg


@contextlib.contextmanager
def broken(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """A transaction that is rolled back whatever happens inside it."""
    with conn.transaction(force_rollback=True):
        yield conn


def migrated_item(conn: psycopg.Connection, entity: str, offset: int = 0) -> tuple[str, str, str]:
    """(key, target table, target id) of a migrated key of ``entity`` in run 1, by key order."""
    row = conn.execute(
        "SELECT key, target_table, target_id::text FROM kv2rel.run_items WHERE run_id = 1 AND entity = %s"
        " AND outcome = 'migrated' ORDER BY key COLLATE \"C\" OFFSET %s LIMIT 1",
        (entity, offset),
    ).fetchone()
    assert row, f"run 1 migrated no {entity}"
    return row


def leaf_item(conn: psycopg.Connection, entity: str, table: str, children: list[tuple[str, str]]) -> tuple[str, str]:
    """(key, id) of a migrated row of ``entity`` that no row of ``children`` (table, column) references."""
    not_referenced = " ".join(
        f"AND NOT EXISTS (SELECT 1 FROM {t} AS c WHERE c.{col} = i.target_id)" for t, col in children
    )
    row = conn.execute(
        f"SELECT i.key, i.target_id::text FROM kv2rel.run_items AS i WHERE i.run_id = 1 AND i.entity = %s"
        f" AND i.outcome = 'migrated' AND i.target_table = %s {not_referenced}"
        " ORDER BY i.key COLLATE \"C\" LIMIT 1",
        (entity, table),
    ).fetchone()
    assert row, f"no unreferenced {entity} row"
    return row
