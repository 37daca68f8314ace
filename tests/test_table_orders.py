"""public.orders: columns, four FKs (client/site/product RESTRICT, employee SET NULL), lifecycle CHECKs,
UNIQUE order_number, indexes and the updated_at trigger."""

from __future__ import annotations

import pgtap as t
from schema_rows import BAD_EMAILS, EMPLOYEE, PRODUCT, TableContract, insert, one, restrict_sqlstate, rolled_back, uid

T1, T2 = "2026-02-01 10:00+00", "2026-02-02 10:00+00"


class TestOrders(TableContract):
    TABLE = "orders"
    COLUMNS = {
        "id": "uuid",
        "client_id": "uuid",
        "site_id": "uuid",
        "product_id": "uuid",
        "employee_id": "uuid",
        "order_number": "text",
        "customer_name": "text",
        "customer_email": "text",
        "customer_employee_id": "text",
        "status": "text",
        "quantity": "integer",
        "total_amount": "numeric(12,2)",
        "currency": "text",
        "shipping_address": "jsonb",
        "tracking_number": "text",
        "items": "jsonb",
        "metadata": "jsonb",
        "notes": "text",
        "confirmed_at": "timestamptz",
        "shipped_at": "timestamptz",
        "delivered_at": "timestamptz",
        "cancelled_at": "timestamptz",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = [
        "id",
        "client_id",
        "site_id",
        "order_number",
        "customer_name",
        "customer_email",
        "status",
        "quantity",
        "total_amount",
        "currency",
        "items",
        "metadata",
        "extra",
        "created_at",
        "updated_at",
    ]
    FOREIGN_KEYS = [
        ("orders_client_id_fkey", "client_id", "clients", "RESTRICT", {}),
        ("orders_site_id_fkey", "site_id", "sites", "RESTRICT", {}),
        ("orders_product_id_fkey", "product_id", "products", "RESTRICT", {}),
        ("orders_employee_id_fkey", "employee_id", "employees", "SET NULL", {}),
    ]
    BAD_ROWS = [
        ("orders_status_check", {"status": "refunded"}),
        ("orders_status_check", {"status": "Pending"}),
        ("orders_order_number_format_check", {"order_number": ""}),
        ("orders_order_number_format_check", {"order_number": "ORD 2026 1"}),
        ("orders_order_number_format_check", {"order_number": "O" * 101}),
        ("orders_customer_name_length_check", {"customer_name": ""}),
        ("orders_customer_name_length_check", {"customer_name": "n" * 201}),
        *[("orders_customer_email_format_check", {"customer_email": e}) for e in BAD_EMAILS],
        ("orders_quantity_positive_check", {"quantity": 0}),
        ("orders_total_amount_non_negative_check", {"total_amount": -0.01}),
        ("orders_currency_format_check", {"currency": "eur"}),
        ("orders_confirmed_needs_confirmed_at_check", {"status": "confirmed"}),
        ("orders_shipped_needs_shipped_at_check", {"status": "shipped", "confirmed_at": T1}),
        ("orders_delivered_needs_delivered_at_check", {"status": "delivered", "shipped_at": T1}),
        ("orders_cancelled_needs_cancelled_at_check", {"status": "cancelled"}),
        ("orders_shipped_before_delivered_check", {"status": "delivered", "shipped_at": T2, "delivered_at": T1}),
        ("orders_shipping_address_is_object_check", {"shipping_address": []}),
        ("orders_items_is_array_check", {"items": {"sku": "X"}}),
        ("orders_metadata_is_object_check", {"metadata": []}),
        ("orders_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        *[(f"status {v} without timestamps", {"status": v}) for v in ("pending", "processing", "failed")],
        ("confirmed", {"status": "confirmed", "confirmed_at": T1}),
        ("shipped", {"status": "shipped", "confirmed_at": T1, "shipped_at": T1}),
        ("delivered", {"status": "delivered", "shipped_at": T1, "delivered_at": T2}),
        ("delivered on the day it shipped", {"status": "delivered", "shipped_at": T1, "delivered_at": T1}),
        ("delivered without a known ship time", {"status": "delivered", "delivered_at": T2}),
        ("cancelled", {"status": "cancelled", "cancelled_at": T1}),
        ("no shipping address", {"shipping_address": None}),
        ("shipping address object", {"shipping_address": {"line1": "1 Main St", "country": "US"}}),
        ("free order", {"total_amount": 0}),
        ("several units", {"quantity": 3, "items": [{"sku": "SKU-1", "qty": 3}]}),
        ("product and employee", {"product_id": PRODUCT, "employee_id": EMPLOYEE, "customer_employee_id": "emp-1"}),
        ("order number from the source", {"order_number": "ORD-2026-482913"}),
        ("one-character name", {"customer_name": "A"}),
    ]
    UNIQUE = [("orders_order_number_key", {"order_number": "ORD-2026-1"}, {"order_number": "ORD-2026-1"})]
    UNIQUE_OK = [("distinct order numbers", {"order_number": "ORD-2026-1"}, {"order_number": "ORD-2026-2"})]
    INDEXES = {
        "idx_orders_client_created": (["client_id", "created_at"], "btree (client_id, created_at DESC)"),
        "idx_orders_client_id": (["client_id", "status"], "btree (client_id, status)"),
        "idx_orders_created_at": (["created_at"], "btree (created_at DESC)"),
        "idx_orders_customer_email": (["lower(customer_email)"], "btree (lower(customer_email))"),
        "idx_orders_employee_id": (["employee_id"], "btree (employee_id) WHERE (employee_id IS NOT NULL)"),
        "idx_orders_legacy_id": (["legacy_id"], "btree (legacy_id) WHERE (legacy_id IS NOT NULL)"),
        "idx_orders_open": (
            ["site_id", "created_at"],
            "btree (site_id, created_at)"
            " WHERE (status = ANY (ARRAY['pending'::text, 'confirmed'::text, 'processing'::text]))",
        ),
        "idx_orders_product_id": (["product_id"], "btree (product_id) WHERE (product_id IS NOT NULL)"),
        "idx_orders_site_created": (["site_id", "created_at"], "btree (site_id, created_at DESC)"),
        "idx_orders_site_id": (["site_id", "status"], "btree (site_id, status)"),
        "idx_orders_status": (["status", "created_at"], "btree (status, created_at DESC)"),
        "orders_order_number_key": (["order_number"], "btree (order_number)"),
    }

    # -------------------------------------------------------------------- orders only

    def test_an_ordered_product_blocks_deleting_its_catalog(self, mdb):
        with rolled_back(mdb):
            insert(mdb, "catalogs", id=uid(60))
            insert(mdb, "products", id=uid(61), catalog_id=uid(60))
            insert(mdb, "orders", id=uid(62), product_id=uid(61))
            t.throws_ok(
                mdb,
                f"DELETE FROM public.catalogs WHERE id = '{uid(60)}'",
                restrict_sqlstate(mdb),
                None,
                "the catalog's products would cascade, but the order's RESTRICT stops it",
                constraint="orders_product_id_fkey",
            )

    def test_erasing_an_employee_keeps_the_order_snapshot(self, mdb):
        with rolled_back(mdb):
            insert(mdb, "employees", id=uid(63))
            insert(mdb, "orders", id=uid(64), employee_id=uid(63), customer_name="Ann Smith")
            mdb.execute(f"DELETE FROM public.employees WHERE id = '{uid(63)}'")
            t.results_eq(
                mdb,
                f"SELECT employee_id, customer_name, customer_email FROM public.orders WHERE id = '{uid(64)}'",
                [(None, "Ann Smith", "ann@example.com")],
                "the order stays, without employee, with its customer snapshot",
            )

    def test_status_defaults_to_pending(self, mdb):
        with rolled_back(mdb):
            insert(mdb, "orders", id=uid(65))
            t.is_(
                one(mdb, f"SELECT (status, quantity, currency)::text FROM public.orders WHERE id = '{uid(65)}'"),
                "(pending,1,USD)",
                "a new order is pending, one unit, in USD",
            )
