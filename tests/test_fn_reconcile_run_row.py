"""kv2rel.reconcile_run_row(): the run row a reconciliation reads, or K2701 / K2702."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken


def test_signature_and_empty_database(db):
    t.volatility_is(db, "kv2rel", "reconcile_run_row", ["bigint"], "stable", "reconcile_run_row(bigint) is STABLE")
    t.throws_ok(db, "SELECT kv2rel.reconcile_run_row(1)", "K2701", "no migration run 1", "an unknown run: K2701")
    t.throws_ok(db, "SELECT kv2rel.reconcile_run_row(NULL)", "K2701", "no migration run NULL", "NULL: K2701")


def test_the_run_and_its_kv_table(migrated_db):
    conn = migrated_db.conn
    t.results_eq(
        conn,
        "SELECT (r).run_id, (r).kv_table, (r).status FROM (SELECT kv2rel.reconcile_run_row(1) AS r) AS x",
        "SELECT run_id, kv_table, status FROM kv2rel.runs WHERE run_id = 1",
        "the ledger row of the run",
    )
    with broken(conn):
        conn.execute("ALTER TABLE public.kv_store_6fcaeea3 RENAME TO kv2rel_test_gone")
        t.throws_ok(
            conn,
            "SELECT kv2rel.reconcile_run_row(1)",
            "K2702",
            "the KV table public.kv_store_6fcaeea3 of run 1 does not exist any more",
            "the run's KV table is gone: K2702 names it",
        )
