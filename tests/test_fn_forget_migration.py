"""kv2rel.forget_migration: removes the ledger row of a reverted migration; K2005 if absent, K2001 on drift."""

from __future__ import annotations

import pgtap as t

SUM = "d" * 64


def test_forgets_an_applied_migration(db):
    db.execute("SELECT kv2rel.record_migration('9001', '9001_example', %s)", (SUM,))
    t.results_eq(
        db,
        f"SELECT name FROM kv2rel.forget_migration('9001', '{SUM}')",
        [("9001_example",)],
        "returns the forgotten row",
    )
    t.is_empty(db, "SELECT 1 FROM kv2rel.migration_ledger WHERE version = '9001'", "the row is gone")


def test_forgetting_an_unapplied_migration_is_refused(db):
    t.throws_ok(
        db,
        f"SELECT kv2rel.forget_migration('9001', '{SUM}')",
        "K2005",
        "migration 9001 is not applied; nothing to revert",
        "K2005 when the version is not applied",
    )


def test_forgetting_with_another_checksum_is_drift(db):
    db.execute("SELECT kv2rel.record_migration('9001', '9001_example', %s)", (SUM,))
    t.throws_ok(
        db, f"SELECT kv2rel.forget_migration('9001', '{'e' * 64}')", "K2001", None, "K2001 when the file changed"
    )
    t.results_eq(
        db, "SELECT count(*) FROM kv2rel.migration_ledger WHERE version = '9001'", [(1,)], "the row is kept"
    )
