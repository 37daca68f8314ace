"""kv2rel.verify_schema(): the structural checks of the target schema pass on a fresh database, and each
one fails, naming its culprit, when the thing it guards is broken (each break is rolled back)."""

from __future__ import annotations

import pytest

import pgtap as t
from schema_rows import module_db, rolled_back

mdb = module_db()

TABLES = "the 20 target tables exist in schema public"
VIEWS = "the 3 SCHEMA_DESIGN views exist in schema public"
SEED_INDEXES = "every index SCHEMA_DESIGN names exists on its table (or the unique index documented to serve it)"
COUNT = "schema public has at least 50 indexes"
VALID = "every index in schema public is valid"
FK_INDEX = "every foreign key column in schema public is the leading column of an index"
DUPLICATE = "no index in schema public duplicates another (same table, key columns, operator classes and predicate)"
PREFIX = "no full non-unique btree index in schema public is a leading prefix of another full btree index"
TRIGGER = (
    "every table in schema public with updated_at has an enabled BEFORE UPDATE row trigger "
    "<table>_set_updated_at calling public.set_updated_at()"
)
INVOKER = "every view in schema public is security_invoker"
GENERATED = "products.is_active is a stored generated column (status = 'active')"
CHECKS = "the slug, email and status CHECK constraints exist"
PK = "every table in schema public has a primary key"
VALIDATED = "every constraint in schema public is validated"
ALL = [TABLES, VIEWS, SEED_INDEXES, COUNT, VALID, FK_INDEX, DUPLICATE, PREFIX, TRIGGER, INVOKER, GENERATED, CHECKS, PK]
ALL.append(VALIDATED)


def assertions(conn) -> dict[str, tuple[bool, str | None]]:
    return {
        d: (ok, diag) for ok, d, diag in conn.execute("SELECT ok, description, diagnostics FROM kv2rel.verify_schema()")
    }


def test_function_shape(mdb):
    t.has_function(mdb, "kv2rel", "verify_schema", [], "kv2rel.verify_schema() exists")
    t.volatility_is(mdb, "kv2rel", "verify_schema", [], "stable", "it is STABLE (reads the catalogs only)")
    t.isnt_definer(mdb, "kv2rel", "verify_schema", [], "it runs with the caller's rights")
    t.results_eq(
        mdb,
        "SELECT proconfig FROM pg_proc WHERE oid = 'kv2rel.verify_schema()'::regprocedure",
        [(["search_path=pg_catalog, pg_temp"],)],
        "its search_path is pinned",
    )


def test_every_assertion_passes_on_a_fresh_database(mdb):
    have = assertions(mdb)
    t.is_(list(have), ALL, "verify_schema returns its assertions in a fixed order")
    failed = {d: diag for d, (ok, diag) in have.items() if not ok}
    t.is_(failed, {}, "and every one passes on the freshly applied schema")


def test_run_checks_includes_it(mdb):
    t.is_(
        mdb.execute("SELECT count(*) FROM kv2rel.run_checks() WHERE check_name = 'verify_schema' AND ok").fetchone()[0],
        len(ALL),
        "kv2rel verify (run_checks) runs verify_schema",
    )


DROP_PLAIN_INDEXES = """
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT i.indexrelid::regclass AS ix FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE c.relnamespace = 'public'::regnamespace AND c.relname LIKE 'idx\\_%' LOOP
        EXECUTE format('DROP INDEX %s', r.ix);
    END LOOP;
END $$
"""

