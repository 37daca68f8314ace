"""kv2rel.check_unindexed_foreign_keys(): foreign keys in public that no index serves."""

from __future__ import annotations

import pgtap as t
from check_rows import insert_chain

UNINDEXED = "SELECT * FROM kv2rel.check_unindexed_foreign_keys()"
REFERRER = (
    "ALTER TABLE public.orders ADD COLUMN referrer_site_id uuid"
    " CONSTRAINT orders_referrer_site_id_fkey REFERENCES public.sites (id)"
)


def test_empty_and_populated_database(db):
    t.volatility_is(
        db, "kv2rel", "check_unindexed_foreign_keys", [], "stable", "check_unindexed_foreign_keys() exists; STABLE"
    )
    t.is_empty(db, UNINDEXED, "every foreign key of the schema is indexed (partial IS NOT NULL indexes included)")
    insert_chain(db)
    t.is_empty(db, UNINDEXED, "data does not change that")


def test_new_foreign_key_without_index(db):
    db.execute(REFERRER)
    t.results_eq(
        db,
        UNINDEXED,
        [("orders", "orders_referrer_site_id_fkey", ["referrer_site_id"])],
        "a foreign key added without an index is reported with its table and columns",
    )
    db.execute("CREATE INDEX toy_second ON public.orders (created_at, referrer_site_id)")
    db.execute("CREATE INDEX toy_partial ON public.orders (referrer_site_id) WHERE status = 'pending'")
    db.execute("CREATE INDEX toy_expr ON public.orders ((referrer_site_id::text))")
    db.execute("CREATE INDEX toy_brin ON public.orders USING brin (referrer_site_id)")
    t.results_eq(
        db,
        "SELECT constraint_name FROM kv2rel.check_unindexed_foreign_keys()",
        [("orders_referrer_site_id_fkey",)],
        "a second column, another predicate, an expression or a BRIN index does not serve the key",
    )
    db.execute("CREATE INDEX toy_ok ON public.orders (referrer_site_id, created_at) WHERE referrer_site_id IS NOT NULL")
    t.is_empty(db, UNINDEXED, "a leading-column index whose predicate is 'fk IS NOT NULL' serves the key")


def test_dropped_index(db):
    db.execute("DROP INDEX public.idx_orders_product_id")
    db.execute("DROP INDEX public.idx_site_product_assignments_product_id")
    t.results_eq(
        db,
        UNINDEXED,
        [
            ("orders", "orders_product_id_fkey", ["product_id"]),
            ("site_product_assignments", "site_product_assignments_product_id_fkey", ["product_id"]),
        ],
        "dropping an FK's only index reports the key, ordered by table",
    )


def test_composite_foreign_key(db):
    db.execute("CREATE TABLE public.toy_parent (a integer, b integer, PRIMARY KEY (a, b))")
    db.execute(
        "CREATE TABLE public.toy_child (id integer PRIMARY KEY, a integer, b integer, c integer,"
        " CONSTRAINT toy_child_a_b_fkey FOREIGN KEY (a, b) REFERENCES public.toy_parent (a, b))"
    )
    db.execute("CREATE INDEX toy_child_a ON public.toy_child (a)")
    db.execute("CREATE INDEX toy_child_a_c_b ON public.toy_child (a, c, b)")
    t.results_eq(
        db,
        UNINDEXED,
        [("toy_child", "toy_child_a_b_fkey", ["a", "b"])],
        "an index on only some of the key's columns, or with another column between them, does not serve it",
    )
    db.execute("CREATE INDEX toy_child_b_a ON public.toy_child (b, a, c)")
    t.is_empty(db, UNINDEXED, "the key's columns leading an index in any order serve it")
