"""kv2rel.reconcile_pairs(): expected rows paired with the actual target rows, plus unaccounted rows."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, leaf_item, migrated_item


def test_signature(db):
    t.volatility_is(
        db, "kv2rel", "reconcile_pairs", ["bigint", "integer[]", "text[]"], "volatile", "reconcile_pairs is VOLATILE"
    )
    t.ok(
        db.execute("SELECT to_regprocedure('kv2rel.reconcile_pairs(bigint, integer[])') IS NULL").fetchone()[0],
        "the two-argument form is gone (no ambiguous overload)",
    )
    t.throws_ok(db, "SELECT kv2rel.reconcile_pairs(2)", "K2701", "no migration run 2", "unknown run: K2701")


def test_kinds(migrated_db):
    conn = migrated_db.conn
    changed, _, changed_id = migrated_item(conn, "product")
    gone, gone_id = leaf_item(conn, "audit_log", "public.audit_logs", [])
    with broken(conn):
        n = conn.execute("SELECT kv2rel.reconcile_pairs(1)").fetchone()[0]
        t.results_eq(
            conn,
            "SELECT kind, count(*) FROM pg_temp.kv2rel_reconcile_pairs GROUP BY 1",
            [("match", n)],
            "a clean migration: every pair matches",
        )
        conn.execute("ALTER TABLE public.products DISABLE TRIGGER USER")
        conn.execute("UPDATE public.products SET description = 'x' WHERE id = %s", (changed_id,))
        conn.execute("DELETE FROM public.audit_logs WHERE id = %s", (gone_id,))
        conn.execute(
            "INSERT INTO public.audit_logs SELECT (jsonb_populate_record(a, jsonb_build_object('id',"
            " '00000000-0000-4000-8000-0000000000a1', 'legacy_id', 'audit-extra'))).* FROM public.audit_logs AS a"
            " ORDER BY a.id LIMIT 1"
        )
        conn.execute("SELECT kv2rel.reconcile_pairs(1)")
        t.set_eq(
            conn,
            "SELECT kind, key, id::text FROM pg_temp.kv2rel_reconcile_pairs WHERE kind <> 'match'",
            [
                ("differs", changed, changed_id),
                ("missing", gone, gone_id),
                ("extra", None, "00000000-0000-4000-8000-0000000000a1"),
            ],
            "differs, missing and extra, each naming its key or id",
        )
        t.is_empty(
            conn,
            "SELECT * FROM pg_temp.kv2rel_reconcile_pairs WHERE (kind = 'match') <> (expected_md5 = actual_md5)",
            "match exactly when the row hashes are equal",
        )


def test_restricted_to_keys(migrated_db):
    conn = migrated_db.conn
    changed, _, changed_id = migrated_item(conn, "product")
    untouched, _, _ = migrated_item(conn, "product", 1)
    gone, gone_id = leaf_item(conn, "audit_log", "public.audit_logs", [])
    with broken(conn):
        t.results_eq(conn, "SELECT kv2rel.reconcile_pairs(1, NULL, '{}')", [(0,)], "no key: nothing is paired")
        conn.execute("ALTER TABLE public.products DISABLE TRIGGER USER")
        conn.execute("UPDATE public.products SET description = 'x' WHERE id = %s", (changed_id,))
        conn.execute("DELETE FROM public.audit_logs WHERE id = %s", (gone_id,))
        conn.execute("SELECT kv2rel.reconcile_pairs(1, NULL, %s)", ([changed, untouched, gone],))
        t.set_eq(
            conn,
            "SELECT kind, key FROM pg_temp.kv2rel_reconcile_pairs",
            [("differs", changed), ("match", untouched), ("missing", gone)],
            "p_keys: exactly those keys are re-mapped and paired",
        )
        t.results_eq(
            conn,
            "SELECT count(DISTINCT batch_no) <= 2 FROM pg_temp.kv2rel_reconcile_expected",
            [(True,)],
            "only the batches holding those keys are replayed",
        )
        config = conn.execute(
            "SELECT key FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated'"
            " AND key IN (SELECT legacy_id FROM public.site_product_exclusions) ORDER BY key COLLATE \"C\" LIMIT 1"
        ).fetchone()[0]
        conn.execute("SELECT kv2rel.reconcile_pairs(1, NULL, %s)", ([config],))
        t.ok(
            conn.execute(
                "SELECT count(*) FILTER (WHERE kind <> 'match') = 0"
                " AND count(*) FILTER (WHERE target_table = 'public.site_product_exclusions') > 0"
                " AND count(*) FILTER (WHERE key IS DISTINCT FROM %s) = 0 FROM pg_temp.kv2rel_reconcile_pairs",
                (config,),
            ).fetchone()[0],
            "a site configuration key: its own row and its exclusion rows are re-derived and match, nothing else",
        )
