"""kv2rel.seed_kv_store and its helpers: the deterministic KV store generator (issue 4 section 1).

Every test runs in its own freshly cloned database (fixture ``db``) and uses the small scale only.
The contract checked here is docs/generator.md.
"""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.pgtap import bag_eq, has_function, has_table, is_, is_empty, ok, results_eq, throws_ok, volatility_is

SEED_ARGS = ["text", "text", "bigint", "jsonb", "boolean", "boolean"]
HAZARDS = [
    "duplicates", "ambiguous_segments", "colon_ids", "id_mismatch", "non_uuid_ids", "mixed_naming", "aliases",
    "index_drift", "orphans", "bad_enums", "constraint_traps", "duplicate_natural_keys", "type_variance",
    "missing_fields", "timestamp_formats", "soft_deletes", "ephemeral_keys", "secret_keys", "environments",
    "whitespace", "unknown_keys",
]  # fmt: skip
# every key family of kv-store.md sections 2-3 the generator writes (docs/generator.md, "Key families")
FAMILIES = [
    "client:{id}", "client:{env}:{id}", "clients:{id}", "clients:{env}:{id}", "client:{clientId}:site:{siteId}",
    "site:{id}", "site:{env}:{id}", "sites:{id}", "sites:{env}:{id}", "sites:slug:{slug}", "site:slug:{slug}",
    "sites:{siteId}:catalog_config", "site_configs:{siteId}", "site-gift-assignment:{siteId}:{giftId}",
    "catalogs:{id}", "catalogs:all", "gifts:{id}", "gift:{env}:{id}", "gift:{id}", "gifts:all",
    "catalog_gifts:{catalogId}", "catalog_gifts:{catalogId}:{giftId}", "catalog_sync_logs:{catalogId}:latest",
    "catalog_sync_logs:{catalogId}:list", "catalog_sync_logs:{catalogId}:{timestamp}",
    "employee:{siteId}:{empId}", "employee:{id}", "employees:{id}", "employees:{env}:{id}", "employees:all",
    "order:{id}", "order:{env}:{id}", "order:{siteId}:{uuid}", "orders:{id}", "orders:all", "clients:all",
    "sites:all", "admin_users:{authUserId}", "admin_user:{env}:{id}", "role:{uuid}", "role:{env}:{id}",
    "access_group:{uuid}", "employee_role:{employeeId}:{roleId}:{siteId|all}",
    "employee_access_group:{employeeId}:{groupId}:{siteId|all}", "audit:{env}:{ms}:{uuid}", "audit_logs:{ms}",
    "email-template:{id}", "email-template:undefined", "email_template:{env}:{id}", "global-template:{id}",
    "site-template:{id}", "automation-rule:{siteId}:{id}", "email-history:{siteId}:{id}",
    "scheduled-email:{siteId}:{id}", "brand:{uuid}", "brand:{env}:{id}", "celebrations:{id}",
    "celebrations:employee:{recipientId}:{id}", "celebration:{env}:{id}", "invites:{id}",
    "scheduled-trigger-log:scheduled-trigger-log-{ms}", "mapping_rules:{id}", "environments:{id}",
    "hris_connection_{id}", "hris_sync_{id}", "sftp_config:{clientId}", "webhook:{siteId}:{id}",
    "webhook-delivery:{siteId}:{id}", "session:{uuid}", "magic-link:{uuid}", "password_reset:{userId}_{ms}_{rand}",
    "ratelimit:{path}:{client}", "health:test:{ms}", "test:{id}", "demo:{id}", "unknown",
]  # fmt: skip


def seed(conn: psycopg.Connection, table: str, scale: str = "small", s: int = 1, hazards=None, **kw) -> dict:
    row = conn.execute(
        "SELECT kv2rel.seed_kv_store(p_kv_table => %s, p_scale => %s, p_seed => %s, p_hazards => %s::jsonb,"
        " p_replace => %s, p_timestamps => %s)",
        (table, scale, s, None if hazards is None else json.dumps(hazards), kw.get("replace", False),
         kw.get("timestamps", True)),
    ).fetchone()
    return row[0]  # type: ignore[index]


def table_hash(conn: psycopg.Connection, table: str) -> str:
    row = conn.execute(f"SELECT md5(string_agg(key || value::text, '' ORDER BY key)) FROM {table}").fetchone()
    return row[0]  # type: ignore[index]