# (case, statements that break one rule, the assertions that must fail, text their diagnostics must contain)
BREAKS = [
    ("drop a table", "DROP TABLE public.webhook_configs", [TABLES], "missing tables: webhook_configs"),
    ("drop a view", "DROP VIEW public.orders_summary_view", [VIEWS], "missing views: orders_summary_view"),
    (
        "drop a seed index",
        "DROP INDEX public.idx_orders_client_created",
        [SEED_INDEXES],
        "missing: idx_orders_client_created on public.orders",
    ),
    (
        "drop the unique constraint that serves a seed index",
        "ALTER TABLE public.sites DROP CONSTRAINT sites_slug_key",
        [SEED_INDEXES],
        "idx_sites_slug on public.sites (served by unique index sites_slug_key)",
    ),
    (
        "replace a unique index by a plain one",
        "DROP INDEX public.admin_users_lower_email_key; CREATE INDEX admin_users_lower_email_key"
        " ON public.admin_users (lower(email))",
        [SEED_INDEXES],
        "idx_admin_users_email on public.admin_users (served by unique index admin_users_lower_email_key)",
    ),
    ("fewer than 50 indexes", DROP_PLAIN_INDEXES, [SEED_INDEXES, COUNT, FK_INDEX], "have 36 indexes, want at least 50"),
    (
        "an invalid index",
        "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'public.idx_brands_status'::regclass",
        [VALID],
        "invalid: public.idx_brands_status",
    ),
    (
        "an FK without index",
        "ALTER TABLE public.webhook_configs ADD COLUMN brand_id uuid CONSTRAINT webhook_configs_brand_id_fkey"
        " REFERENCES public.brands (id) ON DELETE SET NULL",
        [FK_INDEX],
        "public.webhook_configs.brand_id (webhook_configs_brand_id_fkey)",
    ),
    (
        "an FK whose only index has an unrelated predicate",
        "ALTER TABLE public.webhook_configs ADD COLUMN brand_id uuid CONSTRAINT webhook_configs_brand_id_fkey"
        " REFERENCES public.brands (id) ON DELETE SET NULL;"
        " CREATE INDEX idx_webhook_configs_brand_id ON public.webhook_configs (brand_id) WHERE enabled",
        [FK_INDEX],
        "public.webhook_configs.brand_id (webhook_configs_brand_id_fkey)",
    ),
    (
        "an FK whose column is second in its index",
        "ALTER TABLE public.webhook_configs ADD COLUMN brand_id uuid CONSTRAINT webhook_configs_brand_id_fkey"
        " REFERENCES public.brands (id) ON DELETE SET NULL;"
        " CREATE INDEX idx_webhook_configs_name_brand ON public.webhook_configs (name, brand_id)",
        [FK_INDEX],
        "public.webhook_configs.brand_id (webhook_configs_brand_id_fkey)",
    ),
    (
        "a duplicate index",
        "CREATE INDEX idx_orders_by_client_date ON public.orders (client_id, created_at DESC)",
        [DUPLICATE],
        "public.orders: idx_orders_by_client_date duplicates idx_orders_client_created",
    ),
    (
        "a duplicate partial index",
        "CREATE INDEX idx_sites_catalog_again ON public.sites (catalog_id) WHERE catalog_id IS NOT NULL",
        [DUPLICATE],
        "public.sites: idx_sites_catalog_again duplicates idx_sites_catalog_id",
    ),
    (
        "a redundant prefix index",
        "CREATE INDEX idx_orders_only_client ON public.orders (client_id)",
        [PREFIX],
        "public.orders: idx_orders_only_client is a prefix of idx_orders_client_created and idx_orders_client_id",
    ),
    (
        "drop an updated_at trigger",
        "DROP TRIGGER orders_set_updated_at ON public.orders",
        [TRIGGER],
        "tables without it: public.orders",
    ),
    (
        "disable an updated_at trigger",
        "ALTER TABLE public.employees DISABLE TRIGGER employees_set_updated_at",
        [TRIGGER],
        "tables without it: public.employees",
    ),
    (
        "an updated_at trigger under another name",
        "ALTER TRIGGER brands_set_updated_at ON public.brands RENAME TO touch_brands",
        [TRIGGER],
        "tables without it: public.brands",
    ),
    (
        "a view without security_invoker",
        "ALTER VIEW public.site_products_view SET (security_invoker = false)",
        [INVOKER],
        "views without security_invoker = true: public.site_products_view",
    ),
    (
        "a view whose security_invoker option is reset",
        "ALTER VIEW public.orders_summary_view RESET (security_invoker)",
        [INVOKER],
        "views without security_invoker = true: public.orders_summary_view",
    ),
    (
        "is_active no longer generated",
        "ALTER TABLE public.products ALTER COLUMN is_active DROP EXPRESSION",
        [GENERATED],
        "products.is_active is not generated as nothing, type boolean",
    ),
    (
        "a slug check dropped",
        "ALTER TABLE public.sites DROP CONSTRAINT sites_slug_format_check",
        [CHECKS],
        "missing checks: sites_slug_format_check on public.sites",
    ),
    (
        "an email check dropped",
        "ALTER TABLE public.admin_users DROP CONSTRAINT admin_users_email_format_check",
        [CHECKS],
        "missing checks: admin_users_email_format_check on public.admin_users",
    ),
    (
        "a status check dropped",
        "ALTER TABLE public.orders DROP CONSTRAINT orders_status_check",
        [CHECKS],
        "missing checks: orders_status_check on public.orders",
    ),
    (
        "a table without primary key",
        "CREATE TABLE public.scratch (note text)",
        [PK],
        "tables without one: public.scratch",
    ),
    (
        "a NOT VALID check",
        "ALTER TABLE public.orders ADD CONSTRAINT orders_quantity_small_check CHECK (quantity < 1000) NOT VALID",
        [VALIDATED],
        "not validated: orders_quantity_small_check (on public.orders)",
    ),
]


