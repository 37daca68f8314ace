"""The rules tables of schema kv2rel (key_environments, kv_entities, key_rules, field_map, column_rules,
value_map, settings): structure, comments, and consistency with the target tables they name."""

from __future__ import annotations

import pytest

import pgtap as t

TABLES = ["key_environments", "kv_entities", "key_rules", "field_map", "column_rules", "value_map", "settings"]


@pytest.mark.parametrize("table", TABLES)
def test_table_is_documented(db, table):
    t.has_table(db, "kv2rel", table, f"kv2rel.{table} exists")
    t.has_pk(db, "kv2rel", table, f"kv2rel.{table} has a primary key")
    t.is_empty(db, f"SELECT 1 WHERE obj_description('kv2rel.{table}'::regclass, 'pg_class') IS NULL",
               f"kv2rel.{table} has a comment")
    t.is_empty(db, "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
                   " AND NOT attisdropped AND col_description(attrelid, attnum) IS NULL".replace(
                       "%s", f"'kv2rel.{table}'"), f"every column of kv2rel.{table} has a comment")
    t.is_empty(db, f"SELECT conname FROM pg_constraint WHERE conrelid = 'kv2rel.{table}'::regclass"
                   " AND contype <> 'n'"  # PostgreSQL 18 lists NOT NULL as constraints; they need no comment
                   " AND obj_description(oid, 'pg_constraint') IS NULL",
               f"every constraint of kv2rel.{table} has a comment")


def test_entities_resolve(db):
    t.is_empty(db, "SELECT entity FROM kv2rel.kv_entities WHERE target_table IS NOT NULL"
                   " AND to_regclass(target_table) IS NULL", "every target table exists")
    t.is_empty(db, "SELECT e.entity FROM kv2rel.kv_entities AS e WHERE e.id_scope_column IS NOT NULL"
                   " AND NOT EXISTS (SELECT 1 FROM pg_attribute AS a WHERE a.attrelid = to_regclass(e.target_table)"
                   " AND a.attname = e.id_scope_column)", "every id scope column is a column of its target table")


@pytest.mark.parametrize("table", ["field_map", "column_rules", "value_map"])
def test_target_columns_exist(db, table):
    t.is_empty(
        db,
        f"SELECT m.entity, m.target_column FROM kv2rel.{table} AS m JOIN kv2rel.kv_entities AS e USING (entity)"
        " WHERE e.target_table IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_attribute AS a"
        " WHERE a.attrelid = to_regclass(e.target_table) AND a.attname = m.target_column AND NOT a.attisdropped)",
        f"every kv2rel.{table} row names a column of its entity's target table",
    )


def test_field_map_references(db):
    t.is_empty(
        db,
        "SELECT entity, target_column, coercion FROM kv2rel.field_map"
        " WHERE coercion ~ '^ref(_array)?:' AND split_part(split_part(coercion, ':', 2), '@', 1)"
        " NOT IN (SELECT entity FROM kv2rel.kv_entities)",
        "every ref:<entity> coercion names a known entity",
    )
    t.is_empty(
        db,
        "SELECT f.entity, f.coercion FROM kv2rel.field_map AS f JOIN kv2rel.kv_entities AS e USING (entity)"
        " WHERE f.coercion LIKE 'ref:%@%' AND NOT EXISTS (SELECT 1 FROM kv2rel.field_sources AS s"
        " WHERE s.entity = f.entity AND s.target_column = split_part(f.coercion, '@', 2))",
        "every ref scope column has sources in the same entity",
    )
    t.is_empty(
        db,
        "SELECT f.entity, f.target_column FROM kv2rel.field_map AS f"
        " WHERE f.target_column LIKE '%\\_secret'"
        " AND f.source_path[1] NOT IN ('credentials', 'secret', 'signingSecret', 'source')",
        "secret columns are fed only by their documented secret sources",
    )


