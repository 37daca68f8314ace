"""kv2rel verify: TAP and JSON output, exit codes, and the structural checks failing for the right reason."""

from __future__ import annotations

import json

import pgtap as t
from harness import exitcodes
from migrate_support import *  # noqa: F403
from reconcile_support import migrated_item


def test_verify_passes_after_apply_and_prints_tap(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    result = cli("verify", "--dsn", empty_dsn)
    t.is_(result.exit_code, 0, f"verify exits 0 on a clean database\n{result.output}")
    lines = result.output.splitlines()
    t.ok(lines[0].startswith("1.."), "TAP plan first", lines[0])
    count = int(lines[0][3:])
    t.is_(sum(line.startswith("ok ") for line in lines), count, "every planned assertion is ok")
    t.ok(any("every migration file is applied" in line for line in lines), "the ledger check ran")


def test_verify_fails_on_a_tampered_ledger_and_names_the_culprit(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    empty_db.execute("UPDATE kv2rel.migration_ledger SET checksum = repeat('0', 64) WHERE version = '0002'")
    result = cli("verify", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.CHECKS_FAILED, "verify exits 5 when a check fails")
    t.ok("not ok" in result.output and "(drift)" in result.output, "the drift assertion fails", result.output)
    t.ok("# drifted: 0002_create_toy_child" in result.output, "the diagnostics name the migration", result.output)
    t.ok("# Looks like you failed 1 test" in result.output, "TAP summary of failures", result.output)


def test_verify_fails_when_a_recorded_view_is_dropped(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    empty_db.execute("DROP VIEW public.toy_summary_named")
    result = cli("verify", "--dsn", empty_dsn, "--format", "json")
    t.is_(result.exit_code, exitcodes.CHECKS_FAILED, "verify exits 5")
    data = json.loads(result.output)
    failed = [a for a in data["assertions"] if not a["ok"]]
    t.ok(
        any("public.toy_summary_named" in (a["diagnostics"] or "") for a in failed),
        "a failed assertion names the missing view",
        json.dumps(failed),
    )
    t.is_(data["failed"], len(failed), "JSON counts the failures")


def test_verify_fails_on_an_unaccounted_function_in_kv2rel(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    empty_db.execute("CREATE FUNCTION kv2rel.sneaky() RETURNS int LANGUAGE sql AS 'SELECT 1'")
    result = cli("verify", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.CHECKS_FAILED, "verify exits 5")
    t.ok("kv2rel.sneaky()" in result.output, "the function of unknown origin is named", result.output)


def test_verify_reports_pending_migrations(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    (toy_sql / "migrations" / "0004_new.sql").write_text("SELECT 1;\n")
    (toy_sql / "migrations" / "0004_new.revert.sql").write_text("SELECT 1;\n")
    result = cli("verify", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.CHECKS_FAILED, "verify fails while a migration is pending")
    t.ok("# pending: 0004_new" in result.output, "naming it", result.output)


def test_verify_on_a_database_without_kv2rel_fails_cleanly(empty_dsn, cli):
    result = cli("verify", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.CHECKS_FAILED, "verify exits 5")
    t.ok("run kv2rel apply first" in result.output, "and tells what to do", result.output)


def test_a_check_that_raises_is_a_failed_assertion_not_a_crash(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    empty_db.execute(
        "CREATE FUNCTION kv2rel.verify_zz_broken() RETURNS SETOF kv2rel.assertion LANGUAGE sql AS 'SELECT (1 / (random() * 0)::int = 1, ''x'', ''y'')::kv2rel.assertion'"
    )
    result = cli("verify", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.CHECKS_FAILED, "verify exits 5")
    t.ok("check verify_zz_broken runs without error" in result.output, "the broken check is reported", result.output)
    t.ok("SQLSTATE 22012" in result.output, "with its SQLSTATE", result.output)


def test_an_assertion_without_ok_or_description_counts_as_failed(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    empty_db.execute(
        "CREATE FUNCTION kv2rel.verify_zz_null() RETURNS SETOF kv2rel.assertion LANGUAGE sql"
        " AS 'SELECT NULL::kv2rel.assertion'"
    )
    result = cli("verify", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.CHECKS_FAILED, "a NULL assertion fails verify")
    t.ok("verify_zz_null returned an assertion without a description" in result.output, "and says so", result.output)


def test_run_checks_from_psql_without_manifest(db):
    rows = db.execute("SELECT check_name, ok FROM kv2rel.run_checks()").fetchall()
    t.ok(rows, "run_checks() returns assertions when called without a manifest (psql path)")
    t.ok(all(ok for _, ok in rows), f"and they pass on a freshly applied database: {rows}")


def test_verify_reconciles_by_hash_and_deep(migrated_db, cli):
    conn = migrated_db.conn

    def reconciliation(*args):
        result = cli("verify", "--dsn", migrated_db.dsn, "--format", "json", *args)
        data = json.loads(result.output)
        return result, [a for a in data["assertions"] if a["check"] == "verify_reconciliation"]

    _, fast = reconciliation()
    t.ok(len(fast) >= 20 and all(a["ok"] for a in fast), "a clean migration: every reconciliation assertion passes")
    key, _, target_id = migrated_item(conn, "product")
    conn.execute("ALTER TABLE public.products DISABLE TRIGGER USER")
    conn.execute("UPDATE public.products SET name = name || ' (edited)' WHERE id = %s", (target_id,))
    try:
        for args, method in (((), "hash"), (("--deep",), "deep")):
            result, checks = reconciliation(*args)
            t.is_(result.exit_code, exitcodes.CHECKS_FAILED, f"verify {' '.join(args)}: a changed value fails (exit 5)")
            failed = [a for a in checks if not a["ok"]]
            t.is_(len(failed), 1, f"verify {' '.join(args)}: exactly the product assertion fails")
            t.ok(
                f"differs {key}" in failed[0]["diagnostics"] and "differs in name" in failed[0]["diagnostics"]
                and f"(method {method})" in failed[0]["diagnostics"],
                f"verify {' '.join(args)}: the diagnostics name the key, the field and the method {method}",
                failed[0]["diagnostics"],
            )
    finally:
        conn.execute("UPDATE public.products SET name = replace(name, ' (edited)', '') WHERE id = %s", (target_id,))
        conn.execute("ALTER TABLE public.products ENABLE TRIGGER USER")
    _, fast = reconciliation("--deep")
    t.ok(all(a["ok"] for a in fast), "restored: verify --deep passes again")
