"""kv2rel.run_seals (migrations 0086–0089): the sums of a completed run's ledger, and the statement triggers on
kv2rel.run_items and kv2rel.run_changes that delete every seal when the ledger is written."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken

SEALS = "SELECT run_id FROM kv2rel.run_seals ORDER BY run_id"


def test_table_shape(db):
    t.has_table(db, "kv2rel", "run_seals", "kv2rel.run_seals exists")
    for column, type_ in (("run_id", "bigint"), ("sealed_at", "timestamp with time zone"), ("sums", "jsonb")):
        t.col_type_is(db, "kv2rel", "run_seals", column, type_, f"run_seals.{column} is {type_}")
        t.col_not_null(db, "kv2rel", "run_seals", column, f"run_seals.{column} is NOT NULL")
    t.has_pk(db, "kv2rel", "run_seals", "run_seals has a primary key")
    t.fk_ok(db, "kv2rel", "run_seals", "run_id", "kv2rel", "runs", "run_id", "a seal belongs to a run")
    for table in ("run_items", "run_changes"):
        t.has_trigger(db, "kv2rel", table, f"{table}_unseal", f"{table} has its unseal trigger")
    t.results_eq(
        db,
        "SELECT c.relname::text, t.tgtype & 1 = 0, t.tgtype & (4 | 8 | 16 | 32) = 4 | 8 | 16 | 32"
        " FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid"
        " WHERE t.tgname IN ('run_items_unseal', 'run_changes_unseal') ORDER BY 1",
        [("run_changes", True, True), ("run_items", True, True)],
        "both triggers fire once per statement, on INSERT, UPDATE, DELETE and TRUNCATE",
    )


def test_bad_sums_are_refused(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute("DELETE FROM kv2rel.run_seals")
        t.throws_ok(
            conn,
            "INSERT INTO kv2rel.run_seals (run_id, sums) VALUES (1, '[]')",
            "23514",
            None,
            "sums that are not an object: refused",
            constraint="run_seals_sums_shape_check",
        )
        t.throws_ok(
            conn,
            """INSERT INTO kv2rel.run_seals (run_id, sums) VALUES (1, '{"kv": {}, "items": []}')""",
            "23514",
            None,
            "sums without writes and split: refused",
            constraint="run_seals_sums_shape_check",
        )
        t.throws_ok(
            conn,
            "INSERT INTO kv2rel.run_seals (run_id, sums)"
            """ VALUES (99, '{"kv": {}, "items": [], "writes": {}, "split": {}}')""",
            "23503",
            None,
            "a seal of a run that does not exist: refused",
            constraint="run_seals_run_id_fkey",
        )


def test_completed_run_is_sealed(migrated_db):
    conn = migrated_db.conn
    t.results_eq(conn, SEALS, [(1,)], "the completed migrate run 1 is sealed")
    t.results_eq(
        conn,
        "SELECT s.sealed_at >= r.finished_at - interval '1 minute' AND s.sealed_at <= now()"
        " FROM kv2rel.run_seals AS s JOIN kv2rel.runs AS r USING (run_id)",
        [(True,)],
        "sealed as the run completed",
    )


def test_every_ledger_write_deletes_every_seal(migrated_db):
    conn = migrated_db.conn
    statements = {
        "an UPDATE of run_items": "UPDATE kv2rel.run_items SET message = message WHERE run_id = 1 AND key = ("
        "SELECT min(key) FROM kv2rel.run_items WHERE run_id = 1)",
        "an UPDATE of run_items that matches no row": "UPDATE kv2rel.run_items SET message = 'x' WHERE false",
        "a DELETE from run_items": "DELETE FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'skipped'",
        "an INSERT into run_items": "INSERT INTO kv2rel.run_items SELECT (jsonb_populate_record(NULL::kv2rel.run_items,"
        " to_jsonb(i) || '{\"key\": \"kv2rel:test:new\"}')).* FROM kv2rel.run_items AS i"
        " WHERE i.run_id = 1 AND i.outcome = 'skipped' LIMIT 1",
        "a TRUNCATE of run_items": "TRUNCATE kv2rel.run_items CASCADE",
        "an UPDATE of run_changes": "UPDATE kv2rel.run_changes SET written_hash = written_hash"
        " WHERE run_id = 1 AND target_table = 'public.clients'",
        "a DELETE from run_changes": "DELETE FROM kv2rel.run_changes WHERE target_table = 'public.orders'",
        "a TRUNCATE of run_changes": "TRUNCATE kv2rel.run_changes",
    }
    for what, sql in statements.items():
        with broken(conn):
            conn.execute(sql)
            t.is_empty(conn, SEALS, f"{what}: no seal is left")
        t.results_eq(conn, SEALS, [(1,)], f"{what}, rolled back: the seal is back")


def test_other_writes_keep_the_seal(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute("UPDATE kv2rel.runs SET error = NULL WHERE run_id = 1")
        conn.execute(
            "UPDATE public.clients SET name = name WHERE id = (SELECT id FROM public.clients ORDER BY id LIMIT 1)"
        )
        conn.execute(
            "UPDATE public.kv_store_6fcaeea3 SET value = value"
            " WHERE key = (SELECT min(key) FROM public.kv_store_6fcaeea3)"
        )
        t.results_eq(
            conn,
            SEALS,
            [(1,)],
            "writes to kv2rel.runs, a target table or the KV table leave the seal (the reconciliation reads those)",
        )


def test_seal_goes_with_its_run(db):
    t.results_eq(
        db,
        "SELECT confdeltype::text FROM pg_constraint WHERE conname = 'run_seals_run_id_fkey'"
        " AND conrelid = 'kv2rel.run_seals'::regclass",
        [("c",)],
        "deleting a run deletes its seal (ON DELETE CASCADE)",
    )
