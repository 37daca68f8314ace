"""public.site_catalog_assignments: columns, FKs (site CASCADE, catalog RESTRICT), UNIQUE (site_id, catalog_id),
at most one default per site, indexes and the updated_at trigger."""

from __future__ import annotations

from schema_rows import CATALOG2, SITE2, TableContract


class TestSiteCatalogAssignments(TableContract):
    TABLE = "site_catalog_assignments"
    COLUMNS = {
        "id": "uuid",
        "site_id": "uuid",
        "catalog_id": "uuid",
        "is_default": "boolean",
        "priority": "integer",
        "settings": "jsonb",
        "created_by": "text",
        "updated_by": "text",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = [
        "id",
        "site_id",
        "catalog_id",
        "is_default",
        "priority",
        "settings",
        "extra",
        "created_at",
        "updated_at",
    ]
    FOREIGN_KEYS = [
        ("site_catalog_assignments_site_id_fkey", "site_id", "sites", "CASCADE", {}),
        ("site_catalog_assignments_catalog_id_fkey", "catalog_id", "catalogs", "RESTRICT", {}),
    ]
    BAD_ROWS = [
        ("site_catalog_assignments_priority_non_negative_check", {"priority": -1}),
        ("site_catalog_assignments_settings_is_object_check", {"settings": []}),
        ("site_catalog_assignments_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        ("default assignment", {"is_default": True}),
        ("priority 0", {"priority": 0}),
        ("priority 10", {"priority": 10}),
        ("overrides and availability", {"settings": {"priceOverrides": {"SKU-1": 9.5}, "availability": {"x": 1}}}),
        ("actors", {"created_by": "admin-1", "updated_by": "admin-2"}),
    ]
    UNIQUE = [
        ("site_catalog_assignments_site_id_catalog_id_key", {}, {}),
        (
            "site_catalog_assignments_one_default_per_site_key",
            {"is_default": True},
            {"catalog_id": CATALOG2, "is_default": True},
        ),
    ]
    UNIQUE_OK = [
        ("two non-default catalogs on one site", {}, {"catalog_id": CATALOG2}),
        ("a default and a non-default catalog", {"is_default": True}, {"catalog_id": CATALOG2, "is_default": False}),
        ("a default catalog on each of two sites", {"is_default": True}, {"site_id": SITE2, "is_default": True}),
    ]
    INDEXES = {
        "idx_site_catalog_assignments_catalog_id": (["catalog_id"], "btree (catalog_id)"),
        "site_catalog_assignments_one_default_per_site_key": (["site_id"], "btree (site_id) WHERE is_default"),
        "site_catalog_assignments_site_id_catalog_id_key": (["site_id", "catalog_id"], "btree (site_id, catalog_id)"),
    }