# ------------------------------------------------------------------------------------------------ structure


def test_generator_objects_exist(db):
    has_function(db, "kv2rel", "seed_kv_store", SEED_ARGS, "kv2rel.seed_kv_store(text, text, bigint, jsonb, ...)")
    has_table(db, "kv2rel", "seed_manifest", "the hazard manifest table kv2rel.seed_manifest exists")
    volatility_is(db, "kv2rel", "seed_rand", ["bigint", "text", "bigint"], "immutable", "the PRNG is IMMUTABLE")
    volatility_is(db, "kv2rel", "seed_uuid", ["bigint", "text", "bigint"], "immutable", "seed_uuid is IMMUTABLE")
    volatility_is(db, "kv2rel", "seed_iso", ["bigint"], "stable", "seed_iso is STABLE (to_char)")
    volatility_is(db, "kv2rel", "seed_kv_store", SEED_ARGS, "volatile", "the generator is VOLATILE (it writes)")
    is_empty(
        db,
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = 'kv2rel' AND p.proname LIKE 'seed\\_%' AND obj_description(p.oid, 'pg_proc') IS NULL",
        "every kv2rel.seed_* function has a COMMENT",
    )


def test_prng_is_deterministic_uniform_and_uuid_shaped(db):
    results_eq(
        db,
        "SELECT kv2rel.seed_rand(7, 'x', 3) = kv2rel.seed_rand(7, 'x', 3),"
        " kv2rel.seed_rand(7, 'x', 3) <> kv2rel.seed_rand(8, 'x', 3),"
        " kv2rel.seed_rand(7, 'x', 3) <> kv2rel.seed_rand(7, 'y', 3)",
        [(True, True, True)],
        "seed_rand depends only on (seed, stream, i)",
    )
    results_eq(
        db,
        "SELECT min(r) >= 0, max(r) < 1, abs(avg(r) - 0.5) < 0.01 FROM"
        " (SELECT kv2rel.seed_rand(1, 'u', i) AS r FROM generate_series(1, 20000) i) s",
        [(True, True, True)],
        "seed_rand is in [0, 1) with mean about 0.5",
    )
    is_empty(
        db,
        "SELECT u FROM (SELECT kv2rel.seed_uuid(1, 's', i)::text AS u FROM generate_series(1, 500) i) s"
        " WHERE u !~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'",
        "seed_uuid gives version-4-shaped UUIDs",
    )
    is_(
        db.execute("SELECT kv2rel.seed_iso(1739612345678)").fetchone()[0],  # type: ignore[index]
        "2025-02-15T09:39:05.678Z",
        "seed_iso formats like JavaScript toISOString",
    )


# ------------------------------------------------------------------------------------------------ determinism


def test_same_seed_gives_identical_table_other_seed_differs(db):
    seed(db, "public.kv_a", s=42)
    seed(db, "public.kv_b", s=42)
    seed(db, "public.kv_c", s=43)
    is_(table_hash(db, "public.kv_a"), table_hash(db, "public.kv_b"), "same seed and scale: byte-identical table")
    results_eq(
        db,
        "SELECT md5(string_agg(key || created_at::text || updated_at::text, '' ORDER BY key)) FROM public.kv_a",
        "SELECT md5(string_agg(key || created_at::text || updated_at::text, '' ORDER BY key)) FROM public.kv_b",
        "same seed: identical created_at/updated_at columns",
    )
    ok(table_hash(db, "public.kv_a") != table_hash(db, "public.kv_c"), "a different seed gives different content")
    bag_eq(
        db,
        "SELECT key, hazard, code, detail FROM kv2rel.seed_manifest WHERE kv_table = 'public.kv_a'::regclass",
        "SELECT key, hazard, code, detail FROM kv2rel.seed_manifest WHERE kv_table = 'public.kv_b'::regclass",
        "same seed: identical manifest",
    )


def test_gifts_all_form_alternates_with_seed_parity(db):
    seed(db, "public.kv_even", s=2)
    seed(db, "public.kv_odd", s=3)
    results_eq(
        db,
        "SELECT (SELECT jsonb_typeof(value -> 0) FROM public.kv_even WHERE key = 'gifts:all'),"
        " (SELECT jsonb_typeof(value -> 0) FROM public.kv_odd WHERE key = 'gifts:all')",
        [("string", "object")],
        "gifts:all holds ids for even seeds and full gift objects for odd seeds",
    )