@pytest.mark.parametrize("statements, failing, culprit", [b[1:] for b in BREAKS], ids=[b[0] for b in BREAKS])
def test_a_broken_rule_fails_its_assertion_and_names_the_culprit(mdb, statements, failing, culprit):
    with rolled_back(mdb):
        mdb.execute(statements)
        have = assertions(mdb)
    failed = sorted(d for d, (ok, _) in have.items() if not ok)
    t.is_(failed, sorted(failing), "exactly the assertions guarding the broken rule fail")
    diagnostics = " | ".join(have[d][1] or "" for d in failing)
    t.ok(culprit in diagnostics, f"the diagnostics name the culprit: {culprit}", f"    have: {diagnostics}")


def test_a_partial_fk_index_on_is_not_null_is_enough(mdb):
    with rolled_back(mdb):
        mdb.execute(
            "ALTER TABLE public.webhook_configs ADD COLUMN brand_id uuid CONSTRAINT webhook_configs_brand_id_fkey"
            " REFERENCES public.brands (id) ON DELETE SET NULL;"
            " CREATE INDEX idx_webhook_configs_brand_id ON public.webhook_configs (brand_id) WHERE brand_id IS NOT NULL"
        )
        t.is_(assertions(mdb)[FK_INDEX], (True, None), "an index WHERE <fk column> IS NOT NULL serves the FK")


def test_a_partial_index_beside_a_full_one_is_not_a_duplicate(mdb):
    t.ok(
        assertions(mdb)[DUPLICATE][0],
        "idx_audit_logs_problems (created_at DESC) WHERE status <> 'success' and idx_audit_logs_created_at coexist",
    )


def test_a_kv_source_table_in_public_is_not_a_target_table(db):
    db.execute(
        "CREATE TABLE public.kv_store_6fcaeea3 (key text PRIMARY KEY, value jsonb NOT NULL,"
        " created_at timestamptz, updated_at timestamptz)"
    )
    t.is_empty(
        db,
        "SELECT description FROM kv2rel.verify_schema() WHERE NOT ok",
        "a KV table with updated_at but no set_updated_at trigger does not fail verify_schema",
    )
    db.execute("CREATE TABLE public.not_kv (id uuid PRIMARY KEY, updated_at timestamptz)")
    t.ok(
        db.execute(
            "SELECT diagnostics FROM kv2rel.verify_schema() WHERE NOT ok AND description LIKE '%updated_at%'"
        ).fetchone()[0].find("public.not_kv") >= 0,
        "an ordinary table with updated_at and no trigger still fails it",
    )
