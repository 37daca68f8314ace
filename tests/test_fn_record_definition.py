"""kv2rel.record_definition / definition_pending / drop_definition(s): the definition ledger."""

from __future__ import annotations

import pgtap as t

SUM = "f" * 64


def _define(db, body: str, kind: str = "function", name: str = "demo_fn", order: int = 1, checksum: str = SUM):
    with db.transaction():
        db.execute(body)
        db.execute("SELECT kv2rel.record_definition(%s, %s, %s, %s)", (kind, name, checksum, order))


def test_records_the_objects_created_in_the_transaction(db):
    _define(db, "CREATE FUNCTION kv2rel.demo_fn(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
    t.results_eq(
        db,
        "SELECT objects FROM kv2rel.definition_ledger WHERE name = 'demo_fn'",
        [(["kv2rel.demo_fn(integer)"],)],
        "the function's full identity is recorded",
    )
    t.is_(
        db.execute("SELECT kv2rel.definition_pending('function', 'demo_fn', %s)", (SUM,)).fetchone()[0],
        False,
        "it is no longer pending",
    )
    t.is_(
        db.execute("SELECT kv2rel.definition_pending('function', 'demo_fn', %s)", ("0" * 64,)).fetchone()[0],
        True,
        "another checksum makes it pending again",
    )


def test_a_dropped_object_makes_the_definition_pending(db):
    _define(db, "CREATE FUNCTION kv2rel.demo_fn() RETURNS integer LANGUAGE sql AS 'SELECT 1'")
    db.execute("DROP FUNCTION kv2rel.demo_fn()")
    t.is_(
        db.execute("SELECT kv2rel.definition_pending('function', 'demo_fn', %s)", (SUM,)).fetchone()[0],
        True,
        "a recorded object that no longer exists is pending",
    )


def test_a_file_that_creates_nothing_of_its_name_is_refused(db):
    t.throws_ok(
        db,
        "SELECT kv2rel.record_definition('function', 'ghost_fn', '" + SUM + "', 1)",
        "K2004",
        "definition file sql/functions/ghost_fn.sql created no function named ghost_fn",
        "K2004 names the file and the missing object",
    )


def test_drop_definitions_drops_views_before_what_they_depend_on(db):
    _define(db, "CREATE VIEW kv2rel.demo_base AS SELECT 1 AS x", kind="view", name="demo_base", order=1)
    _define(db, "CREATE VIEW kv2rel.demo_top AS SELECT x FROM kv2rel.demo_base", kind="view", name="demo_top", order=2)
    dropped = db.execute("SELECT kv2rel.drop_definitions()").fetchone()[0]
    t.ok(dropped >= 2, f"both views (and the package's own definitions) are dropped: {dropped}")
    t.is_(db.execute("SELECT to_regclass('kv2rel.demo_base')").fetchone()[0], None, "the base view is gone")
    t.is_empty(db, "SELECT 1 FROM kv2rel.definition_ledger", "the definition ledger is empty")


def test_drop_definition_of_unknown_name_is_a_no_op(db):
    t.is_(
        db.execute("SELECT kv2rel.drop_definition('view', 'never_recorded')").fetchone()[0],
        0,
        "dropping an unrecorded definition drops nothing",
    )
