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
