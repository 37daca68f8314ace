"""kv2rel.verify_orphans(): one assertion per foreign-key relationship, failing on orphans."""

from __future__ import annotations

import pgtap as t
from check_rows import MISSING, insert_chain, oid, order_sql, orphan_order, public_foreign_keys

FAILED = "SELECT description, diagnostics FROM kv2rel.verify_orphans() WHERE NOT ok"


def test_empty_database(db):
    t.volatility_is(db, "kv2rel", "verify_orphans", [], "stable", "verify_orphans() exists and is STABLE")
    want = db.execute(
        "SELECT true, format('no %s row points to a missing %s (%s)', c.relname, p.relname, con.conname), NULL::text"
        " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class p ON p.oid = con.confrelid"
        " WHERE con.contype = 'f' AND c.relnamespace = 'public'::regnamespace ORDER BY c.relname, con.conname"
    ).fetchall()
    t.ok(len(want) == len(public_foreign_keys(db)) > 20, "the schema has its foreign keys")
    t.results_eq(
        db,
        "SELECT * FROM kv2rel.verify_orphans()",
        want,
        "one passing assertion per foreign key: 'no <child> row points to a missing <parent> (<constraint>)'",
    )


def test_populated_database_then_an_orphan_fails_its_assertion(db):
    insert_chain(db)
    t.is_empty(db, FAILED, "a valid chain passes every orphan assertion")
    orphan_order(db, oid(1), 1, site_id=MISSING)
    orphan_order(db, oid(2), 2, site_id=MISSING)
    t.results_eq(
        db,
        FAILED,
        [
            (
                "no orders row points to a missing sites (orders_site_id_fkey)",
                f"2 orphan row(s) in orders (orders.site_id -> sites.id); sample ids: {oid(1)}, {oid(2)}",
            )
        ],
        "only the orders → sites assertion fails, naming the count and the orphan ids",
    )


def test_dropped_foreign_key_still_gets_an_assertion(db):
    insert_chain(db)
    db.execute("ALTER TABLE public.orders DROP CONSTRAINT orders_client_id_fkey")
    db.execute(order_sql(oid(3), 3, client_id=MISSING))
    t.results_eq(
        db,
        FAILED,
        [
            (
                "no orders row points to a missing clients (orders.client_id -> clients.id, no foreign key)",
                "1 orders row(s) point to a missing clients row; no foreign key enforces this relationship;"
                f" sample ids: {oid(3)}",
            )
        ],
        "a core relationship whose key was dropped is still asserted, from the named checks",
    )


def test_kv2rel_verify_reports_the_orphan(db, db_dsn, cli):
    insert_chain(db)
    orphan_order(db, oid(4), 4, product_id=MISSING)
    result = cli("verify", "--dsn", db_dsn)
    t.is_(result.exit_code, 5, "kv2rel verify exits 5 when an orphan assertion fails")
    failed = [line for line in result.output.splitlines() if line.startswith("not ok")]
    t.ok(
        any(line.endswith("- no orders row points to a missing products (orders_product_id_fkey)") for line in failed),
        "the TAP output has the failed orphan assertion",
        result.output,
    )
    t.ok(f"# 1 orphan row(s) in orders (orders.product_id -> products.id); sample ids: {oid(4)}" in result.output,
         "the TAP diagnostics name the orphan id", result.output)
