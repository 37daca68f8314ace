"""kv2rel.record_migration: one ledger row, with timing and origin; never twice (K2003); checks formats."""

from __future__ import annotations

import pgtap as t

SUM = "c" * 64


def test_records_a_row_with_duration_and_origin(db):
    db.execute("SET application_name = 'psql'")
    with db.transaction():
        db.execute("SELECT pg_sleep(0.2)")
        db.execute("SELECT kv2rel.record_migration('9001', '9001_example', %s)", (SUM,))
    t.results_eq(
        db,
        "SELECT name, checksum, applied_by = session_user, applied_via, duration >= interval '0.2 s'"
        " FROM kv2rel.migration_ledger WHERE version = '9001'",
        [("9001_example", SUM, True, "psql", True)],
        "the row has name, checksum, user, tool and the time spent in the transaction",
    )


def test_recording_twice_is_refused(db):
    db.execute("SELECT kv2rel.record_migration('9001', '9001_example', %s)", (SUM,))
    t.throws_ok(
        db,
        f"SELECT kv2rel.record_migration('9001', '9001_example', '{SUM}')",
        "K2003",
        "migration 9001_example is already recorded in kv2rel.migration_ledger",
        "a second record of the same version is refused",
    )


def test_bad_values_are_refused_by_named_constraints(db):
    t.throws_ok(
        db,
        f"SELECT kv2rel.record_migration('901', '901_x', '{SUM}')",
        "23514",
        None,
        "a three-digit version is refused",
        constraint="migration_ledger_name_format_check",
    )
    t.throws_ok(
        db,
        f"SELECT kv2rel.record_migration('9001', '9002_other', '{SUM}')",
        "23514",
        None,
        "a name that does not start with its version is refused",
        constraint="migration_ledger_name_matches_version_check",
    )
    t.throws_ok(
        db,
        "SELECT kv2rel.record_migration('9001', '9001_x', 'not-a-sha')",
        "23514",
        None,
        "a malformed checksum is refused",
        constraint="migration_ledger_checksum_format_check",
    )
