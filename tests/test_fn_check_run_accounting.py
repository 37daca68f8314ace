"""kv2rel.check_run_accounting(): the run's counters, its ledger and the KV table agree."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken

FLAGS = "SELECT identity_holds, ledger_matches, kv_matches FROM kv2rel.check_run_accounting()"


def test_signature_and_empty_database(db):
    t.volatility_is(db, "kv2rel", "check_run_accounting", ["bigint"], "stable", "check_run_accounting is STABLE")
    t.is_empty(db, "SELECT * FROM kv2rel.check_run_accounting()", "no completed run: no row")
    t.throws_ok(db, "SELECT * FROM kv2rel.check_run_accounting(3)", "K2701", "no migration run 3", "unknown run")


def test_clean_migration(migrated_db):
    conn = migrated_db.conn
    t.results_eq(conn, FLAGS, [(True, True, True)], "identity, ledger and KV count all hold")
    t.results_eq(
        conn,
        "SELECT run_id, total, items, kv_rows, migrated + merged + quarantined + skipped, missing_keys, unknown_keys"
        " FROM kv2rel.check_run_accounting(1)",
        "SELECT 1::bigint, count(*), count(*), count(*), count(*), '{}'::text[], '{}'::text[]"
        " FROM public.kv_store_6fcaeea3",
        "total = items = KV rows = migrated + merged + quarantined + skipped",
    )


def test_tampered_counter(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute("UPDATE kv2rel.runs SET migrated = migrated - 1, total = total - 1 WHERE run_id = 1")
        t.results_eq(
            conn, FLAGS, [(True, False, True)], "two counters edited consistently: the ledger no longer matches them"
        )
    with broken(conn):
        conn.execute("ALTER TABLE kv2rel.runs DROP CONSTRAINT runs_completed_accounts_for_every_key_check")
        conn.execute("UPDATE kv2rel.runs SET skipped = skipped + 1 WHERE run_id = 1")
        t.results_eq(conn, FLAGS, [(False, False, True)], "a counter edited past the CHECK: the identity fails")


def test_deleted_and_forged_items(migrated_db):
    conn = migrated_db.conn
    key = conn.execute(
        "SELECT key FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'skipped' ORDER BY key COLLATE \"C\" LIMIT 1"
    ).fetchone()[0]
    with broken(conn):
        conn.execute("DELETE FROM kv2rel.run_items WHERE run_id = 1 AND key = %s", (key,))
        t.results_eq(
            conn,
            "SELECT identity_holds, ledger_matches, kv_matches, missing_keys, unknown_keys"
            " FROM kv2rel.check_run_accounting()",
            [(True, False, False, [key], [])],
            "a deleted item: the KV key without an outcome is named",
        )
    with broken(conn):
        conn.execute(
            "INSERT INTO kv2rel.run_items (run_id, key, key_class, planned, outcome, reason_code)"
            " VALUES (1, 'forged:key', 'unknown', 'skip', 'skipped', 'index')"
        )
        t.results_eq(
            conn,
            "SELECT kv_matches, unknown_keys FROM kv2rel.check_run_accounting()",
            [(False, ["forged:key"])],
            "a forged item for a key the KV table does not have is named",
        )
    with broken(conn):
        conn.execute("INSERT INTO public.kv_store_6fcaeea3 (key, value) VALUES ('late:key', '{}')")
        t.results_eq(
            conn,
            "SELECT kv_matches, missing_keys FROM kv2rel.check_run_accounting()",
            [(False, ["late:key"])],
            "a KV row added after the run has no outcome",
        )
