"""kv2rel.kv_classification: the configured KV table classified; setting kv_table chooses the table; a missing or
wrong table fails with a clear SQLSTATE."""

from __future__ import annotations

import pgtap as t
from kv_fixture import ROWS, create


def test_structure(db):
    t.has_view(db, "kv2rel", "kv_classification", "kv2rel.kv_classification exists")
    t.results_eq(
        db,
        "SELECT attname::text FROM pg_attribute WHERE attrelid = 'kv2rel.kv_classification'::regclass"
        " AND attnum > 0 ORDER BY attnum",
        [("key",), ("key_class",), ("entity",), ("environment",), ("parent_id",), ("entity_id",), ("generation",),
         ("rule_name",)],
        "the view has the classification columns in order",
    )
    t.is_empty(
        db,
        "SELECT attname FROM pg_attribute WHERE attrelid = 'kv2rel.kv_classification'::regclass AND attnum > 0"
        " AND col_description(attrelid, attnum) IS NULL",
        "every column of the view has a comment",
    )
    t.results_eq(db, "SELECT 'security_invoker=true' = ANY (reloptions) FROM pg_class"
                     " WHERE oid = 'kv2rel.kv_classification'::regclass", [(True,)], "the view is security_invoker")


def test_reads_the_default_table(db):
    create(db)
    t.results_eq(db, "SELECT count(*) FROM kv2rel.kv_classification", [(len(ROWS),)],
                 "the view lists every key of public.kv_store_6fcaeea3")
    t.results_eq(
        db,
        "SELECT key_class, entity, environment, parent_id, entity_id, generation, rule_name"
        " FROM kv2rel.kv_classification WHERE key = 'employee:demo-event-serial-card:emp-002'",
        [("entity", "employee", None, "demo-event-serial-card", "emp-002", "parent_scoped", "employee_parent_scoped")],
        "a parent-scoped employee row",
    )
    t.results_eq(db, "SELECT key FROM kv2rel.kv_classification WHERE key_class = 'unknown'", [("legacy_thing:1",)],
                 "unknown keys are listed, never dropped")


def test_setting_chooses_the_table(db):
    db.execute("CREATE SCHEMA app")
    create(db, "app.kv")
    db.execute("UPDATE kv2rel.settings SET value = 'app.kv' WHERE name = 'kv_table'")
    t.results_eq(db, "SELECT count(*) FROM kv2rel.kv_classification", [(len(ROWS),)],
                 "setting kv_table = app.kv makes the view read app.kv")


def test_missing_table_fails_clearly(db):
    err = t.throws_ok(db, "SELECT * FROM kv2rel.kv_classification", "K2201",
                      "KV table 'public.kv_store_6fcaeea3' does not exist",
                      "the view fails with K2201 naming the configured table when it does not exist")
    t.ok(err.diag.message_hint, "the error carries a hint")
    db.execute("DELETE FROM kv2rel.settings WHERE name = 'kv_table'")
    t.throws_ok(db, "SELECT * FROM kv2rel.kv_classification", "K2206", None,
                "without the kv_table setting the view fails with K2206")


def test_wrong_shape_fails_clearly(db):
    db.execute("CREATE TABLE public.kv_store_6fcaeea3 (key integer, value text)")
    t.throws_ok(db, "SELECT * FROM kv2rel.kv_classification", "K2202", None,
                "a table with the configured name but the wrong columns fails with K2202")
