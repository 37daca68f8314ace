"""`kv2rel migrate` (issue 5): options, progress, summary table, JSON, exit codes, lock, dry run."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import psycopg
import pytest

import pgtap as t
from migrate_support import mig_templates, seeded_db  # noqa: F401  (fixtures)

LOCK = (1802908274, 2)


def test_runs_and_prints_a_summary_per_entity_and_outcome(seeded_db, cli):
    result = cli("migrate", "--dsn", seeded_db.dsn)
    t.is_(result.exit_code, 0, "kv2rel migrate exits 0 (quarantined keys are outcomes, not failures)")
    out = result.stdout
    t.ok("entity" in out and "migrated" in out and "quarantined" in out, "a table per entity and outcome", out)
    t.ok("accounting:" in out and "(holds)" in out, "the accounting identity is printed and holds", out)
    for entity in ("client", "product", "order", "employee"):
        t.ok(f"\n{entity} " in out, f"the table has a row for {entity}", out)
    t.ok("batch" in result.stderr and "keys/s" in result.stderr and "ETA" in result.stderr,
         "plain progress lines with rate and ETA on stderr when not a terminal", result.stderr)  # fmt: skip
    second = cli("migrate", "--dsn", seeded_db.dsn, "--format", "json")
    t.is_(second.exit_code, 0, "a second run exits 0")
    summary = json.loads(second.stdout)
    t.is_(summary["run_id"], 2, "the second run is run 2")
    t.is_(summary["totals"]["unchanged"], summary["totals"]["migrated"], "the second run changed nothing")


def test_json_has_the_same_data(seeded_db, cli):
    result = cli("migrate", "--dsn", seeded_db.dsn, "--format", "json", "--batch-size", "700")
    t.is_(result.exit_code, 0, "exit 0")
    summary = json.loads(result.stdout)
    for key in ("run_id", "status", "totals", "entities", "reasons", "identity_holds", "elapsed_s", "batches"):
        t.ok(key in summary, f"the JSON has {key}")
    t.is_(summary["batch_size"], 700, "--batch-size is used")
    totals = summary["totals"]
    t.is_(totals["total"], totals["migrated"] + totals["merged"] + totals["quarantined"] + totals["skipped"],
          "total = migrated + merged + quarantined + skipped")  # fmt: skip
    t.is_(
        {e["entity"]: e["migrated"] for e in summary["entities"]},
        dict(seeded_db.conn.execute(
            "SELECT coalesce(entity, '(unknown)'), count(*) FILTER (WHERE outcome = 'migrated')"
            " FROM kv2rel.outcomes GROUP BY 1"
        ).fetchall()),  # fmt: skip
        "the per-entity numbers are those of kv2rel.outcomes",
    )


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "1000001"])
def test_bad_batch_sizes_are_usage_errors(seeded_db, cli, value):
    result = cli("migrate", "--dsn", seeded_db.dsn, "--batch-size", value)
    t.is_(result.exit_code, 2, f"--batch-size {value} is refused up front (exit 2)")
    t.ok("--batch-size" in result.output and "1 to 1000000" in result.output, "the message says what is allowed",
         result.output)  # fmt: skip
    t.is_(seeded_db.conn.execute("SELECT count(*) FROM kv2rel.runs").fetchone()[0], 0, "nothing was started")


@pytest.mark.parametrize(
    "args, sqlstate",
    [(["--env", "mars"], "K2503"), (["--kv-table", "public.nope"], "K2201"), (["--kv-table", "kv2rel.runs"], "K2202")],
)
def test_unknown_table_or_environment_exit_1_with_a_clear_message(seeded_db, cli, args, sqlstate):
    result = cli("migrate", "--dsn", seeded_db.dsn, *args)
    t.is_(result.exit_code, 1, f"{' '.join(args)}: exit 1")
    t.ok(result.stderr.startswith(f"Error: {sqlstate}:"), f"{' '.join(args)}: {sqlstate} with its message",
         result.stderr)  # fmt: skip


def test_another_migration_running_is_a_clear_error(seeded_db, cli):
    with psycopg.connect(seeded_db.dsn, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s, %s)", LOCK)
        result = cli("migrate", "--dsn", seeded_db.dsn)
    t.is_(result.exit_code, 1, "a second migration exits 1")
    t.ok("another migration is running" in result.stderr, "and says why", result.stderr)


def test_dry_run_changes_nothing(seeded_db, cli):
    result = cli("migrate", "--dsn", seeded_db.dsn, "--dry-run", "--format", "json")
    t.is_(result.exit_code, 0, "a dry run exits 0")
    summary = json.loads(result.stdout)
    t.ok(summary["dry_run"] and summary["totals"]["migrated"] > 0, "it reports what a run would do")
    conn = seeded_db.conn
    t.is_(conn.execute("SELECT count(*) FROM kv2rel.runs").fetchone()[0], 0, "no run row")
    t.is_(conn.execute("SELECT count(*) FROM public.clients").fetchone()[0], 0, "no target row")
    text = cli("migrate", "--dsn", seeded_db.dsn, "--dry-run")
    t.ok("dry run (nothing changed)" in text.stdout, "the text summary says it was a dry run", text.stdout)


def test_killed_cli_run_resumes(seeded_db):
    kv2rel_exe = [sys.executable, "-c", "from harness.cli import main; main()"]
    proc = subprocess.Popen(
        [*kv2rel_exe, "migrate", "--dsn", seeded_db.dsn, "--batch-size", "100"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    conn = seeded_db.conn
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = conn.execute("SELECT count(*) FROM kv2rel.run_batches WHERE status = 'done'").fetchone()[0]
        if done >= 3:
            break
        time.sleep(0.01)
    conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
        " AND query LIKE 'CALL kv2rel.migrate%'"
    )
    out, err = proc.communicate(timeout=60)
    t.is_(proc.returncode, 1, "the killed run exits 1")
    t.ok("resumable" in err, "and says it can be resumed", err)
    t.is_(conn.execute("SELECT status FROM kv2rel.runs").fetchone()[0], "failed", "the run is marked failed")
    rerun = subprocess.run([*kv2rel_exe, "migrate", "--dsn", seeded_db.dsn, "--format", "json"],
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    t.is_(rerun.returncode, 0, "running it again exits 0")
    summary = json.loads(rerun.stdout)
    t.is_((summary["run_id"], summary["attempts"], summary["status"]), (1, 2, "completed"), "run 1 resumed, completed")


def test_bench_migrate_reports_the_documented_figures(db_dsn, cli):
    result = cli("bench", "migrate", "--dsn", db_dsn, "--records", "2000", "--format", "json")
    t.ok(result.exit_code == 0, "kv2rel bench migrate exits 0", result.output)
    report = json.loads(result.stdout)
    for key in ("records", "seconds", "records_per_s", "baseline_seconds", "baseline_ratio", "peak_rss_mb"):
        t.ok(report.get(key) is not None, f"the JSON has {key}", json.dumps(report))
    t.ok(report["identity_holds"], "the benchmarked run accounts for every key")
    t.is_(report["baseline_rows"], report["totals"]["migrated"], "the baseline loads exactly the migrated rows")
    again = cli("bench", "migrate", "--dsn", db_dsn, "--records", "2000")
    t.is_(again.exit_code, 1, "a database that already holds a migration is refused")
    t.ok("scratch database" in again.stderr, "with a clear message", again.stderr)
