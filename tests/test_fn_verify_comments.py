"""kv2rel.verify_comments(): every table, column, view, view column, function and type in public and kv2rel,
and every foreign key in public, has a COMMENT; extension members are exempt. Each break is rolled back."""

from __future__ import annotations

import pytest

import pgtap as t
from harness import exitcodes
from schema_rows import module_db, rolled_back

mdb = module_db()

TABLES = "every table in schemas public and kv2rel has a comment"
COLUMNS = "every table column in schemas public and kv2rel has a comment"
VIEWS = "every view in schemas public and kv2rel has a comment"
VIEW_COLUMNS = "every view column in schemas public and kv2rel has a comment"
FUNCTIONS = "every function in schemas public and kv2rel has a comment"
TYPES = "every type in schemas public and kv2rel has a comment"
FOREIGN_KEYS = "every foreign key constraint in schema public has a comment"
ALL = [TABLES, COLUMNS, VIEWS, VIEW_COLUMNS, FUNCTIONS, TYPES, FOREIGN_KEYS]


def assertions(conn) -> dict[str, tuple[bool, str | None]]:
    rows = conn.execute("SELECT ok, description, diagnostics FROM kv2rel.verify_comments()")
    return {d: (ok, diag) for ok, d, diag in rows}


def test_function_shape(mdb):
    t.has_function(mdb, "kv2rel", "verify_comments", [], "kv2rel.verify_comments() exists")
    t.volatility_is(mdb, "kv2rel", "verify_comments", [], "stable", "it is STABLE (reads the catalogs only)")
    t.isnt_definer(mdb, "kv2rel", "verify_comments", [], "it runs with the caller's rights")
    t.ok(
        mdb.execute(
            "SELECT obj_description('kv2rel.verify_comments()'::regprocedure, 'pg_proc') IS NOT NULL"
        ).fetchone()[0],
        "and it has a comment itself",
    )


def test_every_assertion_passes_on_a_fresh_database(mdb):
    have = assertions(mdb)
    t.is_(list(have), ALL, "verify_comments returns its assertions in a fixed order")
    failed = {d: diag for d, (ok, diag) in have.items() if not ok}
    t.is_(failed, {}, "and every one passes on the freshly applied schema")


def test_extension_members_are_exempt(mdb):
    t.ok(
        mdb.execute(
            "SELECT count(*) > 0 FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid"
            " WHERE d.deptype = 'e' AND p.pronamespace = 'public'::regnamespace"
            " AND obj_description(p.oid, 'pg_proc') IS NULL"
        ).fetchone()[0],
        "pg_trgm installs uncommented functions in public",
    )
    t.is_(assertions(mdb)[FUNCTIONS], (True, None), "and they do not fail the function assertion")


# (case, statements, the assertion that must fail, text its diagnostics must contain)
BREAKS = [
    ("table comment removed", "COMMENT ON TABLE public.brands IS NULL", [TABLES], "uncommented tables: public.brands"),
    ("column comment removed", "COMMENT ON COLUMN public.orders.notes IS NULL", [COLUMNS], "public.orders.notes"),
    (
        "kv2rel ledger column comment removed",
        "COMMENT ON COLUMN kv2rel.migration_ledger.checksum IS NULL",
        [COLUMNS],
        "kv2rel.migration_ledger.checksum",
    ),
    ("view comment removed", "COMMENT ON VIEW public.site_products_view IS NULL", [VIEWS], "public.site_products_view"),
    (
        "view column comment removed",
        "COMMENT ON COLUMN public.orders_summary_view.site_name IS NULL",
        [VIEW_COLUMNS],
        "uncommented view columns: public.orders_summary_view.site_name",
    ),
    (
        "function comment removed",
        "COMMENT ON FUNCTION public.set_updated_at() IS NULL",
        [FUNCTIONS],
        "uncommented functions: public.set_updated_at()",
    ),
    (
        "an uncommented function in kv2rel",
        "CREATE FUNCTION kv2rel.undocumented(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'",
        [FUNCTIONS],
        "kv2rel.undocumented(integer)",
    ),
    (
        "an uncommented enum type",
        "CREATE TYPE public.mood AS ENUM ('happy', 'sad')",
        [TYPES],
        "uncommented types: public.mood",
    ),
    (
        "the assertion type's comment removed",
        "COMMENT ON TYPE kv2rel.assertion IS NULL",
        [TYPES],
        "uncommented types: kv2rel.assertion",
    ),
    (
        "foreign key comment removed",
        "COMMENT ON CONSTRAINT orders_client_id_fkey ON public.orders IS NULL",
        [FOREIGN_KEYS],
        "uncommented foreign keys: orders_client_id_fkey (on public.orders)",
    ),
    (
        "a new table with an uncommented column and foreign key",
        "CREATE TABLE kv2rel.scratch (id integer PRIMARY KEY, note text);"
        " COMMENT ON TABLE kv2rel.scratch IS 'scratch'; COMMENT ON COLUMN kv2rel.scratch.id IS 'id';"
        " CREATE TABLE public.scratch (id integer PRIMARY KEY,"
        " site_id uuid CONSTRAINT scratch_site_id_fkey REFERENCES public.sites (id));"
        " COMMENT ON COLUMN public.scratch.id IS 'id'; COMMENT ON COLUMN public.scratch.site_id IS 'site'",
        [TABLES, COLUMNS, FOREIGN_KEYS],
        "kv2rel.scratch.note",
    ),
    ("an uncommented view", "CREATE VIEW kv2rel.peek AS SELECT 1 AS one", [VIEWS, VIEW_COLUMNS], "kv2rel.peek"),
]


@pytest.mark.parametrize("statements, failing, culprit", [b[1:] for b in BREAKS], ids=[b[0] for b in BREAKS])
def test_a_missing_comment_fails_its_assertion_and_names_the_object(mdb, statements, failing, culprit):
    with rolled_back(mdb):
        mdb.execute(statements)
        have = assertions(mdb)
    failed = sorted(d for d, (ok, _) in have.items() if not ok)
    t.is_(failed, sorted(failing), "exactly the assertions about the uncommented objects fail")
    diagnostics = " | ".join(have[d][1] or "" for d in failing)
    t.ok(culprit in diagnostics, f"the diagnostics name {culprit}", f"    have: {diagnostics}")


def test_kv2rel_verify_exits_0_on_a_fresh_database(db_dsn, cli):
    result = cli("verify", "--dsn", db_dsn)
    t.is_(result.exit_code, 0, f"kv2rel verify passes on a freshly applied database\n{result.output}")
    for description in (TABLES, FUNCTIONS, "every view in schema public is security_invoker"):
        t.ok(f"- {description}" in result.output, f"its TAP output includes: {description}", result.output)


def test_kv2rel_verify_fails_on_a_missing_comment(db, db_dsn, cli):
    db.execute("COMMENT ON COLUMN public.products.sku IS NULL")
    result = cli("verify", "--dsn", db_dsn)
    t.is_(result.exit_code, exitcodes.CHECKS_FAILED, "kv2rel verify exits 5")
    t.ok("not ok" in result.output and "public.products.sku" in result.output, "and names the column", result.output)
