"""kv2rel.check_counts(): per entity, KV keys by outcome against the target rows."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, leaf_item, migrated_item

COLS = "entity, kv_keys, migrated, merged, quarantined, skipped, pending"


def test_signature_and_empty_database(db):
    t.volatility_is(db, "kv2rel", "check_counts", ["bigint"], "volatile", "check_counts(bigint) is VOLATILE")
    t.is_empty(db, "SELECT * FROM kv2rel.check_counts()", "no completed run: no rows")
    t.throws_ok(db, "SELECT * FROM kv2rel.check_counts(5)", "K2701", "no migration run 5", "unknown run: K2701")


def test_clean_migration(migrated_db):
    conn = migrated_db.conn
    t.results_eq(
        conn,
        f"SELECT {COLS} FROM kv2rel.check_counts() ORDER BY entity",
        "SELECT coalesce(entity, '(unclassified)'), count(*), count(*) FILTER (WHERE outcome = 'migrated'),"
        " count(*) FILTER (WHERE outcome = 'merged'), count(*) FILTER (WHERE outcome = 'quarantined'),"
        " count(*) FILTER (WHERE outcome = 'skipped'), count(*) FILTER (WHERE outcome IS NULL)"
        " FROM kv2rel.outcomes WHERE run_id = 1 GROUP BY 1 ORDER BY 1",
        "the KV keys of each entity by outcome, as kv2rel.outcomes counts them",
    )
    t.is_empty(conn, "SELECT entity, detail FROM kv2rel.check_counts() WHERE NOT ok", "every entity ok")
    t.results_eq(
        conn,
        "SELECT migrated_present, merged_present, target_rows, legacy_rows, expected_legacy_rows"
        " FROM kv2rel.check_counts() WHERE entity = 'product'",
        "SELECT count(*) FILTER (WHERE outcome = 'migrated'), count(*) FILTER (WHERE outcome = 'merged'),"
        " (SELECT count(*) FROM public.products), (SELECT count(*) FROM public.products),"
        " count(DISTINCT target_id) FILTER (WHERE outcome = 'migrated')"
        " FROM kv2rel.run_items WHERE run_id = 1 AND entity = 'product'",
        "products: every migrated and merged key has its row; rows with legacy ids = distinct migrated rows",
    )
    t.is_empty(
        conn,
        "SELECT * FROM kv2rel.check_counts() WHERE target_table IS NULL AND (migrated > 0 OR target_rows IS NOT NULL)",
        "entities without a target table have no target figures",
    )


def test_deleted_row_names_the_key(migrated_db):
    conn = migrated_db.conn
    key, target_id = leaf_item(conn, "employee", "public.employees", [("public.orders", "employee_id")])
    with broken(conn):
        conn.execute("DELETE FROM public.employees WHERE id = %s", (target_id,))
        t.results_eq(
            conn,
            "SELECT entity, ok, detail FROM kv2rel.check_counts() WHERE NOT ok",
            "SELECT 'employee', false, format('1 migrated key(s) without their public.employees row: %s; "
            "public.employees has %s row(s) with a legacy id, the runs migrated %s distinct row(s) into it', "
            f"'{key}', count(*), count(*) + 1) FROM public.employees",
            "a deleted row: the entity fails, naming the key and the row counts",
        )


def test_deleted_winner_fails_its_merged_keys(migrated_db):
    conn = migrated_db.conn
    winner = conn.execute(
        "SELECT w.key, w.target_id::text FROM kv2rel.run_items AS w WHERE w.run_id = 1 AND w.entity = 'brand'"
        " AND w.outcome = 'migrated' AND EXISTS (SELECT 1 FROM kv2rel.run_items AS m WHERE m.run_id = 1"
        " AND m.merged_into = w.key) ORDER BY 1 LIMIT 1"
    ).fetchone()
    t.ok(winner is not None, "the small store has a brand with merged duplicates")
    with broken(conn):
        conn.execute("ALTER TABLE public.brands DISABLE TRIGGER ALL")
        conn.execute("DELETE FROM public.brands WHERE id = %s", (winner[1],))
        detail = conn.execute("SELECT detail FROM kv2rel.check_counts() WHERE entity = 'brand'").fetchone()[0]
    t.ok("merged key(s) whose winner's row is missing from public.brands" in detail, "merged keys too", detail)


def test_extra_row_and_tampered_ledger(migrated_db):
    conn = migrated_db.conn
    key, _, _ = migrated_item(conn, "catalog")
    with broken(conn):
        conn.execute(
            "INSERT INTO public.catalogs SELECT (jsonb_populate_record(c, jsonb_build_object('id',"
            " '00000000-0000-4000-8000-00000000c0c0', 'legacy_id', 'catalog-extra'))).*"
            " FROM public.catalogs AS c ORDER BY c.id LIMIT 1"
        )
        t.results_eq(
            conn,
            "SELECT entity, legacy_rows - expected_legacy_rows FROM kv2rel.check_counts() WHERE NOT ok",
            [("catalog", 1)],
            "an extra row with a legacy id: catalogs has one row more than the run migrated",
        )
    with broken(conn):
        conn.execute(
            "UPDATE kv2rel.run_items SET outcome = 'skipped', target_id = NULL, action = NULL, reason_code = 'index'"
            " WHERE run_id = 1 AND key = %s",
            (key,),
        )
        t.results_eq(
            conn,
            "SELECT entity, migrated, legacy_rows - expected_legacy_rows FROM kv2rel.check_counts() WHERE NOT ok",
            "SELECT 'catalog', count(*) - 1, 1::bigint FROM public.catalogs",
            "a ledger that calls a migrated key skipped: its row is now unaccounted for",
        )
