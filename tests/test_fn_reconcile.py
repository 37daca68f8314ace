"""kv2rel.reconcile(): full reconciliation, per entity and table, of the rows a run migrated against their KV
records: by default the hash chain (kv2rel.reconcile_fast, method 'hash'), with p_deep every record re-mapped by
migrate's compiled statements (method 'deep'); both must give the same counts."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, leaf_item, migrated_item

SUMMARY = (
    "SELECT entity, target_table, expected_rows, actual_rows, matched_rows, differing_rows, missing_rows,"
    " unmapped_rows, extra_rows, consistency_pct FROM kv2rel.reconcile() WHERE {where}"
)


COUNTS = (
    "SELECT entity, target_table, expected_rows, actual_rows, matched_rows, differing_rows, missing_rows,"
    " unmapped_rows, extra_rows, consistency_pct FROM kv2rel.reconcile(NULL, {deep}) ORDER BY 1, 2"
)


def agrees_with_deep(conn, description: str) -> None:
    t.results_eq(conn, COUNTS.format(deep="false"), COUNTS.format(deep="true"), description)


def test_signature_and_empty_database(db):
    t.volatility_is(
        db, "kv2rel", "reconcile", ["bigint", "boolean"], "volatile", "reconcile(bigint, boolean) exists, VOLATILE"
    )
    t.ok(
        db.execute("SELECT to_regprocedure('kv2rel.reconcile(bigint)') IS NULL").fetchone()[0],
        "the one-argument form is gone (a call with one argument is not ambiguous)",
    )
    t.is_empty(db, "SELECT * FROM kv2rel.reconcile()", "no completed run: no rows")
    t.is_empty(db, "SELECT * FROM kv2rel.reconcile(NULL, true)", "no completed run: no rows, deep too")
    t.throws_ok(db, "SELECT * FROM kv2rel.reconcile(42)", "K2701", "no migration run 42", "an unknown run: K2701")
    t.throws_ok(db, "SELECT * FROM kv2rel.reconcile(-1)", "K2701", "no migration run -1", "a negative run: K2701")


def test_clean_migration_is_100_percent_everywhere(migrated_db):
    conn = migrated_db.conn
    rows = conn.execute("SELECT * FROM kv2rel.reconcile()").fetchall()
    t.ok(len(rows) >= 20, "one row per entity and target table of the run", f"{len(rows)} rows")
    t.results_eq(conn, "SELECT DISTINCT method FROM kv2rel.reconcile()", [("hash",)], "by default: the hash chain")
    t.results_eq(
        conn, "SELECT DISTINCT method FROM kv2rel.reconcile(1, p_deep => true)", [("deep",)], "p_deep: re-mapped"
    )
    t.is_empty(
        conn,
        "SELECT entity FROM kv2rel.reconcile(1, true) WHERE consistency_pct <> 100 OR expected_hash <> actual_hash",
        "deep: every entity 100 % consistent with equal hashes too",
    )
    agrees_with_deep(conn, "on a clean migration the fast and the deep reconciliation give the same counts")
    t.throws_ok(
        conn, "SELECT * FROM kv2rel.reconcile(1, NULL)", "K2706", "reconcile p_deep must be true or false, not NULL",
        "p_deep NULL: K2706",
    )
    t.is_empty(
        conn,
        "SELECT entity, target_table, consistency_pct FROM kv2rel.reconcile()"
        " WHERE consistency_pct <> 100 OR expected_hash <> actual_hash OR matched_rows <> expected_rows"
        " OR expected_rows <> actual_rows",
        "a clean migration: every entity 100 % consistent, equal hashes, every row matched",
    )
    t.results_eq(
        conn,
        "SELECT sum(expected_rows) FILTER (WHERE target_table NOT LIKE '%exclusions') FROM kv2rel.reconcile()",
        "SELECT count(*) FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated'",
        "every migrated key of the run is compared (no row left out)",
    )
    t.set_eq(
        conn,
        "SELECT target_table FROM kv2rel.reconcile() WHERE target_table LIKE '%exclusions'",
        [("public.site_product_exclusions",), ("public.site_category_exclusions",)],
        "the exclusion rows derived from site configurations are reconciled too",
    )
    t.results_eq(
        conn,
        "SELECT sum(actual_rows) FROM kv2rel.reconcile() WHERE target_table LIKE '%exclusions'",
        "SELECT (SELECT count(*) FROM public.site_product_exclusions) + (SELECT count(*) FROM"
        " public.site_category_exclusions)",
        "every exclusion row of the target is accounted for",
    )
    t.results_eq(
        conn,
        "SELECT DISTINCT run_id FROM kv2rel.reconcile(1)",
        [(1,)],
        "reconcile(1) names the run it reconciled",
    )


def test_hash_is_order_independent_and_content_sensitive(migrated_db):
    conn = migrated_db.conn
    before = dict(conn.execute("SELECT entity || '/' || target_table, actual_hash FROM kv2rel.reconcile()").fetchall())
    with broken(conn):
        # Move half of the product rows to the end of the heap (a no-op update makes new row versions): same
        # content in another physical order.
        conn.execute("ALTER TABLE public.products DISABLE TRIGGER ALL")
        conn.execute("UPDATE public.products SET name = name WHERE id::text < '8'")
        t.ok(
            conn.execute("SELECT (array_agg(id::text))[1] >= '8' FROM public.products").fetchone()[0],
            "the heap order changed (a row that sorted late is scanned first)",
        )
        after = dict(conn.execute("SELECT entity || '/' || target_table, actual_hash FROM kv2rel.reconcile()").fetchall())
    t.is_(after, before, "the same rows in another physical order give the same hashes")


def test_changed_value_is_a_differing_row(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "product")
    with broken(conn):
        conn.execute("UPDATE public.products SET name = name || ' (edited)' WHERE id = %s", (target_id,))
        t.results_eq(
            conn,
            SUMMARY.format(where="entity = 'product'"),
            "SELECT 'product', 'public.products', count(*), count(*), count(*) - 1, 1::bigint, 0::bigint, 0::bigint,"
            " 0::bigint, round(100.0 * (count(*) - 1) / count(*), 4) FROM kv2rel.run_items"
            " WHERE run_id = 1 AND entity = 'product' AND outcome = 'migrated'",
            "one changed product value: 1 differing row, consistency below 100 %",
        )
        t.ok(
            conn.execute("SELECT expected_hash <> actual_hash FROM kv2rel.reconcile() WHERE entity = 'product'")
            .fetchone()[0],
            "the hashes of the product side differ",
        )
        t.is_empty(
            conn,
            SUMMARY.format(where="entity <> 'product' AND consistency_pct <> 100"),
            "the other entities stay at 100 %",
        )
        agrees_with_deep(conn, "a changed value: fast and deep give the same counts")
    t.ok(key.startswith(("gift", "product")), "the edited record is a product key", key)


def test_deleted_row_is_missing(migrated_db):
    conn = migrated_db.conn
    key, target_id = leaf_item(conn, "audit_log", "public.audit_logs", [])
    with broken(conn):
        conn.execute("DELETE FROM public.audit_logs WHERE id = %s", (target_id,))
        t.results_eq(
            conn,
            "SELECT expected_rows - actual_rows, missing_rows, extra_rows FROM kv2rel.reconcile()"
            " WHERE entity = 'audit_log'",
            [(1, 1, 0)],
            "a deleted row: one missing row, one actual row fewer",
        )
        agrees_with_deep(conn, "a deleted row: fast and deep give the same counts")


def test_extra_row_is_extra(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute(
            "INSERT INTO public.clients (id, name, client_code, legacy_id)"
            " VALUES ('00000000-0000-4000-8000-00000000e0a1', 'Hand Made', 'HAND-1', 'hand-made')"
        )
        t.results_eq(
            conn,
            "SELECT actual_rows - expected_rows, extra_rows, consistency_pct < 100 FROM kv2rel.reconcile()"
            " WHERE entity = 'client'",
            [(1, 1, True)],
            "a row with a legacy id that no record of the run accounts for is extra",
        )
        conn.execute(
            "INSERT INTO public.clients (id, name, client_code) VALUES ('00000000-0000-4000-8000-00000000e0a2',"
            " 'App Made', 'APP-1')"
        )
        t.results_eq(
            conn,
            "SELECT extra_rows FROM kv2rel.reconcile() WHERE entity = 'client'",
            [(1,)],
            "a row without legacy id (made by the application, not the migration) is not counted as extra",
        )
        agrees_with_deep(conn, "an extra row: fast and deep give the same counts")


def test_tampered_ledger_target_id(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "site", 1)
    other = migrated_item(conn, "site", 2)[2]
    with broken(conn):
        conn.execute(
            "UPDATE kv2rel.run_items SET target_id = %s WHERE run_id = 1 AND key = %s", (other, key)
        )
        rows = conn.execute(
            "SELECT matched_rows, differing_rows, missing_rows, extra_rows FROM kv2rel.reconcile()"
            " WHERE entity = 'site'"
        ).fetchone()
        t.ok(rows[0] < rows[0] + rows[1] + rows[2] + rows[3] and rows[3] == 1,
             "a ledger that points a key at another row breaks the reconciliation (the real row becomes extra)",
             repr(rows))
        agrees_with_deep(conn, "a tampered ledger: fast and deep give the same counts")


def test_changed_kv_value_is_seen_too(migrated_db):
    conn = migrated_db.conn
    key, _, _ = migrated_item(conn, "employee")
    with broken(conn):
        conn.execute(
            "UPDATE public.kv_store_6fcaeea3 SET value = jsonb_set(value, '{name}', '\"Renamed In KV\"') WHERE key = %s",
            (key,),
        )
        t.results_eq(
            conn,
            "SELECT differing_rows FROM kv2rel.reconcile() WHERE entity = 'employee'",
            [(1,)],
            "a KV value edited after the run no longer matches its migrated row",
        )
        agrees_with_deep(conn, "a KV value edited after the run: fast and deep give the same counts")


def test_deleted_kv_key_is_unmapped(migrated_db):
    conn = migrated_db.conn
    key, _, _ = migrated_item(conn, "employee", 1)
    with broken(conn):
        conn.execute("DELETE FROM public.kv_store_6fcaeea3 WHERE key = %s", (key,))
        t.results_eq(
            conn,
            "SELECT unmapped_rows, consistency_pct < 100 FROM kv2rel.reconcile() WHERE entity = 'employee'",
            [(1, True)],
            "a KV key deleted after the run: its row is unmapped (no record maps to it any more)",
        )
        t.results_eq(
            conn,
            "SELECT key, kind FROM kv2rel.reconcile_diff('employee')",
            [(key, "unmapped")],
            "the drill-down names the key",
        )
        agrees_with_deep(conn, "a deleted KV key: fast and deep give the same counts")


def test_changed_rules_fall_back_to_deep(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute("CREATE INDEX kv2rel_test_clients_name ON public.clients (name)")
        t.results_eq(
            conn,
            "SELECT DISTINCT method FROM kv2rel.reconcile()",
            [("deep",)],
            "the rules fingerprint changed since the run (here: a new index): method deep",
        )


def test_missing_kv_table(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute("ALTER TABLE public.kv_store_6fcaeea3 RENAME TO kv_gone")
        for deep in ("false", "true"):
            t.throws_ok(
                conn,
                f"SELECT * FROM kv2rel.reconcile(NULL, {deep})",
                "K2702",
                "the KV table public.kv_store_6fcaeea3 of run 1 does not exist any more",
                f"reconciling without the KV table (deep {deep}): K2702 naming it",
            )
