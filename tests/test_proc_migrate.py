"""kv2rel.migrate (issue 5): the procedure, its tables, accounting, idempotence, resume, lock, dry run, bad input.

Most tests work on clones of two session templates (tests/migrate_support.py): the generator's small store
(seed 1, default hazards) before and after `CALL kv2rel.migrate()`.
"""

from __future__ import annotations

import json
import time

import psycopg
import pytest

import pgtap as t
from migrate_support import (  # noqa: F401  (fixtures)
    call_migrate,
    clone_database,
    content_hash,
    full_dump,
    kv_hash,
    mig_templates,
    migrated_db,
    outcomes,
    run_in_thread,
    seeded_db,
)

LOCK = (1802908274, 2)
SECRET_PATH = (
    '$.**?(@.type() == "object").keyvalue()?(@."key" like_regex "^(credentials|password|passwd|secret|client_?secret|'
    'signing_?secret|api_?key|access_?token|refresh_?token|auth_?token|token|authorization|private_?key|'
    's?ftp_?password)$" flag "i")'
)


# ------------------------------------------------------------------------------------------------ objects


def test_procedure_and_tables_exist(db):
    t.ok(
        db.execute(
            "SELECT to_regprocedure('kv2rel.migrate(text, text, integer, boolean, bigint, jsonb)') IS NOT NULL"
        ).fetchone()[0],
        "procedure kv2rel.migrate(text, text, integer, boolean, bigint, jsonb) exists",
    )
    for table in ("runs", "run_items", "quarantine", "run_changes", "run_batches", "reason_codes",
                  "constraint_policies", "natural_keys", "derived_columns"):  # fmt: skip
        t.has_table(db, "kv2rel", table, f"table kv2rel.{table} exists")
        t.has_pk(db, "kv2rel", table, f"kv2rel.{table} has a primary key")
    t.fk_ok(db, "kv2rel", "run_items", "run_id", "kv2rel", "runs", "run_id", "run_items.run_id references runs")
    t.fk_ok(
        db, "kv2rel", "quarantine", ["run_id", "key"], "kv2rel", "run_items", ["run_id", "key"],
        "quarantine rows are details of run items",
    )  # fmt: skip
    t.fk_ok(db, "kv2rel", "run_changes", "run_id", "kv2rel", "runs", "run_id", "run_changes.run_id references runs")


def test_machinery_functions_pin_search_path_and_are_commented(db):
    rows = db.execute(
        "SELECT p.oid::regprocedure::text, p.proconfig, obj_description(p.oid, 'pg_proc'), p.prokind"
        " FROM pg_proc AS p WHERE p.pronamespace = 'kv2rel'::regnamespace"
        " AND (p.proname LIKE 'migrate%' OR p.proname IN ('run_summary', 'retry_quarantined'))"
    ).fetchall()
    t.ok(len(rows) >= 15, "the migration is made of at least 15 routines", str(rows))
    for signature, config, comment, kind in rows:
        t.ok(comment, f"{signature} has a comment")
        if kind == "f":
            t.ok(
                config and "search_path=pg_catalog, pg_temp" in config,
                f"{signature} pins search_path to pg_catalog, pg_temp",
                str(config),
            )
    t.volatility_is(db, "kv2rel", "run_summary", ["bigint"], "stable", "run_summary only reads")
    t.volatility_is(db, "kv2rel", "migrate_batch", ["bigint", "integer"], "volatile", "migrate_batch writes")


# ------------------------------------------------------------------------------------------------ accounting