# ------------------------------------------------------------------------------------------------ scale


def test_small_scale_entity_counts_exact_without_hazards(db):
    report = seed(db, "public.kv_clean", hazards="none")
    is_(
        {k: report["counts"][k] for k in ("clients", "sites", "catalogs", "products", "employees", "orders")},
        {"clients": 5, "sites": 12, "catalogs": 3, "products": 1500, "employees": 250, "orders": 100},
        "small scale counts match kv-store.md section 8",
    )
    results_eq(
        db,
        """
        SELECT count(*) FILTER (WHERE key ~ '^(client:[^:]+|client:production:[^:]+|clients:[^:]+)$'
                                  AND key NOT LIKE 'clients:all'),
               count(*) FILTER (WHERE key ~ '^(site:[^:]+|site:production:[^:]+|sites:[^:]+)$'
                                  AND key NOT LIKE 'sites:all'),
               count(*) FILTER (WHERE key ~ '^catalogs:' AND key <> 'catalogs:all'),
               count(*) FILTER (WHERE key ~ '^(gifts:[^:]+|gift:[^:]+|gift:production:[^:]+)$' AND key <> 'gifts:all'),
               count(*) FILTER (WHERE key ~ '^(employee:|employees:)' AND key <> 'employees:all'),
               count(*) FILTER (WHERE key ~ '^(order:|orders:)' AND key <> 'orders:all')
          FROM public.kv_clean
        """,
        [(5, 12, 3, 1500, 250, 100)],
        "with --hazards none every logical record has exactly one key",
    )


def test_row_target_scale_is_met_within_ten_percent(db):
    report = seed(db, "public.kv_n", scale="20000", s=5)
    rows = db.execute("SELECT count(*) FROM public.kv_n").fetchone()[0]  # type: ignore[index]
    is_(report["rows"], rows, "the report counts the rows written")
    ok(18000 <= rows <= 22000, "scale 20000 writes 20000 rows +- 10%", f"    rows: {rows}")


def test_small_scale_has_prefixes_over_1000_keys(db):
    report = seed(db, "public.kv_big")
    results_eq(
        db,
        "SELECT count(*) > 1000 FROM public.kv_big WHERE left(key, 14) = 'catalog_gifts:'",
        [(True,)],
        "a prefix (catalog_gifts:) exceeds the 1000-row getByPrefix cap at small scale",
    )
    ok("catalog_gifts:" in report["structural"]["prefixes_over_1000"], "the report lists prefixes over 1000 keys")
    ok("admin_users:" in report["structural"]["underscore_prefixes"], "the report lists prefixes containing _")


# ------------------------------------------------------------------------------------------------ families


def test_every_key_family_present_at_small_scale(db):
    report = seed(db, "public.kv_fam")
    missing = [f for f in FAMILIES if report["families"].get(f, 0) < 1]
    is_(missing, [], "every key family of kv-store.md sections 2-3 is written at small scale")
    is_(
        sum(report["families"].values()),
        db.execute("SELECT count(*) FROM public.kv_fam").fetchone()[0],  # type: ignore[index]
        "family counts add up to the rows of the table",
    )
    results_eq(
        db,
        """
        SELECT bool_and(k IN (SELECT key FROM public.kv_fam)) FROM unnest(ARRAY[
            'clients:all', 'sites:all', 'gifts:all', 'catalogs:all', 'orders:all', 'employees:all',
            'catalogs:catalog_legacy_default', 'client:client-demo-stakeholder', 'client:demo-stakeholder',
            'email-template:undefined', 'email-template:shipping-notification',
            'email-template:delivery-confirmation', 'global-template:global-user-password-reset',
            'environments:production', 'environments:uat-emea', 'sites:demo-event-serial-card']) AS k
        """,
        [(True,)],
        "the fixed keys of the source exist",
    )
    results_eq(
        db,
        """
        SELECT count(*) FILTER (
                   WHERE key ~ '^catalog_sync_logs:[^:]+:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$') > 0,
               count(*) FILTER (WHERE key ~ '^order:[^:]+:[0-9a-f-]{36}$' AND key NOT LIKE 'order:production:%'
                                AND value ->> 'id' = key) > 0,
               count(*) FILTER (WHERE key ~ '^role:[0-9a-f-]{36}$' AND value ->> 'id' = key) > 0,
               count(*) FILTER (WHERE key ~ '^employee_role:[^:]+:role:[0-9a-f-]{36}:') > 0,
               count(*) FILTER (WHERE key LIKE 'hris\\_connection\\_hris\\_conn\\_%') > 0,
               count(*) FILTER (WHERE key LIKE 'hris\\_sync\\_hris\\_sync\\_%') > 0,
               count(*) FILTER (WHERE key LIKE 'scheduled-trigger-log:scheduled-trigger-log-%') > 0,
               count(*) FILTER (WHERE key LIKE 'ratelimit:%' AND jsonb_typeof(value) = 'string'
                                AND jsonb_typeof((value #>> '{}')::jsonb) = 'object') > 0,
               count(*) FILTER (WHERE key LIKE 'webhook:%' AND value ? 'secret') > 0,
               count(*) FILTER (WHERE key LIKE 'catalog_gifts:%:%' AND jsonb_typeof(value) IN ('boolean', 'string')) > 0
          FROM public.kv_fam
        """,
        [(True,) * 10],
        "colon ids, public orders (id = key), role ids, HRIS keys, trigger logs, rate limits, secrets and link flags",
    )


