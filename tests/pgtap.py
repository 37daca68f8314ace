"""pgTAP-style assertions for pytest, with pgTAP's names and argument order.

Every helper takes a psycopg connection first, then pgTAP's arguments, and a *required* description
last. A failing assertion raises AssertionError whose message is the description followed by
``have``/``want`` diagnostics, like pgTAP's output.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import psycopg

__all__ = [
    "bag_eq",
    "col_not_null",
    "col_type_is",
    "fk_ok",
    "has_check",
    "has_column",
    "has_function",
    "has_index",
    "has_pk",
    "has_table",
    "has_trigger",
    "has_view",
    "hasnt_table",
    "index_is_unique",
    "is_",
    "is_definer",
    "is_empty",
    "isnt_definer",
    "lives_ok",
    "ok",
    "policies_are",
    "results_eq",
    "set_eq",
    "throws_ok",
    "volatility_is",
]


def _require(description: str) -> None:
    if not isinstance(description, str) or not description.strip():
        raise TypeError("every assertion needs a non-empty description")


def ok(condition: object, description: str, diagnostics: str = "") -> None:
    _require(description)
    if not condition:
        raise AssertionError(description + (f"\n{diagnostics}" if diagnostics else ""))


def is_(have: object, want: object, description: str) -> None:
    ok(have == want, description, f"    have: {have!r}\n    want: {want!r}")


def _one(conn: psycopg.Connection, query: str, params: Sequence | None = None):
    row = conn.execute(query, params).fetchone()  # type: ignore[arg-type]
    return row[0] if row else None


def _columns(cols: str | Iterable[str]) -> list[str]:
    return [cols] if isinstance(cols, str) else list(cols)


# ------------------------------------------------------------------------------------------------ relations


def has_table(conn: psycopg.Connection, schema: str, table: str, description: str) -> None:
    _require(description)
    found = _one(
        conn,
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'p')",
        (schema, table),
    )
    ok(found == 1, description, f"    table {schema}.{table} does not exist")


def hasnt_table(conn: psycopg.Connection, schema: str, table: str, description: str) -> None:
    _require(description)
    found = _one(
        conn,
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'p')",
        (schema, table),
    )
    ok(found == 0, description, f"    table {schema}.{table} exists")


def has_view(conn: psycopg.Connection, schema: str, view: str, description: str) -> None:
    _require(description)
    found = _one(
        conn,
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('v', 'm')",
        (schema, view),
    )
    ok(found == 1, description, f"    view {schema}.{view} does not exist")


def _attribute(conn: psycopg.Connection, schema: str, table: str, column: str):
    return conn.execute(
        "SELECT format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a"
        " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relname = %s AND a.attname = %s AND a.attnum > 0 AND NOT a.attisdropped",
        (schema, table, column),
    ).fetchone()


def has_column(conn: psycopg.Connection, schema: str, table: str, column: str, description: str) -> None:
    _require(description)
    ok(_attribute(conn, schema, table, column) is not None, description, f"    column {schema}.{table}.{column} missing")


def col_type_is(
    conn: psycopg.Connection, schema: str, table: str, column: str, type_: str, description: str
) -> None:
    _require(description)
    row = _attribute(conn, schema, table, column)
    if row is None:
        ok(False, description, f"    column {schema}.{table}.{column} does not exist")
        return
    want = _one(conn, "SELECT format_type(%s::regtype, NULL)", (type_,)) if "(" not in type_ else type_
    have = row[0]
    ok(have == want or have == type_, description, f"    have: {have}\n    want: {type_}")


def col_not_null(conn: psycopg.Connection, schema: str, table: str, column: str, description: str) -> None:
    _require(description)
    row = _attribute(conn, schema, table, column)
    ok(row is not None and row[1], description, f"    column {schema}.{table}.{column} allows NULL or is missing")


def _constraints(conn: psycopg.Connection, schema: str, table: str, contype: str) -> list[tuple]:
    return conn.execute(
        "SELECT con.conname,"
        " ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)"
        "       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.i),"
        " fn.nspname::text, fc.relname::text,"
        " ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)"
        "       JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.i)"
        " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace"
        " WHERE n.nspname = %s AND c.relname = %s AND con.contype = %s ORDER BY con.conname",
        (schema, table, contype),
    ).fetchall()


def has_pk(conn: psycopg.Connection, schema: str, table: str, description: str) -> None:
    _require(description)
    ok(_constraints(conn, schema, table, "p"), description, f"    {schema}.{table} has no primary key")


def fk_ok(
    conn: psycopg.Connection,
    fk_schema: str,
    fk_table: str,
    fk_columns: str | Iterable[str],
    pk_schema: str,
    pk_table: str,
    pk_columns: str | Iterable[str],
    description: str,
) -> None:
    _require(description)
    want = (_columns(fk_columns), pk_schema, pk_table, _columns(pk_columns))
    fks = [(list(r[1]), r[2], r[3], list(r[4])) for r in _constraints(conn, fk_schema, fk_table, "f")]
    ok(want in fks, description, f"    have: {fks}\n    want: {want}")


def has_check(conn: psycopg.Connection, schema: str, table: str, description: str) -> None:
    _require(description)
    ok(_constraints(conn, schema, table, "c"), description, f"    {schema}.{table} has no CHECK constraint")


def _index(conn: psycopg.Connection, schema: str, table: str, index: str):
    return conn.execute(
        "SELECT i.indisunique,"
        " ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) AS k)"
        " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s AND ic.relname = %s",
        (schema, table, index),
    ).fetchone()


def has_index(conn: psycopg.Connection, schema: str, table: str, index: str, *args) -> None:
    """has_index(conn, schema, table, index, description) or (…, index, columns, description)."""
    if len(args) == 1:
        columns, description = None, args[0]
    elif len(args) == 2:
        columns, description = args
    else:
        raise TypeError("has_index(conn, schema, table, index, [columns,] description)")
    _require(description)
    row = _index(conn, schema, table, index)
    if row is None:
        ok(False, description, f"    index {index} on {schema}.{table} does not exist")
        return
    if columns is not None:
        want = _columns(columns)
        ok(list(row[1]) == want, description, f"    have: {list(row[1])}\n    want: {want}")


def index_is_unique(conn: psycopg.Connection, schema: str, table: str, index: str, description: str) -> None:
    _require(description)
    row = _index(conn, schema, table, index)
    ok(row is not None and row[0], description, f"    index {index} on {schema}.{table} is missing or not unique")


def has_trigger(conn: psycopg.Connection, schema: str, table: str, trigger: str, description: str) -> None:
    _require(description)
    found = _one(
        conn,
        "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relname = %s AND t.tgname = %s AND NOT t.tgisinternal",
        (schema, table, trigger),
    )
    ok(found == 1, description, f"    trigger {trigger} on {schema}.{table} does not exist")


def policies_are(
    conn: psycopg.Connection, schema: str, table: str, policies: Iterable[str], description: str
) -> None:
    _require(description)
    have = sorted(
        r[0]
        for r in conn.execute(
            "SELECT policyname::text FROM pg_policies WHERE schemaname = %s AND tablename = %s", (schema, table)
        )
    )
    want = sorted(policies)
    ok(
        have == want,
        description,
        f"    extra: {sorted(set(have) - set(want))}\n    missing: {sorted(set(want) - set(have))}",
    )


# ------------------------------------------------------------------------------------------------ functions


def _function(conn: psycopg.Connection, schema: str, function: str, args: Iterable[str]):
    signature = f"{schema}.{function}({', '.join(args)})"
    try:
        oid = _one(conn, "SELECT to_regprocedure(%s)::oid", (signature,))
    except psycopg.Error:
        oid = None
    if oid is None:
        return signature, None
    return signature, conn.execute("SELECT provolatile, prosecdef FROM pg_proc WHERE oid = %s", (oid,)).fetchone()


def has_function(conn: psycopg.Connection, schema: str, function: str, args: Iterable[str], description: str) -> None:
    _require(description)
    signature, row = _function(conn, schema, function, args)
    ok(row is not None, description, f"    function {signature} does not exist")


def volatility_is(
    conn: psycopg.Connection, schema: str, function: str, args: Iterable[str], volatility: str, description: str
) -> None:
    _require(description)
    signature, row = _function(conn, schema, function, args)
    names = {"i": "immutable", "s": "stable", "v": "volatile"}
    have = names.get(row[0]) if row else None
    ok(have == volatility.lower(), description, f"    {signature}\n    have: {have}\n    want: {volatility.lower()}")


def is_definer(conn: psycopg.Connection, schema: str, function: str, args: Iterable[str], description: str) -> None:
    _require(description)
    signature, row = _function(conn, schema, function, args)
    ok(row is not None and row[1], description, f"    {signature} is not SECURITY DEFINER (or missing)")


def isnt_definer(conn: psycopg.Connection, schema: str, function: str, args: Iterable[str], description: str) -> None:
    _require(description)
    signature, row = _function(conn, schema, function, args)
    ok(row is not None and not row[1], description, f"    {signature} is SECURITY DEFINER (or missing)")


# ------------------------------------------------------------------------------------------------ results


def _freeze(value: object) -> object:
    """Lists (SQL arrays) and dicts (json) become hashable so rows can be compared as sets and bags."""
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def _rows(conn: psycopg.Connection, source: str | Iterable[Sequence]) -> list[tuple]:
    if isinstance(source, str):
        return [tuple(_freeze(v) for v in r) for r in conn.execute(source).fetchall()]  # type: ignore[arg-type]
    return [tuple(_freeze(v) for v in r) for r in source]


def results_eq(conn: psycopg.Connection, have_sql: str, want: str | Iterable[Sequence], description: str) -> None:
    """Same rows in the same order. ``want`` is a query or a list of row tuples."""
    _require(description)
    have, expected = _rows(conn, have_sql), _rows(conn, want)
    if have == expected:
        return
    for i, (h, w) in enumerate(zip(have, expected, strict=False), start=1):
        if h != w:
            ok(False, description, f"    Results differ beginning at row {i}:\n        have: {h}\n        want: {w}")
    ok(False, description, f"    have {len(have)} rows, want {len(expected)} rows")


def set_eq(conn: psycopg.Connection, have_sql: str, want: str | Iterable[Sequence], description: str) -> None:
    """Same distinct rows in any order."""
    _require(description)
    have, expected = set(_rows(conn, have_sql)), set(_rows(conn, want))
    ok(
        have == expected,
        description,
        f"    Extra records:\n        {sorted(have - expected, key=repr)}\n"
        f"    Missing records:\n        {sorted(expected - have, key=repr)}",
    )


def bag_eq(conn: psycopg.Connection, have_sql: str, want: str | Iterable[Sequence], description: str) -> None:
    """Same rows with the same multiplicities, in any order."""
    _require(description)
    have, expected = Counter(_rows(conn, have_sql)), Counter(_rows(conn, want))
    ok(
        have == expected,
        description,
        f"    Extra records:\n        {dict(have - expected)}\n    Missing records:\n        {dict(expected - have)}",
    )


def is_empty(conn: psycopg.Connection, sql: str, description: str) -> None:
    _require(description)
    rows = _rows(conn, sql)
    ok(not rows, description, f"    Unexpected records:\n        {rows[:10]}")


class _Rollback(Exception):
    pass


def throws_ok(
    conn: psycopg.Connection,
    sql: str,
    errcode: str,
    errmsg: str | None,
    description: str,
    *,
    constraint: str | None = None,
) -> psycopg.Error:
    """The statement fails with SQLSTATE ``errcode`` (and message ``errmsg`` unless None).

    Extension: ``constraint=`` also checks the violated constraint's name. Nothing the statement did is kept.
    Returns the error for further checks.
    """
    _require(description)
    try:
        with conn.transaction():
            conn.execute(sql)  # type: ignore[arg-type]
            raise _Rollback
    except _Rollback:
        ok(False, description, f"    no exception\n    want: {errcode}")
    except psycopg.Error as exc:
        diag = exc.diag
        have = f"{diag.sqlstate}: {diag.message_primary}"
        ok(diag.sqlstate == errcode, description, f"    caught: {have}\n    wanted: {errcode}")
        if errmsg is not None:
            ok(diag.message_primary == errmsg, description, f"    caught: {have}\n    wanted: {errcode}: {errmsg}")
        if constraint is not None:
            ok(
                diag.constraint_name == constraint,
                description,
                f"    caught: {have} (constraint {diag.constraint_name})\n    wanted constraint: {constraint}",
            )
        return exc
    raise AssertionError("unreachable")


def lives_ok(conn: psycopg.Connection, sql: str, description: str) -> None:
    """The statement runs without error (its effects are kept)."""
    _require(description)
    try:
        with conn.transaction():
            conn.execute(sql)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        ok(False, description, f"    died: {exc.diag.sqlstate}: {exc.diag.message_primary}")