def test_required_columns_have_sources(db):
    t.is_empty(
        db,
        "SELECT r.entity, r.target_column FROM kv2rel.column_rules AS r WHERE r.required AND NOT EXISTS"
        " (SELECT 1 FROM kv2rel.field_sources AS s WHERE s.entity = r.entity AND s.target_column = r.target_column)",
        "every required column has at least one source",
    )


def test_field_sources_view(db):
    t.has_view(db, "kv2rel", "field_sources", "kv2rel.field_sources exists")
    t.results_eq(
        db,
        "SELECT array_to_string(source_path, '.'), precedence, origin FROM kv2rel.field_sources"
        " WHERE entity = 'client' AND target_column = 'client_address_line_1'"
        " ORDER BY precedence, origin, source_path",
        [("client_address_line_1", 10, "generic"), ("clientAddressLine1", 20, "explicit"),
         ("client_address_line1", 30, "explicit")],
        "own name (generic), camelCase with the digit boundary, and the naive helpers.ts spelling",
    )
    t.is_empty(db, "SELECT 1 FROM kv2rel.field_sources WHERE origin = 'generic' AND target_column IN"
                   " ('id', 'legacy_id', 'extra', 'password_hash', 'credentials_secret', 'signing_secret',"
                   " 'source_credentials_secret', 'is_active') AND entity = 'product'",
               "no generic source for ids, extra, secrets or generated columns")
    t.is_empty(db, "SELECT 1 FROM kv2rel.field_sources AS s JOIN pg_attribute AS a"
                   " ON a.attrelid = 'public.products'::regclass AND a.attname = s.target_column"
                   " WHERE s.entity = 'product' AND s.origin = 'generic' AND a.atttypid = 'uuid'::regtype",
               "uuid columns (foreign keys) get no generic source")


def test_settings(db):
    t.results_eq(db, "SELECT kv2rel.setting('kv_table')", [("public.kv_store_6fcaeea3",)], "kv_table default")
    t.throws_ok(db, "SELECT kv2rel.setting('nope')", "K2206", "kv2rel setting 'nope' does not exist",
                "an unknown setting raises K2206")


def test_bad_field_map_rows(db):
    t.throws_ok(db, "INSERT INTO kv2rel.field_map VALUES ('client', 'name', '{$secret}', 50, 'text', 'x')", "23514",
                None, "only the four $ sources exist", constraint="field_map_source_path_format_check")
    t.throws_ok(db, "INSERT INTO kv2rel.field_map VALUES ('client', 'name', '{fullName}', 50, 'guess', 'x')", "23514",
                None, "coercions are a closed list", constraint="field_map_coercion_check")
    t.throws_ok(db, "INSERT INTO kv2rel.field_map VALUES ('client', 'contact_email', '{mail}', 20, 'text', 'x')",
                "23505",
                None, "two sources of one column cannot share a precedence",
                constraint="field_map_entity_target_column_precedence_key")


def test_docs_list_every_seeded_rule(db):
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs"
    classification = (docs / "classification.md").read_text()
    mapping = (docs / "mapping.md").read_text()
    missing = [r for (r,) in db.execute("SELECT rule_name FROM kv2rel.key_rules") if f"`{r}`" not in classification]
    t.is_(missing, [], "docs/classification.md lists every seeded key rule")
    missing = [
        f"{e}.{c} <- {s}"
        for e, c, s, p in db.execute(
            "SELECT entity, target_column, array_to_string(source_path, '.'), precedence FROM kv2rel.field_map"
        )
        if f"| {c} | `{s}` | {p} |" not in mapping
    ]
    t.is_(missing, [], "docs/mapping.md lists every seeded field-map alias with its precedence")
    missing = [f"{e}.{c}={v}" for e, c, v in db.execute(
        "SELECT entity, target_column, source_value FROM kv2rel.value_map WHERE action <> 'keep'") if v not in mapping]
    t.is_(missing, [], "docs/mapping.md documents every mapped or rejected value")
    missing = [f"{e}.{c}" for e, c in db.execute("SELECT entity, target_column FROM kv2rel.column_rules")
               if f"| {e} | {c} |" not in mapping]
    t.is_(missing, [], "docs/mapping.md lists every column rule")
