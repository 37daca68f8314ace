"""public.orders_summary_view: orders with client, site and product names and the employee's number and email."""

from __future__ import annotations

import pgtap as t
from schema_rows import CLIENT, EMPLOYEE, PRODUCT, SITE, insert, insert_chain, module_db, restrict_sqlstate, rolled_back


def _id(prefix: str, n: int) -> str:
    return f"{prefix}-0000-4000-8000-{n:012d}"


O1, O2, O3, O4 = (_id("0d000000", n) for n in (1, 2, 3, 4))
GONE = _id("e0000000", 9)
ORDER_COLUMNS = [
    "id",
    "client_id",
    "site_id",
    "product_id",
    "employee_id",
    "order_number",
    "customer_name",
    "customer_email",
    "customer_employee_id",
    "status",
    "quantity",
    "total_amount",
    "currency",
    "shipping_address",
    "tracking_number",
    "items",
    "metadata",
    "notes",
    "confirmed_at",
    "shipped_at",
    "delivered_at",
    "cancelled_at",
    "created_at",
    "updated_at",
]


def _fixture(conn) -> None:
    insert_chain(conn)  # client "Acme Corp", site "Acme Site", product "Desk Lamp" (SKU-d0000001), employee
    conn.execute("UPDATE public.employees SET email = 'Ann@Example.com' WHERE id = %s", (EMPLOYEE,))
    insert(conn, "employees", id=GONE, employee_id="emp-gone")
    insert(
        conn,
        "orders",
        id=O1,
        order_number="ORD-1",
        product_id=PRODUCT,
        employee_id=EMPLOYEE,
        created_at="2026-01-10 00:00+00",
        legacy_id="ORD-2026-000001",
        extra={"giftName": "Lamp"},
    )
    insert(conn, "orders", id=O2, order_number="ORD-2", created_at="2025-12-31 00:00+00")
    insert(
        conn,
        "orders",
        id=O3,
        order_number="ORD-3",
        employee_id=GONE,
        customer_name="Gone Person",
        created_at="2026-02-01 00:00+00",
    )
    insert(
        conn,
        "orders",
        id=O4,
        order_number="ORD-4",
        status="cancelled",
        cancelled_at="2026-02-02 00:00+00",
        created_at="2026-02-02 00:00+00",
    )
    conn.execute("DELETE FROM public.employees WHERE id = %s", (GONE,))  # privacy erasure: SET NULL on O3


mdb = module_db(_fixture)


def test_view_exists_and_is_security_invoker(mdb):
    t.has_view(mdb, "public", "orders_summary_view", "public.orders_summary_view exists")
    t.results_eq(
        mdb,
        "SELECT reloptions FROM pg_class WHERE oid = 'public.orders_summary_view'::regclass",
        [(["security_invoker=true"],)],
        "it is created WITH (security_invoker = true)",
    )


def test_columns(mdb):
    t.results_eq(
        mdb,
        "SELECT attname::text FROM pg_attribute WHERE attrelid = 'public.orders_summary_view'::regclass"
        " AND attnum > 0 ORDER BY attnum",
        [
            (c,)
            for c in [
                *ORDER_COLUMNS,
                "client_name",
                "site_name",
                "product_name",
                "product_sku",
                "employee_number",
                "employee_email",
            ]
        ],
        "every order column but legacy_id and extra, then the joined names",
    )


def test_rows(mdb):
    t.set_eq(
        mdb,
        "SELECT order_number, status, client_name, site_name, product_name, product_sku, employee_number,"
        " employee_email FROM public.orders_summary_view",
        [
            (
                "ORD-1",
                "pending",
                "Acme Corp",
                "Acme Site",
                "Desk Lamp",
                "SKU-d0000001",
                "emp-e0000001",
                "Ann@Example.com",
            ),
            ("ORD-2", "pending", "Acme Corp", "Acme Site", None, None, None, None),
            ("ORD-3", "pending", "Acme Corp", "Acme Site", None, None, None, None),
            ("ORD-4", "cancelled", "Acme Corp", "Acme Site", None, None, None, None),
        ],
        "one row per order; product and employee details are NULL where the order has none (LEFT JOINs)",
    )


def test_order_columns_are_the_orders_values(mdb):
    cols = ", ".join(ORDER_COLUMNS)
    t.bag_eq(
        mdb,
        f"SELECT {cols} FROM public.orders_summary_view",
        f"SELECT {cols} FROM public.orders",
        "exactly the orders, with their own values",
    )


def test_an_erased_employee_leaves_the_snapshot(mdb):
    t.results_eq(
        mdb,
        f"SELECT employee_id, customer_name, employee_number FROM public.orders_summary_view WHERE id = '{O3}'",
        [(None, "Gone Person", None)],
        "the order of an erased employee stays, with its customer snapshot",
    )


def test_schema_design_query_by_client_and_date(mdb):
    t.set_eq(
        mdb,
        f"SELECT order_number FROM public.orders_summary_view WHERE client_id = '{CLIENT}'"
        " AND created_at >= '2026-01-01'",
        [("ORD-1",), ("ORD-3",), ("ORD-4",)],
        "SELECT * FROM orders_summary_view WHERE client_id = … AND created_at >= '2026-01-01'",
    )


def test_orders_stay_visible_when_row_security_hides_a_parent(mdb):
    with rolled_back(mdb):
        mdb.execute("CREATE ROLE kv2rel_test_reader NOLOGIN")
        mdb.execute("GRANT USAGE ON SCHEMA public TO kv2rel_test_reader")
        mdb.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO kv2rel_test_reader")
        mdb.execute("ALTER TABLE public.clients ENABLE ROW LEVEL SECURITY")  # no policy: the reader sees no client
        mdb.execute("SET LOCAL ROLE kv2rel_test_reader")
        t.set_eq(
            mdb,
            "SELECT order_number, client_name, site_name FROM public.orders_summary_view",
            [
                ("ORD-1", None, "Acme Site"),
                ("ORD-2", None, "Acme Site"),
                ("ORD-3", None, "Acme Site"),
                ("ORD-4", None, "Acme Site"),
            ],
            "the caller's row security hides the client's name, not the orders (security_invoker, LEFT JOIN)",
        )


def test_the_site_is_required(mdb):
    with rolled_back(mdb):
        t.throws_ok(
            mdb,
            f"DELETE FROM public.sites WHERE id = '{SITE}'",
            restrict_sqlstate(mdb),
            None,
            "a site with orders cannot be deleted, so no order ever loses its site name",
            constraint="orders_site_id_fkey",
        )
