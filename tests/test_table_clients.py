"""public.clients: columns, keys, CHECKs, the client_code UNIQUE, indexes and the updated_at trigger."""

from __future__ import annotations

from schema_rows import BAD_EMAILS, Raw, TableContract

GOOD_EMAIL = "Ann.O+tag@Example.co.uk"


class TestClients(TableContract):
    TABLE = "clients"
    COLUMNS = {
        "id": "uuid",
        "name": "text",
        "description": "text",
        "contact_email": "text",
        "status": "text",
        "client_code": "text",
        "client_region": "text",
        "client_source_code": "text",
        "client_contact_name": "text",
        "client_contact_phone": "text",
        "client_tax_id": "text",
        "client_address_line_1": "text",
        "client_address_line_2": "text",
        "client_address_line_3": "text",
        "client_city": "text",
        "client_postal_code": "text",
        "client_country_state": "text",
        "client_country": "text",
        "client_account_manager": "text",
        "client_account_manager_email": "text",
        "client_implementation_manager": "text",
        "client_implementation_manager_email": "text",
        "technology_owner": "text",
        "technology_owner_email": "text",
        "client_url": "text",
        "client_allow_session_timeout_extend": "boolean",
        "client_authentication_method": "text",
        "client_custom_url": "text",
        "client_has_employee_data": "boolean",
        "client_invoice_type": "text",
        "client_invoice_template_type": "text",
        "client_po_type": "text",
        "client_po_number": "text",
        "client_erp_system": "text",
        "client_sso": "text",
        "client_hris_system": "text",
        "settings": "jsonb",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = [
        "id",
        "name",
        "status",
        "client_allow_session_timeout_extend",
        "client_has_employee_data",
        "settings",
        "extra",
        "created_at",
        "updated_at",
    ]
    BAD_ROWS = [
        ("clients_status_check", {"status": "archived"}),
        ("clients_status_check", {"status": "Active"}),
        ("clients_status_check", {"status": ""}),
        ("clients_name_length_check", {"name": "A"}),
        ("clients_name_length_check", {"name": "x" * 201}),
        ("clients_client_code_format_check", {"client_code": ""}),
        ("clients_client_code_format_check", {"client_code": "ACME 01"}),
        ("clients_client_code_format_check", {"client_code": "x" * 65}),
        *[("clients_contact_email_format_check", {"contact_email": e}) for e in BAD_EMAILS],
        ("clients_manager_emails_format_check", {"client_account_manager_email": "am.example.com"}),
        ("clients_manager_emails_format_check", {"client_implementation_manager_email": "im@example"}),
        ("clients_manager_emails_format_check", {"technology_owner_email": ""}),
        (
            "clients_manager_emails_format_check",
            {"client_account_manager_email": GOOD_EMAIL, "technology_owner_email": "not an email"},
        ),
        ("clients_settings_is_object_check", {"settings": []}),
        ("clients_settings_is_object_check", {"settings": Raw("'\"dark\"'::jsonb")}),
        ("clients_extra_is_object_check", {"extra": Raw("'null'::jsonb")}),
        ("clients_extra_is_object_check", {"extra": [1]}),
    ]
    GOOD_ROWS = [
        ("status active", {"status": "active"}),
        ("status inactive", {"status": "inactive"}),
        ("status suspended", {"status": "suspended"}),
        ("name of 2 characters", {"name": "AB"}),
        ("name of 200 characters", {"name": "x" * 200}),
        ("client_code with punctuation", {"client_code": "ACME-US_01"}),
        ("client_code of 64 characters", {"client_code": "C" * 64}),
        ("no contact email", {"contact_email": None}),
        ("contact email", {"contact_email": GOOD_EMAIL}),
        (
            "all manager emails",
            {
                "client_account_manager_email": "am@example.com",
                "client_implementation_manager_email": "im@example.com",
                "technology_owner_email": "to@example.com",
            },
        ),
        ("one manager email", {"client_implementation_manager_email": "im@example.com"}),
        ("settings object", {"settings": {"palette": {"primary": "#123456"}}}),
        ("extra object", {"extra": {"createdBy": "admin-1", "environmentId": "prod"}}),
        ("lineage", {"legacy_id": "client-1739612345678-k3j9x0a"}),
    ]
    UNIQUE = [("clients_client_code_key", {"client_code": "ACME"}, {"client_code": "ACME"})]
    UNIQUE_OK = [
        ("several clients without client_code", {"client_code": None}, {"client_code": None}),
        ("different client codes", {"client_code": "ACME"}, {"client_code": "ACME-2"}),
        ("the same name twice", {"name": "Same Name"}, {"name": "Same Name"}),
        ("the same legacy_id twice (it is not unique)", {"legacy_id": "client-1"}, {"legacy_id": "client-1"}),
    ]
    INDEXES = {
        "clients_client_code_key": (["client_code"], "btree (client_code)"),
        "idx_clients_created_at": (["created_at"], "btree (created_at DESC)"),
        "idx_clients_legacy_id": (["legacy_id"], "btree (legacy_id) WHERE (legacy_id IS NOT NULL)"),
        "idx_clients_name_trgm": (["name"], "gin (name gin_trgm_ops)"),
        "idx_clients_status": (["status"], "btree (status)"),
    }
