"""kv2rel.check_orphans(): every foreign key in public, with the rows whose reference has no parent."""

from __future__ import annotations

import pgtap as t
from check_rows import (
    CLIENT,
    MISSING,
    ORDER,
    SITE,
    insert_chain,
    oid,
    one,
    order_sql,
    orphan_order,
    public_foreign_keys,
    replica,
    uuids,
)

COLUMNS = "child_table, constraint_name, child_columns, parent_table, orphan_count, sample_ids, relationship"


def test_empty_database_lists_every_foreign_key_without_orphans(db):
    t.volatility_is(db, "kv2rel", "check_orphans", [], "stable", "kv2rel.check_orphans() exists and is STABLE")
    t.results_eq(
        db,
        "SELECT child_table, constraint_name FROM kv2rel.check_orphans()",
        public_foreign_keys(db),
        "one row per foreign key in public, ordered by table and constraint",
    )
    t.is_empty(db, "SELECT * FROM kv2rel.check_orphans() WHERE orphan_count <> 0", "an empty database has no orphans")
    t.results_eq(
        db,
        f"SELECT {COLUMNS} FROM kv2rel.check_orphans() WHERE constraint_name = 'orders_client_id_fkey'",
        [("orders", "orders_client_id_fkey", ["client_id"], "clients", 0, [], "orders.client_id -> clients.id")],
        "a row names child, constraint, columns, parent and the relationship; no orphan means an empty sample",
    )


def test_populated_database_has_no_orphans(db):
    insert_chain(db)
    t.is_empty(db, "SELECT * FROM kv2rel.check_orphans() WHERE orphan_count <> 0", "a valid chain has no orphans")
    orphan_order(db, oid(4), 4, product_id=None, employee_id=None)
    t.is_empty(
        db,
        "SELECT * FROM kv2rel.check_orphans() WHERE orphan_count <> 0",
        "an order without product or employee points nowhere, which is not an orphan",
    )


def test_rows_loaded_in_replica_mode_are_found(db):
    insert_chain(db)
    orphan_order(db, oid(1), 1, client_id=MISSING)
    t.results_eq(
        db,
        "SELECT constraint_name, orphan_count, sample_ids FROM kv2rel.check_orphans() WHERE orphan_count > 0",
        [("orders_client_id_fkey", 1, uuids(oid(1)))],
        "an order loaded past the foreign keys with a missing client is counted under orders_client_id_fkey only",
    )


def test_not_valid_foreign_key(db):
    insert_chain(db)
    db.execute("ALTER TABLE public.orders DROP CONSTRAINT orders_product_id_fkey")
    db.execute(order_sql(oid(2), 2, product_id=MISSING))
    db.execute(
        "ALTER TABLE public.orders ADD CONSTRAINT orders_product_id_fkey FOREIGN KEY (product_id)"
        " REFERENCES public.products (id) ON DELETE RESTRICT NOT VALID"
    )
    t.results_eq(
        db,
        "SELECT constraint_name, orphan_count, sample_ids FROM kv2rel.check_orphans() WHERE orphan_count > 0",
        [("orders_product_id_fkey", 1, uuids(oid(2)))],
        "a row older than a NOT VALID foreign key is found",
    )


def test_disabled_triggers(db):
    insert_chain(db)
    db.execute("ALTER TABLE public.employees DISABLE TRIGGER ALL")
    db.execute(
        "INSERT INTO public.employees (id, site_id, employee_id)"
        f" VALUES ('{oid(3)}', '{MISSING}', 'emp-orphan')"
    )
    db.execute("ALTER TABLE public.employees ENABLE TRIGGER ALL")
    t.results_eq(
        db,
        "SELECT child_table, constraint_name, parent_table, orphan_count, sample_ids"
        " FROM kv2rel.check_orphans() WHERE orphan_count > 0",
        [("employees", "employees_site_id_fkey", "sites", 1, uuids(oid(3)))],
        "a row written while the foreign-key triggers were disabled is found",
    )


def test_sample_is_capped_and_ordered(db):
    insert_chain(db)
    for n in range(12, 0, -1):
        orphan_order(db, oid(n), n, site_id=MISSING)
    t.results_eq(
        db,
        "SELECT orphan_count, sample_ids FROM kv2rel.check_orphans() WHERE constraint_name = 'orders_site_id_fkey'",
        [(12, uuids(*(oid(n) for n in range(1, 11))))],
        "all 12 orphans are counted; the sample holds the 10 smallest ids, in order",
    )


def test_parent_deleted_behind_the_foreign_key(db):
    insert_chain(db)
    with replica(db):
        db.execute(f"DELETE FROM public.sites WHERE id = '{SITE}'")
    t.set_eq(
        db,
        "SELECT constraint_name, orphan_count FROM kv2rel.check_orphans() WHERE orphan_count > 0",
        [("employees_site_id_fkey", 1), ("orders_site_id_fkey", 1)],
        "deleting a parent without the foreign-key actions leaves its employee and order orphaned",
    )
    t.is_(one(db, "SELECT count(*) FROM public.orders WHERE id = %s", (ORDER,)), 1, "the order itself is still there")


def test_composite_foreign_key_and_table_without_uuid_key(db):
    db.execute("CREATE TABLE public.toy_parent (a integer, b text, PRIMARY KEY (a, b))")
    db.execute("ALTER TABLE public.toy_parent ADD CONSTRAINT toy_parent_b_a_key UNIQUE (b, a)")
    db.execute(
        "CREATE TABLE public.toy_child (n integer PRIMARY KEY, a integer, b text,"
        " CONSTRAINT toy_child_b_a_fkey FOREIGN KEY (b, a) REFERENCES public.toy_parent (b, a))"
    )
    db.execute("INSERT INTO public.toy_parent VALUES (1, 'x')")
    db.execute("ALTER TABLE public.toy_child DISABLE TRIGGER ALL")
    db.execute("INSERT INTO public.toy_child VALUES (1, 1, 'x'), (2, 1, 'y'), (3, NULL, 'y'), (4, 2, 'x')")
    db.execute("ALTER TABLE public.toy_child ENABLE TRIGGER ALL")
    t.results_eq(
        db,
        f"SELECT {COLUMNS} FROM kv2rel.check_orphans() WHERE child_table = 'toy_child'",
        [("toy_child", "toy_child_b_a_fkey", ["b", "a"], "toy_parent", 2, None, "toy_child.b,a -> toy_parent.b,a")],
        "a two-column key matches column by column (NULL in either column is no reference); no uuid key, no sample",
    )


def test_foreign_key_to_another_schema(db):
    insert_chain(db)
    db.execute("CREATE SCHEMA toy_auth")
    db.execute("CREATE TABLE toy_auth.users (id uuid PRIMARY KEY)")
    db.execute("ALTER TABLE public.clients ADD COLUMN owner uuid")
    db.execute(f"UPDATE public.clients SET owner = '{MISSING}' WHERE id = '{CLIENT}'")
    db.execute(
        "ALTER TABLE public.clients ADD CONSTRAINT clients_owner_fkey FOREIGN KEY (owner)"
        " REFERENCES toy_auth.users (id) NOT VALID"
    )
    t.results_eq(
        db,
        "SELECT parent_table, orphan_count, sample_ids, relationship FROM kv2rel.check_orphans()"
        " WHERE constraint_name = 'clients_owner_fkey'",
        [("toy_auth.users", 1, uuids(CLIENT), "clients.owner -> toy_auth.users.id")],
        "a parent outside public is named with its schema",
    )
