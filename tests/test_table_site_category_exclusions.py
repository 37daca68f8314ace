"""public.site_category_exclusions: columns, the site FK (CASCADE), the category length CHECK, uniqueness per
site ignoring case, and the updated_at trigger."""

from __future__ import annotations

from schema_rows import SITE2, TableContract


class TestSiteCategoryExclusions(TableContract):
    TABLE = "site_category_exclusions"
    COLUMNS = {
        "id": "uuid",
        "site_id": "uuid",
        "category": "text",
        "reason": "text",
        "excluded_by": "text",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = ["id", "site_id", "category", "extra", "created_at", "updated_at"]
    FOREIGN_KEYS = [("site_category_exclusions_site_id_fkey", "site_id", "sites", "CASCADE", {})]
    BAD_ROWS = [
        ("site_category_exclusions_category_length_check", {"category": ""}),
        ("site_category_exclusions_category_length_check", {"category": "c" * 101}),
        ("site_category_exclusions_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        ("one-character category", {"category": "A"}),
        ("category of 100 characters", {"category": "c" * 100}),
        ("reason and actor", {"category": "Alcohol", "reason": "policy", "excluded_by": "admin-1"}),
    ]
    UNIQUE = [
        (
            "site_category_exclusions_site_id_lower_category_key",
            {"category": "Electronics"},
            {"category": "Electronics"},
        ),
        (
            "site_category_exclusions_site_id_lower_category_key",
            {"category": "Electronics"},
            {"category": "ELECTRONICS"},
        ),
    ]
    UNIQUE_OK = [
        (
            "the same category on another site",
            {"category": "Electronics"},
            {"site_id": SITE2, "category": "Electronics"},
        ),
        ("two categories on one site", {"category": "Electronics"}, {"category": "Home"}),
    ]
    INDEXES = {
        "site_category_exclusions_site_id_lower_category_key": (
            ["site_id", "lower(category)"],
            "btree (site_id, lower(category))",
        ),
    }
