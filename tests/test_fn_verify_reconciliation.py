"""kv2rel.verify_reconciliation(): kv2rel verify's full-reconciliation assertions, one per entity and table."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, migrated_item

FAILED = "SELECT description, diagnostics FROM kv2rel.verify_reconciliation() WHERE NOT ok"


def test_empty_database(db):
    t.volatility_is(db, "kv2rel", "verify_reconciliation", [], "volatile", "verify_reconciliation() is VOLATILE")
    t.results_eq(
        db,
        "SELECT * FROM kv2rel.verify_reconciliation()",
        [(True, "full reconciliation: no completed migration run to reconcile", None)],
        "no run: one passing assertion saying so",
    )
    t.results_eq(
        db,
        "SELECT ok FROM kv2rel.run_checks() WHERE check_name = 'verify_reconciliation'",
        [(True,)],
        "kv2rel.run_checks picks it up",
    )


def test_clean_migration_passes(migrated_db):
    conn = migrated_db.conn
    t.is_empty(conn, FAILED, "a clean migration passes every reconciliation assertion")
    t.results_eq(
        conn,
        "SELECT count(*) FROM kv2rel.verify_reconciliation()",
        "SELECT count(*) + 1 FROM kv2rel.reconcile()",
        "one assertion for the run's seal, then one per entity and target table",
    )
    t.results_eq(
        conn,
        "SELECT ok, description FROM kv2rel.verify_reconciliation() LIMIT 1",
        [(True, "the seal of run 1 equals its ledger (kv2rel.run_seals, kv2rel.run_ledger_sums)")],
        "the seal comes first, and it matches the ledger",
    )
    t.results_eq(
        conn,
        "SELECT description FROM kv2rel.verify_reconciliation() WHERE description LIKE 'public.products %'",
        [("public.products rows of product equal their KV records after mapping (run 1)",)],
        "the description names the table, the entity and the run",
    )


def test_forged_or_missing_seal(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute("UPDATE kv2rel.run_seals SET sums = jsonb_set(sums, '{kv,rows}', '0') WHERE run_id = 1")
        rows = conn.execute(FAILED).fetchall()
        t.is_(
            [r[0] for r in rows],
            ["the seal of run 1 equals its ledger (kv2rel.run_seals, kv2rel.run_ledger_sums)"],
            "a seal that differs from the ledger fails its assertion",
        )
        t.ok(
            rows[0][1].startswith("parts that differ: kv (sealed kv {") and '"rows": 0' in rows[0][1]
            and "kv2rel.seal_run(1)" in rows[0][1],
            "the diagnostics show which part differs and how to reseal",
            rows[0][1],
        )
    with broken(conn):
        conn.execute("DELETE FROM kv2rel.run_seals")
        t.is_empty(conn, FAILED, "an unsealed run: its ledger is summed, everything passes")
        t.results_eq(
            conn,
            "SELECT count(*) FROM kv2rel.verify_reconciliation()",
            "SELECT count(*) FROM kv2rel.reconcile()",
            "and there is no seal assertion",
        )


def test_changed_value_fails_naming_key_and_field(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "product", 3)
    with broken(conn):
        conn.execute("ALTER TABLE public.products DISABLE TRIGGER USER")
        conn.execute("UPDATE public.products SET price = price + 1 WHERE id = %s", (target_id,))
        rows = conn.execute(FAILED).fetchall()
    t.is_(len(rows), 1, "only the products assertion fails")
    t.is_(rows[0][0], "public.products rows of product equal their KV records after mapping (run 1)", "products")
    t.ok(f"differs {key} (id {target_id}): differs in price expected" in rows[0][1], "names key and field", rows[0][1])


def test_orphan_with_foreign_keys_disabled(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "order")
    with broken(conn):
        conn.execute("ALTER TABLE public.orders DISABLE TRIGGER ALL")
        conn.execute(
            "UPDATE public.orders SET site_id = '00000000-0000-4000-8000-0000000000ff' WHERE id = %s", (target_id,)
        )
        rows = conn.execute(FAILED).fetchall()
        orphans = conn.execute(
            "SELECT diagnostics FROM kv2rel.verify_orphans() WHERE NOT ok AND description LIKE '%orders_site_id_fkey%'"
        ).fetchall()
    t.is_([r[0] for r in rows], ["public.orders rows of order equal their KV records after mapping (run 1)"],
          "the orders assertion fails")
    t.ok(f"differs {key}" in rows[0][1] and "site_id expected" in rows[0][1], "names the key and site_id", rows[0][1])
    t.ok(orphans and target_id in orphans[0][0], "verify_orphans fails too, naming the orphaned order", repr(orphans))
