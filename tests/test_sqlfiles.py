"""harness/sqlfiles.py: layout rules are enforced with messages that name the offending file."""

from __future__ import annotations

from pathlib import Path

import pytest

import pgtap as t
from conftest import write_toy_sql
from harness.sqlfiles import SqlLayoutError, definitions, manifest, migrations


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_toy_sql(tmp_path / "sql")


def test_toy_tree_is_valid(tree):
    t.is_([m.version for m in migrations(tree)], ["0001", "0002", "0003"], "migrations in version order")
    t.is_(
        [d.name for d in definitions(tree)],
        ["run_checks", "toy_parent_count", "verify_definitions", "verify_ledger", "toy_summary", "toy_summary_named"],
        "functions by name, then views in dependency order",
    )
    data = manifest(tree)
    t.is_(len(data["migrations"]), 3, "manifest lists migrations")
    t.ok(all(len(m["checksum"]) == 64 for m in data["migrations"]), "with sha256 checksums")


BAD_LAYOUTS = [
    ("migrations/12_short.sql", "SELECT 1;", "four-digit version"),
    ("migrations/0009_CamelCase.sql", "SELECT 1;", "NNNN_lower_snake_case"),
    ("migrations/0009_no_revert.sql", "SELECT 1;", "missing its revert file 0009_no_revert.revert.sql"),
    ("migrations/0009_orphan.revert.sql", "SELECT 1;", "revert file without a migration"),
    ("functions/Bad-Name.sql", "SELECT 1;", "<lower_snake_case_object>.sql"),
    ("views/needs_ghost.sql", "-- requires: ghost_view\nSELECT 1;", "requires 'ghost_view'"),
]


@pytest.mark.parametrize(("relpath", "text", "message"), BAD_LAYOUTS, ids=[b[0] for b in BAD_LAYOUTS])
def test_bad_layouts_are_refused_naming_the_file(tree, relpath, text, message):
    (tree / relpath).write_text(text)
    with pytest.raises(SqlLayoutError) as caught:
        migrations(tree)
        definitions(tree)
    t.ok(message in str(caught.value), f"the error explains the rule ({message})", str(caught.value))
    t.ok(Path(relpath).name in str(caught.value), "and names the file", str(caught.value))


def test_duplicate_version_is_refused(tree):
    (tree / "migrations" / "0002_also_two.sql").write_text("SELECT 1;")
    (tree / "migrations" / "0002_also_two.revert.sql").write_text("SELECT 1;")
    with pytest.raises(SqlLayoutError, match="version 0002 is also used by"):
        migrations(tree)


def test_duplicate_definition_name_across_kinds_is_refused(tree):
    (tree / "views" / "toy_parent_count.sql").write_text("SELECT 1;")
    with pytest.raises(SqlLayoutError, match="name toy_parent_count is also used"):
        definitions(tree)


def test_dependency_cycle_is_refused(tree):
    (tree / "views" / "cycle_a.sql").write_text("-- requires: cycle_b\nSELECT 1;")
    (tree / "views" / "cycle_b.sql").write_text("-- requires: cycle_a\nSELECT 1;")
    with pytest.raises(SqlLayoutError, match="cycle: cycle_a, cycle_b"):
        definitions(tree)


def test_transaction_no_header_is_recognised(tree):
    (tree / "migrations" / "0004_concurrent_index.sql").write_text(
        "-- Transaction: no\nCREATE INDEX CONCURRENTLY idx_toy ON public.toy_parent (name);\n"
    )
    (tree / "migrations" / "0004_concurrent_index.revert.sql").write_text("DROP INDEX public.idx_toy;\n")
    by_name = {m.name: m for m in migrations(tree)}
    t.ok(not by_name["0004_concurrent_index"].in_transaction, "the file opts out of the transaction")
    t.ok(by_name["0001_create_toy_parent"].in_transaction, "others run in a transaction")
