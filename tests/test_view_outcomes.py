"""kv2rel.outcomes (issue 5): one row per KV key per run, with reason, rule, target table and target id."""

from __future__ import annotations

import pgtap as t
from migrate_support import mig_templates, migrated_db  # noqa: F401  (fixtures)

COLUMNS = [
    "run_id", "key", "entity", "outcome", "reason", "message", "rule", "target_table", "target_id", "merged_into",
    "legacy_id", "key_class", "environment", "generation", "action", "field", "offending_value", "sqlstate",
    "constraint_name", "batch_no", "run_kind", "kv_table", "run_status",
]  # fmt: skip


def test_view_shape_comments_and_security_invoker(db):
    t.has_view(db, "kv2rel", "outcomes", "view kv2rel.outcomes exists")
    have = [r[0] for r in db.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = 'kv2rel.outcomes'::regclass AND attnum > 0 ORDER BY attnum"
    )]  # fmt: skip
    t.is_(have, COLUMNS, "the view has the documented columns, in order")
    options = db.execute("SELECT reloptions FROM pg_class WHERE oid = 'kv2rel.outcomes'::regclass").fetchone()[0]
    t.ok(options and "security_invoker=true" in options, "the view runs with the caller's privileges", str(options))
    t.ok(db.execute("SELECT obj_description('kv2rel.outcomes'::regclass, 'pg_class')").fetchone()[0],
         "the view has a comment")  # fmt: skip
    t.is_empty(
        db,
        "SELECT attname FROM pg_attribute WHERE attrelid = 'kv2rel.outcomes'::regclass AND attnum > 0"
        " AND col_description(attrelid, attnum) IS NULL",
        "every view column has a comment",
    )
    t.is_empty(db, "SELECT * FROM kv2rel.outcomes", "no run, no outcome")


def test_one_row_per_key_per_run_with_the_target_row(migrated_db):
    conn = migrated_db.conn
    t.results_eq(
        conn,
        "SELECT count(*), count(DISTINCT key) FROM kv2rel.outcomes WHERE run_id = 1",
        "SELECT count(*), count(*) FROM public.kv_store_6fcaeea3",
        "the view has exactly one row per KV key for run 1",
    )
    t.set_eq(
        conn,
        "SELECT DISTINCT outcome FROM kv2rel.outcomes",
        [("migrated",), ("merged",), ("quarantined",), ("skipped",)],
        "outcomes are migrated, merged, quarantined or skipped",
    )
    t.is_empty(
        conn,
        "SELECT key FROM kv2rel.outcomes WHERE outcome IN ('migrated', 'merged') AND (target_id IS NULL"
        " OR target_table IS NULL) OR outcome IN ('quarantined', 'skipped') AND target_id IS NOT NULL",
        "migrated and merged keys name their target row; quarantined and skipped keys none",
    )
    for (table,) in conn.execute("SELECT DISTINCT target_table FROM kv2rel.outcomes WHERE target_id IS NOT NULL"):
        t.is_empty(
            conn,
            f"SELECT o.key FROM kv2rel.outcomes AS o LEFT JOIN {table} AS x ON x.id = o.target_id"
            f" WHERE o.target_table = '{table}' AND o.target_id IS NOT NULL AND x.id IS NULL",
            f"target_id is the id of a row in {table}",
        )
    t.is_empty(
        conn,
        "SELECT key FROM kv2rel.outcomes WHERE outcome = 'merged' AND merged_into IS NULL"
        " OR outcome <> 'merged' AND merged_into IS NOT NULL AND reason <> 'winner_quarantined'",
        "merged keys (and duplicates of a quarantined winner) name their winner",
    )
    t.is_empty(
        conn,
        "SELECT key FROM kv2rel.outcomes WHERE outcome IN ('quarantined', 'skipped') AND reason IS NULL",
        "every quarantined or skipped key has a reason",
    )
    t.is_empty(
        conn,
        "SELECT key FROM kv2rel.outcomes WHERE outcome = 'skipped' AND rule IS NULL AND key_class <> 'unknown'",
        "every skipped key names the rule that classified it",
    )
    t.is_empty(
        conn,
        "SELECT o.key FROM kv2rel.outcomes AS o LEFT JOIN kv2rel.reason_codes AS r ON r.code = o.reason"
        " WHERE o.reason IS NOT NULL AND (r.code IS NULL OR r.outcome <> o.outcome)",
        "every reason is a documented code of its outcome (kv2rel.reason_codes)",
    )
    t.is_empty(
        conn,
        "SELECT key FROM kv2rel.outcomes WHERE outcome = 'quarantined' AND message IS NULL",
        "every quarantined key has a message",
    )
