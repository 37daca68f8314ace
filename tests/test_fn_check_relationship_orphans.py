"""kv2rel.check_relationship_orphans(): the orphan count of one relationship, with or without a foreign key."""

from __future__ import annotations


import pgtap as t
from check_rows import MISSING, insert_chain, oid, order_sql, orphan_order, uuids

ARGS = ["text", "text[]", "text", "text[]", "integer"]
ORDERS_CLIENT = "kv2rel.check_relationship_orphans('public.orders', '{client_id}', 'public.clients', '{id}')"
ONE_ORPHAN = "1 orders row(s) point to a missing clients row"


def test_empty_database(db):
    t.volatility_is(db, "kv2rel", "check_relationship_orphans", ARGS, "stable", "the helper exists and is STABLE")
    t.results_eq(
        db,
        f"SELECT * FROM {ORDERS_CLIENT}",
        [("target", "orders.client_id -> clients.id", 0, [], "enforced by foreign key orders_client_id_fkey")],
        "one row: source target, the relationship, no orphan, and the enforcing foreign key",
    )


def test_counts_without_any_foreign_key(db):
    insert_chain(db)
    db.execute("ALTER TABLE public.orders DROP CONSTRAINT orders_client_id_fkey")
    db.execute(order_sql(oid(1), 1, client_id=MISSING))
    t.results_eq(
        db,
        f"SELECT orphan_count, sample_ids, detail FROM {ORDERS_CLIENT}",
        [(1, uuids(oid(1)), f"{ONE_ORPHAN}; no foreign key enforces this relationship")],
        "orphans behind a dropped foreign key are counted, and the detail says no key enforces the relationship",
    )


def test_detail_names_the_state_of_the_foreign_key(db):
    insert_chain(db)
    orphan_order(db, oid(1), 1, client_id=MISSING)
    t.results_eq(
        db,
        f"SELECT detail FROM {ORDERS_CLIENT}",
        [(f"{ONE_ORPHAN}; enforced by foreign key orders_client_id_fkey",)],
        "an orphan under an enforced key (loaded in replica mode) names the key",
    )
    db.execute("ALTER TABLE public.orders DISABLE TRIGGER ALL")
    t.results_eq(
        db,
        f"SELECT detail FROM {ORDERS_CLIENT}",
        [(f"{ONE_ORPHAN}; foreign key orders_client_id_fkey has its triggers disabled",)],
        "disabled foreign-key triggers are named",
    )
    db.execute("ALTER TABLE public.orders ENABLE TRIGGER ALL")
    db.execute("ALTER TABLE public.orders DROP CONSTRAINT orders_client_id_fkey")
    db.execute(
        "ALTER TABLE public.orders ADD CONSTRAINT orders_client_id_fkey FOREIGN KEY (client_id)"
        " REFERENCES public.clients (id) NOT VALID"
    )
    t.results_eq(
        db,
        f"SELECT detail FROM {ORDERS_CLIENT}",
        [(
            f"{ONE_ORPHAN}; foreign key orders_client_id_fkey is NOT VALID (rows older than it were never checked)",
        )],
        "a NOT VALID key is named",
    )


def test_sample_size_and_missing_tables(db):
    insert_chain(db)
    for n in (3, 1, 2):
        orphan_order(db, oid(n), n, site_id=MISSING)
    t.results_eq(
        db,
        "SELECT orphan_count, sample_ids FROM kv2rel.check_relationship_orphans("
        "'public.orders', '{site_id}', 'public.sites', '{id}', 2)",
        [(3, uuids(oid(1), oid(2)))],
        "p_sample_size caps the sample (smallest ids first); the count is exact",
    )
    t.results_eq(
        db,
        "SELECT relationship, orphan_count, sample_ids, detail FROM kv2rel.check_relationship_orphans("
        "'public.no_such_table', '{site_id}', 'public.sites', '{id}')",
        [("no_such_table.site_id -> sites.id", None, None, "skipped: table public.no_such_table does not exist")],
        "a missing table is skipped (orphan_count NULL), not an error",
    )


def test_bad_arguments_raise_k2601(db):
    t.throws_ok(
        db,
        "SELECT * FROM kv2rel.check_relationship_orphans("
        "'public.orders', '{client_id,site_id}', 'public.clients', '{id}')",
        "K2601",
        None,
        "column lists of different lengths are refused",
    )
    t.throws_ok(
        db,
        "SELECT * FROM kv2rel.check_relationship_orphans('public.orders', '{}', 'public.clients', '{}')",
        "K2601",
        None,
        "empty column lists are refused",
    )
    t.throws_ok(
        db,
        "SELECT * FROM kv2rel.check_relationship_orphans('public.orders', '{nope}', 'public.clients', '{id}')",
        "K2601",
        "table orders has no column nope",
        "an unknown child column is named",
    )
    t.throws_ok(
        db,
        "SELECT * FROM kv2rel.check_relationship_orphans("
        "'public.orders', '{client_id}', 'public.clients', '{id}', -1)",
        "K2601",
        None,
        "a negative sample size is refused",
    )


def test_not_enforced_foreign_key(db):
    insert_chain(db)
    db.execute("ALTER TABLE public.orders DROP CONSTRAINT orders_client_id_fkey")
    add_not_enforced = (
        "ALTER TABLE public.orders ADD CONSTRAINT orders_client_id_fkey FOREIGN KEY (client_id)"
        " REFERENCES public.clients (id) NOT ENFORCED"
    )
    if db.info.server_version < 180000:
        t.throws_ok(
            db, add_not_enforced, "42601", None, "before PostgreSQL 18 a NOT ENFORCED key cannot even be declared"
        )
        return
    db.execute(add_not_enforced)
    db.execute(order_sql(oid(1), 1, client_id=MISSING))
    t.results_eq(
        db,
        f"SELECT orphan_count, detail FROM {ORDERS_CLIENT}",
        [(1, f"{ONE_ORPHAN}; foreign key orders_client_id_fkey is NOT ENFORCED")],
        "a NOT ENFORCED key is named, and rows written under it are counted",
    )
