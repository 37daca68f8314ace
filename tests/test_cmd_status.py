"""kv2rel status: applied / pending / drifted, text and JSON, and its exit codes."""

from __future__ import annotations

import json

import pgtap as t
from harness import exitcodes


def test_status_of_an_untouched_database_is_all_pending(toy_sql, empty_db, empty_dsn, cli):
    result = cli("status", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.PENDING, "exit code 3 (pending)")
    t.ok("pending: 0 applied, 3 pending" in result.output, "the summary counts pending migrations", result.output)
    t.is_(
        empty_db.execute("SELECT to_regnamespace('kv2rel')").fetchone()[0], None, "status created nothing (read-only)"
    )


def test_status_is_clean_after_apply(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    result = cli("status", "--dsn", empty_dsn, "--format", "json")
    t.is_(result.exit_code, exitcodes.OK, "exit code 0 when clean")
    data = json.loads(result.output)
    t.is_(data["verdict"], "clean", "verdict clean")
    t.is_(data["counts"]["applied"], 3, "three applied")
    t.is_(
        [m["state"] for m in data["migrations"]], ["applied"] * 3, "every migration reported applied"
    )
    t.ok(all(m["applied_at"] and m["applied_by"] for m in data["migrations"]), "with when and by whom")


def test_status_reports_new_migration_as_pending(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    (toy_sql / "migrations" / "0004_new.sql").write_text("SELECT 1;\n")
    (toy_sql / "migrations" / "0004_new.revert.sql").write_text("SELECT 1;\n")
    result = cli("status", "--dsn", empty_dsn, "--format", "json")
    t.is_(result.exit_code, exitcodes.PENDING, "exit code 3 with a pending migration")
    data = json.loads(result.output)
    t.is_(
        [(m["name"], m["state"]) for m in data["migrations"] if m["state"] != "applied"],
        [("0004_new", "pending")],
        "the new migration is the pending one",
    )


def test_status_reports_changed_definition_as_pending(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    path = toy_sql / "views" / "toy_summary.sql"
    path.write_text(path.read_text().replace("p.name", "p.name, p.id AS again"))
    result = cli("status", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.PENDING, "a changed view makes status pending")
    t.ok("pending      view toy_summary" in result.output, "and names it", result.output)


def test_status_reports_drift_and_it_wins_over_pending(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    path = toy_sql / "migrations" / "0001_create_toy_parent.sql"
    path.write_text(path.read_text().replace("toy parent table", "toy parent table (edited)"))
    (toy_sql / "migrations" / "0004_new.sql").write_text("SELECT 1;\n")
    (toy_sql / "migrations" / "0004_new.revert.sql").write_text("SELECT 1;\n")
    result = cli("status", "--dsn", empty_dsn, "--format", "json")
    t.is_(result.exit_code, exitcodes.DRIFT, "exit code 4 on drift, even with something pending")
    data = json.loads(result.output)
    drifted = [m for m in data["migrations"] if m["state"] == "drifted"]
    t.is_([m["name"] for m in drifted], ["0001_create_toy_parent"], "the edited migration is reported drifted")
    t.ok(drifted[0]["ledger_checksum"] != drifted[0]["file_checksum"], "with both checksums")


def test_status_reports_applied_migration_whose_file_is_missing(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    (toy_sql / "migrations" / "0003_add_toy_note.sql").unlink()
    (toy_sql / "migrations" / "0003_add_toy_note.revert.sql").unlink()
    result = cli("status", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.DRIFT, "a missing file is drift")
    t.ok("missing_file 0003_add_toy_note" in result.output, "and is named", result.output)


def test_status_reports_renamed_migration(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    folder = toy_sql / "migrations"
    (folder / "0003_add_toy_note.sql").rename(folder / "0003_add_a_note.sql")
    (folder / "0003_add_toy_note.revert.sql").rename(folder / "0003_add_a_note.revert.sql")
    result = cli("status", "--dsn", empty_dsn, "--format", "json")
    t.is_(result.exit_code, exitcodes.DRIFT, "a renamed applied migration is drift")
    states = {m["name"]: m["state"] for m in json.loads(result.output)["migrations"]}
    t.is_(states.get("0003_add_a_note"), "renamed", "reported as renamed")
