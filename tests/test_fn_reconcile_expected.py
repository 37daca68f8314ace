"""kv2rel.reconcile_expected(): the rows a run should have written, re-mapped with migrate's compiled statements."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken


def test_signature_and_bad_input(db):
    t.volatility_is(
        db, "kv2rel", "reconcile_expected", ["bigint", "integer[]"], "volatile", "reconcile_expected is VOLATILE"
    )
    t.throws_ok(db, "SELECT kv2rel.reconcile_expected(1)", "K2701", "no migration run 1", "unknown run: K2701")
    t.throws_ok(db, "SELECT kv2rel.reconcile_expected(NULL)", "K2701", "no migration run NULL", "NULL run: K2701")


def test_one_expected_row_per_migrated_key(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        total = conn.execute("SELECT kv2rel.reconcile_expected(1)").fetchone()[0]
        t.results_eq(
            conn,
            "SELECT count(*) FROM pg_temp.kv2rel_reconcile_expected",
            [(total,)],
            "returns the number of rows it wrote to pg_temp.kv2rel_reconcile_expected",
        )
        t.set_eq(
            conn,
            "SELECT key, id FROM pg_temp.kv2rel_reconcile_expected WHERE target_table NOT LIKE '%exclusions'",
            "SELECT key, target_id FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated'",
            "one row per migrated key, with the key's target id",
        )
        t.is_empty(
            conn,
            "SELECT * FROM pg_temp.kv2rel_reconcile_expected WHERE row IS NULL OR reason IS NOT NULL"
            " OR (row ->> 'id')::uuid <> id",
            "every key maps to a clean row again, whose id is the target id",
        )
        t.is_empty(
            conn,
            "SELECT * FROM pg_temp.kv2rel_reconcile_expected WHERE target_table = 'public.products' AND row ? 'is_active'",
            "generated columns are left out",
        )
        batch = conn.execute(
            "SELECT min(batch_no) FROM kv2rel.run_batches WHERE run_id = 1 AND entity = 'client'"
        ).fetchone()[0]
        conn.execute("SELECT kv2rel.reconcile_expected(1, ARRAY[%s])", (batch,))
        t.results_eq(
            conn,
            "SELECT DISTINCT entity FROM pg_temp.kv2rel_reconcile_expected",
            [("client",)],
            "p_batches replays only those batches",
        )
        t.is_empty(
            conn,
            "SELECT * FROM public.clients AS c JOIN pg_temp.kv2rel_reconcile_expected AS e ON e.id = c.id"
            " WHERE to_jsonb(c) <> e.row",
            "the expected client rows equal the rows migrate wrote",
        )


def test_a_record_that_no_longer_maps_is_unmapped(migrated_db):
    conn = migrated_db.conn
    key = conn.execute(
        "SELECT key FROM kv2rel.run_items WHERE run_id = 1 AND entity = 'admin_user' AND outcome = 'migrated'"
        " ORDER BY key LIMIT 1"
    ).fetchone()[0]
    with broken(conn):
        conn.execute(
            "UPDATE public.kv_store_6fcaeea3 SET value = value || '{\"email\": \"not an e-mail\"}' WHERE key = %s",
            (key,),
        )
        conn.execute("SELECT kv2rel.reconcile_expected(1)")
        t.results_eq(
            conn,
            "SELECT key, row IS NULL, reason FROM pg_temp.kv2rel_reconcile_expected WHERE row IS NULL",
            [(key, True, "invalid_email")],
            "a KV value that would be quarantined now has no expected row and names the reason",
        )
