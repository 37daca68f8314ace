"""kv2rel.iso_utc_parts(): the valid values of each field of a toISOString() date (the plan's date fast path)."""

from __future__ import annotations

import pgtap as t

PARTS = {"year": 200, "month_day": 365, "hour": 24, "sexagesimal": 60, "digit": 10, "digits": 100}


def test_signature(db):
    t.volatility_is(db, "kv2rel", "iso_utc_parts", ["text"], "immutable", "iso_utc_parts(text) is IMMUTABLE")
    t.results_eq(
        db,
        "SELECT proparallel FROM pg_proc WHERE oid = 'kv2rel.iso_utc_parts(text)'::regprocedure",
        [("s",)],
        "PARALLEL SAFE (the plan's checks run in parallel workers)",
    )


def test_parts(db):
    for part, n in PARTS.items():
        t.results_eq(
            db,
            f"SELECT cardinality(kv2rel.iso_utc_parts('{part}')),"
            f" cardinality(ARRAY(SELECT DISTINCT x FROM unnest(kv2rel.iso_utc_parts('{part}')) AS x))",
            [(n, n)],
            f"{part}: {n} distinct values",
        )
    t.results_eq(
        db,
        "SELECT (kv2rel.iso_utc_parts('year'))[1], (kv2rel.iso_utc_parts('year'))[200],"
        " (kv2rel.iso_utc_parts('hour'))[1], (kv2rel.iso_utc_parts('hour'))[24],"
        " (kv2rel.iso_utc_parts('sexagesimal'))[60], (kv2rel.iso_utc_parts('digit'))[10],"
        " (kv2rel.iso_utc_parts('digits'))[1], (kv2rel.iso_utc_parts('digits'))[100]",
        [("1900", "2099", "00", "23", "59", "9", "00", "99")],
        "years 1900-2099, hours 00-23, minutes and seconds to 59, digits, zero-padded as toISOString() prints them",
    )
    t.results_eq(
        db,
        "SELECT '02-28' = ANY (kv2rel.iso_utc_parts('month_day')), '02-29' = ANY (kv2rel.iso_utc_parts('month_day')),"
        " '04-31' = ANY (kv2rel.iso_utc_parts('month_day')), '12-31' = ANY (kv2rel.iso_utc_parts('month_day')),"
        " '00' = ANY (kv2rel.iso_utc_parts('sexagesimal')), '60' = ANY (kv2rel.iso_utc_parts('sexagesimal'))",
        [(True, False, False, True, True, False)],
        "month-days of a common year (29 February left to the full test), no 31 April, seconds 00-59",
    )


def test_every_listed_date_is_valid(db):
    t.is_empty(
        db,
        "SELECT y || '-' || md FROM unnest(kv2rel.iso_utc_parts('year')) AS y,"
        " unnest(kv2rel.iso_utc_parts('month_day')) AS md"
        " WHERE kv2rel.to_timestamptz_lenient(to_jsonb(y || '-' || md || 'T23:59:59.999Z')) IS NULL",
        "every year and month-day combination is a date the lenient parser accepts",
    )


def test_constant_folded(db):
    plan = "\n".join(r[0] for r in db.execute(
        "EXPLAIN (VERBOSE, COSTS OFF) SELECT g FROM generate_series(1, 9) AS g"
        " WHERE lpad(g::text, 2, '0') = ANY (kv2rel.iso_utc_parts('sexagesimal'))"
    ).fetchall())
    t.ok("iso_utc_parts" not in plan and "'{00,01,02" in plan, "the call is evaluated when planned (a constant list)",
         plan)


def test_bad_input(db):
    t.throws_ok(db, "SELECT kv2rel.iso_utc_parts('minute')", "K2207", "unknown toISOString() date part 'minute'",
                "an unknown part: K2207")
    t.throws_ok(db, "SELECT kv2rel.iso_utc_parts(NULL)", "K2207", "unknown toISOString() date part NULL",
                "a NULL part: K2207")
