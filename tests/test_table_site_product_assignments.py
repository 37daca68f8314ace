"""public.site_product_assignments: columns, both FKs (CASCADE), non-negative CHECKs, UNIQUE (site_id, product_id),
indexes and the updated_at trigger."""

from __future__ import annotations

from schema_rows import PRODUCT2, SITE2, TableContract


class TestSiteProductAssignments(TableContract):
    TABLE = "site_product_assignments"
    COLUMNS = {
        "id": "uuid",
        "site_id": "uuid",
        "product_id": "uuid",
        "is_active": "boolean",
        "priority": "integer",
        "display_order": "integer",
        "quantity_limit": "integer",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = ["id", "site_id", "product_id", "is_active", "priority", "extra", "created_at", "updated_at"]
    FOREIGN_KEYS = [
        ("site_product_assignments_site_id_fkey", "site_id", "sites", "CASCADE", {}),
        ("site_product_assignments_product_id_fkey", "product_id", "products", "CASCADE", {}),
    ]
    BAD_ROWS = [
        ("site_product_assignments_priority_non_negative_check", {"priority": -1}),
        ("site_product_assignments_display_order_non_negative_check", {"display_order": -1}),
        ("site_product_assignments_quantity_limit_non_negative_check", {"quantity_limit": -5}),
        ("site_product_assignments_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        ("inactive assignment", {"is_active": False}),
        ("zero bounds", {"priority": 0, "display_order": 0, "quantity_limit": 0}),
        ("ordering and limit", {"priority": 10, "display_order": 3, "quantity_limit": 2}),
        ("no order and no limit", {"display_order": None, "quantity_limit": None}),
        ("lineage", {"legacy_id": "site-gift-assignment:site-1:gift-001"}),
    ]
    UNIQUE = [("site_product_assignments_site_id_product_id_key", {}, {"is_active": False})]
    UNIQUE_OK = [
        ("another product on the same site", {}, {"product_id": PRODUCT2}),
        ("the same product on another site", {}, {"site_id": SITE2}),
    ]
    INDEXES = {
        "idx_site_product_assignments_product_id": (["product_id"], "btree (product_id)"),
        "idx_site_product_assignments_site_order": (
            ["site_id", "display_order"],
            "btree (site_id, display_order) WHERE is_active",
        ),
        "site_product_assignments_site_id_product_id_key": (["site_id", "product_id"], "btree (site_id, product_id)"),
    }
