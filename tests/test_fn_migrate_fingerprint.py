"""kv2rel.migrate_fingerprint(): what the compiled migration statements (and the fast reconciliation) depend on."""

from __future__ import annotations

import pgtap as t

KV = "public.kv_store_6fcaeea3"
FP = f"SELECT kv2rel.migrate_fingerprint('{KV}')"


def _redefine(conn, name: str, args: str) -> None:
    """Re-create kv2rel.<name>(<args>) with one comment line more in its body (same behaviour, new body)."""
    src = conn.execute(
        "SELECT pg_get_functiondef(%s::regprocedure)", (f"kv2rel.{name}({args})",)
    ).fetchone()[0]
    marker = "AS $function$"
    assert marker in src, f"kv2rel.{name} has a $function$ body"
    conn.execute(src.replace(marker, marker + "\n-- kv2rel test: a new body", 1))


def test_stable_and_deterministic(db):
    db.execute(f"CREATE TABLE IF NOT EXISTS {KV} (key text PRIMARY KEY, value jsonb)")
    t.volatility_is(
        db, "kv2rel", "migrate_fingerprint", ["regclass"], "stable", "migrate_fingerprint(regclass) is STABLE"
    )
    first = db.execute(FP).fetchone()[0]
    t.ok(len(first) == 32, "an md5 in hex")
    t.is_(db.execute(FP).fetchone()[0], first, "the same definitions give the same fingerprint")


def test_what_changes_it(db):
    db.execute(f"CREATE TABLE IF NOT EXISTS {KV} (key text PRIMARY KEY, value jsonb)")
    db.autocommit = False
    try:
        before = db.execute(FP).fetchone()[0]
        _redefine(db, "reconcile_fast", "bigint")
        _redefine(db, "verify_counts", "")
        _redefine(db, "check_orphaned_sites", "")
        t.is_(db.execute(FP).fetchone()[0], before, "new versions of checks (reconcile, verify, check) leave it alone")
        _redefine(db, "coerce", "jsonb, text, jsonb, text")
        t.ok(db.execute(FP).fetchone()[0] != before, "a new version of a mapping function changes it")
        db.rollback()
        db.execute("UPDATE kv2rel.column_rules SET note = note || ' (edited)' WHERE target_column = 'name'")
        t.ok(db.execute(FP).fetchone()[0] != before, "a changed rule changes it")
        db.rollback()
        db.execute("CREATE INDEX kv2rel_test_clients_name ON public.clients (name)")
        t.ok(db.execute(FP).fetchone()[0] != before, "a new index on a target table changes it")
    finally:
        db.rollback()
        db.autocommit = True
