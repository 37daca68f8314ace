"""public.scheduled_trigger_logs: append-only run log; columns, CHECKs, index, no updated_at."""

from __future__ import annotations

from schema_rows import TableContract


class TestScheduledTriggerLogs(TableContract):
    TABLE = "scheduled_trigger_logs"
    UPDATED_AT = False
    COLUMNS = {
        "id": "uuid",
        "processed_at": "timestamptz",
        "selection_expiring": "jsonb",
        "anniversary_approaching": "jsonb",
        "total_sent": "integer",
        "total_failed": "integer",
        "duration_ms": "integer",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
    }
    NOT_NULL = [
        "id",
        "processed_at",
        "selection_expiring",
        "anniversary_approaching",
        "total_sent",
        "total_failed",
        "extra",
        "created_at",
    ]
    BAD_ROWS = [
        ("scheduled_trigger_logs_totals_non_negative_check", {"total_sent": -1}),
        ("scheduled_trigger_logs_totals_non_negative_check", {"total_failed": -1}),
        ("scheduled_trigger_logs_duration_non_negative_check", {"duration_ms": -1}),
        ("scheduled_trigger_logs_selection_expiring_is_array_check", {"selection_expiring": {}}),
        ("scheduled_trigger_logs_anniversary_approaching_is_array_check", {"anniversary_approaching": {}}),
        ("scheduled_trigger_logs_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        ("unknown duration", {"duration_ms": None}),
        ("zero counts and duration", {"total_sent": 0, "total_failed": 0, "duration_ms": 0}),
        (
            "per-site results",
            {
                "selection_expiring": [{"siteId": "site-1", "sent": 3}],
                "anniversary_approaching": [{"siteId": "site-1", "sent": 1, "failed": 1}],
                "total_sent": 4,
                "total_failed": 1,
                "duration_ms": 1250,
            },
        ),
        ("lineage", {"legacy_id": "scheduled-trigger-log:1739612345678"}),
    ]
    INDEXES = {"idx_scheduled_trigger_logs_processed_at": (["processed_at"], "btree (processed_at DESC)")}
