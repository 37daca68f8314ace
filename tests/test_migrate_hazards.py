"""End to end on the generator's small store (issue 5): accounting per entity, every hazard of docs/generator.md
ends with its documented outcome, and a hand-checked sample of each entity and key generation.

The store is `kv2rel seed --scale small --seed 1` with the default hazards, migrated for `production`. A key is
judged with everything it carries: its own hazards (kv2rel.seed_manifest), its environment (keys of another
environment are skipped, env_filter), and cascades the documentation implies (a record whose parent was not
migrated in this run is an orphan naming that parent; a duplicate of a quarantined winner is quarantined too).
Where the generator's documented outcome and what the plan/mapping rules of issue 4 do disagree, the case is
listed in KNOWN_MISMATCHES and the test for that hazard code is marked xfail with the explanation (strict: it
starts failing as soon as the rules are aligned with the documentation, so the list must then be updated).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import pytest

import pgtap as t
from migrate_support import mig_templates, migrated_db  # noqa: F401  (fixtures)

M = ("migrated", None)
Q = lambda reason: ("quarantined", reason)  # noqa: E731
S = lambda reason=None: ("skipped", reason)  # noqa: E731
DUP = ("merged", "duplicate")

# docs/generator.md, hazard table: what a key carrying only this hazard must end with.
EXPECTED: dict[str, set] = {
    "duplicates.cross_generation": {M, DUP},
    "duplicates.client_site_copy": {S("copy")},
    "duplicates.alias_key": {M, DUP},
    "duplicates.celebration_copy": {S()},
    "id_mismatch.value_id_missing": {M},
    "id_mismatch.value_id_differs": {M},
    "id_mismatch.undefined_id": {Q("invalid_id")},
    "id_mismatch.key_id_differs": {DUP},
    "index_drift.not_in_index": {M},
    "index_drift.dangling_ids": {S("index")},
    "orphans.site_missing_client": {Q("orphan_client")},
    "orphans.product_missing_catalog": {Q("orphan_catalog")},
    "orphans.catalog_missing_owner": {M},
    "orphans.employee_missing_site": {Q("orphan_site")},
    "orphans.assignment_missing_gift": {Q("orphan_gift")},
    "orphans.excluded_sku_unknown": {M},
    "orphans.excluded_sku_other_catalog": {M},
    "orphans.order_missing_site": {Q("orphan_site")},
    "orphans.order_missing_gift": {M},
    "orphans.order_missing_employee": {M},
    "orphans.employee_role_missing_role": {S()},
    "bad_enums.client_status_suspended": {M},
    "bad_enums.client_status_unknown": {Q("bad_enum")},
    "bad_enums.site_status_live": {M},
    "bad_enums.site_status_maintenance": {M},
    "bad_enums.site_status_missing": {M},
    "bad_enums.site_status_paused": {Q("bad_enum")},
    "bad_enums.product_status_unknown": {Q("bad_enum")},
    "bad_enums.catalog_status_missing": {M},
    "bad_enums.catalog_status_unknown": {Q("bad_enum")},
    "bad_enums.employee_status_terminated": {M},
    "bad_enums.employee_status_unknown": {Q("bad_enum")},
    "bad_enums.order_status_failed": {M},
    "bad_enums.order_status_unknown": {Q("bad_enum")},
    "bad_enums.admin_role_unknown": {Q("bad_enum")},
    "bad_enums.gift_strategy_unknown": {Q("bad_enum")},
    "constraint_traps.name_too_short": {Q("name_too_short")},
    "constraint_traps.email_empty": {M},
    "constraint_traps.email_invalid": {Q("invalid_email")},
    "constraint_traps.price_as_string": {M},
    "constraint_traps.price_missing": {Q("missing_price")},
    "constraint_traps.negative_quantity": {Q("invalid_quantity")},
    "constraint_traps.fractional_quantity": {Q("invalid_quantity")},
    "constraint_traps.slug_uppercase": {M, S("pointer")},
    "constraint_traps.slug_with_spaces": {M, S("pointer")},
    "constraint_traps.dates_inverted": {Q("invalid_dates")},
    "constraint_traps.active_gt_total": {M},
    "constraint_traps.status_without_timestamp": {M},
    "constraint_traps.serial_card_blank": {M},
    # The manifest lists both keys of a natural-key pair; the one whose key sorts first keeps the value.
    "duplicate_natural_keys.client_code_reused": {M},
    "duplicate_natural_keys.slug_reused": {M},
    "duplicate_natural_keys.sku_reused": {M, Q("duplicate_sku")},
    "duplicate_natural_keys.sku_case_variant": {M, Q("duplicate_sku")},
    "duplicate_natural_keys.employee_id_reused": {M, Q("duplicate_employee_id")},
    "duplicate_natural_keys.employee_id_blank": {M},
    "duplicate_natural_keys.value_id_reused": {M},
    "duplicate_natural_keys.admin_email_case_variant": {M, Q("duplicate_email")},
    "duplicate_natural_keys.brand_name_reused": {M},
    "duplicate_natural_keys.order_number_collision": {M},
    "missing_fields.contact_email_missing": {M},
    "missing_fields.sku_missing": {M},
    "missing_fields.catalog_id_missing": {M, Q("missing_catalog")},
    "missing_fields.slug_missing": {M},
    "missing_fields.site_id_missing": {Q("employee_without_site")},
    "missing_fields.email_missing": {M},
    "missing_fields.customer_name_missing": {M},
    "missing_fields.shipping_address_missing": {M},
    "missing_fields.username_missing": {M},
    "missing_fields.created_at_missing": {M},
    "soft_deletes.deleted_flag": {M},
    "secret_keys.plaintext_credentials": {M},
    "secret_keys.webhook_secret": {M},
    "secret_keys.api_credentials": {M},
    "secret_keys.file_password": {M},
    "secret_keys.sftp_password": {S("secret")},
    "secret_keys.anon_key": {S("secret")},
    "environments.cross_env_copy": {M},
    "environments.custom_environment": {S()},
    "whitespace.padded_name": {M},
    "whitespace.padded_sku": {M},
    "whitespace.padded_email": {M},
    "unknown_keys.snapshot": {S("unknown")},
    "unknown_keys.user": {S()},
    "unknown_keys.environment": {S()},
    "unknown_keys.tmp_import": {S("unknown")},
    "unknown_keys.cache_list": {S()},
    "unknown_keys.no_separator": {S("unknown")},
}
NEUTRAL_PREFIXES = ("aliases.", "mixed_naming.", "timestamp_formats.", "type_variance.")

# Where docs/generator.md and the rules of issue 4 (kv2rel.plan, map_fields, coerce) disagree: what really happens.
KNOWN_MISMATCHES: dict[str, tuple[set, str]] = {
    "duplicates.client_site_copy": (
        {DUP},
        "plan merges the client:{cid}:site:{sid} copy into the site (merged/duplicate); the doc says skipped (copy)",
    ),
    "constraint_traps.fractional_quantity": (
        {M},
        "the integer coercion refuses 12.5 without blocking the record: migrated with the quantity NULL, not "
        "quarantined invalid_quantity",
    ),
    "missing_fields.sku_missing": (
        {Q("missing_sku")},
        "column_rules makes products.sku required without the SKU-{legacy id} fallback the doc promises",
    ),
    "missing_fields.username_missing": (
        {Q("missing_required")},
        "column_rules makes admin_users.username required; the doc derives it from the e-mail's local part",
    ),
    "whitespace.padded_sku": (
        {Q("check_violation")},
        "kv2rel.coerce trims with btrim(), which strips spaces only: tabs/newlines stay and products_sku_format_check "
        "refuses the SKU",
    ),
    "whitespace.padded_email": (
        {Q("invalid_email")},
        "kv2rel.coerce trims spaces only: an e-mail padded with tabs/newlines fails the e-mail format check",
    ),
    "whitespace.padded_name": (
        {Q("name_too_short"), Q("duplicate_sku")},
        "kv2rel.coerce trims spaces only, so padded values keep their tabs/newlines",
    ),
    "unknown_keys.snapshot": ({Q("unknown_key")}, "plan quarantines keys no rule matches; the doc says skipped"),
    "unknown_keys.tmp_import": ({Q("unknown_key")}, "plan quarantines keys no rule matches; the doc says skipped"),
    "unknown_keys.no_separator": ({Q("unknown_key")}, "plan quarantines keys no rule matches; the doc says skipped"),
}
# Every CRUD order (order:{env}:{id}) has no total: the doc derives it from the gift price, the plan quarantines it.
ORDER_TOTAL = ({Q("missing_total")}, "column_rules makes orders.total_amount required (no gift-price derivation)")


def _matches(actual: tuple, expected: set) -> bool:
    outcome, reason = actual
    return any(outcome == o and (r is None or reason == r) for o, r in expected)


@pytest.fixture(scope="module")
def facts(migrated_db):
    conn = migrated_db.conn
    hazards = defaultdict(set)
    for key, hazard, code in conn.execute("SELECT key, hazard, code FROM kv2rel.seed_manifest"):
        hazards[key].add(f"{hazard}.{code}")
    rows = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT key, outcome, reason, environment, entity, offending_value #>> '{}' FROM kv2rel.outcomes"
            " WHERE run_id = 1"
        )
    }
    migrated_ids = {r[0] for r in conn.execute("SELECT legacy_id FROM kv2rel.run_items WHERE outcome = 'migrated'")}
    return hazards, rows, migrated_ids


def _explain(key: str, codes: set, row: tuple, migrated_ids: set) -> str | None:
    """'doc', 'cascade', 'env', 'known', or None (unexplained)."""
    outcome, reason, environment, entity, offending = row
    actual = (outcome, reason)
    if environment not in (None, "production"):
        return "env" if actual == ("skipped", "env_filter") else None
    expected = set()
    for code in codes:
        if code in EXPECTED:
            expected |= EXPECTED[code]
        elif code.startswith(NEUTRAL_PREFIXES):
            expected.add(M)
    if not expected:
        expected.add(M)
    if _matches(actual, expected):
        return "doc"
    if reason and reason.startswith("orphan_") and offending not in migrated_ids:
        return "cascade"  # the parent exists in another environment or was itself quarantined
    if reason == "winner_quarantined" or (
        actual == DUP and any(c.startswith("duplicates.") and c != "duplicates.client_site_copy" for c in codes)
    ):
        return "cascade"
    if entity == "order" and _matches(actual, ORDER_TOTAL[0]):
        return "known"
    if any(code in KNOWN_MISMATCHES and _matches(actual, KNOWN_MISMATCHES[code][0]) for code in codes):
        return "known"
    return None


def _codes():
    params = []
    for code in sorted(EXPECTED):
        marks = []
        if code in KNOWN_MISMATCHES:
            marks.append(pytest.mark.xfail(reason=KNOWN_MISMATCHES[code][1], strict=True))
        params.append(pytest.param(code, marks=marks, id=code))
    return params


def test_identity_per_entity_and_the_kv_table_untouched(migrated_db):
    conn = migrated_db.conn
    t.is_empty(
        conn,
        "SELECT coalesce(entity, '(unknown)') FROM kv2rel.run_items WHERE run_id = 1 GROUP BY 1"
        " HAVING count(*) <> count(*) FILTER (WHERE outcome = 'migrated') + count(*) FILTER (WHERE outcome = 'merged')"
        " + count(*) FILTER (WHERE outcome = 'quarantined') + count(*) FILTER (WHERE outcome = 'skipped')",
        "per entity: total = migrated + merged + quarantined + skipped",
    )
    t.is_(
        conn.execute("SELECT count(*) FROM kv2rel.run_items WHERE run_id = 1").fetchone()[0],
        conn.execute("SELECT count(*) FROM public.kv_store_6fcaeea3").fetchone()[0],
        "the run has one item per KV row",
    )


def test_every_manifest_hazard_code_is_covered():
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "generator.md").read_text()
    for code in EXPECTED:
        t.ok(f"`{code.split('.', 1)[1]}`" in doc, f"{code} is a code of docs/generator.md")


@pytest.mark.parametrize("code", _codes())
def test_hazard_ends_with_its_documented_outcome(facts, code):
    hazards, rows, migrated_ids = facts
    keys = sorted(k for k, codes in hazards.items() if code in codes and k in rows)
    if not keys:
        pytest.skip(f"the small store (seed 1) has no key with {code}")
    verdicts = defaultdict(list)
    for key in keys:
        verdicts[_explain(key, hazards[key], rows[key], migrated_ids)].append((key, rows[key][:2]))
    t.is_(verdicts.get(None, []), [], f"every key with {code} ends with its documented outcome")
    if code in KNOWN_MISMATCHES:
        t.ok(not verdicts.get("known"), f"{code}: documented outcome (not the known mismatch)",
             str(verdicts.get("known", [])[:5]))  # fmt: skip


def test_orders_without_totals_are_a_known_mismatch(facts):
    hazards, rows, migrated_ids = facts
    crud = [k for k, r in rows.items() if k.startswith("order:production:") and r[1] == "missing_total"]
    if crud:
        pytest.xfail(f"{len(crud)} CRUD orders: {ORDER_TOTAL[1]}")


# ------------------------------------------------------------------------------------------------ sample


def _uuid(conn, entity, legacy):
    return conn.execute("SELECT kv2rel.legacy_uuid(%s, %s)", (entity, legacy)).fetchone()[0]


def _ts(conn, value):
    return conn.execute("SELECT kv2rel.to_timestamptz_lenient(%s::jsonb)", (value,)).fetchone()[0]


SAMPLE_SQL = """
SELECT DISTINCT ON (i.entity, i.generation) i.entity, i.generation, i.key, k.value, x.row
  FROM kv2rel.run_items AS i
  JOIN public.kv_store_6fcaeea3 AS k ON k.key = i.key
  JOIN LATERAL (SELECT to_jsonb(t) FROM {table} AS t WHERE t.id = i.target_id) AS x (row) ON TRUE
 WHERE i.run_id = 1 AND i.outcome = 'migrated' AND i.entity = %s AND i.generation IS NOT NULL
 ORDER BY i.entity, i.generation,
          EXISTS (SELECT 1 FROM kv2rel.seed_manifest AS m WHERE m.key = i.key),  -- clean records first
          i.key COLLATE "C"
