"""kv2rel.reconcile_kv_sums(): the KV side of the fast reconciliation in one pass: the KV table's (key, row version)
pairs summed against the run's ledger (run_items.key, kv_xmin)."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, migrated_item

KV = "public.kv_store_6fcaeea3"
SUMS = "SELECT kv_rows, planned_rows, unknown_rows, agrees FROM kv2rel.reconcile_kv_sums(1)"


def test_signature_and_empty_database(db):
    t.volatility_is(
        db, "kv2rel", "reconcile_kv_sums", ["bigint", "jsonb"], "stable", "reconcile_kv_sums(bigint, jsonb) is STABLE"
    )
    t.is_empty(db, "SELECT * FROM kv2rel.reconcile_kv_sums()", "no completed run: no row")
    t.throws_ok(db, "SELECT * FROM kv2rel.reconcile_kv_sums(7)", "K2701", "no migration run 7", "an unknown run: K2701")


def test_clean_migration_agrees(migrated_db):
    conn = migrated_db.conn
    n = conn.execute(f"SELECT count(*) FROM {KV}").fetchone()[0]
    t.ok(n > 0, "the migrated store has KV rows")
    t.results_eq(conn, SUMS, [(n, n, 0, True)], "a clean migration: every KV row version is the one planned")
    t.results_eq(
        conn,
        "SELECT kv_sum = planned_sum, run_id FROM kv2rel.reconcile_kv_sums()",
        [(True, 1)],
        "the default run is the latest completed one, and both sums are equal",
    )


def test_updated_value_disagrees(migrated_db):
    conn = migrated_db.conn
    key, _, _ = migrated_item(conn, "product")
    with broken(conn):
        conn.execute(f"UPDATE {KV} SET value = value || '{{\"kv2relEdited\": true}}' WHERE key = %s", (key,))
        n = conn.execute(f"SELECT count(*) FROM {KV}").fetchone()[0]
        t.results_eq(conn, SUMS, [(n, n, 0, False)], "a value changed since the run: same counts, sums differ")


def test_no_op_update_disagrees(migrated_db):
    conn = migrated_db.conn
    key, _, _ = migrated_item(conn, "client")
    with broken(conn):
        conn.execute(f"UPDATE {KV} SET value = value WHERE key = %s", (key,))
        t.results_eq(
            conn,
            "SELECT agrees FROM kv2rel.reconcile_kv_sums(1)",
            [(False,)],
            "a new row version, even with the same value, does not agree (the key-by-key pass decides)",
        )


def test_skipped_key_changed_disagrees(migrated_db):
    conn = migrated_db.conn
    key = conn.execute(
        "SELECT key FROM kv2rel.run_items WHERE run_id = 1 AND outcome IN ('skipped', 'quarantined') LIMIT 1"
    ).fetchone()[0]
    with broken(conn):
        conn.execute(f"UPDATE {KV} SET value = '{{}}' WHERE key = %s", (key,))
        t.results_eq(
            conn,
            "SELECT agrees FROM kv2rel.reconcile_kv_sums(1)",
            [(False,)],
            "any key of the run counts, not only migrated ones",
        )


def test_added_and_deleted_keys_disagree(migrated_db):
    conn = migrated_db.conn
    key, _, _ = migrated_item(conn, "employee")
    with broken(conn):
        conn.execute(f"INSERT INTO {KV} (key, value) VALUES ('kv2rel:test:new', '{{}}')")
        n = conn.execute(f"SELECT count(*) FROM {KV}").fetchone()[0]
        t.results_eq(conn, SUMS, [(n, n - 1, 0, False)], "a key added since the run: one KV row more")
    with broken(conn):
        conn.execute(f"DELETE FROM {KV} WHERE key = %s", (key,))
        n = conn.execute(f"SELECT count(*) FROM {KV}").fetchone()[0]
        t.results_eq(conn, SUMS, [(n, n + 1, 0, False)], "a key deleted since the run: one KV row fewer")
    with broken(conn):
        conn.execute(f"DELETE FROM {KV} WHERE key = %s", (key,))
        conn.execute(f"INSERT INTO {KV} (key, value) VALUES ('kv2rel:test:new', '{{}}')")
        n = conn.execute(f"SELECT count(*) FROM {KV}").fetchone()[0]
        t.results_eq(conn, SUMS, [(n, n, 0, False)], "one deleted, one added: same counts, sums differ")


def test_unknown_hashes_disagree(migrated_db):
    conn = migrated_db.conn
    key, _, _ = migrated_item(conn, "site")
    n = conn.execute(f"SELECT count(*) FROM {KV}").fetchone()[0]
    with broken(conn):
        conn.execute("UPDATE kv2rel.run_items SET kv_xmin = NULL WHERE run_id = 1 AND key = %s", (key,))
        t.results_eq(conn, SUMS, [(n, n, 1, False)], "a key planned without its row version: unknown, disagrees")
    with broken(conn):
        conn.execute("UPDATE kv2rel.run_items SET kv_hash = NULL WHERE run_id = 1 AND key = %s", (key,))
        t.results_eq(conn, SUMS, [(n, n, 1, False)], "a key planned without its hash: unknown, disagrees")


def test_missing_kv_table(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute(f"ALTER TABLE {KV} RENAME TO kv2rel_test_gone")
        t.throws_ok(
            conn,
            "SELECT * FROM kv2rel.reconcile_kv_sums(1)",
            "K2702",
            "the KV table public.kv_store_6fcaeea3 of run 1 does not exist any more",
            "the run's KV table is gone: K2702",
        )


def test_forged_seal_disagrees(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute(
            "UPDATE kv2rel.run_seals SET sums = jsonb_set(sums, '{kv,sum}', '0') WHERE run_id = 1"
        )
        t.results_eq(
            conn,
            "SELECT agrees FROM kv2rel.reconcile_kv_sums(1)",
            [(False,)],
            "the planned side comes from the run's seal: a seal that does not match the KV table disagrees",
        )
        t.results_eq(
            conn,
            "SELECT agrees FROM kv2rel.reconcile_kv_sums(1, kv2rel.run_ledger_sums(1, false))",
            [(True,)],
            "given the ledger summed now (p_ledger), the same KV table agrees",
        )
