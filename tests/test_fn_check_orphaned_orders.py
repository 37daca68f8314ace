"""kv2rel.check_orphaned_orders(): orders whose client, site, product or employee is missing."""

from __future__ import annotations

import pgtap as t
from check_rows import MISSING, insert_chain, oid, order_sql, orphan_order, uuids

NO_KEY = "no foreign key enforces this relationship"
RELATIONSHIPS = [
    "orders.client_id -> clients.id",
    "orders.site_id -> sites.id",
    "orders.product_id -> products.id",
    "orders.employee_id -> employees.id",
]


def test_empty_database(db):
    t.volatility_is(db, "kv2rel", "check_orphaned_orders", [], "stable", "check_orphaned_orders() exists and is STABLE")
    t.results_eq(
        db,
        "SELECT source, relationship, orphan_count, sample_ids FROM kv2rel.check_orphaned_orders()",
        [("target", r, 0, []) for r in RELATIONSHIPS],
        "one row per relationship (client, site, product, employee), source target, no orphans",
    )


def test_populated_database_then_each_missing_parent_on_its_own_row(db):
    insert_chain(db)
    orphan_order(db, oid(9), 9, product_id=None, employee_id=None)
    t.is_empty(
        db,
        "SELECT * FROM kv2rel.check_orphaned_orders() WHERE orphan_count <> 0",
        "a valid chain has no orphaned order, and NULL product/employee references are not orphans",
    )
    orphan_order(db, oid(1), 1, client_id=MISSING)
    orphan_order(db, oid(2), 2, site_id=MISSING, product_id=MISSING)
    orphan_order(db, oid(3), 3, employee_id=MISSING)
    t.results_eq(
        db,
        "SELECT relationship, orphan_count, sample_ids FROM kv2rel.check_orphaned_orders()",
        [
            (RELATIONSHIPS[0], 1, uuids(oid(1))),
            (RELATIONSHIPS[1], 1, uuids(oid(2))),
            (RELATIONSHIPS[2], 1, uuids(oid(2))),
            (RELATIONSHIPS[3], 1, uuids(oid(3))),
        ],
        "orders loaded past the keys are counted per missing parent",
    )


def test_dropped_foreign_key(db):
    insert_chain(db)
    db.execute("ALTER TABLE public.orders DROP CONSTRAINT orders_client_id_fkey")
    db.execute(order_sql(oid(4), 4, client_id=MISSING))
    t.results_eq(
        db,
        "SELECT orphan_count, sample_ids, detail FROM kv2rel.check_orphaned_orders()"
        " WHERE relationship = 'orders.client_id -> clients.id'",
        [(1, uuids(oid(4)), "1 orders row(s) point to a missing clients row; " + NO_KEY)],
        "an order inserted after its client key was dropped is reported, and the missing key is named",
    )
    t.is_empty(
        db,
        "SELECT * FROM kv2rel.check_orphans() WHERE child_table = 'orders' AND orphan_count > 0",
        "the generic check cannot see it (no foreign key left): that is what the named check is for",
    )
