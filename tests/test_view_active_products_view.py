"""public.active_products_view: active products of active catalogs, with catalog name, type and owner."""

from __future__ import annotations

import pgtap as t
from schema_rows import CLIENT, insert, module_db, rolled_back


def _id(prefix: str, n: int) -> str:
    return f"{prefix}-0000-4000-8000-{n:012d}"


K_ERP, K_VENDOR, K_DRAFT, K_INACTIVE = (_id("ca000000", n) for n in (11, 12, 13, 14))
P = {n: _id("d0000000", n) for n in range(11, 20)}

PRODUCT_COLUMNS = [
    "id",
    "catalog_id",
    "sku",
    "external_id",
    "external_sku",
    "name",
    "description",
    "category",
    "brand",
    "price",
    "cost",
    "msrp",
    "currency",
    "image_url",
    "images",
    "features",
    "specifications",
    "available_quantity",
    "track_inventory",
    "status",
    "is_active",
    "sync_status",
    "sync_notes",
    "last_synced_at",
    "created_at",
    "updated_at",
]


def _fixture(conn) -> None:
    insert(conn, "clients", id=CLIENT, name="Acme Corp")
    insert(conn, "catalogs", id=K_ERP, name="ERP catalog", type="erp", status="active", owner_id=CLIENT)
    insert(conn, "catalogs", id=K_VENDOR, name="Vendor catalog", type="vendor", status="active")
    insert(conn, "catalogs", id=K_DRAFT, name="Draft catalog", type="erp", status="draft")
    insert(conn, "catalogs", id=K_INACTIVE, name="Old catalog", type="manual", status="inactive")
    rows = [
        (11, K_ERP, "active"),
        (12, K_ERP, "inactive"),
        (13, K_ERP, "out_of_stock"),
        (14, K_ERP, "discontinued"),
        (15, K_ERP, "active"),
        (16, K_VENDOR, "active"),
        (17, K_DRAFT, "active"),
        (18, K_INACTIVE, "active"),
    ]
    for n, catalog, status in rows:
        insert(conn, "products", id=P[n], catalog_id=catalog, sku=f"SKU-{n}", status=status, price=n, cost=1)


mdb = module_db(_fixture)


def test_view_exists_and_is_security_invoker(mdb):
    t.has_view(mdb, "public", "active_products_view", "public.active_products_view exists")
    t.results_eq(
        mdb,
        "SELECT reloptions FROM pg_class WHERE oid = 'public.active_products_view'::regclass",
        [(["security_invoker=true"],)],
        "it is created WITH (security_invoker = true)",
    )


def test_columns(mdb):
    t.results_eq(
        mdb,
        "SELECT attname::text FROM pg_attribute WHERE attrelid = 'public.active_products_view'::regclass"
        " AND attnum > 0 ORDER BY attnum",
        [(c,) for c in [*PRODUCT_COLUMNS, "catalog_name", "catalog_type", "catalog_owner_id"]],
        "every product column but the lineage ones (legacy_id, extra), then the catalog's name, type and owner",
    )


def test_rows(mdb):
    t.set_eq(
        mdb,
        "SELECT id::text, sku, status, is_active, catalog_name, catalog_type, catalog_owner_id::text"
        " FROM public.active_products_view",
        [
            (P[11], "SKU-11", "active", True, "ERP catalog", "erp", CLIENT),
            (P[15], "SKU-15", "active", True, "ERP catalog", "erp", CLIENT),
            (P[16], "SKU-16", "active", True, "Vendor catalog", "vendor", None),
        ],
        "only active products of active catalogs: not inactive, out-of-stock or discontinued products, "
        "nor products of draft or inactive catalogs",
    )


def test_product_columns_are_the_products_values(mdb):
    cols = ", ".join(PRODUCT_COLUMNS)
    t.is_empty(
        mdb,
        f"SELECT {cols} FROM public.active_products_view EXCEPT SELECT {cols} FROM public.products",
        "each row carries its product's own values",
    )


def test_schema_design_query_by_catalog_type(mdb):
    t.set_eq(
        mdb,
        "SELECT id::text FROM public.active_products_view WHERE catalog_type = 'erp'",
        [(P[11],), (P[15],)],
        "SELECT * FROM active_products_view WHERE catalog_type = 'erp'",
    )


def test_follows_catalog_and_product_changes(mdb):
    with rolled_back(mdb):
        mdb.execute(f"UPDATE public.catalogs SET status = 'inactive' WHERE id = '{K_ERP}'")
        mdb.execute(f"UPDATE public.products SET status = 'active' WHERE id = '{P[17]}'")
        mdb.execute(f"UPDATE public.catalogs SET status = 'active' WHERE id = '{K_DRAFT}'")
        t.set_eq(
            mdb,
            "SELECT id::text FROM public.active_products_view",
            [(P[16],), (P[17],)],
            "deactivating a catalog hides its products; activating one shows them",
        )


def test_the_callers_row_security_applies(mdb):
    with rolled_back(mdb):
        mdb.execute("CREATE ROLE kv2rel_test_reader NOLOGIN")
        mdb.execute("GRANT USAGE ON SCHEMA public TO kv2rel_test_reader")
        mdb.execute(
            "GRANT SELECT ON public.products, public.catalogs, public.active_products_view TO kv2rel_test_reader"
        )
        mdb.execute("ALTER TABLE public.products ENABLE ROW LEVEL SECURITY")
        mdb.execute(
            "CREATE POLICY vendor_only ON public.products FOR SELECT TO kv2rel_test_reader"
            f" USING (catalog_id = '{K_VENDOR}')"
        )
        mdb.execute("SET LOCAL ROLE kv2rel_test_reader")
        t.set_eq(
            mdb,
            "SELECT id::text FROM public.active_products_view",
            [(P[16],)],
            "through the view, a reader sees only the products its policy allows (security_invoker)",
        )
