"""public.hris_connections: columns, FKs (client and site CASCADE), enum and no-secrets CHECKs, indexes, trigger."""

from __future__ import annotations

from schema_rows import SITE, SITE2, Raw, TableContract


class TestHrisConnections(TableContract):
    TABLE = "hris_connections"
    COLUMNS = {
        "id": "uuid",
        "client_id": "uuid",
        "site_id": "uuid",
        "site_ids": "uuid[]",
        "provider_id": "text",
        "provider_name": "text",
        "display_name": "text",
        "auth_type": "text",
        "credentials_secret": "jsonb",
        "field_mapping": "jsonb",
        "sync_enabled": "boolean",
        "sync_frequency": "text",
        "sync_schedule": "jsonb",
        "sync_config": "jsonb",
        "last_synced_at": "timestamptz",
        "next_sync_at": "timestamptz",
        "status": "text",
        "created_by": "text",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = [
        "id",
        "client_id",
        "site_ids",
        "provider_id",
        "auth_type",
        "field_mapping",
        "sync_enabled",
        "sync_frequency",
        "sync_schedule",
        "sync_config",
        "status",
        "extra",
        "created_at",
        "updated_at",
    ]
    FOREIGN_KEYS = [
        ("hris_connections_client_id_fkey", "client_id", "clients", "CASCADE", {}),
        ("hris_connections_site_id_fkey", "site_id", "sites", "CASCADE", {}),
    ]
    BAD_ROWS = [
        ("hris_connections_auth_type_check", {"auth_type": "token"}),
        ("hris_connections_sync_frequency_check", {"sync_frequency": "yearly"}),
        ("hris_connections_status_check", {"status": "paused"}),
        ("hris_connections_provider_id_not_blank_check", {"provider_id": ""}),
        ("hris_connections_provider_id_not_blank_check", {"provider_id": "  "}),
        ("hris_connections_credentials_secret_is_object_check", {"credentials_secret": Raw("'\"hunter2\"'::jsonb")}),
        ("hris_connections_field_mapping_is_object_check", {"field_mapping": []}),
        ("hris_connections_sync_schedule_is_object_check", {"sync_schedule": []}),
        ("hris_connections_sync_config_is_object_check", {"sync_config": []}),
        ("hris_connections_extra_is_object_check", {"extra": []}),
        ("hris_connections_no_secrets_in_json_check", {"field_mapping": {"password": "email"}}),
        ("hris_connections_no_secrets_in_json_check", {"sync_schedule": {"refreshToken": "r"}}),
        ("hris_connections_no_secrets_in_json_check", {"sync_config": {"auth": {"access_token": "a"}}}),
        ("hris_connections_no_secrets_in_json_check", {"extra": {"credentials": {"user": "u"}}}),
        ("hris_connections_no_secrets_in_json_check", {"extra": {"list": [{"ApiKey": "k"}]}}),
    ]
    GOOD_ROWS = [
        *[(f"auth_type {a}", {"auth_type": a}) for a in ("api_key", "oauth", "basic", "sftp")],
        *[(f"sync_frequency {f}", {"sync_frequency": f}) for f in ("manual", "hourly", "daily", "weekly", "monthly")],
        *[(f"status {s}", {"status": s}) for s in ("inactive", "active", "error")],
        ("credentials in the secret column", {"credentials_secret": {"apiKey": "k", "password": "p"}}),
        ("site-scoped", {"site_id": SITE}),
        ("several sites", {"site_ids": Raw(f"ARRAY['{SITE}', '{SITE2}']::uuid[]")}),
        ("field mapping (secret words as values are fine)", {"field_mapping": {"email": "workEmail", "x": "token"}}),
        ("due sync", {"sync_enabled": True, "status": "active", "next_sync_at": "2026-02-01 00:00+00"}),
    ]
    INDEXES = {
        "idx_hris_connections_client_id": (["client_id"], "btree (client_id)"),
        "idx_hris_connections_due": (
            ["next_sync_at"],
            "btree (next_sync_at) WHERE (sync_enabled AND (status = 'active'::text))",
        ),
        "idx_hris_connections_legacy_id": (["legacy_id"], "btree (legacy_id) WHERE (legacy_id IS NOT NULL)"),
        "idx_hris_connections_site_id": (["site_id"], "btree (site_id) WHERE (site_id IS NOT NULL)"),
    }
