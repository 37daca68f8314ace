"""kv2rel.reconcile_diff(): the differing keys and fields behind kv2rel.reconcile."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, leaf_item, migrated_item

DIFF = "SELECT entity, target_table, key, id::text, kind, field, expected, actual FROM kv2rel.reconcile_diff({args})"


def test_signature_empty_database_and_bad_input(db):
    t.volatility_is(
        db, "kv2rel", "reconcile_diff", ["text", "integer", "bigint", "boolean"], "volatile",
        "reconcile_diff(text, integer, bigint, boolean) exists, VOLATILE",
    )
    t.is_empty(db, "SELECT * FROM kv2rel.reconcile_diff()", "no completed run: no rows")
    for limit in ("0", "-5", "100001", "NULL"):
        t.throws_ok(
            db,
            f"SELECT * FROM kv2rel.reconcile_diff('product', {limit})",
            "K2703",
            f"reconcile_diff limit {limit} is out of range",
            f"limit {limit}: K2703",
        )
    t.throws_ok(db, "SELECT * FROM kv2rel.reconcile_diff(NULL, 10, 9)", "K2701", "no migration run 9", "unknown run")


def test_clean_migration_has_no_difference(migrated_db):
    t.is_empty(migrated_db.conn, "SELECT * FROM kv2rel.reconcile_diff(NULL, 100000)", "a clean migration: no diff")
    t.throws_ok(
        migrated_db.conn,
        "SELECT * FROM kv2rel.reconcile_diff('no_such_entity')",
        "K2704",
        "entity 'no_such_entity' has no migrated record in run 1",
        "an entity the run did not migrate: K2704",
    )


def test_deep_and_fast_list_the_same_differences(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "product", 2)
    with broken(conn):
        conn.execute("ALTER TABLE public.products DISABLE TRIGGER USER")
        conn.execute("UPDATE public.products SET price = price + 1, name = 'Renamed' WHERE id = %s", (target_id,))
        t.results_eq(
            conn,
            DIFF.format(args="'product'"),
            DIFF.format(args="'product', 100, NULL, true"),
            "the hash chain's drill-down (flagged keys re-mapped) equals the deep one",
        )
        t.set_eq(
            conn,
            "SELECT key, field FROM kv2rel.reconcile_diff('product')",
            [(key, "name"), (key, "price")],
            "both differing fields of the edited row are named",
        )
        t.throws_ok(
            conn, "SELECT * FROM kv2rel.reconcile_diff('product', 10, NULL, NULL)", "K2706",
            "reconcile_diff p_deep must be true or false, not NULL", "p_deep NULL: K2706",
        )


def test_changed_fields_are_listed_with_expected_and_actual(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "client")
    with broken(conn):
        expected_name = conn.execute("SELECT name FROM public.clients WHERE id = %s", (target_id,)).fetchone()[0]
        conn.execute("ALTER TABLE public.clients DISABLE TRIGGER USER")  # keep updated_at: only the two fields differ
        conn.execute(
            "UPDATE public.clients SET name = 'Tampered', client_code = 'TAMPER' WHERE id = %s", (target_id,)
        )
        rows = conn.execute(DIFF.format(args="'client'")).fetchall()
        code = conn.execute(
            "SELECT expected #>> '{}' FROM kv2rel.reconcile_diff('client') WHERE field = 'client_code'"
        ).fetchone()[0]
    t.is_(
        [r[:6] for r in rows],
        [
            ("client", "public.clients", key, target_id, "differs", "client_code"),
            ("client", "public.clients", key, target_id, "differs", "name"),
        ],
        "one row per differing field, naming the key, the table and the field",
    )
    t.is_([r[6:] for r in rows], [(code, "TAMPER"), (expected_name, "Tampered")], "expected vs actual values")


def test_missing_extra_and_limit(migrated_db):
    conn = migrated_db.conn
    key, target_id = leaf_item(conn, "webhook", "public.webhook_configs", [])
    with broken(conn):
        conn.execute("DELETE FROM public.webhook_configs WHERE id = %s", (target_id,))
        conn.execute(
            "INSERT INTO public.clients (id, name, client_code, legacy_id)"
            " VALUES ('00000000-0000-4000-8000-00000000e0b1', 'Extra', 'EXTRA-9', 'extra-9')"
        )
        t.results_eq(
            conn,
            "SELECT entity, key, id::text, kind, field, actual IS NULL, expected IS NULL,"
            " detail LIKE '%' || coalesce(key, 'extra-9') || '%' FROM kv2rel.reconcile_diff()",
            [
                ("client", None, "00000000-0000-4000-8000-00000000e0b1", "extra", None, False, True, True),
                ("webhook", key, target_id, "missing", None, True, False, True),
            ],
            "a missing row (expected row shown) and an extra row (actual row shown), details naming them",
        )
        t.results_eq(
            conn,
            "SELECT count(*) FROM kv2rel.reconcile_diff(NULL, 1)",
            [(1,)],
            "p_limit caps the rows",
        )
        t.is_empty(conn, "SELECT * FROM kv2rel.reconcile_diff('product')", "another entity shows nothing")
