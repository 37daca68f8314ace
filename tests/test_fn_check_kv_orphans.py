"""kv2rel.check_kv_orphans(): KV references to missing entities, quarantined as orphan_<parent>, per foreign key;
and the 'kv' rows the named orphan checks append after a run."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken


def test_signature_and_empty_database(db):
    t.volatility_is(db, "kv2rel", "check_kv_orphans", ["bigint"], "stable", "check_kv_orphans(bigint) is STABLE")
    t.is_empty(db, "SELECT * FROM kv2rel.check_kv_orphans()", "no completed run: no rows")
    t.is_empty(
        db, "SELECT * FROM kv2rel.check_orphaned_orders() WHERE source = 'kv'", "named checks: no kv rows without a run"
    )
    t.throws_ok(db, "SELECT * FROM kv2rel.check_kv_orphans(7)", "K2701", "no migration run 7", "unknown run: K2701")


def test_one_row_per_foreign_key_with_the_quarantined_orphans(migrated_db):
    conn = migrated_db.conn
    t.results_eq(
        conn,
        "SELECT count(*) FROM kv2rel.check_kv_orphans()",
        "SELECT count(*) FROM kv2rel.check_orphans()",
        "one kv row per foreign key of public, as the target-side check",
    )
    t.set_eq(
        conn,
        "SELECT relationship FROM kv2rel.check_kv_orphans()",
        "SELECT relationship FROM kv2rel.check_orphans()",
        "the same relationships, in the same notation",
    )
    t.results_eq(
        conn,
        "SELECT sum(orphan_count) FROM kv2rel.check_kv_orphans()",
        "SELECT count(*) FROM kv2rel.quarantine WHERE run_id = 1 AND reason_code LIKE 'orphan\\_%'",
        "every record quarantined as orphan_<parent> is counted once",
    )
    t.results_eq(
        conn,
        "SELECT orphan_count, reason_codes, sample_keys FROM kv2rel.check_kv_orphans()"
        " WHERE relationship = 'orders.client_id -> clients.id'",
        "SELECT count(*), ARRAY['orphan_client'], (array_agg(q.key ORDER BY q.key COLLATE \"C\"))[1:10]"
        " FROM kv2rel.quarantine AS q WHERE q.run_id = 1 AND q.constraint_name = 'orders_client_id_fkey'",
        "orders → clients: the quarantined orders, their reason and sample keys",
    )
    t.is_empty(
        conn,
        "SELECT * FROM kv2rel.check_kv_orphans() WHERE orphan_count > 0 AND (cardinality(missing_parents) = 0"
        " OR detail NOT LIKE orphan_count || ' KV record(s) of run 1 %')",
        "every relationship with orphans names the missing parents' legacy ids",
    )


def test_named_checks_append_kv_rows(migrated_db):
    conn = migrated_db.conn
    for name, rels in {
        "sites": ["sites.client_id -> clients.id", "sites.catalog_id -> catalogs.id"],
        "products": ["products.catalog_id -> catalogs.id"],
        "employees": ["employees.site_id -> sites.id"],
        "orders": ["orders.client_id -> clients.id", "orders.site_id -> sites.id", "orders.product_id -> products.id",
                   "orders.employee_id -> employees.id"],
    }.items():  # fmt: skip
        t.results_eq(
            conn,
            f"SELECT source, relationship FROM kv2rel.check_orphaned_{name}()",
            [("target", r) for r in rels] + [("kv", r) for r in rels],
            f"check_orphaned_{name}: target rows, then one kv row per relationship",
        )
    t.results_eq(
        conn,
        "SELECT o.orphan_count FROM kv2rel.check_orphaned_employees() AS o WHERE o.source = 'kv'",
        "SELECT count(*) FROM kv2rel.quarantine WHERE run_id = 1 AND constraint_name = 'employees_site_id_fkey'",
        "the kv row counts the employees quarantined for a missing site",
    )
    t.is_empty(
        conn, "SELECT * FROM kv2rel.verify_orphans() WHERE NOT ok", "quarantined KV orphans do not fail verify_orphans"
    )


def test_target_orphan_with_triggers_disabled_is_not_a_kv_orphan(migrated_db):
    conn = migrated_db.conn
    before = conn.execute("SELECT sum(orphan_count) FROM kv2rel.check_kv_orphans()").fetchone()[0]
    with broken(conn):
        conn.execute("ALTER TABLE public.employees DISABLE TRIGGER ALL")
        conn.execute(
            "UPDATE public.employees SET site_id = '00000000-0000-4000-8000-0000000000ee'"
            " WHERE id = (SELECT min(id::text)::uuid FROM public.employees)"
        )
        t.results_eq(
            conn,
            "SELECT source, orphan_count > 0 FROM kv2rel.check_orphaned_employees()",
            [("target", True), ("kv", True)],
            "the target row is a target orphan; the kv row still reports the quarantined records",
        )
        t.results_eq(
            conn, "SELECT sum(orphan_count) FROM kv2rel.check_kv_orphans()", [(before,)], "KV orphans unchanged"
        )


def test_orphan_whose_foreign_key_was_dropped(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute("ALTER TABLE public.webhook_configs DROP CONSTRAINT webhook_configs_site_id_fkey")
        t.results_eq(
            conn,
            "SELECT relationship, orphan_count FROM kv2rel.check_kv_orphans() WHERE relationship LIKE 'webhook%'",
            "SELECT 'webhook_configs.site_id -> ?', count(*) FROM kv2rel.quarantine"
            " WHERE run_id = 1 AND constraint_name = 'webhook_configs_site_id_fkey'",
            "orphans of a key dropped since the run are still listed, with an unknown parent",
        )
