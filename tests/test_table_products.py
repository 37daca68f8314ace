"""public.products: columns, the catalog FK (CASCADE), CHECKs, UNIQUE (catalog_id, sku), the stored generated
is_active, indexes and the updated_at trigger."""

from __future__ import annotations

import pytest

import pgtap as t
from schema_rows import CATALOG, CATALOG2, Raw, TableContract, insert, insert_sql, one, rolled_back, uid


class TestProducts(TableContract):
    TABLE = "products"
    COLUMNS = {
        "id": "uuid",
        "catalog_id": "uuid",
        "sku": "text",
        "external_id": "text",
        "external_sku": "text",
        "name": "text",
        "description": "text",
        "category": "text",
        "brand": "text",
        "price": "numeric(12,2)",
        "cost": "numeric(12,2)",
        "msrp": "numeric(12,2)",
        "currency": "text",
        "image_url": "text",
        "images": "jsonb",
        "features": "jsonb",
        "specifications": "jsonb",
        "available_quantity": "integer",
        "track_inventory": "boolean",
        "status": "text",
        "is_active": "boolean",
        "sync_status": "text",
        "sync_notes": "text",
        "last_synced_at": "timestamptz",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = [
        "id",
        "catalog_id",
        "sku",
        "name",
        "price",
        "currency",
        "images",
        "features",
        "specifications",
        "track_inventory",
        "status",
        "sync_status",
        "extra",
        "created_at",
        "updated_at",
    ]
    FOREIGN_KEYS = [("products_catalog_id_fkey", "catalog_id", "catalogs", "CASCADE", {})]
    BAD_ROWS = [
        ("products_status_check", {"status": "deleted"}),
        ("products_status_check", {"status": "ACTIVE"}),
        ("products_sync_status_check", {"sync_status": "pending"}),
        ("products_name_length_check", {"name": "A"}),
        ("products_name_length_check", {"name": "x" * 501}),
        ("products_sku_format_check", {"sku": ""}),
        ("products_sku_format_check", {"sku": " SKU-1"}),
        ("products_sku_format_check", {"sku": "SKU-1 "}),
        ("products_sku_format_check", {"sku": "x" * 101}),
        ("products_price_non_negative_check", {"price": -0.01}),
        ("products_cost_non_negative_check", {"cost": -1}),
        ("products_msrp_non_negative_check", {"msrp": -1}),
        ("products_available_quantity_non_negative_check", {"available_quantity": -1}),
        ("products_currency_format_check", {"currency": "usd"}),
        ("products_currency_format_check", {"currency": "US"}),
        ("products_currency_format_check", {"currency": "USDX"}),
        ("products_images_is_array_check", {"images": {}}),
        ("products_features_is_array_check", {"features": Raw("'\"waterproof\"'::jsonb")}),
        ("products_specifications_is_object_check", {"specifications": []}),
        ("products_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        *[(f"status {v}", {"status": v}) for v in ("active", "inactive", "out_of_stock", "discontinued")],
        *[(f"sync_status {v}", {"sync_status": v}) for v in ("synced", "modified", "conflict", "manual")],
        ("name of 500 characters", {"name": "x" * 500}),
        ("one-character SKU", {"sku": "A"}),
        ("SKU with inner spaces", {"sku": "GIFT 001 / RED"}),
        ("SKU of 100 characters", {"sku": "S" * 100}),
        ("free product", {"price": 0}),
        ("largest price", {"price": 9999999999.99}),
        ("cost and msrp", {"cost": 4.5, "msrp": 19.99}),
        ("unknown quantity", {"available_quantity": None}),
        ("no stock", {"available_quantity": 0}),
        ("currency EUR", {"currency": "EUR"}),
        ("images, features, specifications", {"images": ["a.png"], "features": ["x"], "specifications": {"w": 1}}),
    ]
    UNIQUE = [("products_catalog_id_sku_key", {"sku": "GIFT-001"}, {"sku": "GIFT-001"})]
    UNIQUE_OK = [
        ("the same SKU in another catalog", {"sku": "GIFT-001"}, {"catalog_id": CATALOG2, "sku": "GIFT-001"}),
        ("SKUs differing in case (matching is case-sensitive)", {"sku": "gift-001"}, {"sku": "GIFT-001"}),
    ]
    INDEXES = {
        "idx_products_brand": (["brand"], "btree (brand) WHERE (brand IS NOT NULL)"),
        "idx_products_catalog_active": (
            ["catalog_id", "price"],
            "btree (catalog_id, price) INCLUDE (id, sku, name, category) WHERE is_active",  # covering since 0085
        ),
        "idx_products_catalog_id": (["catalog_id", "created_at"], "btree (catalog_id, created_at DESC)"),
        "idx_products_category": (["category"], "btree (category) WHERE (category IS NOT NULL)"),
        "idx_products_category_price": (["category", "price"], "btree (category, price) WHERE is_active"),
        "idx_products_external_id": (
            ["catalog_id", "external_id"],
            "btree (catalog_id, external_id) WHERE (external_id IS NOT NULL)",
        ),
        "idx_products_is_active": (["is_active"], "btree (is_active) WHERE is_active"),
        "idx_products_legacy_id": (["legacy_id"], "btree (legacy_id) WHERE (legacy_id IS NOT NULL)"),
        "idx_products_name_trgm": (["name"], "gin (name gin_trgm_ops)"),
        "idx_products_sku": (["sku"], "btree (sku)"),
        "products_catalog_id_sku_key": (["catalog_id", "sku"], "btree (catalog_id, sku)"),
    }

    # -------------------------------------------------------------------- products only

    def test_is_active_is_a_stored_generated_column(self, mdb):
        t.results_eq(
            mdb,
            "SELECT a.attgenerated::text, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a"
            " JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            " WHERE a.attrelid = 'public.products'::regclass AND a.attname = 'is_active'",
            [("s", "(status = 'active'::text)")],
            "products.is_active is GENERATED ALWAYS AS (status = 'active') STORED",
        )

    @pytest.mark.parametrize(
        "status, active",
        [("active", True), ("inactive", False), ("out_of_stock", False), ("discontinued", False)],
    )
    def test_is_active_follows_status(self, mdb, status, active):
        with rolled_back(mdb):
            insert(mdb, "products", id=uid(50), status=status)
            t.is_(
                one(mdb, f"SELECT is_active FROM public.products WHERE id = '{uid(50)}'"),
                active,
                f"{status} → {active}",
            )

    def test_is_active_follows_an_update_of_status(self, mdb):
        with rolled_back(mdb):
            insert(mdb, "products", id=uid(51))
            mdb.execute(f"UPDATE public.products SET status = 'discontinued' WHERE id = '{uid(51)}'")
            t.is_(one(mdb, f"SELECT is_active FROM public.products WHERE id = '{uid(51)}'"), False, "recomputed")

    @pytest.mark.parametrize("value", ["true", "DEFAULT"])
    def test_is_active_cannot_be_written(self, mdb, value):
        if value == "DEFAULT":
            with rolled_back(mdb):
                t.lives_ok(
                    mdb,
                    insert_sql(mdb, "products", id=uid(52), is_active=Raw("DEFAULT")),
                    "INSERT … is_active DEFAULT is allowed",
                )
            return
        t.throws_ok(
            mdb,
            insert_sql(mdb, "products", id=uid(53), status="inactive", is_active=Raw(value)),
            "428C9",
            None,
            "a value for the generated is_active is rejected",
        )

    @pytest.mark.parametrize("column", ["price", "cost", "msrp"])
    def test_money_has_twelve_digits(self, mdb, column):
        t.throws_ok(
            mdb,
            insert_sql(mdb, "products", id=uid(54), **{column: 10_000_000_000}),
            "22003",
            None,
            f"{column} above 9999999999.99 overflows numeric(12,2)",
        )

    def test_deleting_a_catalog_removes_its_products(self, mdb):
        with rolled_back(mdb):
            insert(mdb, "catalogs", id=uid(55))
            insert(mdb, "products", id=uid(56), catalog_id=uid(55))
            insert(mdb, "products", id=uid(57), catalog_id=uid(55), sku="OTHER")
            mdb.execute(f"DELETE FROM public.catalogs WHERE id = '{uid(55)}'")
            t.is_(
                one(mdb, f"SELECT count(*) FROM public.products WHERE catalog_id = '{uid(55)}'"),
                0,
                "every product of a deleted catalog goes with it",
            )
            t.is_(one(mdb, f"SELECT count(*) FROM public.products WHERE catalog_id = '{CATALOG}'"), 1, "others stay")
