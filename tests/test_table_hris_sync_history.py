"""public.hris_sync_history: columns, the connection FK (CASCADE), run CHECKs, indexes and the trigger."""

from __future__ import annotations

from schema_rows import TableContract

START, LATER, EARLIER = "2026-02-01 10:00+00", "2026-02-01 10:05+00", "2026-02-01 09:55+00"


class TestHrisSyncHistory(TableContract):
    TABLE = "hris_sync_history"
    COLUMNS = {
        "id": "uuid",
        "connection_id": "uuid",
        "started_at": "timestamptz",
        "ended_at": "timestamptz",
        "status": "text",
        "records_processed": "integer",
        "records_created": "integer",
        "records_updated": "integer",
        "records_skipped": "integer",
        "records_failed": "integer",
        "errors": "jsonb",
        "summary": "text",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = [
        "id",
        "connection_id",
        "started_at",
        "status",
        "records_processed",
        "records_created",
        "records_updated",
        "records_skipped",
        "records_failed",
        "errors",
        "extra",
        "created_at",
        "updated_at",
    ]
    FOREIGN_KEYS = [("hris_sync_history_connection_id_fkey", "connection_id", "hris_connections", "CASCADE", {})]
    BAD_ROWS = [
        ("hris_sync_history_status_check", {"status": "done"}),
        (
            "hris_sync_history_started_before_ended_check",
            {"status": "completed", "started_at": START, "ended_at": EARLIER},
        ),
        ("hris_sync_history_running_not_ended_check", {"status": "running", "started_at": START, "ended_at": LATER}),
        *[
            ("hris_sync_history_record_counts_non_negative_check", {column: -1})
            for column in (
                "records_processed",
                "records_created",
                "records_updated",
                "records_skipped",
                "records_failed",
            )
        ],
        ("hris_sync_history_errors_is_array_check", {"errors": {"row": 3}}),
        ("hris_sync_history_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        ("running, not ended", {"status": "running", "ended_at": None}),
        *[
            (f"{s}, ended later", {"status": s, "started_at": START, "ended_at": LATER})
            for s in ("completed", "partial", "failed")
        ],
        ("ended the instant it started", {"status": "completed", "started_at": START, "ended_at": START}),
        (
            "counts and errors",
            {
                "status": "partial",
                "records_processed": 10,
                "records_created": 5,
                "records_updated": 3,
                "records_skipped": 1,
                "records_failed": 1,
                "errors": [{"row": 7, "message": "bad email"}],
            },
        ),
    ]
    INDEXES = {
        "idx_hris_sync_history_connection_started": (
            ["connection_id", "started_at"],
            "btree (connection_id, started_at DESC)",
        ),
        "idx_hris_sync_history_status": (
            ["status"],
            "btree (status) WHERE (status = ANY (ARRAY['running'::text, 'failed'::text]))",
        ),
    }
