"""The assertion helpers themselves: each passes on a true statement and fails on a false one."""

from __future__ import annotations

import psycopg
import pytest

import pgtap as t

FIXTURE = """
CREATE SCHEMA tap;
CREATE TABLE tap.parent (id integer CONSTRAINT parent_pkey PRIMARY KEY, code text NOT NULL);
CREATE TABLE tap.child (
    id integer CONSTRAINT child_pkey PRIMARY KEY,
    parent_id integer CONSTRAINT child_parent_id_fkey REFERENCES tap.parent (id),
    qty integer CONSTRAINT child_qty_nonnegative_check CHECK (qty >= 0),
    note varchar(10)
);
CREATE TABLE tap.bare (x integer);
CREATE UNIQUE INDEX parent_code_key ON tap.parent (code);
CREATE INDEX idx_child_parent_qty ON tap.child (parent_id, qty);
CREATE FUNCTION tap.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER child_touch BEFORE UPDATE ON tap.child FOR EACH ROW EXECUTE FUNCTION tap.touch();
CREATE FUNCTION tap.pure(integer) RETURNS integer IMMUTABLE LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION tap.definer() RETURNS integer SECURITY DEFINER SET search_path = '' LANGUAGE sql AS $$ SELECT 1 $$;
CREATE VIEW tap.parents AS SELECT id FROM tap.parent;
ALTER TABLE tap.parent ENABLE ROW LEVEL SECURITY;
CREATE POLICY parent_read ON tap.parent FOR SELECT USING (true);
INSERT INTO tap.parent VALUES (1, 'a'), (2, 'b');
"""


@pytest.fixture
def tap(empty_db: psycopg.Connection) -> psycopg.Connection:
    empty_db.execute(FIXTURE)
    return empty_db


# (helper, arguments that make it pass, arguments that make it fail)
CASES = [
    (t.has_table, ("tap", "parent"), ("tap", "nope")),
    (t.hasnt_table, ("tap", "nope"), ("tap", "parent")),
    (t.has_view, ("tap", "parents"), ("tap", "parent")),
    (t.has_column, ("tap", "child", "qty"), ("tap", "child", "nope")),
    (t.col_type_is, ("tap", "child", "note", "character varying(10)"), ("tap", "child", "note", "text")),
    (t.col_type_is, ("tap", "child", "qty", "integer"), ("tap", "child", "qty", "bigint")),
    (t.col_not_null, ("tap", "parent", "code"), ("tap", "child", "qty")),
    (t.has_pk, ("tap", "parent"), ("tap", "bare")),
    (
        t.fk_ok,
        ("tap", "child", "parent_id", "tap", "parent", "id"),
        ("tap", "child", "qty", "tap", "parent", "id"),
    ),
    (t.has_check, ("tap", "child"), ("tap", "parent")),
    (t.has_index, ("tap", "child", "idx_child_parent_qty"), ("tap", "child", "idx_nope")),
    (
        t.has_index,
        ("tap", "child", "idx_child_parent_qty", ["parent_id", "qty"]),
        ("tap", "child", "idx_child_parent_qty", ["qty", "parent_id"]),
    ),
    (t.index_is_unique, ("tap", "parent", "parent_code_key"), ("tap", "child", "idx_child_parent_qty")),
    (t.has_trigger, ("tap", "child", "child_touch"), ("tap", "parent", "child_touch")),
    (t.has_function, ("tap", "pure", ["integer"]), ("tap", "pure", ["text"])),
    (t.volatility_is, ("tap", "pure", ["integer"], "immutable"), ("tap", "pure", ["integer"], "stable")),
    (t.is_definer, ("tap", "definer", []), ("tap", "pure", ["integer"])),
    (t.isnt_definer, ("tap", "pure", ["integer"]), ("tap", "definer", [])),
    (t.policies_are, ("tap", "parent", ["parent_read"]), ("tap", "parent", ["parent_read", "parent_write"])),
    (t.results_eq, ("SELECT id FROM tap.parent ORDER BY id", [(1,), (2,)]), ("SELECT id FROM tap.parent", [(2,)])),
    (
        t.results_eq,
        ("SELECT id FROM tap.parent ORDER BY id", "VALUES (1), (2)"),
        ("SELECT id FROM tap.parent ORDER BY id", "VALUES (2), (1)"),
    ),
    (t.set_eq, ("SELECT id FROM tap.parent", [(2,), (1,), (1,)]), ("SELECT id FROM tap.parent", [(1,)])),
    (
        t.bag_eq,
        ("SELECT id FROM tap.parent", [(2,), (1,)]),
        ("SELECT id FROM tap.parent", [(2,), (1,), (1,)]),
    ),
    (t.is_empty, ("SELECT 1 WHERE false",), ("SELECT 1",)),
    (
        t.throws_ok,
        ("INSERT INTO tap.child VALUES (1, 1, -1)", "23514", None),
        ("INSERT INTO tap.child VALUES (1, 1, 1)", "23514", None),
    ),
    (
        t.throws_ok,
        ("SELECT 1/0", "22012", "division by zero"),
        ("SELECT 1/0", "22012", "another message"),
    ),
    (t.lives_ok, ("SELECT 1",), ("SELECT 1/0",)),
]


@pytest.mark.parametrize(
    ("helper", "good", "bad"), CASES, ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)]
)
def test_helper_passes_on_truth_and_fails_on_falsehood(tap, helper, good, bad):
    helper(tap, *good, f"{helper.__name__} passes on a true statement")
    with pytest.raises(AssertionError) as caught:
        helper(tap, *bad, f"{helper.__name__} fails on a false statement")
    assert f"{helper.__name__} fails on a false statement" in str(caught.value), "the failure names the description"


def test_throws_ok_checks_the_constraint_name(tap):
    t.throws_ok(
        tap,
        "INSERT INTO tap.child VALUES (1, 1, -1)",
        "23514",
        None,
        "negative qty violates the named check",
        constraint="child_qty_nonnegative_check",
    )
    with pytest.raises(AssertionError, match="wanted constraint: other_check"):
        t.throws_ok(
            tap, "INSERT INTO tap.child VALUES (1, 1, -1)", "23514", None, "wrong constraint name", constraint="other_check"
        )


def test_throws_ok_keeps_nothing_and_failure_shows_have_and_want(tap):
    with pytest.raises(AssertionError, match="no exception"):
        t.throws_ok(tap, "INSERT INTO tap.parent VALUES (3, 'c')", "23505", None, "a good row does not throw")
    t.is_(
        tap.execute("SELECT count(*) FROM tap.parent WHERE id = 3").fetchone()[0],
        0,
        "the statement inside throws_ok was rolled back",
    )


@pytest.mark.parametrize("description", ["", "   ", None])
def test_every_helper_requires_a_description(tap, description):
    with pytest.raises(TypeError, match="description"):
        t.has_table(tap, "tap", "parent", description)
    with pytest.raises(TypeError, match="description"):
        t.ok(True, description)


def test_is_reports_have_and_want():
    with pytest.raises(AssertionError) as caught:
        t.is_(1, 2, "one is two")
    assert "have: 1" in str(caught.value) and "want: 2" in str(caught.value), "diagnostics show have and want"
