"""public.site_gift_configs: columns, the site FK (CASCADE), strategy CHECKs, one config per site, trigger."""

from __future__ import annotations

from schema_rows import SITE2, TableContract

LEVELS = [{"id": "level-1", "name": "Gold", "minPrice": 50, "maxPrice": 100}]


class TestSiteGiftConfigs(TableContract):
    TABLE = "site_gift_configs"
    COLUMNS = {
        "id": "uuid",
        "site_id": "uuid",
        "assignment_strategy": "text",
        "price_levels": "jsonb",
        "selected_level_id": "text",
        "settings": "jsonb",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = ["id", "site_id", "assignment_strategy", "price_levels", "settings", "extra", "created_at", "updated_at"]
    FOREIGN_KEYS = [("site_gift_configs_site_id_fkey", "site_id", "sites", "CASCADE", {})]
    BAD_ROWS = [
        # the source's SQL vocabulary is not used by any writer, so it is not allowed
        ("site_gift_configs_assignment_strategy_check", {"assignment_strategy": "selected"}),
        ("site_gift_configs_assignment_strategy_check", {"assignment_strategy": "custom"}),
        ("site_gift_configs_assignment_strategy_check", {"assignment_strategy": "ALL"}),
        ("site_gift_configs_price_levels_is_array_check", {"price_levels": {"level-1": {}}}),
        ("site_gift_configs_price_levels_strategy_needs_level_check", {"assignment_strategy": "price_levels"}),
        ("site_gift_configs_settings_is_object_check", {"settings": []}),
        ("site_gift_configs_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        ("strategy all", {"assignment_strategy": "all"}),
        ("strategy exclusions", {"assignment_strategy": "exclusions"}),
        ("strategy explicit", {"assignment_strategy": "explicit"}),
        (
            "strategy price_levels with a level",
            {"assignment_strategy": "price_levels", "price_levels": LEVELS, "selected_level_id": "level-1"},
        ),
        ("levels kept while another strategy is active", {"assignment_strategy": "all", "price_levels": LEVELS}),
    ]
    UNIQUE = [("site_gift_configs_site_id_key", {}, {"assignment_strategy": "explicit"})]
    UNIQUE_OK = [("one config on each of two sites", {}, {"site_id": SITE2})]
    INDEXES = {"site_gift_configs_site_id_key": (["site_id"], "btree (site_id)")}
