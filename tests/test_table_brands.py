"""public.brands: columns, the client FK (CASCADE), colour/email CHECKs, UNIQUE NULLS NOT DISTINCT, trigger."""

from __future__ import annotations

from schema_rows import BAD_EMAILS, CLIENT, TableContract


class TestBrands(TableContract):
    TABLE = "brands"
    COLUMNS = {
        "id": "uuid",
        "client_id": "uuid",
        "name": "text",
        "description": "text",
        "status": "text",
        "primary_color": "text",
        "secondary_color": "text",
        "tertiary_color": "text",
        "background_color": "text",
        "text_color": "text",
        "heading_font": "text",
        "body_font": "text",
        "logo_url": "text",
        "favicon_url": "text",
        "contact_email": "text",
        "contact_phone": "text",
        "website_url": "text",
        "settings": "jsonb",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = ["id", "name", "status", "settings", "extra", "created_at", "updated_at"]
    FOREIGN_KEYS = [("brands_client_id_fkey", "client_id", "clients", "CASCADE", {})]
    BAD_ROWS = [
        ("brands_status_check", {"status": "draft"}),
        ("brands_name_length_check", {"name": "B"}),
        ("brands_name_length_check", {"name": "x" * 201}),
        ("brands_colors_hex_format_check", {"primary_color": "red"}),
        ("brands_colors_hex_format_check", {"secondary_color": "#12345"}),
        ("brands_colors_hex_format_check", {"tertiary_color": "123456"}),
        ("brands_colors_hex_format_check", {"background_color": "#GGGGGG"}),
        ("brands_colors_hex_format_check", {"text_color": "#1234567"}),
        ("brands_colors_hex_format_check", {"primary_color": "#ffffff", "text_color": ""}),
        *[("brands_contact_email_format_check", {"contact_email": e}) for e in BAD_EMAILS],
        ("brands_settings_is_object_check", {"settings": []}),
        ("brands_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        ("status active", {"status": "active"}),
        ("status inactive", {"status": "inactive"}),
        ("platform-wide brand (no client)", {"client_id": None}),
        ("name of 200 characters", {"name": "x" * 200}),
        (
            "3, 6 and 8 digit hex colours, any case",
            {
                "primary_color": "#FFF",
                "secondary_color": "#1a2b3c",
                "tertiary_color": "#1A2B3C80",
                "background_color": "#000000",
                "text_color": "#abc",
            },
        ),
        ("no colours", {"primary_color": None, "text_color": None}),
        ("contact email", {"contact_email": "brand@example.com"}),
    ]
    UNIQUE = [
        ("brands_client_id_name_key", {"name": "Holiday"}, {"name": "Holiday"}),
        ("brands_client_id_name_key", {"client_id": None, "name": "Platform"}, {"client_id": None, "name": "Platform"}),
    ]
    UNIQUE_OK = [
        ("the same name for a client and platform-wide", {"name": "Holiday"}, {"client_id": None, "name": "Holiday"}),
        ("different names for one client", {"client_id": CLIENT, "name": "Holiday"}, {"name": "Summer"}),
    ]
    INDEXES = {
        "brands_client_id_name_key": (["client_id", "name"], "btree (client_id, name) NULLS NOT DISTINCT"),
        "idx_brands_status": (["status"], "btree (status)"),
    }
