"""kv2rel.reconcile_pairs(): expected rows paired with the actual target rows, plus unaccounted rows."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, leaf_item, migrated_item


def test_signature(db):
    t.volatility_is(
        db, "kv2rel", "reconcile_pairs", ["bigint", "integer[]"], "volatile", "reconcile_pairs is VOLATILE"
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