def test_every_key_has_exactly_one_outcome_and_the_identity_holds(migrated_db):
    conn = migrated_db.conn
    run = conn.execute(
        "SELECT run_id, status, total, migrated, merged, quarantined, skipped FROM kv2rel.runs"
    ).fetchall()
    t.is_(len(run), 1, "one run")
    run_id, status, total, migrated, merged, quarantined, skipped = run[0]
    t.is_(status, "completed", "the run completed")
    kv_rows = conn.execute("SELECT count(*) FROM public.kv_store_6fcaeea3").fetchone()[0]
    t.is_(total, kv_rows, "the run accounts for every KV row")
    t.is_(total, migrated + merged + quarantined + skipped, "total = migrated + merged + quarantined + skipped")
    t.is_empty(
        conn,
        "SELECT k.key FROM public.kv_store_6fcaeea3 AS k"
        " LEFT JOIN kv2rel.run_items AS i ON i.run_id = 1 AND i.key = k.key WHERE i.key IS NULL OR i.outcome IS NULL",
        "every KV key has an outcome in run 1",
    )
    t.is_empty(
        conn,
        "SELECT coalesce(entity, '?'), count(*) FROM kv2rel.run_items WHERE run_id = 1 GROUP BY 1"
        " HAVING count(*) <> count(*) FILTER (WHERE outcome IN ('migrated', 'merged', 'quarantined', 'skipped'))",
        "the identity holds per entity",
    )
    summary = conn.execute("SELECT kv2rel.run_summary(1)").fetchone()[0]
    t.ok(summary["identity_holds"], "run_summary says the identity holds")
    per_entity = sum(e["total"] for e in summary["entities"])
    t.is_(per_entity, total, "the per-entity totals add up to the run total")
    for e in summary["entities"]:
        t.is_(e["total"], e["migrated"] + e["merged"] + e["quarantined"] + e["skipped"], f"identity for {e['entity']}")
    for outcome in ("migrated", "merged", "quarantined", "skipped"):
        t.ok(summary["totals"][outcome] > 0, f"the small store has {outcome} keys")


def test_migrated_rows_exist_with_their_target_id_and_merges_name_the_winner(migrated_db):
    conn = migrated_db.conn
    for (table,) in conn.execute("SELECT DISTINCT target_table FROM kv2rel.run_items WHERE outcome = 'migrated'"):
        t.is_empty(
            conn,
            f"SELECT i.key FROM kv2rel.run_items AS i LEFT JOIN {table} AS t ON t.id = i.target_id"
            f" WHERE i.run_id = 1 AND i.outcome = 'migrated' AND i.target_table = '{table}' AND t.id IS NULL",
            f"every key migrated into {table} names an existing row by its id",
        )
    t.is_empty(
        conn,
        "SELECT l.key FROM kv2rel.run_items AS l JOIN kv2rel.run_items AS w ON w.run_id = l.run_id"
        " AND w.key = l.merged_into WHERE l.run_id = 1 AND l.outcome = 'merged'"
        " AND (w.outcome <> 'migrated' OR w.target_id <> l.target_id OR w.entity <> l.entity)",
        "a merged key names a migrated winner of its entity and shares its target id",
    )
    t.is_empty(
        conn,
        "SELECT i.key FROM kv2rel.run_items AS i LEFT JOIN kv2rel.quarantine AS q USING (run_id, key)"
        " WHERE i.outcome = 'quarantined' AND q.key IS NULL",
        "every quarantined key has its quarantine row",
    )
    t.is_empty(
        conn,
        "SELECT key FROM kv2rel.quarantine WHERE reason_code LIKE 'orphan\\_%'"
        " AND (sqlstate <> '23503' OR constraint_name IS NULL OR message NOT LIKE 'orphan:%'"
        " OR position(offending_value #>> '{}' IN message) = 0)",
        "orphans carry SQLSTATE 23503, the constraint, and name the missing parent",
    )


