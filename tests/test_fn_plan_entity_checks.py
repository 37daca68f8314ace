"""kv2rel.plan_entity_checks: the per-entity SQL of the plan's checks, and the record's date guard (dates_ok_sql):
it reads each date member once, holds only when every date member is absent, null or a toISOString() date, and
never changes a check's result (the checks give the same problems with and without it)."""

from __future__ import annotations

import json

import pytest

import pgtap as t

# The order's date members (kv2rel.field_sources, coercion timestamptz)
ORDER_DATES = ["cancelledAt", "cancelled_at", "confirmedAt", "confirmed_at", "createdAt", "created_at",
               "deliveredAt", "delivered_at", "shippedAt", "shipped_at", "updatedAt", "updated_at"]

# An order that maps without blocking problems
ORDER = {"id": "ord-1", "orderNumber": "ORD-2026-1", "status": "shipped", "employeeEmail": "p@company.example",
         "employeeName": "Priya Natarajan", "siteId": "site-1", "giftId": "gift-001", "quantity": 2,
         "itemValue": 35, "totalValue": 70}

VALID = "2026-02-19T16:20:00.123Z"

# Values of one date member: does the guard hold? (True only for absent, JSON null or a toISOString() date with a
# year 1900-2099 and a day of a common year; anything else leaves the record to the full checks.)
GUARD_CASES = [
    (VALID, True),
    ("1900-01-01T00:00:00.000Z", True),
    ("2099-12-31T23:59:59.999Z", True),
    (None, True),
    ("2024-02-29T10:00:00.000Z", False),
    ("2023-02-29T10:00:00.000Z", False),
    ("2026-04-31T00:00:00.000Z", False),
    ("2026-13-01T00:00:00.000Z", False),
    ("2026-02-19T24:00:00.000Z", False),
    ("2026-02-19T16:60:00.000Z", False),
    ("1899-12-31T23:59:59.999Z", False),
    ("2100-01-01T00:00:00.000Z", False),
    ("2026-02-19t16:20:00.123z", False),
    ("2026-02-19T16:20:00Z", False),
    ("2026-02-19", False),
    (" " + VALID, False),
    (VALID + " ", False),
    ("", False),
    ("null", False),
    (1771518000123, False),
    (True, False),
    ({"at": VALID}, False),
    ([VALID], False),
    # attempts to pass two pieces off as one: U+0001 is the separator, '"' and '|' are JSON text
    (VALID + "\u0001" + VALID, False),
    (VALID + '"\u0001"' + VALID, False),
    (VALID + "\u0001null\u0001", False),
    (VALID + '"|"' + VALID, False),
    ("２０２６-02-19T16:20:00.123Z", False),
]


@pytest.fixture
def checks(db):
    """entity -> (problems_sql, dates_ok_sql)"""
    rows = db.execute("SELECT entity, problems_sql, dates_ok_sql FROM kv2rel.plan_entity_checks()").fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def guard_holds(conn, dates_ok_sql: str, value: dict) -> bool:
    sql = dates_ok_sql.replace("kv2rel_ctx.value", "%(v)s::jsonb")
    return conn.execute(f"SELECT {sql}", {"v": json.dumps(value)}).fetchone()[0]


def problems(conn, problems_sql: str, dates_ok_sql: str | None, value: dict) -> str | None:
    """The record's problems, with the guard (dates_ok_sql) or without it (None: the checks alone)."""
    guard = "NULL::boolean" if dates_ok_sql is None else dates_ok_sql.replace("kv2rel_ctx.value", "r.value")
    sql = (f"SELECT {problems_sql} FROM (SELECT r.*, {guard} AS dates_ok FROM (SELECT %(v)s::jsonb AS value,"
           " 'site-1'::text AS parent_id, 'ord-1'::text AS entity_id, NULL::text AS environment,"
           " 'ord-1'::text AS legacy_id) AS r) AS kv2rel_ctx")
    return conn.execute(sql, {"v": json.dumps(value)}).fetchone()[0]


