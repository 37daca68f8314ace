"""kv2rel.verify_counts(): kv2rel verify's record-count assertions."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, leaf_item

FAILED = "SELECT description, diagnostics FROM kv2rel.verify_counts() WHERE NOT ok"


def test_empty_database(db):
    t.volatility_is(db, "kv2rel", "verify_counts", [], "volatile", "verify_counts() is VOLATILE")
    t.results_eq(
        db,
        "SELECT * FROM kv2rel.verify_counts()",
        [(True, "record counts: no completed migration run to count", None)],
        "no run: one passing assertion",
    )
    t.results_eq(
        db, "SELECT ok FROM kv2rel.run_checks() WHERE check_name = 'verify_counts'", [(True,)], "run_checks has it"
    )


def test_clean_migration(migrated_db):
    conn = migrated_db.conn
    t.is_empty(conn, FAILED, "a clean migration passes every count assertion")
    t.results_eq(
        conn,
        "SELECT description FROM kv2rel.verify_counts() LIMIT 3",
        [
            ("run 1 accounts for every key: total = migrated + merged + quarantined + skipped",),
            ("run 1's counters equal its ledger (kv2rel.run_items by outcome, none pending)",),
            ("run 1 has exactly one outcome per row of public.kv_store_6fcaeea3",),
        ],
        "the accounting assertions come first",
    )
    t.results_eq(
        conn,
        "SELECT count(*) - 3 FROM kv2rel.verify_counts()",
        "SELECT count(*) FROM kv2rel.check_counts() WHERE target_table IS NOT NULL",
        "then one assertion per entity with a target table",
    )


def test_deleted_row_and_deleted_item(migrated_db):
    conn = migrated_db.conn
    key, target_id = leaf_item(conn, "hris_sync", "public.hris_sync_history", [])
    with broken(conn):
        conn.execute("DELETE FROM public.hris_sync_history WHERE id = %s", (target_id,))
        rows = conn.execute(FAILED).fetchall()
        t.is_(len(rows), 1, "one assertion fails")
        t.ok(rows[0][0].startswith("hris_sync: ") and key in rows[0][1], "names entity and key", repr(rows))
    with broken(conn):
        conn.execute("DELETE FROM kv2rel.run_items WHERE run_id = 1 AND key = %s", (key,))
        t.results_eq(
            conn,
            "SELECT description FROM kv2rel.verify_counts() WHERE NOT ok",
            [
                ("run 1's counters equal its ledger (kv2rel.run_items by outcome, none pending)",),
                ("run 1 has exactly one outcome per row of public.kv_store_6fcaeea3",),
                ("hris_sync: 2 migrated and 0 merged key(s) have their rows in public.hris_sync_history (run 1)",),
            ],
            "a deleted ledger row: counters, KV accounting and the entity's row count fail",
        )
    with broken(conn):
        conn.execute("ALTER TABLE kv2rel.runs DROP CONSTRAINT runs_completed_accounts_for_every_key_check")
        conn.execute("UPDATE kv2rel.runs SET skipped = skipped + 1 WHERE run_id = 1")
        rows = conn.execute(FAILED).fetchall()
        t.is_(
            [r[0] for r in rows],
            [
                "run 1 accounts for every key: total = migrated + merged + quarantined + skipped",
                "run 1's counters equal its ledger (kv2rel.run_items by outcome, none pending)",
            ],
            "a tampered counter: the identity and the ledger assertions fail",
        )
        t.ok(rows[0][1].startswith("total ") and " <> " in rows[0][1], "the diagnostics give both sides", rows[0][1])