"""


def _first(value: dict, *names):
    for name in names:
        if value.get(name) not in (None, ""):
            return value[name]
    return None


@pytest.mark.parametrize("entity, table", [
    ("client", "public.clients"), ("site", "public.sites"), ("product", "public.products"),
    ("employee", "public.employees"), ("order", "public.orders"), ("catalog", "public.catalogs"),
])  # fmt: skip
def test_hand_checked_sample_per_entity_and_key_generation(migrated_db, entity, table):
    conn = migrated_db.conn
    samples = conn.execute(SAMPLE_SQL.format(table=table), (entity,)).fetchall()
    t.ok(samples, f"{entity}: at least one migrated record per key generation")
    for _, generation, key, v, row in samples:
        what = f"{entity} {generation} {key}"
        value_id = _first(v, "id")
        legacy = value_id if value_id and value_id != key else key.rsplit(":", 1)[-1]
        t.is_(row["legacy_id"], legacy, f"{what}: legacy_id is the value id (the key's id when it repeats the key)")
        created = _first(v, "createdAt", "created_at")
        if created is not None:
            t.is_(row["created_at"][:19], str(_ts(conn, json_str(created)).isoformat())[:19],
                  f"{what}: created_at from createdAt/created_at")  # fmt: skip
        if entity == "client":
            t.is_(row["name"], v["name"], f"{what}: name")
            t.is_(row["contact_email"], _first(v, "contact_email", "contactEmail"),
                  f"{what}: contact e-mail (snake or camel)")  # fmt: skip
            t.is_(row["client_code"], _first(v, "client_code", "clientCode"), f"{what}: client code (snake or camel)")
        elif entity == "site":
            t.is_(row["name"], v["name"], f"{what}: name")
            slug = re.sub(r"[^a-z0-9]+", "-", v["slug"].strip().lower()).strip("-")
            t.is_(row["slug"], slug, f"{what}: slug (slugified when the source's breaks the format)")
            t.is_(row["client_id"], str(_uuid(conn, "client", _first(v, "client_id", "clientId"))),
                  f"{what}: client_id through the legacy-id map (client_id or clientId)")  # fmt: skip
        elif entity == "product":
            t.is_(row["name"], v["name"], f"{what}: name")
            t.is_(row["sku"], v["sku"].upper() if generation == "env_scoped" else v["sku"], f"{what}: sku")
            t.is_(Decimal(str(row["price"])), Decimal(str(v["price"])).quantize(Decimal("0.01")), f"{what}: price")
            catalog = _first(v, "catalogId") or (v.get("source") or {}).get("catalogId") or "catalog_legacy_default"
            t.is_(row["catalog_id"], str(_uuid(conn, "catalog", catalog)), f"{what}: catalog through the id map")
        elif entity == "employee":
            site = key.split(":")[1] if generation == "parent_scoped" else _first(v, "site_id", "siteId")
            t.is_(row["site_id"], str(_uuid(conn, "site", site)), f"{what}: site (from the key when parent-scoped)")
            t.is_(row["email"], _first(v, "email"), f"{what}: email")
            t.is_(row["employee_id"], str(_first(v, "employee_id", "employeeId") or row["legacy_id"]),
                  f"{what}: employee_id (snake or camel, else the KV id)")  # fmt: skip
            if _first(v, "first_name", "firstName"):
                t.is_(row["first_name"], _first(v, "first_name", "firstName"), f"{what}: first name")
        elif entity == "order":
            t.is_(row["order_number"], _first(v, "order_number", "orderNumber"), f"{what}: order number")
            site = key.split(":")[1] if generation == "parent_scoped" else _first(v, "site_id", "siteId")
            t.is_(row["site_id"], str(_uuid(conn, "site", site)), f"{what}: site (from the key when parent-scoped)")
            total = _first(v, "total_amount", "totalAmount", "totalValue", "totalPrice")
            if total is not None:
                t.is_(Decimal(str(row["total_amount"])), Decimal(str(total)).quantize(Decimal("0.01")),
                      f"{what}: total preserved")  # fmt: skip
        elif entity == "catalog":
            t.is_(row["name"], v["name"], f"{what}: name")
            t.is_(row["type"], v["type"], f"{what}: type")
            t.is_(row["total_products"], v.get("totalProducts", 0), f"{what}: totalProducts")
        t.ok(isinstance(row["extra"], dict), f"{what}: extra is an object")


def json_str(value) -> str:
    import json

    return json.dumps(value)