def test_structure(db):
    t.has_function(db, "kv2rel", "plan_entity_checks", [], "kv2rel.plan_entity_checks() exists")
    t.volatility_is(db, "kv2rel", "plan_entity_checks", [], "stable",
                    "plan_entity_checks is STABLE: it reads the rules")
    cols = [c.name for c in db.execute("SELECT * FROM kv2rel.plan_entity_checks() LIMIT 0").description]
    t.is_(cols, ["entity", "id_scope_sql", "problems_sql", "sort_ts_sql", "dates_ok_sql"],
          "one row per entity: id scope, problems, sort timestamp and date guard")


def test_guard_reads_each_date_member_once(checks):
    _, guard = checks["order"]
    for member in ORDER_DATES:
        t.is_(guard.count(f"-> '{member}')"), 1, f"the order guard reads {member} once")
    t.is_(guard.count("->"), len(ORDER_DATES), "and no other member")
    t.ok("kv2rel_ctx.dates_ok" in checks["order"][0], "the order's checks read the guard")
    hris = checks["hris_connection"][1]
    t.ok("#> '{syncSchedule,lastSync}'::text[]" in hris, "nested date sources are in the guard")


@pytest.mark.parametrize("value, holds", GUARD_CASES, ids=[repr(c[0])[:40] for c in GUARD_CASES])
def test_guard_values(db, checks, value, holds):
    _, guard = checks["order"]
    record = {**ORDER, "createdAt": VALID, "updated_at": value}
    t.is_(guard_holds(db, guard, record), holds, f"updated_at {value!r}: guard {holds}")
    if value is not None:
        record = {**ORDER, "cancelledAt": value}
        t.is_(guard_holds(db, guard, record), holds, f"cancelledAt {value!r} alone: guard {holds}")


def test_guard_absent_and_null_members(db, checks):
    _, guard = checks["order"]
    t.ok(guard_holds(db, guard, {**ORDER}), "an order without any date: the guard holds")
    t.ok(guard_holds(db, guard, {**ORDER, **{m: None for m in ORDER_DATES}}),
         "every date member JSON null: the guard holds")
    t.ok(guard_holds(db, guard, {**ORDER, **{m: VALID for m in ORDER_DATES}}),
         "every date member a valid date: the guard holds")
    t.ok(not guard_holds(db, guard, {**ORDER, **{m: VALID for m in ORDER_DATES}, "shipped_at": "soon"}),
         "one bad member among twelve valid ones: the guard fails")


@pytest.mark.parametrize("value", [c[0] for c in GUARD_CASES] + ["yesterday", "2026-02-19T16:20:00+01:00", "  "],
                         ids=[repr(c[0])[:40] for c in GUARD_CASES] + ["yesterday", "offset", "blank"])
def test_guard_never_changes_the_problems(db, checks, value):
    problems_sql, guard = checks["order"]
    records = [
        {**ORDER, "createdAt": value},
        {**ORDER, "created_at": VALID, "createdAt": value},
        {**ORDER, "createdAt": VALID, "shippedAt": value, "delivered_at": value},
        {**ORDER, "createdAt": VALID, "updated_at": VALID, "confirmedAt": value},
        {**{k: v for k, v in ORDER.items() if k != "employeeEmail"}, "createdAt": value},
    ]
    for n, record in enumerate(records):
        with_guard = problems(db, problems_sql, guard, record)
        without = problems(db, problems_sql, None, record)
        t.is_(with_guard, without, f"record {n} with {value!r}: same problems with and without the guard")


def test_guard_finds_the_bad_date(db, checks):
    problems_sql, guard = checks["order"]
    have = problems(db, problems_sql, guard, {**ORDER, "createdAt": VALID, "shippedAt": "2026-02-30"})
    t.ok(have is not None and "shipped_at '2026-02-30' cannot be coerced" in have,
         "a bad date among valid ones is still named", str(have))
    t.is_(problems(db, problems_sql, guard, {**ORDER, "createdAt": VALID, "shippedAt": VALID}), None,
          "valid dates: no problem")
