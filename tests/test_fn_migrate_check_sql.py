"""kv2rel.migrate_check_sql: the compiled UPDATE that marks each staged row with the first rule it violates.

Checked on a scratch target table (a parent, a child with a foreign key, NOT NULL, CHECK and UNIQUE), so every
kind of rule is covered, good rows as well as bad ones: which rule a row gets, that the rules are tried in their
order (foreign keys first), that a later round re-checks only the rows a repair touched, that unique values are
checked inside the batch (the key sorting first keeps the value) and against the table (the row's own id
excepted), and that the statement evaluates each row's rules once (the rule subquery stays a fenced subquery).
"""

from __future__ import annotations

import uuid

import psycopg
import pytest

from pgtap import is_, ok, throws_ok

PARENT = uuid.UUID("00000000-0000-4000-8000-000000000001")
MISSING = uuid.UUID("00000000-0000-4000-8000-0000000000ff")


@pytest.fixture
def scratch(db: psycopg.Connection) -> psycopg.Connection:
    db.execute("CREATE TABLE public.chk_parent (id uuid PRIMARY KEY)")
    db.execute(
        "CREATE TABLE public.chk_child (id uuid PRIMARY KEY,"
        " parent_id uuid CONSTRAINT chk_child_parent_id_fkey REFERENCES public.chk_parent (id),"
        " name text NOT NULL, qty integer CONSTRAINT chk_child_qty_positive_check CHECK (qty > 0),"
        " code text CONSTRAINT chk_child_code_key UNIQUE)"
    )
    db.execute("INSERT INTO public.chk_parent VALUES (%s)", (PARENT,))
    db.autocommit = False
    yield db
    db.rollback()
    db.autocommit = True
    db.execute("DROP TABLE IF EXISTS public.chk_child, public.chk_parent")


def _stage(conn: psycopg.Connection, rows: list[tuple]) -> str:
    stage = conn.execute("SELECT kv2rel.migrate_stage_table('public.chk_child')").fetchone()[0]
    conn.execute(f"TRUNCATE {stage}")
    for key, parent, name, qty, code in rows:
        conn.execute(
            f"INSERT INTO {stage} (kv2rel_key, id, parent_id, name, qty, code) VALUES (%s, %s, %s, %s, %s, %s)",
            (key, uuid.uuid5(uuid.NAMESPACE_URL, key), parent, name, qty, code),
        )
    return stage


def _run(conn: psycopg.Connection, statement: str, recheck_all: bool) -> None:
    # The compiled statement takes its parameter as $1 (it runs through PL/pgSQL's EXECUTE ... USING).
    psycopg.RawCursor(conn).execute(statement, (recheck_all,))


def _fails(conn: psycopg.Connection, stage: str) -> dict[str, str | None]:
    return dict(conn.execute(f"SELECT kv2rel_key, kv2rel_fail FROM {stage} ORDER BY 1").fetchall())


def test_each_row_gets_the_first_rule_it_violates(scratch):
    stage = _stage(scratch, [
        ("k1", PARENT, "fine", 1, "A"),
        ("k2", MISSING, "orphan", 1, "B"),
        ("k3", PARENT, None, 1, "C"),
        ("k4", PARENT, "zero", 0, "D"),
        ("k5", MISSING, None, 0, "E"),
        ("k6", None, "no parent is fine", None, None),
    ])
    _run(scratch, scratch.execute("SELECT kv2rel.migrate_check_sql('public.chk_child', false)").fetchone()[0], True)
    is_(_fails(scratch, stage), {
        "k1": None, "k2": "chk_child_parent_id_fkey", "k3": "chk_child_name_not_null",
        "k4": "chk_child_qty_positive_check", "k5": "chk_child_parent_id_fkey", "k6": None,
    }, "foreign key, NOT NULL and CHECK violations are found; a row breaking several gets the foreign key first; "
       "NULL references and NULL checked values pass")