def test_values_are_nul_free_and_whitespace_laden(db):
    seed(db, "public.kv_nul", hazards={"*": 0.3})
    is_empty(db, "SELECT key FROM public.kv_nul WHERE strpos(value::text, '\\u0000') > 0 OR strpos(key, chr(9)) > 0",
             "no value holds a NUL escape and no key a tab")
    results_eq(
        db,
        "SELECT count(*) > 0 FROM public.kv_nul WHERE value::text ~ '\\\\t|\\\\n|\\\\r'",
        [(True,)],
        "whitespace-laden strings (tabs, newlines) exist",
    )


# ------------------------------------------------------------------------------------------------ hazards


def test_hazards_none_gives_a_clean_store(db):
    report = seed(db, "public.kv_none", hazards="none")
    is_empty(db, "SELECT key FROM kv2rel.seed_manifest WHERE kv_table = 'public.kv_none'::regclass",
             "--hazards none: the manifest is empty")
    is_({h: v["injected"] + v["keys"] for h, v in report["hazards"].items() if v["injected"] + v["keys"]}, {},
        "--hazards none: no hazard injected anywhere")
    is_empty(
        db,
        """
        SELECT key FROM public.kv_none
         WHERE key ~ '^(session|magic-link|password_reset|ratelimit|health|test|demo|snapshot|user|environment):'
            OR key ~ '^(site:slug:|hris_|webhook:|sftp_config:|kvprobe|tmp_import_)'
            OR key ~ ':(development|staging|uat-emea):'
            OR key ~ '(client|site|gift|emp|admin|role|brand)-\\d{13}-' OR key ~ 'ORD-\\d{8}-'
            OR key LIKE '%catalog_legacy_default%' OR key LIKE '%demo%'
            OR value @> '{"deleted": true}'
            OR jsonb_path_exists(value, 'strict $.** ? (@.type() == "string" && @ like_regex "^\\\\s|\\\\s$")')
        """,
        "--hazards none: no ephemeral, secret, unknown, non-production, legacy-id, soft-deleted or padded data",
    )
    results_eq(
        db,
        """
        SELECT count(*) FILTER (WHERE key ~ '^client:[^:]+:site:'),
               count(*) FILTER (WHERE key ~ '^order:[^:]+:[^:]+$' AND key NOT LIKE 'order:production:%'),
               count(*) FILTER (WHERE key ~ '^(clients?|sites?|gifts?|employees?|orders?|catalogs):'
                                  AND value ->> 'status' IN ('suspended', 'archived', 'live', 'paused', 'failed',
                                                             'refunded', 'terminated', 'on_leave'))
          FROM public.kv_none
        """,
        [(0, 0, 0)],
        "--hazards none: no copies, no public-checkout orders, no out-of-list enums",
    )


