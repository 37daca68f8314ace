"""kv2rel.check_orphaned_products(): products whose catalog is missing."""

from __future__ import annotations

import pgtap as t
from check_rows import CATALOG, PRODUCT, insert_chain, replica, uuids


def test_empty_database(db):
    t.volatility_is(
        db, "kv2rel", "check_orphaned_products", [], "stable", "check_orphaned_products() exists and is STABLE"
    )
    t.results_eq(
        db,
        "SELECT * FROM kv2rel.check_orphaned_products()",
        [("target", "products.catalog_id -> catalogs.id", 0, [], "enforced by foreign key products_catalog_id_fkey")],
        "one row (catalog), source target, no orphans",
    )


def test_populated_database_then_a_catalog_deleted_past_the_cascade(db):
    insert_chain(db)
    t.is_empty(
        db,
        "SELECT * FROM kv2rel.check_orphaned_products() WHERE orphan_count <> 0",
        "a valid chain has no orphaned product",
    )
    with replica(db):
        db.execute(f"DELETE FROM public.catalogs WHERE id = '{CATALOG}'")
    t.results_eq(
        db,
        "SELECT orphan_count, sample_ids FROM kv2rel.check_orphaned_products()",
        [(1, uuids(PRODUCT))],
        "a catalog deleted without its ON DELETE CASCADE firing leaves its product orphaned",
    )
