"""kv2rel.generated_columns(): the generated columns a row comparison leaves out."""

from __future__ import annotations

import pgtap as t


def test_generated_columns(db):
    t.volatility_is(db, "kv2rel", "generated_columns", ["regclass"], "stable", "generated_columns(regclass) is STABLE")
    t.results_eq(
        db,
        "SELECT kv2rel.generated_columns('public.products')",
        "SELECT array_agg(attname::text ORDER BY attnum) FROM pg_attribute"
        " WHERE attrelid = 'public.products'::regclass AND attgenerated <> ''",
        "the generated columns of products (is_active), from the catalog",
    )
    t.ok(
        "is_active" in db.execute("SELECT kv2rel.generated_columns('public.products')").fetchone()[0],
        "products.is_active is generated (docs/schema.md)",
    )
    t.results_eq(db, "SELECT kv2rel.generated_columns('public.clients')", [([],)], "none: an empty array, not NULL")
    db.execute("CREATE TABLE public.kv2rel_test_gen (a int, b int GENERATED ALWAYS AS (a * 2) STORED,"
               " c int GENERATED ALWAYS AS (a + 1) STORED)")
    db.execute("ALTER TABLE public.kv2rel_test_gen DROP COLUMN c")
    t.results_eq(db, "SELECT kv2rel.generated_columns('public.kv2rel_test_gen')", [(["b"],)],
                 "a dropped generated column is not listed")
    t.results_eq(db, "SELECT kv2rel.generated_columns(NULL)", [([],)], "NULL table: an empty array")
