"""public.email_templates: columns, FKs (client/site CASCADE, parent template SET NULL), scope and content
CHECKs, one default per owner/event/language, indexes and the updated_at trigger."""

from __future__ import annotations

from schema_rows import CLIENT, SITE, SITE2, TableContract, uid


class TestEmailTemplates(TableContract):
    TABLE = "email_templates"
    COLUMNS = {
        "id": "uuid",
        "scope": "text",
        "client_id": "uuid",
        "site_id": "uuid",
        "parent_template_id": "uuid",
        "event_type": "text",
        "name": "text",
        "description": "text",
        "category": "text",
        "language": "text",
        "subject": "text",
        "preheader_text": "text",
        "body_html": "text",
        "body_text": "text",
        "sms_content": "text",
        "push_title": "text",
        "push_body": "text",
        "email_enabled": "boolean",
        "sms_enabled": "boolean",
        "push_enabled": "boolean",
        "variables": "jsonb",
        "settings": "jsonb",
        "status": "text",
        "is_default": "boolean",
        "is_system": "boolean",
        "usage_count": "integer",
        "last_sent_at": "timestamptz",
        "created_by": "text",
        "updated_by": "text",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = [
        "id",
        "scope",
        "event_type",
        "name",
        "language",
        "email_enabled",
        "sms_enabled",
        "push_enabled",
        "variables",
        "settings",
        "status",
        "is_default",
        "is_system",
        "usage_count",
        "extra",
        "created_at",
        "updated_at",
    ]
    FOREIGN_KEYS = [
        ("email_templates_client_id_fkey", "client_id", "clients", "CASCADE", {"scope": "client"}),
        ("email_templates_site_id_fkey", "site_id", "sites", "CASCADE", {"scope": "site"}),
        ("email_templates_parent_template_id_fkey", "parent_template_id", "email_templates", "SET NULL", {}),
    ]
    BAD_ROWS = [
        # An unknown scope also fails scope_matches_owner; CHECKs run in name order, so scope_check reports it.
        ("email_templates_scope_check", {"scope": "tenant"}),
        ("email_templates_scope_matches_owner_check", {"scope": "global", "client_id": CLIENT}),
        ("email_templates_scope_matches_owner_check", {"scope": "global", "site_id": SITE}),
        ("email_templates_scope_matches_owner_check", {"scope": "client"}),
        ("email_templates_scope_matches_owner_check", {"scope": "client", "client_id": CLIENT, "site_id": SITE}),
        ("email_templates_scope_matches_owner_check", {"scope": "site", "client_id": CLIENT}),
        ("email_templates_category_check", {"category": "newsletter"}),
        ("email_templates_status_check", {"status": "archived"}),
        ("email_templates_event_type_format_check", {"event_type": "Order Placed"}),
        ("email_templates_event_type_format_check", {"event_type": "order__placed"}),
        ("email_templates_event_type_format_check", {"event_type": "_order"}),
        ("email_templates_event_type_format_check", {"event_type": ""}),
        ("email_templates_name_length_check", {"name": "T"}),
        ("email_templates_name_length_check", {"name": "n" * 201}),
        ("email_templates_language_format_check", {"language": "EN"}),
        ("email_templates_language_format_check", {"language": "en-us"}),
        ("email_templates_language_format_check", {"language": "eng"}),
        ("email_templates_enabled_email_needs_content_check", {"subject": None}),
        ("email_templates_enabled_email_needs_content_check", {"body_text": None, "body_html": None}),
        ("email_templates_not_own_parent_check", {"id": uid(20), "parent_template_id": uid(20)}),
        ("email_templates_usage_count_non_negative_check", {"usage_count": -1}),
        ("email_templates_variables_is_array_check", {"variables": {"name": "string"}}),
        ("email_templates_settings_is_object_check", {"settings": []}),
        ("email_templates_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        ("global", {"scope": "global"}),
        ("client-scoped", {"scope": "client", "client_id": CLIENT}),
        ("site-scoped", {"scope": "site", "site_id": SITE}),
        ("site-scoped, with its client", {"scope": "site", "site_id": SITE, "client_id": CLIENT}),
        *[(f"category {c}", {"category": c}) for c in ("transactional", "marketing", "system")],
        *[(f"status {s}", {"status": s}) for s in ("active", "inactive", "draft")],
        ("event type with - and _", {"event_type": "selection-expiring_reminder2"}),
        ("regional language", {"language": "en-GB"}),
        ("HTML body only", {"body_text": None, "body_html": "<p>Hello</p>"}),
        (
            "SMS only: no email content needed",
            {"email_enabled": False, "subject": None, "body_text": None, "sms_enabled": True, "sms_content": "Hi"},
        ),
        ("push", {"push_enabled": True, "push_title": "Gift", "push_body": "Pick yours"}),
        ("variables", {"variables": ["employeeName", "siteName"], "usage_count": 0}),
    ]
    UNIQUE = [
        ("email_templates_one_default_per_event_key", {"is_default": True}, {"is_default": True}),
        (
            "email_templates_one_default_per_event_key",
            {"scope": "client", "client_id": CLIENT, "is_default": True},
            {"scope": "client", "client_id": CLIENT, "is_default": True},
        ),
        (
            "email_templates_one_default_per_event_key",
            {"scope": "site", "site_id": SITE, "is_default": True},
            {"scope": "site", "site_id": SITE, "is_default": True},
        ),
        (
            # the owner of a site template is its site, whether or not the row also names the client
            "email_templates_one_default_per_event_key",
            {"scope": "site", "site_id": SITE, "is_default": True},
            {"scope": "site", "site_id": SITE, "client_id": CLIENT, "is_default": True},
        ),
    ]
    UNIQUE_OK = [
        ("several non-default templates", {}, {}),
        ("a default per language", {"is_default": True}, {"is_default": True, "language": "fr"}),
        ("a default per event", {"is_default": True}, {"is_default": True, "event_type": "order_shipped"}),
        (
            "a global and a client default for one event",
            {"is_default": True},
            {"scope": "client", "client_id": CLIENT, "is_default": True},
        ),
        (
            "a client default and a default of one of its sites",
            {"scope": "client", "client_id": CLIENT, "is_default": True},
            {"scope": "site", "site_id": SITE, "client_id": CLIENT, "is_default": True},
        ),
        (
            "a default on each of two sites",
            {"scope": "site", "site_id": SITE, "is_default": True},
            {"scope": "site", "site_id": SITE2, "is_default": True},
        ),
    ]
    INDEXES = {
        "email_templates_one_default_per_event_key": (
            ["scope", "COALESCE(site_id, client_id)", "event_type", "language"],
            "btree (scope, COALESCE(site_id, client_id), event_type, language) NULLS NOT DISTINCT WHERE is_default",
        ),
        "idx_email_templates_client_id": (["client_id"], "btree (client_id) WHERE (client_id IS NOT NULL)"),
        "idx_email_templates_event_type": (["event_type", "status"], "btree (event_type, status)"),
        "idx_email_templates_legacy_id": (["legacy_id"], "btree (legacy_id) WHERE (legacy_id IS NOT NULL)"),
        "idx_email_templates_parent_template_id": (
            ["parent_template_id"],
            "btree (parent_template_id) WHERE (parent_template_id IS NOT NULL)",
        ),
        "idx_email_templates_site_id": (["site_id"], "btree (site_id) WHERE (site_id IS NOT NULL)"),
    }