def test_timestamps_survive_and_secrets_stay_in_secret_columns(migrated_db):
    conn = migrated_db.conn
    mismatched = conn.execute(
        "SELECT i.key FROM kv2rel.run_items AS i JOIN public.kv_store_6fcaeea3 AS k USING (key)"
        " JOIN public.clients AS c ON c.id = i.target_id"
        " WHERE i.run_id = 1 AND i.outcome = 'migrated' AND k.value ? 'updatedAt'"
        " AND c.updated_at <> kv2rel.to_timestamptz_lenient(k.value -> 'updatedAt')"
    ).fetchall()
    t.is_(mismatched, [], "clients keep their source updatedAt")
    ok = conn.execute(
        "SELECT count(*) FROM kv2rel.run_items AS i JOIN public.kv_store_6fcaeea3 AS k USING (key)"
        " JOIN public.products AS p ON p.id = i.target_id WHERE i.outcome = 'migrated'"
        " AND p.created_at = kv2rel.to_timestamptz_lenient(coalesce(k.value -> 'createdAt', k.value -> 'created_at'))"
    ).fetchone()[0]
    t.ok(ok > 1000, "products keep their source createdAt/created_at", str(ok))
    for table, column in conn.execute(
        "SELECT c.table_schema || '.' || c.table_name, c.column_name FROM information_schema.columns AS c"
        " WHERE c.table_schema = 'public' AND c.data_type = 'jsonb' AND c.column_name NOT LIKE '%\\_secret'"
        " AND c.table_name IN (SELECT split_part(target_table, '.', 2) FROM kv2rel.kv_entities)"
    ).fetchall():
        t.is_empty(
            conn,
            f"SELECT id FROM {table} WHERE jsonb_path_exists({column}, '{SECRET_PATH}')",
            f"{table}.{column} holds no secret-looking key",
        )
    t.ok(
        conn.execute("SELECT count(*) FROM public.catalogs WHERE source_credentials_secret IS NOT NULL").fetchone()[0],
        "catalog credentials went to source_credentials_secret",
    )


def test_the_kv_table_is_never_modified(seeded_db):
    conn = seeded_db.conn
    before = kv_hash(conn)
    call_migrate(conn, dry_run=True)
    call_migrate(conn)
    call_migrate(conn)
    t.is_(kv_hash(conn), before, "the KV table is byte-identical after a dry run and two runs")


# ------------------------------------------------------------------------------------------------ idempotence


