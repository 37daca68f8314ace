"""kv2rel.run_ledger_sums(): the ledger side of the fast reconciliation (run_items, run_changes) as one JSON object,
from the run's seal when it has one, else summed now."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, migrated_item

NOW = "kv2rel.run_ledger_sums(1, false)"


def test_signature_and_bad_input(db):
    t.volatility_is(
        db, "kv2rel", "run_ledger_sums", ["bigint", "boolean"], "stable", "run_ledger_sums(bigint, boolean) is STABLE"
    )
    t.results_eq(db, "SELECT kv2rel.run_ledger_sums(7) IS NULL", [(True,)], "an unknown run: NULL")
    t.results_eq(db, "SELECT kv2rel.run_ledger_sums(NULL) IS NULL", [(True,)], "no run id: NULL")


def test_p_sealed_null_is_refused(migrated_db):
    t.throws_ok(
        migrated_db.conn,
        "SELECT kv2rel.run_ledger_sums(1, NULL)",
        "K2706",
        "run_ledger_sums p_sealed must be true or false, not NULL",
        "p_sealed NULL: K2706",
    )


def test_sums_of_a_clean_run(migrated_db):
    conn = migrated_db.conn
    t.results_eq(
        conn,
        f"SELECT ({NOW} -> 'kv' ->> 'rows')::bigint, ({NOW} -> 'kv' ->> 'unknown')::bigint",
        "SELECT count(*), count(*) FILTER (WHERE kv_xmin IS NULL OR kv_hash IS NULL) FROM kv2rel.run_items"
        " WHERE run_id = 1",
        "kv: every item of the run, any outcome; none without its row version and hash",
    )
    t.results_eq(
        conn,
        f"SELECT ({NOW} -> 'kv' ->> 'sum')::numeric",
        "SELECT sum(hash_record_extended(ROW(key, kv_xmin), 0)) FROM kv2rel.run_items WHERE run_id = 1",
        "kv.sum: the sum of the hashes of (key, kv_xmin)",
    )
    t.bag_eq(
        conn,
        f"SELECT e ->> 'tbl', e ->> 'entity', (e ->> 'n')::bigint, (e ->> 'key_sum')::numeric"
        f" FROM jsonb_array_elements({NOW} -> 'items') AS e",
        "SELECT target_table, entity, count(*), sum(hash_record_extended(ROW(target_id, key), 0))"
        " FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated' AND target_table NOT IN"
        " ('public.site_product_exclusions', 'public.site_category_exclusions') GROUP BY 1, 2",
        "items: the migrated items per table and entity, exclusion tables left out",
    )
    t.bag_eq(
        conn,
        f"SELECT w.key, (w.value ->> 'n')::bigint, (w.value ->> 'hashed')::bigint,"
        f" (w.value ->> 'version_sum')::numeric, (w.value ->> 'hash_sum')::numeric"
        f" FROM jsonb_each({NOW} -> 'writes') AS w",
        "SELECT target_table, count(*), count(written_hash), sum(hash_record_extended(ROW(target_id, xmin), 0)),"
        " sum(written_hash) FROM kv2rel.run_changes WHERE run_id = 1 AND target_table IN (SELECT target_table"
        " FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated' AND target_table NOT IN"
        " ('public.site_product_exclusions', 'public.site_category_exclusions')) GROUP BY 1",
        "writes: the write log per table of items, with its version and written-hash sums",
    )
    shared = conn.execute(
        f"SELECT count(*) FROM jsonb_object_keys({NOW} -> 'split')"
    ).fetchone()[0]
    tables = conn.execute(
        "SELECT count(*) FROM (SELECT target_table FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated'"
        " GROUP BY 1 HAVING count(DISTINCT entity) > 1) AS x"
    ).fetchone()[0]
    t.ok(shared >= tables, "split: an entry per entity of every table that holds several",
         f"{shared} entries, {tables} shared tables")


def test_sealed_equals_summed_now(migrated_db):
    conn = migrated_db.conn
    t.results_eq(
        conn,
        f"SELECT kv2rel.run_ledger_sums(1) = {NOW}, kv2rel.run_ledger_sums(1) = (SELECT sums FROM kv2rel.run_seals"
        " WHERE run_id = 1)",
        [(True, True)],
        "a sealed run: the seal is returned, and it equals the ledger summed now",
    )


def test_seal_is_ignored_once_the_ledger_changed(migrated_db):
    conn = migrated_db.conn
    key, _, _ = migrated_item(conn, "site")
    with broken(conn):
        conn.execute("UPDATE kv2rel.run_items SET kv_hash = NULL WHERE run_id = 1 AND key = %s", (key,))
        t.results_eq(
            conn,
            "SELECT (kv2rel.run_ledger_sums(1) -> 'kv' ->> 'unknown')::int, kv2rel.run_ledger_sums(1) = "
            f"{NOW}",
            [(1, True)],
            "a ledger row changed after the seal: the ledger as it is now is summed",
        )
    with broken(conn):
        conn.execute("SET LOCAL session_replication_role = replica")  # the unseal triggers do not fire
        conn.execute("UPDATE kv2rel.run_items SET kv_hash = NULL WHERE run_id = 1 AND key = %s", (key,))
        t.results_eq(
            conn,
            "SELECT (kv2rel.run_ledger_sums(1) -> 'kv' ->> 'unknown')::int,"
            f" ({NOW} -> 'kv' ->> 'unknown')::int",
            [(0, 1)],
            "with the triggers bypassed the seal stays (documented): p_sealed => false sums the ledger regardless",
        )
