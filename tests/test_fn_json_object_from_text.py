"""kv2rel.json_object_from_text: the JSON object a JSON string holds (generator.md metadata_as_string), NULL for
everything else, never an error — good input and as much bad input."""

from __future__ import annotations

import json

import pytest

import pgtap as t


def jo(conn, value):
    return conn.execute("SELECT kv2rel.json_object_from_text(%s::jsonb)", (value,)).fetchone()[0]


def test_structure(db):
    t.volatility_is(db, "kv2rel", "json_object_from_text", ["jsonb"], "immutable",
                    "json_object_from_text is IMMUTABLE")  # fmt: skip


@pytest.mark.parametrize("text, want", [
    ('{"source": "admin"}', {"source": "admin"}),
    ('  {"a": [1, 2], "b": {"c": null}}\n', {"a": [1, 2], "b": {"c": None}}),
    ("\t{}\r\n", {}),
    ('{"quote": "it\'s \\"fine\\""}', {"quote": 'it\'s "fine"'}),
])  # fmt: skip
def test_a_string_holding_an_object_is_parsed(db, text, want):
    t.is_(jo(db, json.dumps(text)), want, f"{text!r} gives its object")


@pytest.mark.parametrize("value", [
    json.dumps("source=admin"),             # not JSON
    json.dumps('{"source": "admin"'),       # truncated
    json.dumps("{not json}"),               # braces, not JSON
    json.dumps('["a", "b"]'),               # an array in a string
    json.dumps("42"),                       # a number in a string
    json.dumps(""),                         # blank
    json.dumps("   "),
    '{"source": "admin"}',                  # already an object: not this function's job
    "[1, 2]",
    "12",
    "true",
    "null",
])  # fmt: skip
def test_anything_else_is_null_and_never_raises(db, value):
    t.is_(jo(db, value), None, f"{value} gives NULL")


def test_sql_null(db):
    t.is_(db.execute("SELECT kv2rel.json_object_from_text(NULL)").fetchone()[0], None, "NULL gives NULL")


def test_sql_looking_text_is_only_parsed(db):
    text = '{"x": "1\'); DROP TABLE kv2rel.runs; --"}'
    t.is_(jo(db, json.dumps(text)), {"x": "1'); DROP TABLE kv2rel.runs; --"}, "SQL-looking text is data")
    t.ok(db.execute("SELECT to_regclass('kv2rel.runs') IS NOT NULL").fetchone()[0], "and nothing was executed")


def _force_parallel(conn):
    """Make the planner put every parallel-safe query into a worker (PG 16+: debug_parallel_query)."""
    version = conn.execute("SELECT current_setting('server_version_num')::int").fetchone()[0]
    conn.execute(f"SET {'debug_parallel_query' if version >= 160000 else 'force_parallel_mode'} = on")
    conn.execute("SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET max_parallel_workers_per_gather = 2")


def test_parallel_marking_lets_queries_run_where_workers_are_forced(db):
    # A subtransaction (exception block) is refused while a parallel query runs, in the leader too: the function
    # validates the text without one, so kv2rel.plan and the compiled mapping can run in workers.
    t.is_(db.execute("SELECT proparallel FROM pg_proc WHERE oid = 'kv2rel.json_object_from_text(jsonb)'::regprocedure")
          .fetchone()[0], "s", "json_object_from_text is PARALLEL SAFE (no exception block)")  # fmt: skip
    db.execute("CREATE TABLE strings AS SELECT to_jsonb(format('{\"n\": %s}', g)) AS v FROM generate_series(1, 200) g")
    db.execute("ANALYZE strings")
    _force_parallel(db)
    got = db.execute("SELECT count(kv2rel.json_object_from_text(v)) FROM strings").fetchone()[0]
    t.is_(got, 200, "200 strings holding objects parsed with workers forced (no 'cannot start subtransactions')")


def test_agrees_with_the_jsonb_parser_on_many_candidates(db):
    """Differential check against PostgreSQL's jsonb parser (an exception-catching reference outside parallel mode):
    the validator never accepts text jsonb refuses, and accepts every object jsonb parses among the candidates."""
    import random

    rng = random.Random(11)
    seeds = ['{"source": "admin"}', '{"a": [1, 2.5, -3e2], "b": {"c": null, "d": true}}', '{}', '{"q": "it\\"s"}',
             '{"u": "\\u00e9\\ud83d\\ude00"}', '{"n": [[], {}, [{"x": false}]]}', '{"e": "a\\/b\\n"}']
    alphabet = '{}[]",:\\ u0123456789abcdeflnrstE.-+\tx'
    cases = set(seeds)
    while len(cases) < 4000:
        text = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            op, pos = rng.random(), rng.randrange(len(text) + 1)
            if op < 0.4:
                text.insert(pos, rng.choice(alphabet))
            elif op < 0.7 and text:
                del text[min(pos, len(text) - 1)]
            elif text:
                text[min(pos, len(text) - 1)] = rng.choice(alphabet)
        cases.add("".join(text))
    db.execute(
        "CREATE FUNCTION pg_temp.ref(t text) RETURNS jsonb LANGUAGE plpgsql AS $$DECLARE j jsonb; BEGIN"
        " j := btrim(t, E' \\t\\n\\r\\f\\x0B')::jsonb; RETURN CASE WHEN jsonb_typeof(j) = 'object' THEN j END;"
        " EXCEPTION WHEN OTHERS THEN RETURN NULL; END$$"
    )
    rows = db.execute(
        "SELECT t, kv2rel.json_object_from_text(to_jsonb(t)), pg_temp.ref(t) FROM unnest(%s::text[]) AS t",
        (sorted(cases),),
    ).fetchall()
    t.is_([r for r in rows if r[1] != r[2]], [], f"validator and jsonb parser agree on all {len(rows)} candidates")
