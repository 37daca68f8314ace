"""public.admin_users: columns, role/status/scope CHECKs, UNIQUE username and auth_user_id, the case-insensitive
unique email, indexes and the updated_at trigger."""

from __future__ import annotations

import pgtap as t
from schema_rows import BAD_EMAILS, CLIENT, SITE, Raw, TableContract, insert, one, rolled_back, uid

ROLES = [
    "super_admin",
    "system_admin",
    "admin",
    "client_admin",
    "manager",
    "site_manager",
    "catalog_admin",
    "order_admin",
    "hr_admin",
    "content_editor",
    "viewer",
]
AUTH_ID = "f0000000-0000-4000-8000-000000000001"


class TestAdminUsers(TableContract):
    TABLE = "admin_users"
    COLUMNS = {
        "id": "uuid",
        "auth_user_id": "uuid",
        "email": "text",
        "username": "text",
        "password_hash": "text",
        "full_name": "text",
        "role": "text",
        "status": "text",
        "all_clients": "boolean",
        "client_ids": "uuid[]",
        "all_sites": "boolean",
        "site_ids": "uuid[]",
        "require_password_change": "boolean",
        "last_login_at": "timestamptz",
        "last_password_change_at": "timestamptz",
        "created_by": "text",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = [
        "id",
        "email",
        "username",
        "role",
        "status",
        "all_clients",
        "client_ids",
        "all_sites",
        "site_ids",
        "require_password_change",
        "extra",
        "created_at",
        "updated_at",
    ]
    BAD_ROWS = [
        ("admin_users_role_check", {"role": "owner"}),
        ("admin_users_role_check", {"role": "Admin"}),
        ("admin_users_status_check", {"status": "deleted"}),
        *[("admin_users_email_format_check", {"email": e}) for e in BAD_EMAILS],
        ("admin_users_username_length_check", {"username": "a"}),
        ("admin_users_username_length_check", {"username": "u" * 101}),
        ("admin_users_password_hash_not_blank_check", {"password_hash": ""}),
        ("admin_users_password_hash_not_blank_check", {"password_hash": "  "}),
        (
            "admin_users_all_clients_excludes_list_check",
            {"all_clients": True, "client_ids": Raw(f"ARRAY['{CLIENT}']::uuid[]")},
        ),
        ("admin_users_all_sites_excludes_list_check", {"all_sites": True, "site_ids": Raw(f"ARRAY['{SITE}']::uuid[]")}),
        ("admin_users_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        *[(f"role {r}", {"role": r}) for r in ROLES],
        *[(f"status {s}", {"status": s}) for s in ("active", "inactive", "suspended")],
        ("no password hash (Supabase Auth holds passwords)", {"password_hash": None}),
        ("a password hash", {"password_hash": "$2b$10$abcdefghijklmnopqrstuv"}),
        ("access to all clients and sites", {"all_clients": True, "all_sites": True}),
        (
            "explicit client and site lists",
            {"client_ids": Raw(f"ARRAY['{CLIENT}']::uuid[]"), "site_ids": Raw(f"ARRAY['{SITE}']::uuid[]")},
        ),
        ("linked to an Auth user", {"auth_user_id": AUTH_ID}),
        ("username of 100 characters", {"username": "u" * 100}),
    ]
    UNIQUE = [
        ("admin_users_username_key", {"username": "ann"}, {"username": "ann"}),
        ("admin_users_auth_user_id_key", {"auth_user_id": AUTH_ID}, {"auth_user_id": AUTH_ID}),
        ("admin_users_lower_email_key", {"email": "ann@example.com"}, {"email": "ann@example.com"}),
        ("admin_users_lower_email_key", {"email": "Ann@Example.com"}, {"email": "ann@EXAMPLE.COM"}),
    ]
    UNIQUE_OK = [
        ("two admins without an Auth user", {"auth_user_id": None}, {"auth_user_id": None}),
        ("usernames differ", {"username": "ann"}, {"username": "ann2"}),
    ]
    INDEXES = {
        "admin_users_auth_user_id_key": (["auth_user_id"], "btree (auth_user_id)"),
        "admin_users_lower_email_key": (["lower(email)"], "btree (lower(email))"),
        "admin_users_username_key": (["username"], "btree (username)"),
        "idx_admin_users_legacy_id": (["legacy_id"], "btree (legacy_id) WHERE (legacy_id IS NOT NULL)"),
        "idx_admin_users_role": (["role"], "btree (role)"),
        "idx_admin_users_status": (["status"], "btree (status)"),
    }

    def test_least_privilege_defaults(self, mdb):
        with rolled_back(mdb):
            insert(mdb, "admin_users", id=uid(80))
            t.is_(
                one(
                    mdb,
                    "SELECT (role, status, all_clients, all_sites, cardinality(client_ids),"
                    " cardinality(site_ids))::text"
                    f" FROM public.admin_users WHERE id = '{uid(80)}'",
                ),
                "(viewer,active,f,f,0,0)",
                "a new admin is an active viewer with access to nothing",
            )

    def test_email_case_is_kept_as_written(self, mdb):
        with rolled_back(mdb):
            insert(mdb, "admin_users", id=uid(81), email="Ann@Example.com")
            t.is_(
                one(mdb, "SELECT email FROM public.admin_users WHERE lower(email) = lower('ANN@example.com')"),
                "Ann@Example.com",
                "lookup by lower(email) finds the admin; the stored value keeps its case",
            )
