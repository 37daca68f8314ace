"""kv2rel.migrate_inet: the inet of a JSON scalar, NULL for anything else, never an error; usable in queries that
run with parallel workers."""

from __future__ import annotations

import pytest

import pgtap as t


def inet(conn, value):
    return conn.execute("SELECT abbrev(kv2rel.migrate_inet(%s::jsonb))", (value,)).fetchone()[0]


def test_structure(db):
    t.volatility_is(db, "kv2rel", "migrate_inet", ["jsonb"], "immutable", "migrate_inet is IMMUTABLE")
    t.is_(db.execute("SELECT proparallel FROM pg_proc WHERE oid = 'kv2rel.migrate_inet(jsonb)'::regprocedure")
          .fetchone()[0], "s", "PARALLEL SAFE: no exception block, only validated text is cast")  # fmt: skip


@pytest.mark.parametrize("value, want", [
    ('"10.0.0.1"', "10.0.0.1"),
    ('" 192.168.1.20\\t"', "192.168.1.20"),
    ('"10.1.2.3/24"', "10.1.2.3/24"),
    ('"255.255.255.255"', "255.255.255.255"),
    ('"::1"', "::1"),
    ('"2001:db8::ff00:42:8329"', "2001:db8::ff00:42:8329"),
    ('"2001:db8::/32"', "2001:db8::/32"),
])  # fmt: skip
def test_addresses(db, value, want):
    t.is_(inet(db, value), want, f"{value} gives {want}")


@pytest.mark.parametrize("value", [
    '"unknown"', '"256.1.1.1"', '"10.0.0.1/33"', '"1.2.3"', '"::g"', '":::"', '"2001:db8::/129"', '""',
    '"10.0.0.1; DROP TABLE x"', "12", "true", "null", "[]", '{"ip": "10.0.0.1"}',
])  # fmt: skip
def test_anything_else_is_null_and_never_raises(db, value):
    t.is_(inet(db, value), None, f"{value} gives NULL")


def test_sql_null(db):
    t.is_(db.execute("SELECT kv2rel.migrate_inet(NULL)").fetchone()[0], None, "SQL NULL gives NULL")


def test_runs_with_workers_forced(db):
    version = db.execute("SELECT current_setting('server_version_num')::int").fetchone()[0]
    db.execute(f"SET {'debug_parallel_query' if version >= 160000 else 'force_parallel_mode'} = on")
    db.execute("SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0")
    got = db.execute(
        "SELECT count(kv2rel.migrate_inet(v)) FROM (VALUES ('\"::1\"'::jsonb), ('\"::zz\"'), ('\"10.0.0.1\"')) AS x(v)"
    ).fetchone()[0]
    t.is_(got, 2, "IPv6, a bad IPv6 and IPv4 with workers forced: two addresses, no subtransaction error")


def test_agrees_with_the_cast_on_many_candidates(db):
    """Differential check against PostgreSQL's own parser (an exception-catching reference, outside parallel mode):
    wherever the validator accepts, the cast gives the same address; it never accepts what the cast refuses."""
    import random

    rng = random.Random(7)
    seeds = ["10.0.0.1", "255.255.255.255", "0.0.0.0", "1.2.3.4/0", "::", "::1", "1::", "fe80::1:2", "1:2:3:4:5:6:7:8",
             "1:2:3:4:5:6:7::", "::ffff:10.0.0.1", "1:2:3:4:5:6:1.2.3.4", "2001:db8::/32", "abcd:ef01::/128"]
    alphabet = "0123456789abcdefABCDEF:./"
    cases = set(seeds)
    while len(cases) < 3000:
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
        "CREATE FUNCTION pg_temp.ref(t text) RETURNS inet LANGUAGE plpgsql AS"
        " $$BEGIN RETURN t::inet; EXCEPTION WHEN OTHERS THEN RETURN NULL; END$$"
    )
    rows = db.execute(
        "SELECT t, kv2rel.migrate_inet(to_jsonb(t))::text, pg_temp.ref(t)::text FROM unnest(%s::text[]) AS t",
        (sorted(cases),),
    ).fetchall()
    wrong = [(t, ours, ref) for t, ours, ref in rows if ours is not None and ours != ref]
    t.is_(wrong, [], "no candidate where migrate_inet accepts but differs from the cast")
    accepted = sum(ours is not None for _, ours, _ in rows)
    parsable = sum(ref is not None for _, _, ref in rows)
    t.ok(accepted >= 0.9 * parsable, f"migrate_inet accepts most of what the cast parses ({accepted} of {parsable})")
