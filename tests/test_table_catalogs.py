"""public.catalogs: columns, the owner FK (RESTRICT), CHECKs incl. the no-secrets rule, indexes, trigger."""

from __future__ import annotations

from schema_rows import Raw, TableContract


class TestCatalogs(TableContract):
    TABLE = "catalogs"
    COLUMNS = {
        "id": "uuid",
        "name": "text",
        "description": "text",
        "type": "text",
        "status": "text",
        "source": "jsonb",
        "source_credentials_secret": "jsonb",
        "settings": "jsonb",
        "managed_by": "text",
        "owner_id": "uuid",
        "total_products": "integer",
        "active_products": "integer",
        "last_synced_at": "timestamptz",
        "next_sync_at": "timestamptz",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = [
        "id",
        "name",
        "type",
        "status",
        "source",
        "settings",
        "total_products",
        "active_products",
        "extra",
        "created_at",
        "updated_at",
    ]
    FOREIGN_KEYS = [("catalogs_owner_id_fkey", "owner_id", "clients", "RESTRICT", {})]
    BAD_ROWS = [
        ("catalogs_type_check", {"type": "ERP"}),
        ("catalogs_type_check", {"type": "api"}),
        ("catalogs_status_check", {"status": "live"}),
        ("catalogs_status_check", {"status": "Active"}),
        ("catalogs_name_length_check", {"name": "A"}),
        ("catalogs_name_length_check", {"name": "x" * 201}),
        ("catalogs_product_counts_non_negative_check", {"total_products": -1, "active_products": -1}),
        ("catalogs_product_counts_non_negative_check", {"total_products": 0, "active_products": -1}),
        ("catalogs_active_products_le_total_check", {"total_products": 5, "active_products": 6}),
        ("catalogs_source_is_object_check", {"source": []}),
        ("catalogs_settings_is_object_check", {"settings": Raw("'true'::jsonb")}),
        ("catalogs_extra_is_object_check", {"extra": []}),
        ("catalogs_source_credentials_secret_is_object_check", {"source_credentials_secret": Raw("'\"p4ss\"'::jsonb")}),
        ("catalogs_source_credentials_secret_is_object_check", {"source_credentials_secret": []}),
        # secrets outside the secret column, at any depth and in any case
        ("catalogs_no_secrets_in_json_check", {"source": {"apiConfig": {"credentials": {"user": "u"}}}}),
        ("catalogs_no_secrets_in_json_check", {"source": {"fileConfig": {"ftpPassword": "p"}}}),
        ("catalogs_no_secrets_in_json_check", {"source": {"fileConfig": {"sftp_password": "p"}}}),
        ("catalogs_no_secrets_in_json_check", {"settings": {"API_KEY": "k"}}),
        ("catalogs_no_secrets_in_json_check", {"settings": {"headers": [{"Authorization": "Bearer x"}]}}),
        ("catalogs_no_secrets_in_json_check", {"extra": {"a": {"b": {"clientSecret": "s"}}}}),
        ("catalogs_no_secrets_in_json_check", {"extra": {"token": "t"}}),
        ("catalogs_no_secrets_in_json_check", {"extra": {"private_key": "k"}}),
    ]
    GOOD_ROWS = [
        *[(f"type {v}", {"type": v}) for v in ("erp", "manual", "vendor", "dropship")],
        *[(f"status {v}", {"status": v}) for v in ("draft", "active", "inactive", "syncing", "error")],
        ("name of 2 characters", {"name": "AB"}),
        ("name of 200 characters", {"name": "x" * 200}),
        ("counts equal", {"total_products": 7, "active_products": 7}),
        ("counts zero", {"total_products": 0, "active_products": 0}),
        (
            "source without secrets (tokenUrl is not a secret key; a secret word as a value is fine)",
            {"source": {"type": "api", "apiConfig": {"tokenUrl": "https://erp.example.com/token", "auth": "secret"}}},
        ),
        ("secrets in the secret column", {"source_credentials_secret": {"apiKey": "k", "password": "p"}}),
        ("no secret column", {"source_credentials_secret": None}),
        ("owner client", {"owner_id": "c0000000-0000-4000-8000-000000000001"}),
        ("settings", {"settings": {"autoSync": True, "priceMarkup": 1.2}}),
    ]
    INDEXES = {
        "idx_catalogs_legacy_id": (["legacy_id"], "btree (legacy_id) WHERE (legacy_id IS NOT NULL)"),
        "idx_catalogs_next_sync_at": (["next_sync_at"], "btree (next_sync_at) WHERE (next_sync_at IS NOT NULL)"),
        "idx_catalogs_owner_id": (["owner_id"], "btree (owner_id) WHERE (owner_id IS NOT NULL)"),
        "idx_catalogs_status": (["status"], "btree (status)"),
        "idx_catalogs_type": (["type", "name"], "btree (type, name)"),
        "idx_catalogs_type_status": (["type", "status"], "btree (type, status)"),
    }
