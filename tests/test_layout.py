"""The real sql/ tree follows the house rules: headers, one object per file named after it, comments."""

from __future__ import annotations

import re

import pytest

import pgtap as t
from harness.sqlfiles import bootstrap_files, definitions, migrations

MIGRATIONS = migrations()
DEFINITIONS = definitions()
HEADER_KEYS = ("Migration", "Requires", "Purpose", "Revert", "Transaction")


@pytest.mark.parametrize("migration", MIGRATIONS, ids=[m.name for m in MIGRATIONS])
def test_migration_has_a_complete_header(migration):
    head = migration.text.split("\n\n", 1)[0]
    for key in HEADER_KEYS:
        t.ok(re.search(rf"^-- {key}: \S", head, re.MULTILINE), f"{migration.name} header has '-- {key}:'", head)
    t.ok(f"-- Migration: {migration.name}\n" in head, f"{migration.name} header names the file itself", head)
    t.ok(
        f"-- Revert: {migration.name}.revert.sql" in head,
        f"{migration.name} header points at its revert file",
        head,
    )


@pytest.mark.parametrize("migration", MIGRATIONS, ids=[m.name for m in MIGRATIONS])
def test_migration_has_no_transaction_control(migration):
    body = "\n".join(line for line in migration.text.splitlines() if not line.lstrip().startswith("--"))
    t.ok(
        not re.search(r"^\s*(BEGIN|COMMIT|ROLLBACK)\s*;", body, re.IGNORECASE | re.MULTILINE),
        f"{migration.name} leaves transaction control to the runner",
    )
    t.ok(migration.revert.text.strip(), f"{migration.name} has a non-empty revert file")


@pytest.mark.parametrize("definition", DEFINITIONS, ids=[d.name for d in DEFINITIONS])
def test_definition_creates_one_object_named_after_the_file(definition):
    kind = "FUNCTION|PROCEDURE" if definition.kind == "function" else "VIEW|MATERIALIZED VIEW"
    created = re.findall(
        rf"CREATE\s+(?:OR\s+REPLACE\s+)?(?:{kind})\s+([\w.\"]+)\s*[(\n ]", definition.text, re.IGNORECASE
    )
    names = {c.split(".")[-1].strip('"') for c in created}
    t.is_(names, {definition.name}, f"{definition.path.name} creates only {definition.kind}s named {definition.name}")
    t.ok(
        re.search(r"COMMENT ON (FUNCTION|PROCEDURE|VIEW)", definition.text, re.IGNORECASE),
        f"{definition.path.name} comments its object",
    )
    t.ok(definition.text.startswith("--"), f"{definition.path.name} starts with a header comment")


@pytest.mark.parametrize("file", bootstrap_files(), ids=[f.path.name for f in bootstrap_files()])
def test_bootstrap_file_is_idempotent_ddl(file):
    t.ok(file.text.startswith("-- Bootstrap:"), f"{file.path.name} has a bootstrap header")
    for statement in re.findall(r"^CREATE\s+(\w+(?:\s+\w+)?)", file.text, re.MULTILINE | re.IGNORECASE):
        t.ok(
            statement.upper() in {"SCHEMA IF", "TABLE IF", "OR REPLACE", "TYPE KV2REL"},
            f"{file.path.name}: CREATE {statement} can run twice",
        )