def test_default_hazard_shares_are_respected(db):
    report = seed(db, "public.kv_def")
    off = {}
    for name in HAZARDS:
        h = report["hazards"][name]
        if h["eligible"] < 1000:
            continue
        rate = h["injected"] / h["eligible"]
        if abs(rate - h["share"]) > 0.02 + 0.25 * h["share"]:
            off[name] = (h["share"], round(rate, 4))
    is_(off, {}, "default shares: injected / eligible within tolerance for every hazard with >= 1000 eligible records")
    ok(all(report["hazards"][h]["keys"] > 0 for h in HAZARDS), "every hazard appears at small scale with defaults",
       f"    none: {[h for h in HAZARDS if report['hazards'][h]['keys'] == 0]}")


@pytest.mark.parametrize("share", [0.25, 0.6])
def test_overridden_shares_are_respected(db, share):
    report = seed(db, "public.kv_ovr", hazards={"*": share})
    off = {}
    for name in HAZARDS:
        h = report["hazards"][name]
        # chained natural-key collisions are skipped (a record never copies a key its partner copied itself),
        # so duplicate_natural_keys stays below high shares by design (docs/generator.md)
        if h["eligible"] < 80 or name == "duplicate_natural_keys":
            continue
        rate = h["injected"] / h["eligible"]
        if abs(rate - share) > 0.03 + 0.2 * share:
            off[name] = round(rate, 4)
    is_(off, {}, f'{{"*": {share}}}: every hazard with >= 80 eligible records is injected at about {share}')


def test_single_hazard_override_leaves_the_others_at_default(db):
    report = seed(db, "public.kv_one", hazards={"orphans": 0.2})
    is_(report["shares"]["orphans"], 0.2, "the overridden share is used")
    is_(report["shares"]["whitespace"], 0.03, "other shares keep their defaults")
    h = report["hazards"]["orphans"]
    ok(abs(h["injected"] / h["eligible"] - 0.2) < 0.05, "orphans injected at about 0.2",
       f"    {h['injected']} / {h['eligible']}")


def test_manifest_matches_the_report_and_the_data(db):
    report = seed(db, "public.kv_man", hazards={"*": 0.2})
    is_empty(
        db,
        "SELECT m.key FROM kv2rel.seed_manifest m WHERE m.kv_table = 'public.kv_man'::regclass"
        " AND NOT EXISTS (SELECT 1 FROM public.kv_man k WHERE k.key = m.key)",
        "every manifest key exists in the KV table",
    )
    is_empty(
        db,
        "SELECT key, hazard FROM kv2rel.seed_manifest WHERE kv_table = 'public.kv_man'::regclass"
        " GROUP BY key, hazard HAVING count(*) > 1",
        "a key carries at most one code per hazard",
    )
    unlisted = ("non_uuid_ids", "ambiguous_segments", "colon_ids")
    listed = {h: v["keys"] for h, v in report["hazards"].items() if h not in unlisted}
    listed["environments"] -= report["hazards"]["environments"]["codes"].get("non_default_env", 0)
    have = dict(db.execute(
        "SELECT hazard, count(*) FROM kv2rel.seed_manifest WHERE kv_table = 'public.kv_man'::regclass GROUP BY hazard"
    ).fetchall())
    is_({h: have.get(h, 0) for h in listed}, listed, "manifest rows per hazard equal the report's listed keys")
    is_empty(
        db,
        """
        SELECT m.key, m.code FROM kv2rel.seed_manifest m JOIN public.kv_man k USING (key)
         WHERE m.kv_table = 'public.kv_man'::regclass AND (
               (m.code = 'deleted_flag' AND NOT k.value @> '{"deleted": true}')
            OR (m.hazard = 'whitespace' AND NOT jsonb_path_exists(
                    k.value, 'strict $.** ? (@.type() == "string" && @ like_regex "^\\\\s|\\\\s$")'))
            OR (m.code = 'is_active_for_status' AND NOT k.value ? 'isActive')
            OR (m.code = 'order_status_unknown' AND k.value ->> 'status' <> 'refunded')
            OR (m.code = 'price_as_string' AND jsonb_typeof(k.value -> 'price') <> 'string')
            OR (m.code = 'ts_epoch'
                AND jsonb_typeof(COALESCE(k.value -> 'createdAt', k.value -> 'created_at')) <> 'number')
            OR (m.code = 'value_id_missing' AND k.value ? 'id')
            OR (m.hazard = 'orphans' AND m.detail ->> 'missing' IS NULL)
            OR (m.hazard = 'ephemeral_keys'
                AND k.key !~ '^(session|magic-link|password_reset|ratelimit|health|test|demo):')
         )
        """,
        "each listed code is really present in the value",
    )
    results_eq(
        db,
        """
        SELECT count(*) FILTER (WHERE n_keys < 2), count(*) FILTER (WHERE winners <> 1)
          FROM (SELECT detail ->> 'group' AS g, count(*) AS n_keys,
                       count(*) FILTER (WHERE (detail ->> 'winner')::boolean) AS winners
                  FROM kv2rel.seed_manifest
                 WHERE kv_table = 'public.kv_man'::regclass AND hazard = 'duplicates' AND code = 'cross_generation'
                 GROUP BY 1) AS g
        """,
        [(0, 0)],
        "every duplicate group has at least two keys and exactly one winner",
    )
    results_eq(
        db,
        """
        SELECT count(*) FROM kv2rel.seed_manifest m
         WHERE m.kv_table = 'public.kv_man'::regclass AND m.code IN ('order_missing_site', 'employee_missing_site')
           AND EXISTS (SELECT 1 FROM public.kv_man k
                        WHERE k.key ~ ('^sites?:([a-z-]+:)?' || split_part(m.detail ->> 'missing', ':', 2) || '$'))
        """,
        [(0,)],
        "orphans point to sites that do not exist",
    )