def test_a_later_round_rechecks_only_repaired_rows(scratch):
    stage = _stage(scratch, [("k1", MISSING, "a", 1, None), ("k2", MISSING, "b", 1, None)])
    check = scratch.execute("SELECT kv2rel.migrate_check_sql('public.chk_child', false)").fetchone()[0]
    _run(scratch, check, True)
    # a repair of k1 (as the nullify policy does), k2 left as it was but its mark cleared by hand
    scratch.execute(f"UPDATE {stage} SET parent_id = NULL, kv2rel_fail = NULL, kv2rel_recheck = TRUE"
                    " WHERE kv2rel_key = 'k1'")
    scratch.execute(f"UPDATE {stage} SET kv2rel_fail = NULL WHERE kv2rel_key = 'k2'")
    _run(scratch, check, False)
    is_(_fails(scratch, stage), {"k1": None, "k2": None},
        "with $1 false only rows marked kv2rel_recheck are checked again")
    is_(scratch.execute(f"SELECT count(*) FROM {stage} WHERE kv2rel_recheck").fetchone()[0], 0,
        "the re-checked rows lose their kv2rel_recheck mark")
    _run(scratch, check, True)
    is_(_fails(scratch, stage)["k2"], "chk_child_parent_id_fkey", "with $1 true every row is checked again")


def test_quarantined_rows_are_not_checked(scratch):
    stage = _stage(scratch, [("k1", MISSING, "a", 1, None)])
    scratch.execute(f"UPDATE {stage} SET kv2rel_reason = 'orphan_parent'")
    _run(scratch, scratch.execute("SELECT kv2rel.migrate_check_sql('public.chk_child', false)").fetchone()[0], True)
    is_(_fails(scratch, stage), {"k1": None}, "a row with kv2rel_reason set keeps its state")


def test_unique_values_inside_the_batch_and_against_the_table(scratch):
    for key, code in (("other", "TAKEN"), ("k9", "MINE")):
        scratch.execute("INSERT INTO public.chk_child (id, parent_id, name, qty, code) VALUES (%s, NULL, 'x', 1, %s)",
                        (uuid.uuid5(uuid.NAMESPACE_URL, key), code))
    stage = _stage(scratch, [
        ("k2", None, "b", 1, "DUP"),
        ("k1", None, "a", 1, "DUP"),
        ("k3", None, "c", 1, "TAKEN"),
        ("k9", None, "same row again", 1, "MINE"),
        ("k4", None, "d", 1, None),
        ("k5", None, "e", 1, None),
    ])
    _run(scratch, scratch.execute("SELECT kv2rel.migrate_check_sql('public.chk_child', true)").fetchone()[0], True)
    fails = _fails(scratch, stage)
    is_((fails["k1"], fails["k2"]), (None, "chk_child_code_key"),
        "inside the batch the key sorting first keeps the value")
    is_(fails["k3"], "chk_child_code_key", "a value another row of the table holds is a violation")
    is_(fails["k9"], None, "the row's own stored value is not a violation (a re-run)")
    is_((fails["k4"], fails["k5"]), (None, None), "NULLs are distinct (no violation)")


def test_the_rules_are_evaluated_once_per_row(scratch):
    _stage(scratch, [("k1", PARENT, "a", 1, "A")])
    check = scratch.execute("SELECT kv2rel.migrate_check_sql('public.chk_child', false)").fetchone()[0]
    plan = "\n".join(r[0] for r in scratch.execute("EXPLAIN (VERBOSE) " + check.replace("$1", "true"),
                                                     prepare=False).fetchall())
    ok("Subquery Scan on v" in plan,
       "the rule subquery is kept as a subquery (OFFSET 0), so its CASE is computed once and not inlined into the "
       "join filter and the SET as well", plan)
    is_(plan.count("chk_child_parent_id_fkey"), 1, "the rule CASE appears once in the plan")


def test_unknown_table_is_refused(scratch):
    throws_ok(scratch, "SELECT kv2rel.migrate_check_sql('public.no_such_table', false)", "42P01", None,
              "a table that does not exist is refused by the regclass cast")
