"""kv2rel.plan: the outcome of every key of the hand-built fixture, merges and their winners, mapped UUIDs,
the environment filter, agreement with map_fields, rules edited by the DBA, read-only, and refusals."""

from __future__ import annotations

import json

import pytest

import pgtap as t
from kv_fixture import CLIENT, EXPECTED_PLAN, MERGED_INTO, ORDER_UUID, SITE, create

PLAN = "SELECT * FROM kv2rel.plan('kv_store_6fcaeea3')"


@pytest.fixture
def kv(db):
    create(db)
    return db


def plan(conn, env: str | None = None) -> dict[str, dict]:
    cur = conn.execute("SELECT * FROM kv2rel.plan('kv_store_6fcaeea3', %s)", (env,))
    names = [c.name for c in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def test_structure(db):
    args = ["regclass", "text"]
    t.has_function(db, "kv2rel", "plan", args, "kv2rel.plan(regclass, text) exists")
    t.volatility_is(db, "kv2rel", "plan", args, "stable", "plan is STABLE: it only reads")
    t.isnt_definer(db, "kv2rel", "plan", args, "plan runs with the caller's rights")
    t.volatility_is(db, "kv2rel", "plan_sql", ["regclass"], "stable", "plan_sql is STABLE")


def test_outcome_of_every_key(kv):
    have = {k: r["outcome"] for k, r in plan(kv).items()}
    for key, want in EXPECTED_PLAN.items():
        t.is_(have.get(key), want, f"{key}: {want}")
    t.is_(len(have), len(EXPECTED_PLAN), "one plan row per KV row")


def test_merges_name_their_winner(kv):
    rows = plan(kv)
    t.is_({k: r["merged_into"] for k, r in rows.items() if r["outcome"] == "merge"}, MERGED_INTO,
          "older duplicates, the demo alias and the site copy merge into the right keys")
    t.is_(rows[f"clients:{CLIENT}"]["mapped_id"], rows[f"client:production:{CLIENT}"]["mapped_id"],
          "a merged row maps to its winner's UUID")
    t.ok(all(r["merged_into"] is None for r in rows.values() if r["outcome"] != "merge"),
         "only merge rows name a winner")


def test_reasons(kv):
    rows = plan(kv)
    cases = {
        "legacy_thing:1": "no key rule matches this key",
        "employees:development:emp-1739-abcdefghi":
            "employee ids are only unique per site_id, and this record has none",
        "employee:site-x:emp-003": "status 'fired' has no entry in the value map of employee.status",
        "order:production:ORD-00100001-x7k2": "missing required customer_email (no usable source among customer_email, "
                                              "customerEmail, employeeEmail)",
        "email-template:undefined": "id undefined is a JavaScript artefact, not an id",
        "client:production:client-bad": "value is a JSON array, expected an object",
        "sites:slug:acme-10-year-awards": "pointer to a record stored under its own key",
        "clients:all": "index: a list of ids; records are found by their own keys",
        f"role:{'3f1c2b9e-8a41-4c55-9d0e-2b7a6f1e0c11'}": "entity role has no target table",
        "environments:qa": "configuration holding secrets: never copied",
    }
    for key, reason in cases.items():
        t.is_(rows[key]["reason"], reason, f"{key}: the reason says why")
    t.ok(rows[f"site_configs:{SITE}"]["reason"].startswith("assignment_strategy 'categories' is rejected by the value"),
         "a value-map reject is quarantined with the map's reason", rows[f"site_configs:{SITE}"]["reason"])


def test_mapped_ids_are_legacy_uuids(kv):
    t.is_empty(
        kv,
        "SELECT p.key FROM kv2rel.plan('kv_store_6fcaeea3') AS p"
        " JOIN kv2rel.kv_entities AS e USING (entity)"
        " WHERE p.mapped_id IS NOT NULL AND e.id_scope_column IS NULL"
        " AND p.mapped_id IS DISTINCT FROM kv2rel.legacy_uuid(p.entity, p.legacy_id)",
        "every mapped id is kv2rel.legacy_uuid(entity, legacy_id)",
    )
    rows = plan(kv)
    t.is_(str(rows["employee:demo-event-serial-card:emp-002"]["mapped_id"]),
          "e31e0d90-ed96-5e12-9e2e-125ac45beb08",
          "an employee's UUID is scoped by its site: uuid5(ns, 'employee:demo-event-serial-card:emp-002')")
    t.is_(str(rows[f"order:{SITE}:{ORDER_UUID}"]["mapped_id"]), ORDER_UUID,
          "the public order's value id repeats the key, so the key's real UUID is kept")
    t.is_(rows[f"order:{SITE}:{ORDER_UUID}"]["legacy_id"], ORDER_UUID, "and it is the legacy id")


def test_environment_filter(kv):
    rows = plan(kv, "production")
    t.is_(rows[f"site:development:{SITE}"]["outcome"], "skip", "a development key is skipped when planning production")
    t.is_(rows[f"site:development:{SITE}"]["reason"],
          "environment development is not the selected environment production", "and the reason names both")
    t.is_(rows[f"client:client-1:site:{SITE}"]["outcome"], "migrate",
          "with the development site skipped, its copy is the only source and migrates")
    t.is_(rows["employees:development:emp-1739-abcdefghi"]["outcome"], "skip", "other-environment employee skipped")
    t.is_(rows["client:qa:client-qa-1"]["outcome"], "skip", "qa is another environment")
    counts = {}
    for r in rows.values():
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    t.is_(counts, {"migrate": 14, "merge": 2, "quarantine": 6, "skip": 10}, "outcome counts for production")


def test_agrees_with_map_fields(kv):
    t.is_empty(
        kv,
        "SELECT p.key, p.outcome FROM kv2rel.plan('kv_store_6fcaeea3') AS p"
        " JOIN kv_store_6fcaeea3 AS k USING (key)"
        " JOIN kv2rel.kv_classification AS c USING (key)"
        " WHERE p.outcome IN ('migrate', 'merge', 'quarantine') AND p.target_table IS NOT NULL"
        " AND (p.outcome = 'quarantine')"
        "     IS DISTINCT FROM (kv2rel.map_fields(p.entity, k.value, to_jsonb(c)) ->> 'quarantine')::boolean",
        "plan quarantines exactly the records kv2rel.map_fields flags for quarantine",
    )
    t.is_empty(
        kv,
        "SELECT p.key FROM kv2rel.plan('kv_store_6fcaeea3') AS p JOIN kv_store_6fcaeea3 AS k USING (key)"
        " JOIN kv2rel.kv_classification AS c USING (key)"
        " WHERE p.outcome IN ('migrate', 'merge')"
        " AND p.mapped_id IS DISTINCT FROM"
        "     (kv2rel.map_fields(p.entity, k.value, to_jsonb(c)) -> 'columns' ->> 'id')::uuid",
        "plan and map_fields give every migrated record the same UUID",
    )


# createdAt values around the fast path for toISOString() dates (LIKE shape, then each field in the hashed list of
# its valid values, kv2rel.iso_utc_parts): valid ones, ones inside and outside its lists (years 1900-2099, 29
# February), ones a parser alone might take (month or day 00, spaces or signs inside a field, hour 24), other forms
DATE_CASES = {
    "2026-02-19T16:20:00.123Z": "migrate",
    "2026-02-19T16:20:00.000Z": "migrate",
    "2026-02-19T16:20:00.120Z": "migrate",
    "2024-02-29T10:00:00.000Z": "migrate",
    "1000-01-01T00:00:00.001Z": "migrate",
    "2999-12-31T23:59:59.999Z": "migrate",
    "2026-02-19T16:20:00Z": "migrate",
    "2026-02-19": "migrate",
    "2026-00-19T16:20:00.123Z": "quarantine",
    "2026-02-00T16:20:00.123Z": "quarantine",
    "2026-02-30T16:20:00.123Z": "quarantine",
    "2023-02-29T10:00:00.000Z": "quarantine",
    "2026- 2-19T16:20:00.123Z": "quarantine",
    "2026-+2-19T16:20:00.123Z": "quarantine",
    "2026-02-19T24:20:00.123Z": "quarantine",
    "2026-02-19T16:60:00.123Z": "quarantine",
    "2026-02-19T16:20:00. 23Z": "quarantine",
    "2026-02-19T16:20:00.123X": "quarantine",
    "20260219T16:20:00.1234Z": "quarantine",
    "yesterday": "quarantine",
    "1899-12-31T23:59:59.999Z": "migrate",
    "2100-01-01T00:00:00.000Z": "migrate",
    "2026-02-19t16:20:00.123Z": "migrate",
    "2026-02-19T16:20:00.123z": "migrate",
    "2026-13-19T16:20:00.123Z": "quarantine",
    "2026-02-19T16:20:60.123Z": "quarantine",
    "2026-02-19T16:20:00.12aZ": "quarantine",
    "2026-02-19T16:20:00.123Z ": "migrate",
}


def test_date_fast_path(kv):
    base = {"orderNumber": "ORD-2026-1", "status": "shipped", "employeeEmail": "p@company.example",
            "employeeName": "Priya Natarajan", "siteId": SITE, "giftId": "gift-001", "quantity": 2,
            "itemValue": 35, "totalValue": 70}
    rows = [(f"order:{SITE}:date-{n}", json.dumps({**base, "id": f"date-{n}", "createdAt": value}))
            for n, value in enumerate(DATE_CASES)]
    with kv.cursor() as cur:
        cur.executemany("INSERT INTO kv_store_6fcaeea3 (key, value) VALUES (%s, %s::jsonb)", rows)
    have = plan(kv)
    for n, (value, want) in enumerate(DATE_CASES.items()):
        t.is_(have[f"order:{SITE}:date-{n}"]["outcome"], want, f"createdAt {value!r}: {want}")
    t.is_(have[f"order:{SITE}:date-{list(DATE_CASES).index('2026-00-19T16:20:00.123Z')}"]["reason"],
          "created_at '2026-00-19T16:20:00.123Z' cannot be coerced (timestamptz from createdAt)",
          "the reason names the value and its source")
    t.is_empty(
        kv,
        "SELECT p.key FROM kv2rel.plan('kv_store_6fcaeea3') AS p JOIN kv_store_6fcaeea3 AS k USING (key)"
        " JOIN kv2rel.kv_classification AS c USING (key)"
        " WHERE p.key LIKE 'order:%:date-%'"
        " AND (p.outcome = 'quarantine')"
        "     IS DISTINCT FROM (kv2rel.map_fields(p.entity, k.value, to_jsonb(c)) ->> 'quarantine')::boolean",
        "plan and map_fields agree on every date form",
    )


def test_runs_in_parallel_workers(kv):
    """Every expression of the compiled query is parallel safe: with parallel plans made cheap, the scan,
    classification and per-entity checks run under a Gather (a SubPlan or a parallel-restricted function would
    keep them in the leader)."""
    sql = kv.execute("SELECT kv2rel.plan_sql('kv_store_6fcaeea3')").fetchone()[0]
    with kv.transaction():
        for setting in ("parallel_setup_cost = 0", "parallel_tuple_cost = 0", "min_parallel_table_scan_size = 0",
                        "max_parallel_workers_per_gather = 2"):
            kv.execute(f"SET LOCAL {setting}")
        kv.execute(f"PREPARE plan_q (text[], text) AS {sql}")
        lines = [r[0] for r in kv.execute(
            "EXPLAIN (COSTS off) EXECUTE plan_q(kv2rel.known_environments('kv_store_6fcaeea3'), NULL)").fetchall()]
        kv.execute("DEALLOCATE plan_q")
    t.ok(any("Gather" in line for line in lines), "the plan has a Gather", "\n".join(lines))
    t.ok(any("Parallel Seq Scan" in line for line in lines), "the KV table is read by a parallel scan",
         "\n".join(lines))
    t.is_(sql.count("CASE c.entity "), 2, "the per-entity checks and date guards are two CASEs, not one per key rule")
    t.is_(sql.count("WHEN 'order' THEN ARRAY["), 1, "the order's checks are compiled once")
    t.is_(sql.count("WHEN 'order' THEN concat("), 1, "the order's date guard is compiled once")
    t.is_(sql.count("AS dates_ok"), 1, "the date guard is a column of its own layer, computed once per record")


def test_rules_are_data(kv):
    kv.execute("INSERT INTO kv2rel.value_map VALUES ('employee', 'status', 'fired', 'map', 'terminated', 'HR word')")
    t.is_(plan(kv)["employee:site-x:emp-003"]["outcome"], "migrate", "a value-map row added by the DBA applies")
    kv.execute("DELETE FROM kv2rel.column_rules WHERE (entity, target_column) = ('order', 'customer_email')")
    t.is_(plan(kv)["order:production:ORD-00100001-x7k2"]["outcome"], "migrate", "a deleted column rule applies")
    kv.execute("INSERT INTO kv2rel.field_map VALUES ('employee', 'site_id', '{clientId}', 25, 'ref:site', 'test')")
    t.is_(plan(kv)["employees:development:emp-1739-abcdefghi"]["outcome"], "migrate",
          "a field-map alias added by the DBA feeds the id scope")
    kv.execute("UPDATE kv2rel.kv_entities SET target_table = NULL WHERE entity = 'hris_connection'")
    t.is_(plan(kv)["hris_connection_hris_conn_1_abc"]["outcome"], "skip", "an entity without target is skipped")


def test_read_only(kv):
    with kv.transaction():
        kv.execute("SET TRANSACTION READ ONLY")
        t.is_(kv.execute("SELECT count(*) FROM kv2rel.plan('kv_store_6fcaeea3')").fetchone()[0], len(EXPECTED_PLAN),
              "plan runs inside a READ ONLY transaction")


def test_compiled_query_never_uses_like(kv):
    sql = kv.execute("SELECT kv2rel.plan_sql('kv_store_6fcaeea3')").fetchone()[0]
    date_shape = " LIKE '____-__-__T__:__:__.___Z'"
    t.ok(date_shape in sql, "the date fast path tests the toISOString() shape with LIKE (every _ a wildcard)")
    t.ok(" LIKE " not in sql.replace(date_shape, "").upper(),
         "otherwise never LIKE: prefixes and suffixes are compared with starts_with/right (_ and % are literal)")
    t.ok("starts_with(s.key, 'admin_users:')" in sql, "the admin_users: prefix is matched literally")


def test_bad_input(kv):
    t.throws_ok(kv, "SELECT * FROM kv2rel.plan('kv_store_6fcaeea3', 'prod')", "K2203",
                "unknown environment 'prod' for KV table public.kv_store_6fcaeea3", "an unknown environment: K2203")
    t.throws_ok(kv, "SELECT * FROM kv2rel.plan(NULL)", "K2201", None, "a NULL table: K2201")
    kv.execute("CREATE TABLE public.not_kv (id int)")
    t.throws_ok(kv, "SELECT * FROM kv2rel.plan('public.not_kv')", "K2202", None, "a non-KV table: K2202")


def test_report(kv):
    report = kv.execute("SELECT kv2rel.plan_report('kv_store_6fcaeea3', NULL, '{quarantine}', 3)").fetchone()[0]
    t.is_(report["by_outcome"], {"migrate": 15, "merge": 3, "quarantine": 7, "skip": 7}, "plan_report counts outcomes")
    t.is_([r["outcome"] for r in report["rows"]], ["quarantine"] * 3, "rows are limited to the asked outcomes")
    t.is_(report["total"], len(EXPECTED_PLAN), "the total counts every row")
    t.throws_ok(kv, "SELECT kv2rel.plan_report('kv_store_6fcaeea3', NULL, '{bad}', 3)", "K2208", None,
                "an unknown outcome is refused")
    t.throws_ok(kv, "SELECT kv2rel.plan_report('kv_store_6fcaeea3', NULL, NULL, -1)", "K2208", None,
                "a negative limit is refused")


# Duplicates rank by the newest updated_at whatever its form: a toISOString() date is cast as it is, other forms go
# through kv2rel.to_timestamptz_lenient; both must order alike. (env_scoped value, parent_scoped value, winner;
# None: no updatedAt, the createdAt of 2026-01-01 counts)
RANK_CASES = [
    ("2026-03-01T00:00:00.000Z", 1772330400000, "parent"),
    ("2026-03-01T00:00:00.000Z", "1772330400000", "parent"),
    ("2026-03-01T03:00:00.000Z", "2026-03-01T04:00:00+02:00", "env"),
    ("2026-03-01T01:00:00.000Z", "2026-03-01T04:00:00+02:00", "parent"),
    ("2026-03-01T00:00:00.000Z", "2026-03-01T00:00:00.001Z", "parent"),
    ("2026-03-01T00:00:00.001Z", "2026-03-01T00:00:00.000Z", "env"),
    ("2024-02-29T00:00:00.000Z", "2024-02-28T23:59:59.999Z", "env"),
    ("1899-12-31T00:00:00.000Z", "1900-01-01T00:00:00.000Z", "parent"),
    (None, "2025-12-31T23:59:59.999Z", "env"),
    (None, "2026-01-01T00:00:00.001Z", "parent"),
]


def test_newest_wins_across_date_forms(kv):
    base = {"orderNumber": "ORD-2026-9", "status": "shipped", "employeeEmail": "p@company.example",
            "employeeName": "Priya Natarajan", "siteId": SITE, "giftId": "gift-001", "quantity": 1,
            "itemValue": 35, "totalValue": 35, "createdAt": "2026-01-01T00:00:00.000Z"}
    rows = []
    for n, (env_at, parent_at, _) in enumerate(RANK_CASES):
        env_value = {**base, "id": f"rank-{n}"} | ({} if env_at is None else {"updatedAt": env_at})
        rows.append((f"order:production:rank-{n}", json.dumps(env_value)))
        rows.append((f"order:{SITE}:rank-{n}", json.dumps({**base, "id": f"rank-{n}", "updatedAt": parent_at})))
    with kv.cursor() as cur:
        cur.executemany("INSERT INTO kv_store_6fcaeea3 (key, value) VALUES (%s, %s::jsonb)", rows)
    have = plan(kv)
    for n, (env_at, parent_at, winner) in enumerate(RANK_CASES):
        env_key, parent_key = f"order:production:rank-{n}", f"order:{SITE}:rank-{n}"
        win, lose = (env_key, parent_key) if winner == "env" else (parent_key, env_key)
        t.is_((have[win]["outcome"], have[lose]["outcome"], have[lose]["merged_into"]), ("migrate", "merge", win),
              f"{env_at!r} against {parent_at!r}: the {winner} key wins")
