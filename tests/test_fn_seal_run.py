"""kv2rel.seal_run(): store the sums of a run's ledger in kv2rel.run_seals; kv2rel.migrate_finish calls it as the
run completes."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken


def test_signature_and_unknown_run(db):
    t.volatility_is(db, "kv2rel", "seal_run", ["bigint"], "volatile", "seal_run(bigint) is VOLATILE")
    t.throws_ok(db, "SELECT kv2rel.seal_run(7)", "K2701", "run 7 does not exist", "an unknown run: K2701")
    t.throws_ok(db, "SELECT kv2rel.seal_run(NULL)", "K2701", "run NULL does not exist", "no run id: K2701")
    t.is_empty(db, "SELECT * FROM kv2rel.run_seals", "nothing was sealed")


def test_migrate_seals_its_run(migrated_db):
    t.results_eq(
        migrated_db.conn,
        "SELECT run_id, sums = kv2rel.run_ledger_sums(run_id, false) FROM kv2rel.run_seals",
        [(1, True)],
        "CALL kv2rel.migrate sealed run 1 with the sums of its ledger",
    )


def test_reseal_after_a_ledger_change(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        before = conn.execute("SELECT sealed_at FROM kv2rel.run_seals WHERE run_id = 1").fetchone()[0]
        conn.execute("DELETE FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'skipped'")
        t.is_empty(conn, "SELECT * FROM kv2rel.run_seals", "the ledger changed: unsealed")
        conn.execute("SELECT kv2rel.seal_run(1)")
        row = conn.execute(
            "SELECT sums = kv2rel.run_ledger_sums(1, false), (sums -> 'kv' ->> 'rows')::bigint, sealed_at >= %s"
            " FROM kv2rel.run_seals WHERE run_id = 1",
            (before,),
        ).fetchone()
        n = conn.execute("SELECT count(*) FROM kv2rel.run_items WHERE run_id = 1").fetchone()[0]
        t.is_(row, (True, n, True), "sealed again: the sums of the ledger as it is now")
        conn.execute("SELECT kv2rel.seal_run(1)")
        t.results_eq(conn, "SELECT count(*) FROM kv2rel.run_seals", [(1,)], "sealing twice keeps one seal per run")


def test_dry_run_leaves_no_seal(seeded_db):
    conn = seeded_db.conn
    _, summary = call_migrate(conn, dry_run=True)  # noqa: F405
    t.ok(summary["dry_run"], "a dry run completed", repr(summary))
    t.is_empty(conn, "SELECT * FROM kv2rel.run_seals", "a dry run seals nothing it keeps")
