"""kv2rel.reconcile_table_sums(): the target side of the fast reconciliation in one pass per table: the run's
migrated items, its write log and the table's rows summed as multisets."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, leaf_item, migrated_item

DISAGREE = "SELECT target_table FROM kv2rel.reconcile_table_sums(1) WHERE NOT agrees"


def test_signature_and_empty_database(db):
    t.volatility_is(
        db, "kv2rel", "reconcile_table_sums", ["bigint", "jsonb"], "stable",
        "reconcile_table_sums(bigint, jsonb) is STABLE",
    )
    t.is_empty(db, "SELECT * FROM kv2rel.reconcile_table_sums()", "no completed run: no row")
    t.throws_ok(
        db, "SELECT * FROM kv2rel.reconcile_table_sums(7)", "K2701", "no migration run 7", "an unknown run: K2701"
    )


def test_clean_migration_agrees(migrated_db):
    conn = migrated_db.conn
    t.is_empty(conn, DISAGREE, "a clean migration: every table holds exactly the rows the run wrote")
    t.results_eq(
        conn,
        "SELECT target_table, entity, item_rows FROM kv2rel.reconcile_table_sums(1) ORDER BY 1, 2",
        "SELECT target_table, entity, count(*) FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated'"
        " AND target_table NOT LIKE '%exclusions' GROUP BY 1, 2 ORDER BY 1, 2",
        "one row per table and entity of the run's migrated keys, with their number",
    )
    t.results_eq(
        conn,
        "SELECT target_table, entity, hash_sum FROM kv2rel.reconcile_table_sums(1) ORDER BY 1, 2",
        "SELECT c.target_table, i.entity, sum(c.written_hash) FROM kv2rel.run_changes AS c"
        " JOIN kv2rel.run_items AS i ON i.run_id = c.run_id AND i.key = c.key AND i.target_id = c.target_id"
        " WHERE c.run_id = 1 AND c.target_table NOT LIKE '%exclusions' GROUP BY 1, 2 ORDER BY 1, 2",
        "hash_sum is the sum of the written hashes of each entity's rows",
    )
    t.results_eq(
        conn,
        "SELECT count(DISTINCT entity) FROM kv2rel.reconcile_table_sums(1)"
        " WHERE target_table = 'public.email_templates'",
        [(3,)],
        "a table holding several entities (email templates) has one row per entity",
    )
    t.is_empty(
        conn,
        "SELECT 1 FROM kv2rel.reconcile_table_sums(1) WHERE written_rows <> table_rows",
        "every table has as many rows with a legacy id as the run wrote",
    )


def test_changed_row_disagrees(migrated_db):
    conn = migrated_db.conn
    _, _, target_id = migrated_item(conn, "product")
    with broken(conn):
        conn.execute("ALTER TABLE public.products DISABLE TRIGGER USER")
        conn.execute("UPDATE public.products SET name = name WHERE id = %s", (target_id,))
        t.set_eq(conn, DISAGREE, [("public.products",)], "a row updated since the run (even a no-op): its table only")
        t.results_eq(
            conn,
            "SELECT hash_sum FROM kv2rel.reconcile_table_sums(1) WHERE target_table = 'public.products'",
            [(None,)],
            "a table that does not agree has no hash sum",
        )


def test_deleted_and_extra_rows_disagree(migrated_db):
    conn = migrated_db.conn
    _, target_id = leaf_item(conn, "audit_log", "public.audit_logs", [])
    with broken(conn):
        conn.execute("DELETE FROM public.audit_logs WHERE id = %s", (target_id,))
        t.set_eq(conn, DISAGREE, [("public.audit_logs",)], "a deleted row: its table does not agree")
        t.results_eq(
            conn,
            "SELECT written_rows - table_rows FROM kv2rel.reconcile_table_sums(1)"
            " WHERE target_table = 'public.audit_logs'",
            [(1,)],
            "one row fewer than written",
        )
    with broken(conn):
        conn.execute(
            "INSERT INTO public.clients (id, name, client_code, legacy_id)"
            " VALUES ('00000000-0000-4000-8000-00000000e0a1', 'Hand Made', 'HAND-1', 'hand-made')"
        )
        t.set_eq(conn, DISAGREE, [("public.clients",)], "a row with a legacy id the run did not write: disagrees")
    with broken(conn):
        conn.execute(
            "INSERT INTO public.clients (id, name, client_code)"
            " VALUES ('00000000-0000-4000-8000-00000000e0a2', 'App Made', 'APP-1')"
        )
        t.is_empty(conn, DISAGREE, "an application's row without a legacy id is not the migration's: still agrees")


def test_tampered_ledger_disagrees(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "site")
    other, _, _ = migrated_item(conn, "site", 1)
    site_change = "WHERE run_id = 1 AND target_table = 'public.sites' AND target_id = %s"
    with broken(conn):
        conn.execute(f"UPDATE kv2rel.run_changes SET key = %s {site_change}", (other, target_id))
        t.set_eq(conn, DISAGREE, [("public.sites",)], "a write logged for another key: disagrees")
    with broken(conn):
        conn.execute(f"UPDATE kv2rel.run_changes SET written_hash = NULL {site_change}", (target_id,))
        t.set_eq(conn, DISAGREE, [("public.sites",)], "a write without its hash: disagrees")
    with broken(conn):
        conn.execute(f"DELETE FROM kv2rel.run_changes {site_change}", (target_id,))
        t.set_eq(conn, DISAGREE, [("public.sites",)], "a migrated key without a write record: disagrees")
    with broken(conn):
        conn.execute(
            "UPDATE kv2rel.run_items SET target_id = gen_random_uuid() WHERE run_id = 1 AND key = %s", (key,)
        )
        t.set_eq(conn, DISAGREE, [("public.sites",)], "an item pointing at another row: disagrees")


def test_forged_seal_disagrees(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute(
            "UPDATE kv2rel.run_seals SET sums = jsonb_set(sums, '{writes,public.sites,version_sum}', '0')"
            " WHERE run_id = 1"
        )
        t.set_eq(conn, DISAGREE, [("public.sites",)],
                 "the write log comes from the run's seal: a seal that does not match the table disagrees")
        t.is_empty(
            conn,
            "SELECT target_table FROM kv2rel.reconcile_table_sums(1, kv2rel.run_ledger_sums(1, false))"
            " WHERE NOT agrees",
            "given the ledger summed now (p_ledger), every table agrees",
        )