def test_winner_of_a_duplicate_group_has_the_newest_update(db):
    seed(db, "public.kv_dup", hazards={"*": 0, "duplicates": 0.5})
    is_empty(
        db,
        """
        WITH m AS (
            SELECT m.detail ->> 'group' AS g, (m.detail ->> 'winner')::boolean AS winner,
                   COALESCE(k.value ->> 'updatedAt', k.value ->> 'updated_at')::timestamptz AS updated
              FROM kv2rel.seed_manifest m JOIN public.kv_dup k USING (key)
             WHERE m.kv_table = 'public.kv_dup'::regclass AND m.code = 'cross_generation'
        )
        SELECT g FROM m GROUP BY g
        HAVING max(updated) FILTER (WHERE winner) IS DISTINCT FROM max(updated)
            OR count(*) FILTER (WHERE updated = (SELECT max(updated) FROM m AS x WHERE x.g = m.g)) <> 1
        """,
        "the winner of every duplicate group is its unique newest updatedAt",
    )


# ------------------------------------------------------------------------------------------------ table handling


def test_refuses_a_non_empty_table_unless_replace(db):
    seed(db, "public.kv_full")
    rows = db.execute("SELECT count(*) FROM public.kv_full").fetchone()[0]  # type: ignore[index]
    throws_ok(
        db,
        "SELECT kv2rel.seed_kv_store('public.kv_full', 'small', 2)",
        "K2102",
        f"KV table public.kv_full is not empty ({rows} rows); nothing was generated",
        "a non-empty table is refused with K2102 naming the table and its row count",
    )
    seed(db, "public.kv_full", s=2, replace=True)
    seed(db, "public.kv_two", s=2)
    is_(table_hash(db, "public.kv_full"), table_hash(db, "public.kv_two"), "p_replace truncates and regenerates")


def test_schema_qualified_and_quoted_mixed_case_names(db):
    seed(db, "app.kv")
    seed(db, '"App"."KV Store"', timestamps=False)
    results_eq(
        db,
        """
        SELECT (SELECT count(*) > 3000 FROM app.kv), (SELECT count(*) > 3000 FROM "App"."KV Store"),
               (SELECT count(*) FROM information_schema.columns
                 WHERE table_schema = 'App' AND table_name = 'KV Store'
                   AND column_name IN ('created_at', 'updated_at')),
               (SELECT count(*) FROM pg_constraint WHERE conrelid = '"App"."KV Store"'::regclass AND contype = 'p')
        """,
        [(True, True, 0, 1)],
        "app.kv and \"App\".\"KV Store\" are created and filled; p_timestamps => false omits the timestamp columns",
    )
    is_(table_hash(db, "app.kv"), table_hash(db, '"App"."KV Store"'), "the table name does not change the content")


def test_existing_empty_table_of_the_right_shape_is_filled(db):
    db.execute("CREATE TABLE public.kv_pre (key text PRIMARY KEY, value jsonb NOT NULL)")
    report = seed(db, "kv_pre")
    is_(report["created"], False, "an existing table is used, not recreated")
    ok(report["rows"] > 3000, "the existing empty table is filled")


