"""public.site_products_view: the products each active site offers.

Fixture (one client):
  catalogs  KA active, KB active, KC inactive, KD active
  products  KA: A1 Electronics, A2 Home, A3 inactive, A4 no category, A5 electronics (lower case)
            KB: B1 Toys, B2 Home;  KC: C1;  KD: D1
  sites     S1 active: catalog_id KA, assignments KA (again) + KB + KC; excludes product A2 and category
               ELECTRONICS                                  → A4, B1, B2
            S2 active: no catalog_id, assignment KB; excludes product B2   → B1
            S3 draft: catalog_id KA                          → nothing (inactive site)
            S4 active: catalog_id KC (inactive), assignment KD             → D1
            S5 maintenance: catalog_id KB                    → nothing
"""

from __future__ import annotations

import pgtap as t
from schema_rows import CLIENT, insert, module_db, rolled_back


def _id(prefix: str, n: int) -> str:
    return f"{prefix}-0000-4000-8000-{n:012d}"


KA, KB, KC, KD = (_id("ca000000", n) for n in (21, 22, 23, 24))
A1, A2, A3, A4, A5, B1, B2, C1, D1 = (_id("d0000000", n) for n in range(21, 30))
S1, S2, S3, S4, S5 = (_id("5e000000", n) for n in range(21, 26))

PRODUCTS = [
    (A1, KA, "A1", "Electronics", "active"),
    (A2, KA, "A2", "Home", "active"),
    (A3, KA, "A3", "Home", "inactive"),
    (A4, KA, "A4", None, "active"),
    (A5, KA, "A5", "electronics", "active"),
    (B1, KB, "B1", "Toys", "active"),
    (B2, KB, "B2", "Home", "active"),
    (C1, KC, "C1", "Toys", "active"),
    (D1, KD, "D1", "Books", "active"),
]
COLUMNS = [
    "site_id",
    "site_name",
    "client_id",
    "catalog_id",
    "catalog_name",
    "product_id",
    "sku",
    "name",
    "description",
    "category",
    "brand",
    "price",
    "msrp",
    "currency",
    "image_url",
    "images",
    "features",
    "specifications",
    "available_quantity",
    "track_inventory",
    "created_at",
    "updated_at",
]


def _fixture(conn) -> None:
    insert(conn, "clients", id=CLIENT, name="Acme Corp")
    for catalog, name, status in (
        (KA, "Cat A", "active"),
        (KB, "Cat B", "active"),
        (KC, "Cat C", "inactive"),
        (KD, "Cat D", "active"),
    ):
        insert(conn, "catalogs", id=catalog, name=name, status=status)
    for product, catalog, sku, category, status in PRODUCTS:
        insert(
            conn,
            "products",
            id=product,
            catalog_id=catalog,
            sku=sku,
            name=f"Product {sku}",
            category=category,
            status=status,
            price=10,
            cost=4,
        )
    for site, catalog, status in (
        (S1, KA, "active"),
        (S2, None, "active"),
        (S3, KA, "draft"),
        (S4, KC, "active"),
        (S5, KB, "maintenance"),
    ):
        insert(conn, "sites", id=site, catalog_id=catalog, status=status, name=f"Site {site[-1]}")
    for n, (site, catalog) in enumerate([(S1, KA), (S1, KB), (S1, KC), (S2, KB), (S4, KD)]):
        insert(conn, "site_catalog_assignments", id=_id("aa000000", n), site_id=site, catalog_id=catalog)
    insert(conn, "site_product_exclusions", id=_id("ee000000", 1), site_id=S1, product_id=A2)
    insert(conn, "site_product_exclusions", id=_id("ee000000", 2), site_id=S2, product_id=B2)
    insert(conn, "site_category_exclusions", id=_id("ec000000", 1), site_id=S1, category="ELECTRONICS")


mdb = module_db(_fixture)

EXPECTED = [(S1, KA, A4), (S1, KB, B1), (S1, KB, B2), (S2, KB, B1), (S4, KD, D1)]


def test_view_exists_and_is_security_invoker(mdb):
    t.has_view(mdb, "public", "site_products_view", "public.site_products_view exists")
    t.results_eq(
        mdb,
        "SELECT reloptions FROM pg_class WHERE oid = 'public.site_products_view'::regclass",
        [(["security_invoker=true"],)],
        "it is created WITH (security_invoker = true)",
    )


