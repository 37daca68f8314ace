"""kv2rel apply: order, exactly-once, idempotence, dry run, drift refusal, concurrency, errors."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pgtap as t
from conftest import ledger, schema_dump
from harness import exitcodes
from harness.sqlfiles import migrations, sha256_file


def test_apply_on_an_empty_database_applies_everything_in_order(toy_sql, empty_db, empty_dsn, cli):
    result = cli("apply", "--dsn", empty_dsn)
    t.is_(result.exit_code, 0, f"apply exits 0\n{result.output}")
    t.results_eq(
        empty_db,
        "SELECT version, name FROM kv2rel.migration_ledger ORDER BY applied_at, version",
        [("0001", "0001_create_toy_parent"), ("0002", "0002_create_toy_child"), ("0003", "0003_add_toy_note")],
        "migrations are applied in version order, one ledger row each",
    )
    t.results_eq(
        empty_db,
        "SELECT checksum FROM kv2rel.migration_ledger ORDER BY version",
        [(m.checksum,) for m in migrations(toy_sql)],
        "the ledger stores the sha256 of each file",
    )
    t.results_eq(
        empty_db,
        "SELECT applied_by = session_user, applied_via, duration >= interval '0.3 s'"
        " FROM kv2rel.migration_ledger WHERE version = '0001'",
        [(True, "kv2rel", True)],
        "the ledger records who applied it, through which tool, and how long it took",
    )
    t.has_column(empty_db, "public", "toy_parent", "note", "the last migration ran")
    t.set_eq(
        empty_db,
        "SELECT kind, name FROM kv2rel.definition_ledger",
        [
            ("function", "run_checks"),
            ("function", "verify_ledger"),
            ("function", "verify_definitions"),
            ("function", "toy_parent_count"),
            ("view", "toy_summary"),
            ("view", "toy_summary_named"),
        ],
        "every definition file is recorded",
    )
    t.results_eq(
        empty_db,
        "SELECT name FROM kv2rel.definition_ledger WHERE kind = 'view' ORDER BY apply_order",
        [("toy_summary",), ("toy_summary_named",)],
        "a view that requires another is applied after it",
    )
    t.is_(
        empty_db.execute("SELECT public.toy_parent_count()").fetchone()[0],
        0,
        "a SQL function defined before the view it reads works once the view exists",
    )


def test_apply_twice_is_a_no_op(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    before = empty_db.execute("SELECT * FROM kv2rel.migration_ledger ORDER BY version").fetchall()
    defs_before = empty_db.execute("SELECT kind, name, applied_at FROM kv2rel.definition_ledger").fetchall()
    result = cli("apply", "--dsn", empty_dsn)
    t.is_(result.exit_code, 0, "the second apply exits 0")
    t.ok("applied 0 migration(s), 0 definition(s)" in result.output, "the second apply applies nothing", result.output)
    t.results_eq(
        empty_db,
        "SELECT * FROM kv2rel.migration_ledger ORDER BY version",
        before,
        "the ledger is unchanged by a second apply",
    )
    t.set_eq(
        empty_db,
        "SELECT kind, name, applied_at FROM kv2rel.definition_ledger",
        defs_before,
        "unchanged definitions are not re-applied",
    )


def test_changed_definition_is_reapplied_and_stale_overload_dropped(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    (toy_sql / "functions" / "toy_parent_count.sql").write_text(
        "CREATE OR REPLACE FUNCTION public.toy_parent_count(p_min integer DEFAULT 0)\nRETURNS bigint\nSTABLE\n"
        "LANGUAGE sql\nAS $$ SELECT count(*) FROM public.toy_parent WHERE id >= p_min $$;\n"
    )
    result = cli("apply", "--dsn", empty_dsn)
    t.ok("1 definition(s)" in result.output, "only the changed definition is re-applied", result.output)
    t.results_eq(
        empty_db,
        "SELECT objects FROM kv2rel.definition_ledger WHERE name = 'toy_parent_count'",
        [(["public.toy_parent_count(integer)"],)],
        "the ledger records the new signature only",
    )
    t.is_(
        empty_db.execute("SELECT to_regprocedure('public.toy_parent_count()')").fetchone()[0],
        None,
        "the old signature is dropped, not left behind as an overload",
    )


def test_removed_definition_file_is_dropped(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    (toy_sql / "views" / "toy_summary_named.sql").unlink()
    cli("apply", "--dsn", empty_dsn)
    t.is_(
        empty_db.execute("SELECT to_regclass('public.toy_summary_named')").fetchone()[0],
        None,
        "a view whose file was removed is dropped",
    )
    t.is_empty(
        empty_db,
        "SELECT 1 FROM kv2rel.definition_ledger WHERE name = 'toy_summary_named'",
        "and forgotten by the ledger",
    )


def test_dry_run_prints_the_sql_and_changes_nothing(toy_sql, empty_db, empty_dsn, cli, pg_dump):
    before = schema_dump(pg_dump, empty_dsn)
    result = cli("apply", "--dry-run", "--dsn", empty_dsn)
    t.is_(result.exit_code, 0, "dry run exits 0")
    for m in migrations(toy_sql):
        t.ok(m.text in result.output, f"dry run shows the text of {m.name}", result.output[:500])
        t.ok(
            f"SELECT kv2rel.record_migration('{m.version}', '{m.name}', '{m.checksum}', '{m.purpose}');"
            in result.output,
            f"dry run shows the ledger row of {m.name}",
        )
    t.is_(schema_dump(pg_dump, empty_dsn), before, "the database schema is byte-identical after a dry run")
    t.is_(
        empty_db.execute("SELECT to_regnamespace('kv2rel')").fetchone()[0], None, "not even the ledger was created"
    )


def test_dry_run_after_apply_says_nothing_is_pending(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    result = cli("apply", "--dry-run", "--dsn", empty_dsn)
    t.ok("nothing is pending" in result.output, "dry run on an up-to-date database says so", result.output[-300:])
    t.ok("CREATE TABLE public.toy_parent" not in result.output, "and shows no migration body")


def test_drift_is_refused_naming_the_file_and_both_checksums(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    path = toy_sql / "migrations" / "0002_create_toy_child.sql"
    old = sha256_file(path)
    path.write_text(path.read_text() + "-- an innocent-looking edit\n")
    new = sha256_file(path)
    (toy_sql / "migrations" / "0004_add_more.sql").write_text("ALTER TABLE public.toy_child ADD COLUMN more text;\n")
    (toy_sql / "migrations" / "0004_add_more.revert.sql").write_text("ALTER TABLE public.toy_child DROP COLUMN more;\n")
    result = cli("apply", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.DRIFT, "apply exits with the drift code")
    t.ok("0002_create_toy_child.sql" in result.output, "the error names the file", result.output)
    t.ok(old in result.output and new in result.output, "the error shows both checksums", result.output)
    t.hasnt_table(empty_db, "public", "toy_child_more", "nothing was applied")
    t.is_(
        empty_db.execute("SELECT count(*) FROM kv2rel.migration_ledger").fetchone()[0],
        3,
        "the pending migration was not applied either",
    )


def test_out_of_order_migration_is_refused(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    (toy_sql / "migrations" / "0000_too_late.sql").write_text("SELECT 1;\n")
    (toy_sql / "migrations" / "0000_too_late.revert.sql").write_text("SELECT 1;\n")
    result = cli("apply", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.ERROR, "apply refuses a migration older than the newest applied one")
    t.ok("0000_too_late" in result.output, "and names it", result.output)


def test_failing_migration_rolls_back_with_its_ledger_row(toy_sql, empty_db, empty_dsn, cli):
    (toy_sql / "migrations" / "0004_broken.sql").write_text(
        "CREATE TABLE public.half_done (id integer);\nSELECT 1/0;\n"
    )
    (toy_sql / "migrations" / "0004_broken.revert.sql").write_text("DROP TABLE public.half_done;\n")
    result = cli("apply", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.ERROR, "apply fails")
    t.ok("22012" in result.output and "division by zero" in result.output, "with the SQLSTATE and message", result.output)
    t.hasnt_table(empty_db, "public", "half_done", "the failed migration left nothing behind")
    t.is_(
        [r[0] for r in ledger(empty_db)], ["0001", "0002", "0003"], "earlier migrations stay applied and recorded"
    )


def test_eight_concurrent_applies_apply_each_migration_once(toy_sql, empty_db, empty_dsn, kv2rel_exe):
    env = dict(os.environ, KV2REL_SQL_DIR=str(toy_sql))
    procs = [
        subprocess.Popen(
            [*kv2rel_exe, "apply", "--dsn", empty_dsn],
            env=env,
            cwd=Path(__file__).parent.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(8)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    t.is_([p.returncode for p in procs], [0] * 8, "all 8 concurrent applies exit 0\n" + "\n".join(outputs))
    t.is_(
        sum("applied 3 migration(s)" in o for o in outputs), 1, "exactly one of them applied the migrations"
    )
    t.is_([r[0] for r in ledger(empty_db)], ["0001", "0002", "0003"], "each migration has exactly one ledger row")


def test_bad_dsn_gives_a_one_line_error(toy_sql, cli):
    result = cli("apply", "--dsn", "host=/nonexistent/socket/dir dbname=nope")
    t.is_(result.exit_code, exitcodes.ERROR, "exit code 1")
    lines = result.output.strip().splitlines()
    t.is_(len(lines), 1, f"one line of error output: {result.output!r}")
    t.ok(lines[0].startswith("Error: cannot connect to"), "it says it cannot connect", lines[0])


def test_password_is_never_printed(cli):
    result = cli("status", "--dsn", "postgresql://alice:s3cret@127.0.0.1:1/db?connect_timeout=2")
    t.is_(result.exit_code, exitcodes.ERROR, "exit code 1")
    t.ok("s3cret" not in result.output, "the password is redacted", result.output)


def test_dsn_falls_back_to_database_url(toy_sql, empty_db, empty_dsn, cli, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", empty_dsn)
    result = cli("apply")
    t.is_(result.exit_code, 0, f"apply without --dsn uses DATABASE_URL\n{result.output}")
    t.is_(len(ledger(empty_db)), 3, "and applied to that database")


def test_dsn_falls_back_to_pg_variables(toy_sql, empty_db, cli, monkeypatch):
    info = empty_db.info
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for key, value in {"PGHOST": info.host, "PGPORT": str(info.port), "PGUSER": info.user, "PGDATABASE": info.dbname}.items():
        monkeypatch.setenv(key, value)
    result = cli("apply")
    t.is_(result.exit_code, 0, f"apply without --dsn or DATABASE_URL uses PG* variables\n{result.output}")
    t.is_(len(ledger(empty_db)), 3, "and applied to that database")


def test_real_package_applies_cleanly_and_reapplies_as_no_op(empty_db, empty_dsn, cli):
    first = cli("apply", "--dsn", empty_dsn)
    t.is_(first.exit_code, 0, f"the real package applies on an empty database\n{first.output[-2000:]}")
    second = cli("apply", "--dsn", empty_dsn)
    t.ok("applied 0 migration(s), 0 definition(s)" in second.output, "re-apply is a no-op", second.output)
    t.is_(
        empty_db.execute("SELECT count(*) FROM kv2rel.migration_ledger").fetchone()[0],
        len(migrations()),
        "every migration of the package is recorded once",
    )


def test_psql_meta_commands_in_sql_files_are_refused(toy_sql, empty_dsn, cli):
    (toy_sql / "migrations" / "0004_meta.sql").write_text("\\set x 1\nSELECT 1;\n")
    (toy_sql / "migrations" / "0004_meta.revert.sql").write_text("SELECT 1;\n")
    result = cli("apply", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.ERROR, "apply refuses")
    t.ok("0004_meta.sql: line 1" in result.output, "and names file and line", result.output)