def test_a_second_run_changes_nothing(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        before = content_hash(conn)
        run_id, summary = call_migrate(conn)
        t.is_(run_id, 2, "the second run is run 2")
        t.is_(content_hash(conn), before, "every target table has the same content hash after the second run")
        t.is_(outcomes(conn, 2), outcomes(conn, 1), "the second run has the same outcome, reason and target per key")
        t.is_(summary["totals"]["inserted"] + summary["totals"]["updated"], 0, "the second run writes no row")
        t.is_(summary["totals"]["unchanged"], summary["totals"]["migrated"], "every migrated row is unchanged")
        t.is_empty(conn, "SELECT 1 FROM kv2rel.run_changes WHERE run_id = 2", "run 2 logged no change")


def test_a_changed_source_row_is_updated_with_its_before_image(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        key, target = conn.execute(
            "SELECT key, target_id FROM kv2rel.run_items WHERE run_id = 1 AND entity = 'client'"
            " AND outcome = 'migrated' ORDER BY key LIMIT 1"
        ).fetchone()
        old_name = conn.execute("SELECT name FROM public.clients WHERE id = %s", (target,)).fetchone()[0]
        conn.execute(
            "UPDATE public.kv_store_6fcaeea3 SET value = value || '{\"name\": \"Renamed Client\"}' WHERE key = %s",
            (key,),
        )
        call_migrate(conn)
        t.is_(
            conn.execute("SELECT name FROM public.clients WHERE id = %s", (target,)).fetchone()[0],
            "Renamed Client",
            "the target row follows the changed source",
        )
        change = conn.execute(
            "SELECT action, before_image ->> 'name', key FROM kv2rel.run_changes WHERE run_id = 2"
        ).fetchall()
        t.is_(change, [("updated", old_name, key)], "run 2 logged exactly that update with the before-image")


# ------------------------------------------------------------------------------------------------ resume


def _batches_done(conn, run_id=1) -> tuple[int, int]:
    return conn.execute(
        "SELECT count(*) FILTER (WHERE status = 'done'), count(*) FROM kv2rel.run_batches WHERE run_id = %s",
        (run_id,),
    ).fetchone()


@pytest.mark.parametrize("point", ["planning", "first_batch", "middle", "last_batch"])
def test_resume_after_killing_the_backend(mig_templates, point):
    with clone_database(mig_templates.server, mig_templates.migrated) as reference:
        want_hash = content_hash(reference.conn)
        want_outcomes = outcomes(reference.conn, 1)
    with clone_database(mig_templates.server, mig_templates.seeded) as clone:
        conn = clone.conn
        call = run_in_thread(clone.dsn, "CALL kv2rel.migrate(p_batch_size => 150)")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not call.done.is_set():
            planned = conn.execute("SELECT count(*) FROM kv2rel.runs").fetchone()[0]
            done, total = _batches_done(conn) if planned else (0, 0)
            if point == "planning" or (planned and (
                (point == "first_batch" and done >= 1)
                or (point == "middle" and done >= total // 2)
                or (point == "last_batch" and done >= total - 1)
            )):  # fmt: skip
                break
            time.sleep(0.005)
        conn.execute("SELECT pg_terminate_backend(%s)", (call.pid,))
        call.thread.join(30)
        t.ok(call.error is not None or point == "last_batch", f"the backend was killed ({point})", str(call.result))
        status = conn.execute("SELECT status FROM kv2rel.runs").fetchall()
        t.ok(status in ([], [("running",)], [("completed",)]), "the killed run is resumable (or finished)", str(status))
        locks = conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s", LOCK
        ).fetchone()[0]
        t.is_(locks, 0, "the migration lock died with the backend")
        run_id, summary = call_migrate(conn)
        t.is_(run_id, 1, "the rerun resumes (or, killed while planning, restarts) run 1")
        t.is_(summary["status"], "completed", "the resumed run completes")
        t.ok(summary["identity_holds"], "the resumed run accounts for every key")
        t.is_(content_hash(conn), want_hash,
              f"killed at {point} and resumed: same target content as an uninterrupted run")  # fmt: skip
        t.is_(outcomes(conn, 1), want_outcomes, f"killed at {point} and resumed: same outcomes as an uninterrupted run")


# ------------------------------------------------------------------------------------------------ lock


def test_a_second_migration_is_refused_with_a_clear_message(seeded_db):
    conn = seeded_db.conn
    with psycopg.connect(seeded_db.dsn, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s, %s)", LOCK)
        error = t.throws_ok(conn, "CALL kv2rel.migrate()", "K2502", None, "a held migration lock refuses the call")
        t.ok("another migration is running" in error.diag.message_primary, "the message says why",
             error.diag.message_primary)  # fmt: skip
        t.ok(str(holder.info.backend_pid) in error.diag.message_primary, "the message names the holder's pid")
    t.is_(conn.execute("SELECT count(*) FROM kv2rel.runs").fetchone()[0], 0, "the refused call left no run")
    # Two real runs at once: the second one fails fast while the first goes on and completes.
    first = run_in_thread(seeded_db.dsn, "CALL kv2rel.migrate(p_batch_size => 100)")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not conn.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND granted", LOCK
    ).fetchone()[0]:
        time.sleep(0.005)
    t.throws_ok(conn, "CALL kv2rel.migrate()", "K2502", None, "a second concurrent migration is refused")
    first.thread.join(120)
    t.is_(first.error, None, "the first migration completed")
    t.is_(conn.execute("SELECT status FROM kv2rel.runs").fetchall(), [("completed",)], "one completed run")


# ------------------------------------------------------------------------------------------------ dry run


def test_dry_run_leaves_the_database_byte_identical(seeded_db, pg_dump):
    before = full_dump(pg_dump, seeded_db.dsn)
    run_id, summary = call_migrate(seeded_db.conn, dry_run=True)
    after = full_dump(pg_dump, seeded_db.dsn)
    t.is_(run_id, None, "a dry run returns no run id")
    t.ok(summary["dry_run"] and summary["identity_holds"], "the dry run's summary accounts for every key")
    t.ok(summary["totals"]["migrated"] > 1000, "the dry run computed the outcomes", json.dumps(summary["totals"]))
    t.ok(before == after, "pg_dump (schema and data) is identical after the dry run")
    real_id, real = call_migrate(seeded_db.conn)
    t.is_(
        {k: v for k, v in real["totals"].items() if k not in ("inserted",)},
        {k: v for k, v in summary["totals"].items() if k not in ("inserted",)},
        "a real run then has exactly the outcomes the dry run predicted",
    )


# ------------------------------------------------------------------------------------------------ parameters


@pytest.mark.parametrize(
    "call, sqlstate",
    [
        ("CALL kv2rel.migrate(p_batch_size => 0)", "K2501"),
        ("CALL kv2rel.migrate(p_batch_size => -5)", "K2501"),
        ("CALL kv2rel.migrate(p_batch_size => NULL)", "K2501"),
        ("CALL kv2rel.migrate(p_batch_size => 1000001)", "K2501"),
        ("CALL kv2rel.migrate(p_env => 'nowhere')", "K2503"),
        ("CALL kv2rel.migrate(p_env => NULL)", "K2503"),
        ("CALL kv2rel.migrate(p_kv_table => 'public.no_such_table')", "K2201"),
        ("CALL kv2rel.migrate(p_kv_table => 'kv2rel.settings')", "K2202"),
        ("CALL kv2rel.migrate(p_batch_size => 'abc')", "22P02"),
    ],
)
def test_bad_parameters_are_refused_before_anything_happens(seeded_db, call, sqlstate):
    t.throws_ok(seeded_db.conn, call, sqlstate, None, f"{call} is refused with {sqlstate}")
    t.is_(seeded_db.conn.execute("SELECT count(*) FROM kv2rel.runs").fetchone()[0], 0, "nothing was started")


def test_one_environment_per_database(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        error = t.throws_ok(
            clone.conn, "CALL kv2rel.migrate(p_env => 'development')", "K2505", None,
            "a production database refuses a development run",
        )  # fmt: skip
        t.ok("production" in error.diag.message_primary, "the message names the environment already there")


def test_another_environment_migrates_its_own_keys_in_its_own_database(seeded_db):
    conn = seeded_db.conn
    run_id, summary = call_migrate(conn, env="development")
    t.ok(summary["identity_holds"], "a development run accounts for every key")
    t.is_empty(
        conn,
        "SELECT key FROM kv2rel.run_items WHERE environment IS NOT NULL AND environment <> 'development'"
        " AND outcome <> 'skipped'",
        "keys of other environments are skipped",
    )
    t.is_empty(
        conn,
        "SELECT key FROM kv2rel.run_items WHERE environment IS NOT NULL AND environment <> 'development'"
        " AND reason_code <> 'env_filter'",
        "with reason env_filter",
    )
    t.ok(
        conn.execute(
            "SELECT count(*) FROM kv2rel.run_items WHERE environment = 'development' AND outcome = 'migrated'"
        ).fetchone()[0],
        "development keys are migrated",
    )
    t.ok(
        conn.execute(
            "SELECT count(*) FROM kv2rel.run_items WHERE environment IS NULL AND outcome = 'migrated'"
        ).fetchone()[0],
        "keys without an environment are included",
    )


# ------------------------------------------------------------------------------------------------ bad input

BAD_ROWS = {
    "client:production:c-array": "[1, 2, 3]",
    "client:production:c-string": '"just a string"',
    "client:production:c-number": "42",
    "client:production:c-null": "null",
}


def test_bad_input_values_are_quarantined_or_stored_literally(db):
    db.add_notice_handler(lambda diag: None)
    db.execute("CREATE TABLE public.kv_bad (key text PRIMARY KEY, value jsonb NOT NULL)")
    for key, value in BAD_ROWS.items():
        db.execute("INSERT INTO public.kv_bad VALUES (%s, %s::jsonb)", (key, value))
    big = "x" * (1024 * 1024)
    deep: dict = {"leaf": "bottom"}
    for level in range(150):
        deep = {f"l{level}": deep}
    unicode_id = "c-uni-'\"\\😀-東京"
    unicode_name = "Zoë \"The\" O'Brien \\ 😀 — 東京"
    sql_name = "Robert'); DROP TABLE public.clients; --"
    sql_key = "client:production:x'); DROP TABLE public.sites; --"
    records = {
        "client:production:c-big": {"id": "c-big", "name": "Big Co", "description": big, "note": big},
        "client:production:c-deep": {"id": "c-deep", "name": "Deep Co", "settings": deep},
        f"client:production:{unicode_id}": {"id": unicode_id, "name": unicode_name},
        "client:production:c-sql": {"id": "c-sql", "name": sql_name, "description": "'; SELECT pg_sleep(30); --"},
        sql_key: {"name": "Injected Key Co"},
    }
    for key, value in records.items():
        db.execute("INSERT INTO public.kv_bad VALUES (%s, %s::jsonb)", (key, json.dumps(value)))
    started = time.monotonic()
    run_id, summary = call_migrate(db, kv_table="public.kv_bad")
    t.ok(time.monotonic() - started < 25, "no SQL-looking value was executed (no pg_sleep)")
    t.ok(summary["identity_holds"], "every bad row is accounted for")
    got = {
        r[0]: r[1:]
        for r in db.execute("SELECT key, outcome, reason FROM kv2rel.outcomes WHERE run_id = %s", (run_id,))
    }
    for key in BAD_ROWS:
        t.is_(got[key], ("quarantined", "not_an_object"), f"{key} (a JSON {BAD_ROWS[key][:6]}…) is quarantined")
    offending = dict(db.execute("SELECT key, offending_value FROM kv2rel.quarantine WHERE run_id = %s", (run_id,)))
    t.is_(offending["client:production:c-array"], [1, 2, 3], "the offending value is kept as it was")
    for key in records:
        t.is_(got[key][0], "migrated", f"{key[:40]!r} is migrated")
    row = db.execute("SELECT length(description), extra ->> 'note' = %s FROM public.clients WHERE legacy_id = 'c-big'",
                     (big,)).fetchone()  # fmt: skip
    t.is_(row, (len(big), True), "a 1 MB value is stored whole (column and extra)")
    t.is_(
        db.execute("SELECT settings FROM public.clients WHERE legacy_id = 'c-deep'").fetchone()[0],
        deep,
        "a deeply nested value is stored exactly",
    )
    t.is_(
        db.execute("SELECT name FROM public.clients WHERE legacy_id = %s", (unicode_id,)).fetchone()[0],
        unicode_name,
        "unicode and quotes in keys and values are kept exactly",
    )
    t.is_(
        db.execute("SELECT name, description FROM public.clients WHERE legacy_id = 'c-sql'").fetchone(),
        (sql_name, "'; SELECT pg_sleep(30); --"),
        "SQL-looking strings are stored literally",
    )
    t.is_(
        db.execute("SELECT legacy_id FROM public.clients WHERE name = 'Injected Key Co'").fetchone()[0],
        "x'); DROP TABLE public.sites; --",
        "a SQL-looking key is an id like any other",
    )
    t.has_table(db, "public", "sites", "public.sites still exists")
    t.has_table(db, "public", "clients", "public.clients still exists")
