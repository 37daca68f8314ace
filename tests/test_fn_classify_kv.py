"""kv2rel.classify_kv: a whole KV table in one query, unknown keys kept, environments registered in the table,
agreement with classify_key, and refusal of tables that are not KV tables."""

from __future__ import annotations

import pgtap as t
from kv_fixture import ROWS, create


def test_structure(db):
    t.has_function(db, "kv2rel", "classify_kv", ["regclass"], "kv2rel.classify_kv(regclass) exists")
    t.volatility_is(db, "kv2rel", "classify_kv", ["regclass"], "stable", "classify_kv is STABLE (reads tables)")
    t.isnt_definer(db, "kv2rel", "classify_kv", ["regclass"], "classify_kv runs with the caller's rights")


def test_every_row_is_returned_once(db):
    create(db)
    t.results_eq(db, "SELECT count(*), count(DISTINCT key) FROM kv2rel.classify_kv('kv_store_6fcaeea3')",
                 [(len(ROWS), len(ROWS))], "one row per KV key, none dropped")
    t.results_eq(db, "SELECT key FROM kv2rel.classify_kv('kv_store_6fcaeea3') WHERE key_class = 'unknown'",
                 [("legacy_thing:1",)], "the unknown key is listed with key_class unknown")


def test_counts_per_class(db):
    create(db)
    t.set_eq(
        db,
        "SELECT key_class, count(*) FROM kv2rel.classify_kv('kv_store_6fcaeea3') GROUP BY 1",
        [("entity", 22), ("copy", 2), ("index", 2), ("pointer", 1), ("join", 1), ("ephemeral", 2), ("secret", 1),
         ("unknown", 1)],
        "class counts of the hand-built fixture",
    )


def test_environment_registered_in_the_table_is_known(db):
    create(db)
    t.results_eq(
        db,
        "SELECT key_class, environment, entity_id FROM kv2rel.classify_kv('kv_store_6fcaeea3')"
        " WHERE key = 'client:qa:client-qa-1'",
        [("entity", "qa", "client-qa-1")],
        "environments:qa registers qa, so client:qa:{id} is environment-scoped",
    )
    t.results_eq(db, "SELECT kv2rel.known_environments('kv_store_6fcaeea3')",
                 [(["development", "production", "qa", "staging"],)], "known_environments adds qa for this table")
    t.results_eq(db, "SELECT kv2rel.known_environments()", [(["development", "production", "staging"],)],
                 "without a table only the environments table counts")


def test_agrees_with_classify_key(db):
    create(db)
    t.is_empty(
        db,
        "SELECT c.key FROM kv2rel.classify_kv('kv_store_6fcaeea3') AS c"
        " CROSS JOIN LATERAL kv2rel.classify_key(c.key, kv2rel.known_environments('kv_store_6fcaeea3')) AS k"
        " WHERE (c.key_class, c.entity, c.environment, c.parent_id, c.entity_id, c.generation, c.rule_name)"
        " IS DISTINCT FROM (k.key_class, k.entity, k.environment, k.parent_id, k.entity_id, k.generation, k.rule_name)",
        "classify_kv and classify_key agree on every key",
    )


def test_schema_qualified_and_quoted_table(db):
    db.execute('CREATE SCHEMA "Odd Schema"')
    create(db, '"Odd Schema"."KV Store"')
    t.results_eq(db, """SELECT count(*) FROM kv2rel.classify_kv('"Odd Schema"."KV Store"')""", [(len(ROWS),)],
                 "a quoted table in a schema outside the search_path is read")


def test_not_a_kv_table_is_refused(db):
    db.execute("CREATE TABLE public.not_kv (k text, v json)")
    t.throws_ok(db, "SELECT * FROM kv2rel.classify_kv('public.not_kv')", "K2202", None,
                "a table without key text / value jsonb is refused with K2202")
    t.throws_ok(db, "SELECT * FROM kv2rel.classify_kv(NULL)", "K2201", None, "a NULL table is refused with K2201")