@pytest.mark.parametrize(
    ("call", "sqlstate"),
    [
        ("SELECT kv2rel.seed_kv_store('public.kv_bad', '0', 1)", "K2101"),
        ("SELECT kv2rel.seed_kv_store('public.kv_bad', '-5', 1)", "K2101"),
        ("SELECT kv2rel.seed_kv_store('public.kv_bad', 'huge', 1)", "K2101"),
        ("SELECT kv2rel.seed_kv_store('public.kv_bad', 'small', NULL)", "K2101"),
        ("SELECT kv2rel.seed_kv_store('public.kv_bad', 'small', 1, '{\"orphan\": 0.1}')", "K2101"),
        ("SELECT kv2rel.seed_kv_store('public.kv_bad', 'small', 1, '{\"orphans\": 1.5}')", "K2101"),
        ("SELECT kv2rel.seed_kv_store('public.kv_bad', 'small', 1, '{\"orphans\": \"a lot\"}')", "K2101"),
        ("SELECT kv2rel.seed_kv_store('public.kv_bad', 'small', 1, '[0.1]')", "K2101"),
        ("SELECT kv2rel.seed_kv_store('a.b.c', 'small', 1)", "K2101"),
    ],
)
def test_bad_arguments_are_rejected(db, call, sqlstate):
    throws_ok(db, call, sqlstate, None, f"{call} fails with {sqlstate}")
    is_empty(db, "SELECT 1 FROM pg_class WHERE relname = 'kv_bad'", "nothing is created for a bad argument")


def test_wrong_table_shape_is_rejected(db):
    db.execute("CREATE TABLE public.kv_shape (key integer PRIMARY KEY, value text)")
    throws_ok(db, "SELECT kv2rel.seed_kv_store('public.kv_shape')", "K2103", None,
              "a table without key text / value jsonb is refused with K2103")


def test_natural_key_collisions_really_collide(db):
    seed(db, "public.kv_nk", hazards={"*": 0.2})
    results_eq(
        db,
        """
        WITH m AS (
            SELECT m.code, k.value
              FROM kv2rel.seed_manifest AS m JOIN public.kv_nk AS k USING (key)
             WHERE m.kv_table = 'public.kv_nk'::regclass AND m.hazard = 'duplicate_natural_keys'
               AND m.code IN ('order_number_collision', 'sku_reused', 'sku_case_variant', 'client_code_reused',
                              'slug_reused', 'admin_email_case_variant', 'employee_id_reused')
        )
        SELECT count(*) > 0, bool_and(CASE m.code
            WHEN 'order_number_collision' THEN (SELECT count(*) FROM public.kv_nk AS o WHERE o.key ~ '^orders?:'
                AND COALESCE(o.value ->> 'orderNumber', o.value ->> 'order_number')
                    = COALESCE(m.value ->> 'orderNumber', m.value ->> 'order_number')) >= 2
            WHEN 'client_code_reused' THEN (SELECT count(*) FROM public.kv_nk AS c WHERE c.key ~ '^clients?:'
                AND COALESCE(c.value ->> 'clientCode', c.value ->> 'client_code')
                    = COALESCE(m.value ->> 'clientCode', m.value ->> 'client_code')) >= 2
            WHEN 'slug_reused' THEN (SELECT count(*) FROM public.kv_nk AS s WHERE s.key ~ '^sites?:'
                AND s.value ->> 'slug' = m.value ->> 'slug') >= 2
            WHEN 'admin_email_case_variant' THEN (SELECT count(*) FROM public.kv_nk AS a WHERE a.key ~ '^admin_users?:'
                AND lower(a.value ->> 'email') = lower(m.value ->> 'email')) >= 2
            WHEN 'employee_id_reused' THEN (SELECT count(*) FROM public.kv_nk AS e WHERE e.key ~ '^employees?:'
                AND COALESCE(e.value ->> 'employeeId', e.value ->> 'employee_id')
                    = COALESCE(m.value ->> 'employeeId', m.value ->> 'employee_id')) >= 2
            ELSE (SELECT count(*) FROM public.kv_nk AS g WHERE g.key ~ '^gifts?:'
                AND upper(g.value ->> 'sku') = upper(m.value ->> 'sku')) >= 2
        END)
          FROM m
        """,
        [(True, True)],
        "every tagged natural-key duplicate shares its natural key with another record",
    )
