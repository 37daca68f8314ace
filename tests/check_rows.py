"""Shared pieces of the statistics, index and orphan check tests (test_fn_check_*, test_fn_verify_orphans/indexes,
test_fn_get_migration_stats, test_fn_analyze_table_stats).

* Fixed UUIDs of one valid chain client → catalog → site → product → employee → order, and ``insert_chain``.
* ``MISSING``: a UUID no row has, and ``orphan_order``: an order whose client (or another parent) is missing,
  inserted with ``session_replication_role = replica`` so the enforced foreign keys do not fire.
* ``flush_stats``: make this backend's pending statistics visible in pg_stat_* (PostgreSQL 15+).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import psycopg

CLIENT = "c1000000-0000-4000-8000-000000000001"
CATALOG = "ca100000-0000-4000-8000-000000000001"
SITE = "51000000-0000-4000-8000-000000000001"
PRODUCT = "d1000000-0000-4000-8000-000000000001"
EMPLOYEE = "e1000000-0000-4000-8000-000000000001"
ORDER = "01000000-0000-4000-8000-000000000001"
MISSING = "99999999-0000-4000-8000-000000000999"

CHAIN_TABLES = ["clients", "catalogs", "sites", "products", "employees", "orders"]


def oid(n: int) -> str:
    """A fixed UUID for the n-th extra order a test adds."""
    return f"0f000000-0000-4000-8000-{n:012d}"


def uuids(*ids: str) -> list[UUID]:
    """sample_ids as psycopg returns them (uuid[] -> list of UUID)."""
    return [UUID(i) for i in ids]


def insert_chain(conn: psycopg.Connection) -> None:
    conn.execute(
        f"""
        INSERT INTO public.clients (id, name) VALUES ('{CLIENT}', 'Acme Corp');
        INSERT INTO public.catalogs (id, name, type, owner_id)
            VALUES ('{CATALOG}', 'Main catalog', 'manual', '{CLIENT}');
        INSERT INTO public.sites (id, client_id, catalog_id, name, slug)
            VALUES ('{SITE}', '{CLIENT}', '{CATALOG}', 'Acme Site', 'acme-site');
        INSERT INTO public.products (id, catalog_id, sku, name, price)
            VALUES ('{PRODUCT}', '{CATALOG}', 'SKU-1', 'Desk Lamp', 10);
        INSERT INTO public.employees (id, site_id, employee_id, email)
            VALUES ('{EMPLOYEE}', '{SITE}', 'emp-001', 'ann@example.com');
        INSERT INTO public.orders (id, client_id, site_id, product_id, employee_id, order_number,
                                   customer_name, customer_email, total_amount)
            VALUES ('{ORDER}', '{CLIENT}', '{SITE}', '{PRODUCT}', '{EMPLOYEE}', 'ORD-1',
                    'Ann Example', 'ann@example.com', 25);
        """  # type: ignore[arg-type]
    )


def order_sql(order_id: str, n: int, **refs: str | None) -> str:
    """INSERT of an order of the chain, with some references overridden (None is NULL)."""
    values = {"client_id": CLIENT, "site_id": SITE, "product_id": PRODUCT, "employee_id": EMPLOYEE, **refs}
    lit = {k: "NULL" if v is None else f"'{v}'" for k, v in values.items()}
    return (
        "INSERT INTO public.orders (id, client_id, site_id, product_id, employee_id, order_number,"
        " customer_name, customer_email, total_amount)"
        f" VALUES ('{order_id}', {lit['client_id']}, {lit['site_id']}, {lit['product_id']}, {lit['employee_id']},"
        f" 'ORD-X{n}', 'Ann Example', 'ann@example.com', 25)"
    )


@contextmanager
def replica(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """Foreign-key triggers do not fire inside (what a bulk load with session_replication_role = replica does)."""
    conn.execute("SET session_replication_role = replica")
    try:
        yield conn
    finally:
        conn.execute("RESET session_replication_role")


def orphan_order(conn: psycopg.Connection, order_id: str = oid(1), n: int = 1, **refs: str | None) -> str:
    """Insert an order whose references default to the chain, bypassing the foreign keys; return its id."""
    with replica(conn):
        conn.execute(order_sql(order_id, n, **refs))  # type: ignore[arg-type]
    return order_id


def flush_stats(conn: psycopg.Connection) -> None:
    """Flush this backend's pending counters to pg_stat_* (it happens when the backend goes idle)."""
    conn.execute("SELECT pg_stat_force_next_flush()")
    conn.execute("SELECT pg_stat_clear_snapshot()")


def one(conn: psycopg.Connection, query: str, params=None):
    row = conn.execute(query, params).fetchone()  # type: ignore[arg-type]
    return row[0] if row else None


def public_tables(conn: psycopg.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1"
        )
    ]


def public_foreign_keys(conn: psycopg.Connection) -> list[tuple[str, str]]:
    """(table, constraint) of every foreign key in public, ordered like the checks order them."""
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT c.relname::text, con.conname::text FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND con.contype = 'f'"
            " ORDER BY 1, 2"
        )
    ]
