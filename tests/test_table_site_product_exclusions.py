"""public.site_product_exclusions: columns, both FKs (CASCADE), UNIQUE (site_id, product_id), indexes, trigger."""

from __future__ import annotations

from schema_rows import PRODUCT2, SITE2, Raw, TableContract


class TestSiteProductExclusions(TableContract):
    TABLE = "site_product_exclusions"
    COLUMNS = {
        "id": "uuid",
        "site_id": "uuid",
        "product_id": "uuid",
        "reason": "text",
        "excluded_by": "text",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = ["id", "site_id", "product_id", "extra", "created_at", "updated_at"]
    FOREIGN_KEYS = [
        ("site_product_exclusions_site_id_fkey", "site_id", "sites", "CASCADE", {}),
        ("site_product_exclusions_product_id_fkey", "product_id", "products", "CASCADE", {}),
    ]
    BAD_ROWS = [
        ("site_product_exclusions_extra_is_object_check", {"extra": []}),
        ("site_product_exclusions_extra_is_object_check", {"extra": Raw("'\"sku\"'::jsonb")}),
    ]
    GOOD_ROWS = [
        ("reason and actor", {"reason": "Out of region", "excluded_by": "admin-1"}),
        ("lineage from the catalog_config key", {"legacy_id": "sites:site-1:catalog_config", "extra": {"sku": "X"}}),
    ]
    UNIQUE = [("site_product_exclusions_site_id_product_id_key", {}, {})]
    UNIQUE_OK = [
        ("the same product excluded on another site", {}, {"site_id": SITE2}),
        ("another product excluded on the same site", {}, {"product_id": PRODUCT2}),
    ]
    INDEXES = {
        "idx_site_exclusions_product_id": (["product_id"], "btree (product_id)"),
        "idx_site_exclusions_site_id": (["site_id", "created_at"], "btree (site_id, created_at DESC)"),
        "site_product_exclusions_site_id_product_id_key": (["site_id", "product_id"], "btree (site_id, product_id)"),
    }
