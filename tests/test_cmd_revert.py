"""kv2rel revert: reverse order, --to, leaves only an empty ledger, revert + apply is identical."""

from __future__ import annotations

import pgtap as t
from conftest import ledger, schema_dump
from harness import exitcodes


def test_revert_to_a_version_undoes_later_migrations_newest_first(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    result = cli("revert", "--to", "0001", "--dsn", empty_dsn)
    t.is_(result.exit_code, 0, f"revert exits 0\n{result.output}")
    t.ok(
        result.output.index("reverting 0003_add_toy_note") < result.output.index("reverting 0002_create_toy_child"),
        "newest first",
        result.output,
    )
    t.is_([r[0] for r in ledger(empty_db)], ["0001"], "only 0001 stays in the ledger")
    t.hasnt_table(empty_db, "public", "toy_child", "0002 was reverted")
    t.has_table(empty_db, "public", "toy_parent", "0001 stays")
    t.has_view(empty_db, "public", "toy_summary", "definitions are re-applied when migrations remain")


def test_definitions_that_need_reverted_objects_stay_pending(toy_sql, empty_db, empty_dsn, cli):
    (toy_sql / "views" / "toy_children.sql").write_text(
        "CREATE OR REPLACE VIEW public.toy_children AS SELECT c.id FROM public.toy_child AS c;\n"
    )
    cli("apply", "--dsn", empty_dsn)
    result = cli("revert", "--to", "0001", "--dsn", empty_dsn)
    t.is_(result.exit_code, 0, f"the revert itself succeeds\n{result.output}")
    t.ok("view:toy_children (42P01" in result.output, "and says which view could not be re-created", result.output)
    t.has_view(empty_db, "public", "toy_summary", "views that still make sense are re-applied")
    status = cli("status", "--dsn", empty_dsn)
    t.ok("pending      view toy_children" in status.output, "the other stays pending", status.output)


def test_revert_to_zero_leaves_nothing_but_an_empty_ledger(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    result = cli("revert", "--to", "0", "--dsn", empty_dsn)
    t.is_(result.exit_code, 0, f"revert --to 0 exits 0\n{result.output}")
    t.is_empty(empty_db, "SELECT * FROM kv2rel.migration_ledger", "the migration ledger is empty")
    t.is_empty(empty_db, "SELECT * FROM kv2rel.definition_ledger", "the definition ledger is empty")
    t.is_empty(
        empty_db,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public'",
        "no table, view, index or sequence is left in public",
    )
    t.is_empty(
        empty_db,
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = 'public' OR (n.nspname = 'kv2rel' AND p.proname IN ('run_checks', 'verify_ledger'))",
        "no function of a definition file is left",
    )


def test_revert_then_apply_gives_an_identical_schema(toy_sql, empty_dsn, cli, pg_dump):
    cli("apply", "--dsn", empty_dsn)
    before = schema_dump(pg_dump, empty_dsn)
    cli("revert", "--to", "0", "--dsn", empty_dsn)
    cli("apply", "--dsn", empty_dsn)
    t.is_(schema_dump(pg_dump, empty_dsn), before, "the schema dump after revert + apply equals the original")


def test_real_package_revert_to_zero_and_reapply_is_identical(empty_db, empty_dsn, cli, pg_dump):
    first = cli("apply", "--dsn", empty_dsn)
    t.is_(first.exit_code, 0, f"apply exits 0\n{first.output[-1500:]}")
    before = schema_dump(pg_dump, empty_dsn)
    reverted = cli("revert", "--to", "0", "--dsn", empty_dsn)
    t.is_(reverted.exit_code, 0, f"revert --to 0 exits 0\n{reverted.output[-1500:]}")
    t.is_empty(
        empty_db,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'",
        "the target schema is empty after reverting the whole package",
    )
    t.is_empty(
        empty_db,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'kv2rel'"
        " AND c.relname NOT IN ('migration_ledger', 'migration_ledger_pkey', 'definition_ledger',"
        " 'definition_ledger_pkey', 'assertion')",
        "only the ledger is left in kv2rel",
    )
    again = cli("apply", "--dsn", empty_dsn)
    t.is_(again.exit_code, 0, f"re-apply exits 0\n{again.output[-1500:]}")
    t.is_(schema_dump(pg_dump, empty_dsn), before, "apply after revert --to 0 recreates an identical schema")


def test_revert_refuses_unknown_target(toy_sql, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    for bad in ("0042", "abc", "12345"):
        result = cli("revert", "--to", bad, "--dsn", empty_dsn)
        t.is_(result.exit_code, exitcodes.ERROR, f"--to {bad} is refused")
        t.ok(bad in result.output, f"the message names {bad}", result.output)


def test_revert_refuses_on_drift(toy_sql, empty_db, empty_dsn, cli):
    cli("apply", "--dsn", empty_dsn)
    path = toy_sql / "migrations" / "0003_add_toy_note.sql"
    path.write_text(path.read_text() + "-- edited\n")
    result = cli("revert", "--to", "0", "--dsn", empty_dsn)
    t.is_(result.exit_code, exitcodes.DRIFT, "revert refuses with the drift code")
    t.is_(len(ledger(empty_db)), 3, "nothing was reverted")


def test_revert_requires_to(cli):
    result = cli("revert")
    t.is_(result.exit_code, exitcodes.USAGE, "revert without --to is a usage error")
