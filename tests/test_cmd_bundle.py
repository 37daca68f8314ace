"""kv2rel bundle: psql parity (same ledger, same lock, status agrees), re-run no-op, drift refusal."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import psycopg

import pgtap as t
from conftest import ledger
from harness import exitcodes
from harness.db import LOCK_APPLY, LOCK_CLASS


def run_psql(psql: str, dsn: str, script: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    return subprocess.run(
        [psql, "-X", "-v", "ON_ERROR_STOP=1", "-f", str(script), dsn], capture_output=True, text=True, env=env
    )


def test_bundle_applied_by_psql_matches_kv2rel_apply(toy_sql, tmp_path, cli, psql, empty_db, empty_dsn, pg_server):
    out = tmp_path / "deploy.sql"
    result = cli("bundle", "-o", str(out))
    t.is_(result.exit_code, 0, "bundle exits 0")
    ran = run_psql(psql, empty_dsn, out)
    t.is_(ran.returncode, 0, f"psql -v ON_ERROR_STOP=1 -f deploy.sql succeeds\n{ran.stderr}")
    t.is_(
        ran.stdout.splitlines()[:3],
        ["applying 0001_create_toy_parent", "applying 0002_create_toy_child", "applying 0003_add_toy_note"],
        f"the bundle says what it applies, like kv2rel apply, and prints no query results: {ran.stdout!r}",
    )
    status = cli("status", "--dsn", empty_dsn)
    t.is_(status.exit_code, exitcodes.OK, f"kv2rel status is clean after the psql bundle\n{status.output}")
    t.results_eq(
        empty_db,
        "SELECT DISTINCT applied_via FROM kv2rel.migration_ledger",
        [("psql",)],
        "the ledger says the rows came through psql",
    )
    via_psql = ledger(empty_db)
    defs_psql = empty_db.execute("SELECT kind, name, checksum, objects FROM kv2rel.definition_ledger").fetchall()

    # the same package applied by the harness to another fresh database
    with psycopg.connect(pg_server.dsn, autocommit=True) as admin:
        admin.execute("CREATE DATABASE bundle_twin")
    twin_dsn = pg_server.dsn_for("bundle_twin")
    try:
        cli("apply", "--dsn", twin_dsn)
        with psycopg.connect(twin_dsn) as twin:
            t.is_(ledger(twin), via_psql, "migration ledger rows (version, name, checksum) equal kv2rel apply's")
            t.bag_eq(
                twin,
                "SELECT kind, name, checksum, objects FROM kv2rel.definition_ledger",
                defs_psql,
                "definition ledger rows equal kv2rel apply's",
            )
    finally:
        with psycopg.connect(pg_server.dsn, autocommit=True) as admin:
            admin.execute("DROP DATABASE bundle_twin")


def test_rerunning_the_bundle_is_a_no_op(toy_sql, tmp_path, cli, psql, empty_db, empty_dsn):
    out = tmp_path / "deploy.sql"
    cli("bundle", "-o", str(out))
    run_psql(psql, empty_dsn, out)
    before = empty_db.execute("SELECT * FROM kv2rel.migration_ledger ORDER BY version").fetchall()
    defs = empty_db.execute("SELECT kind, name, applied_at FROM kv2rel.definition_ledger").fetchall()
    again = run_psql(psql, empty_dsn, out)
    t.is_(again.returncode, 0, f"the second run succeeds\n{again.stderr}")
    t.is_(again.stdout, "", "and has nothing to say")
    t.results_eq(
        empty_db, "SELECT * FROM kv2rel.migration_ledger ORDER BY version", before, "the ledger is untouched"
    )
    t.set_eq(
        empty_db, "SELECT kind, name, applied_at FROM kv2rel.definition_ledger", defs, "no definition re-applied"
    )


def test_bundle_applies_only_what_is_pending(toy_sql, tmp_path, cli, psql, empty_db, empty_dsn):
    cli("apply", "--dsn", empty_dsn)
    (toy_sql / "migrations" / "0004_add_flag.sql").write_text("ALTER TABLE public.toy_child ADD COLUMN flag boolean;\n")
    (toy_sql / "migrations" / "0004_add_flag.revert.sql").write_text("ALTER TABLE public.toy_child DROP COLUMN flag;\n")
    out = tmp_path / "deploy.sql"
    cli("bundle", "-o", str(out))
    ran = run_psql(psql, empty_dsn, out)
    t.is_(ran.returncode, 0, f"the bundle applies on a partly migrated database\n{ran.stderr}")
    t.has_column(empty_db, "public", "toy_child", "flag", "the pending migration ran")
    t.is_([r[0] for r in ledger(empty_db)], ["0001", "0002", "0003", "0004"], "and only it was added to the ledger")


def test_bundle_refuses_on_drift_before_changing_anything(toy_sql, tmp_path, cli, psql, empty_db, empty_dsn):
    cli("apply", "--dsn", empty_dsn)
    path = toy_sql / "migrations" / "0002_create_toy_child.sql"
    path.write_text(path.read_text() + "-- edited after it was applied\n")
    (toy_sql / "migrations" / "0004_add_flag.sql").write_text("ALTER TABLE public.toy_child ADD COLUMN flag boolean;\n")
    (toy_sql / "migrations" / "0004_add_flag.revert.sql").write_text("SELECT 1;\n")
    out = tmp_path / "deploy.sql"
    cli("bundle", "-o", str(out))
    ran = run_psql(psql, empty_dsn, out)
    t.ok(ran.returncode != 0, "psql stops with an error")
    t.ok("K2001" in ran.stderr or "drift" in ran.stderr, "the error is the drift refusal", ran.stderr)
    t.ok("0002_create_toy_child" in ran.stderr, "naming the migration", ran.stderr)
    t.is_(len(ledger(empty_db)), 3, "the pending migration was not applied")


def test_bundle_takes_the_same_advisory_lock(toy_sql, tmp_path, cli, psql, empty_db, empty_dsn, pg_server):
    out = tmp_path / "deploy.sql"
    cli("bundle", "-o", str(out))
    with psycopg.connect(empty_dsn, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_CLASS, LOCK_APPLY))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        proc = subprocess.Popen(
            [psql, "-X", "-v", "ON_ERROR_STOP=1", "-f", str(out), empty_dsn],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        time.sleep(1.0)
        t.is_(proc.poll(), None, "psql waits while kv2rel's apply lock is held")
        t.is_(
            empty_db.execute("SELECT to_regclass('kv2rel.migration_ledger')").fetchone()[0],
            None,
            "and has changed nothing yet",
        )
        holder.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_CLASS, LOCK_APPLY))
    _, err = proc.communicate(timeout=60)
    t.is_(proc.returncode, 0, f"it proceeds once the lock is released\n{err}")
    t.is_(len(ledger(empty_db)), 3, "and applies everything")


def test_bundle_to_stdout(toy_sql, cli):
    result = cli("bundle")
    t.is_(result.exit_code, 0, "bundle to stdout exits 0")
    t.ok(result.output.startswith("-- kv2rel deployment bundle"), "the script starts with its header")
    t.ok("\\set ON_ERROR_STOP on" in result.output, "the script stops on the first error even without -v")
