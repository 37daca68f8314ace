"""kv2rel.migration_pending(version, name, checksum): pending, applied, drift (K2001), rename (K2002)."""

from __future__ import annotations

import pgtap as t

SUM_A = "a" * 64
SUM_B = "b" * 64


def _record(db, version="9001", name="9001_example", checksum=SUM_A):
    db.execute("SELECT kv2rel.record_migration(%s, %s, %s)", (version, name, checksum))


def test_unknown_version_is_pending(db):
    t.is_(
        db.execute("SELECT kv2rel.migration_pending('9001', '9001_example', %s)", (SUM_A,)).fetchone()[0],
        True,
        "a version not in the ledger is pending",
    )


def test_applied_with_same_checksum_is_not_pending(db):
    _record(db)
    t.is_(
        db.execute("SELECT kv2rel.migration_pending('9001', '9001_example', %s)", (SUM_A,)).fetchone()[0],
        False,
        "an applied, unchanged migration is not pending",
    )


def test_changed_checksum_raises_drift(db):
    _record(db)
    err = t.throws_ok(
        db,
        f"SELECT kv2rel.migration_pending('9001', '9001_example', '{SUM_B}')",
        "K2001",
        None,
        "a changed file raises K2001",
    )
    t.ok(SUM_A in err.diag.message_primary and SUM_B in err.diag.message_primary, "the message has both checksums")
    t.ok("9001_example" in err.diag.message_primary, "and the migration name")
    t.ok(err.diag.message_hint, "and a hint")


def test_renamed_file_raises(db):
    _record(db)
    t.throws_ok(
        db,
        f"SELECT kv2rel.migration_pending('9001', '9001_renamed', '{SUM_A}')",
        "K2002",
        "drift: migration 9001 was applied as 9001_example but the file is now named 9001_renamed",
        "a renamed file raises K2002",
    )


def test_is_stable_and_not_definer(db):
    t.volatility_is(db, "kv2rel", "migration_pending", ["text", "text", "text"], "stable", "reads only: STABLE")
    t.isnt_definer(db, "kv2rel", "migration_pending", ["text", "text", "text"], "runs with the caller's rights")
