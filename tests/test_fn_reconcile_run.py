"""kv2rel.reconcile_run(): which run the checks look at."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken


def test_empty_database(db):
    t.volatility_is(db, "kv2rel", "reconcile_run", ["bigint"], "stable", "reconcile_run(bigint) is STABLE")
    t.results_eq(db, "SELECT kv2rel.reconcile_run()", [(None,)], "no run: NULL")
    t.throws_ok(db, "SELECT kv2rel.reconcile_run(1)", "K2701", "no migration run 1", "an unknown run: K2701")


def test_latest_completed_migrate_run(migrated_db):
    conn = migrated_db.conn
    t.results_eq(conn, "SELECT kv2rel.reconcile_run()", [(1,)], "the migrated store: run 1")
    t.results_eq(conn, "SELECT kv2rel.reconcile_run(1)", [(1,)], "an explicit run is returned as is")
    with broken(conn):
        conn.execute(
            "INSERT INTO kv2rel.runs (run_id, kind, kv_table, env, batch_size) SELECT 2, 'retry', kv_table, env, 10"
            " FROM kv2rel.runs WHERE run_id = 1"
        )
        conn.execute(
            "INSERT INTO kv2rel.runs (run_id, kv_table, env, batch_size) SELECT 3, kv_table, env, 10"
            " FROM kv2rel.runs WHERE run_id = 1"
        )
        t.results_eq(
            conn, "SELECT kv2rel.reconcile_run()", [(1,)], "a retry run and a running run are not the default"
        )
        t.results_eq(conn, "SELECT kv2rel.reconcile_run(3)", [(3,)], "but can be named")
