"""public.webhook_configs: columns, the site FK (CASCADE), URL/event/secret CHECKs, indexes and the trigger."""

from __future__ import annotations

from schema_rows import Raw, TableContract

EVENTS = [
    "employee_added",
    "gift_selected",
    "order_placed",
    "order_shipped",
    "order_delivered",
    "selection_expiring",
    "anniversary_approaching",
]


def _events(*names: str) -> Raw:
    return Raw("ARRAY[" + ", ".join(f"'{n}'" for n in names) + "]::text[]")


class TestWebhookConfigs(TableContract):
    TABLE = "webhook_configs"
    COLUMNS = {
        "id": "uuid",
        "site_id": "uuid",
        "name": "text",
        "url": "text",
        "signing_secret": "text",
        "events": "text[]",
        "enabled": "boolean",
        "created_by": "text",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = ["id", "site_id", "name", "url", "events", "enabled", "extra", "created_at", "updated_at"]
    FOREIGN_KEYS = [("webhook_configs_site_id_fkey", "site_id", "sites", "CASCADE", {})]
    BAD_ROWS = [
        ("webhook_configs_name_length_check", {"name": "h"}),
        ("webhook_configs_name_length_check", {"name": "h" * 201}),
        ("webhook_configs_url_format_check", {"url": "ftp://example.com/hook"}),
        ("webhook_configs_url_format_check", {"url": "https://"}),
        ("webhook_configs_url_format_check", {"url": "example.com/hook"}),
        ("webhook_configs_url_format_check", {"url": "https://example.com/my hook"}),
        ("webhook_configs_signing_secret_not_blank_check", {"signing_secret": ""}),
        ("webhook_configs_signing_secret_not_blank_check", {"signing_secret": "   "}),
        ("webhook_configs_events_known_check", {"events": _events("order_refunded")}),
        ("webhook_configs_events_known_check", {"events": _events("order_placed", "Order_Shipped")}),
        ("webhook_configs_extra_is_object_check", {"extra": []}),
        ("webhook_configs_no_secrets_in_json_check", {"extra": {"secret": "s"}}),
        ("webhook_configs_no_secrets_in_json_check", {"extra": {"headers": {"signingSecret": "s"}}}),
        ("webhook_configs_no_secrets_in_json_check", {"extra": {"headers": [{"Authorization": "Bearer t"}]}}),
    ]
    GOOD_ROWS = [
        ("http URL", {"url": "http://example.com/hook"}),
        ("upper-case scheme", {"url": "HTTPS://EXAMPLE.COM/Hook?x=1"}),
        ("every known event", {"events": _events(*EVENTS)}),
        ("no events yet", {"events": Raw("'{}'::text[]")}),
        ("signing secret in its column", {"signing_secret": "whsec_abc123"}),
        ("disabled", {"enabled": False}),
        ("source fields", {"extra": {"retries": 3, "timeoutMs": 5000}}),
    ]
    INDEXES = {
        "idx_webhook_configs_events": (["events"], "gin (events) WHERE enabled"),
        "idx_webhook_configs_site_id": (["site_id"], "btree (site_id)"),
    }
