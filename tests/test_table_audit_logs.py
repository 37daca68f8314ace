"""public.audit_logs: append-only audit trail without FKs; columns, CHECKs, indexes, no updated_at."""

from __future__ import annotations

import pgtap as t
from schema_rows import CLIENT, TableContract, insert, one, rolled_back, uid


class TestAuditLogs(TableContract):
    TABLE = "audit_logs"
    UPDATED_AT = False
    COLUMNS = {
        "id": "uuid",
        "action": "text",
        "entity_type": "text",
        "entity_id": "uuid",
        "user_id": "uuid",
        "user_email": "text",
        "user_type": "text",
        "ip_address": "inet",
        "user_agent": "text",
        "status": "text",
        "details": "jsonb",
        "error_message": "text",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
    }
    NOT_NULL = ["id", "action", "status", "details", "extra", "created_at"]
    BAD_ROWS = [
        ("audit_logs_status_check", {"status": "error"}),
        ("audit_logs_user_type_check", {"user_type": "bot"}),
        ("audit_logs_action_length_check", {"action": "x"}),
        ("audit_logs_action_length_check", {"action": "a" * 101}),
        ("audit_logs_entity_id_needs_entity_type_check", {"entity_id": CLIENT}),
        ("audit_logs_details_is_object_check", {"details": []}),
        ("audit_logs_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        *[(f"status {s}", {"status": s}) for s in ("success", "failure", "warning")],
        *[(f"user_type {u}", {"user_type": u}) for u in ("admin", "employee", "system", "anonymous")],
        ("no user type", {"user_type": None}),
        ("entity type and id", {"entity_type": "client", "entity_id": CLIENT}),
        ("entity type without id", {"entity_type": "settings"}),
        ("deleted entity (no FK, by design)", {"entity_type": "site", "entity_id": uid(99)}),
        ("actor", {"user_id": uid(98), "user_email": "Admin@Example.com", "ip_address": "10.0.0.1"}),
        ("failure with message", {"status": "failure", "error_message": "invalid password", "details": {"try": 3}}),
    ]
    INDEXES = {
        "idx_audit_logs_action": (["action", "created_at"], "btree (action, created_at DESC)"),
        "idx_audit_logs_created_at": (["created_at"], "btree (created_at DESC)"),
        "idx_audit_logs_entity": (
            ["entity_type", "entity_id", "created_at"],
            "btree (entity_type, entity_id, created_at DESC) WHERE (entity_type IS NOT NULL)",
        ),
        "idx_audit_logs_problems": (["created_at"], "btree (created_at DESC) WHERE (status <> 'success'::text)"),
        "idx_audit_logs_user_id": (
            ["user_id", "created_at"],
            "btree (user_id, created_at DESC) WHERE (user_id IS NOT NULL)",
        ),
    }

    def test_status_defaults_to_success(self, mdb):
        with rolled_back(mdb):
            insert(mdb, "audit_logs", id=uid(85))
            t.is_(one(mdb, f"SELECT status FROM public.audit_logs WHERE id = '{uid(85)}'"), "success", "CRUD entries")