def test_columns(mdb):
    t.results_eq(
        mdb,
        "SELECT attname::text FROM pg_attribute WHERE attrelid = 'public.site_products_view'::regclass"
        " AND attnum > 0 ORDER BY attnum",
        [(c,) for c in COLUMNS],
        "site, catalog and product columns; no cost (internal margin data) and no lineage",
    )


def test_rows(mdb):
    t.bag_eq(
        mdb,
        "SELECT site_id::text, catalog_id::text, product_id::text FROM public.site_products_view",
        EXPECTED,
        "each active site's active products of its active catalogs, minus excluded products and categories, "
        "each product once per site",
    )


def test_detail_columns(mdb):
    t.set_eq(
        mdb,
        "SELECT site_name, client_id::text, catalog_name, sku, name, category, price"
        f" FROM public.site_products_view WHERE site_id = '{S1}'",
        [
            ("Site 1", CLIENT, "Cat A", "A4", "Product A4", None, 10),
            ("Site 1", CLIENT, "Cat B", "B1", "Product B1", "Toys", 10),
            ("Site 1", CLIENT, "Cat B", "B2", "Product B2", "Home", 10),
        ],
        "the site's name and client, the catalog's name and the product's values",
    )


def test_schema_design_query_for_one_site(mdb):
    t.set_eq(
        mdb,
        f"SELECT product_id::text FROM public.site_products_view WHERE site_id = '{S2}'",
        [(B1,)],
        "SELECT * FROM site_products_view WHERE site_id = …: S2's product exclusion applies to S2 only",
    )


def test_category_exclusion_ignores_case_and_spares_uncategorised_products(mdb):
    t.is_empty(
        mdb,
        f"SELECT sku FROM public.site_products_view WHERE site_id = '{S1}' AND lower(category) = 'electronics'",
        "ELECTRONICS excludes Electronics and electronics",
    )
    t.set_eq(
        mdb,
        f"SELECT sku FROM public.site_products_view WHERE site_id = '{S1}' AND category IS NULL",
        [("A4",)],
        "a product without category is not excluded by a category exclusion",
    )


def test_exclusion_changes_are_live(mdb):
    with rolled_back(mdb):
        mdb.execute(f"DELETE FROM public.site_category_exclusions WHERE site_id = '{S1}'")
        mdb.execute(f"DELETE FROM public.site_product_exclusions WHERE site_id = '{S1}'")
        t.set_eq(
            mdb,
            f"SELECT sku FROM public.site_products_view WHERE site_id = '{S1}'",
            [("A1",), ("A2",), ("A4",), ("A5",), ("B1",), ("B2",)],
            "without exclusions S1 offers every active product of KA and KB",
        )


def test_catalog_assignment_and_site_catalog_id_both_count(mdb):
    with rolled_back(mdb):
        mdb.execute(f"DELETE FROM public.site_catalog_assignments WHERE site_id = '{S1}'")
        t.set_eq(
            mdb,
            f"SELECT sku FROM public.site_products_view WHERE site_id = '{S1}'",
            [("A4",)],
            "without assignments only sites.catalog_id remains",
        )
        mdb.execute(f"UPDATE public.sites SET catalog_id = NULL WHERE id = '{S1}'")
        t.is_empty(mdb, f"SELECT 1 FROM public.site_products_view WHERE site_id = '{S1}'", "and without it, nothing")


def test_the_callers_row_security_applies(mdb):
    with rolled_back(mdb):
        mdb.execute("CREATE ROLE kv2rel_test_reader NOLOGIN")
        mdb.execute("GRANT USAGE ON SCHEMA public TO kv2rel_test_reader")
        mdb.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO kv2rel_test_reader")
        mdb.execute("ALTER TABLE public.sites ENABLE ROW LEVEL SECURITY")
        mdb.execute(f"CREATE POLICY s2_only ON public.sites FOR SELECT TO kv2rel_test_reader USING (id = '{S2}')")
        mdb.execute("SET LOCAL ROLE kv2rel_test_reader")
        t.set_eq(
            mdb,
            "SELECT site_id::text, product_id::text FROM public.site_products_view",
            [(S2, B1)],
            "a reader restricted to site S2 sees only S2's products (security_invoker)",
        )
