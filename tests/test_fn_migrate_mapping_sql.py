"""kv2rel.migrate_mapping_sql: the compiled, set-based mapping of one entity. Its layer 0 reads every member once
(top-level members, then the members of members the coercions read, such as a nested address's keys); the
compiled statement maps camelCase and snake_case records to typed columns, the same legacy-id UUIDs as
kv2rel.legacy_uuid, and an extra without the consumed sources; refusals for entities without a target table."""

from __future__ import annotations

import json
import re

import psycopg

import pgtap as t

ARGS = ["text", "text", "text"]

ORDER_CAMEL = {
    "id": "ORD-00100001-ab12", "orderNumber": "ORD-00100001-ab12", "siteId": "site-1", "clientId": "client-1",
    "giftId": "gift-7", "employeeId": "emp-001", "status": "delivered", "customerName": "Noah Rossi",
    "customerEmail": "noah@company.example", "createdAt": "2025-03-24T04:08:24.045Z",
    "updatedAt": "2025-03-31T04:08:24.045Z", "totalAmount": "19.90",
    "shippingAddress": {"name": "Noah Rossi", "addressLine1": "57 Market Street", "city": "Berlin",
                        "postalCode": "78787", "country": "DE", "doorCode": "4711"},
    "giftWrap": True,
}
ORDER_SNAKE = {
    "id": "ORD-00100002-cd34", "order_number": "ORD-00100002-cd34", "site_id": "site-1", "client_id": "client-1",
    "product_id": "gift-7", "status": "pending", "customer_name": "Ana Silva", "customer_email": "ana@company.example",
    "created_at": "2025-01-31T23:59:59.999Z", "total_amount": 12,
    "shipping_address": {"line1": "1 Elm Road", "city": "Leeds", "postal_code": "LS1"},
}


def compiled(conn: psycopg.Connection, entity: str, source: str) -> str:
    with conn.transaction():  # the compiler's work table is dropped at commit
        return conn.execute("SELECT kv2rel.migrate_mapping_sql(%s, %s)", (entity, source)).fetchone()[0]


def make_source(conn: psycopg.Connection, entity: str, records: list[tuple[str, dict]]) -> None:
    conn.execute("DROP TABLE IF EXISTS public.mapping_src")
    conn.execute("CREATE TABLE public.mapping_src (key text, value jsonb, parent_id text, entity_id text,"
                 " environment text, legacy_id text, mapped_id uuid)")
    for key, value in records:
        conn.execute("INSERT INTO public.mapping_src SELECT %s, %s::jsonb, NULL, %s, NULL, %s,"
                     " kv2rel.legacy_uuid(%s, %s)",
                     (key, json.dumps(value), value["id"], value["id"], entity, value["id"]))


def test_structure(db):
    t.has_function(db, "kv2rel", "migrate_mapping_sql", ARGS, "kv2rel.migrate_mapping_sql(text, text, text) exists")
    t.volatility_is(db, "kv2rel", "migrate_mapping_sql", ARGS, "volatile",
                    "migrate_mapping_sql is VOLATILE (it works in a temporary table)")
    t.isnt_definer(db, "kv2rel", "migrate_mapping_sql", ARGS, "migrate_mapping_sql is not SECURITY DEFINER")
    t.ok(db.execute("SELECT obj_description('kv2rel.migrate_mapping_sql(text, text, text)'::regprocedure,"
                    " 'pg_proc') IS NOT NULL").fetchone()[0], "migrate_mapping_sql has a comment")


def test_every_member_is_looked_up_once(db):
    sql = compiled(db, "order", "public.mapping_src")
    members = db.execute(
        "SELECT array_agg(DISTINCT source_path[1]) FROM kv2rel.field_sources"
        " WHERE entity = 'order' AND cardinality(source_path) = 1 AND left(source_path[1], 1) <> '$'"
    ).fetchone()[0]
    t.ok(len(members) > 20, "orders read more than twenty top-level members (the test means something)")
    factors = {r[0] for r in db.execute(
        "SELECT split_part(coercion, ':', 2) FROM kv2rel.field_sources"
        " WHERE entity = 'order' AND coercion LIKE 'multiply:%'")}
    counts = {m: sql.count(f"src.value -> '{m}'") for m in members if m not in factors}
    t.is_({m: c for m, c in counts.items() if c != 1}, {},
          "each top-level member of an order is looked up in the record exactly once (layer 0; the factor of a"
          " multiply:<member> coercion is read again from the record by that coercion)")
    t.is_(sql.count("src.value -> 'shippingAddress'"), 1,
          "the nested address, read over 250 times by its coercion, is extracted once")
    subs = re.findall(r"\(src\.kv2rel_m\d+ -> '(?:[^']|'')*'\)", sql)
    t.ok(len(subs) > 10, "the address's own keys are read through columns of the second part of layer 0")
    t.is_(len(subs), len(set(subs)), "each key of the nested address is looked up once")
    t.ok(" OFFSET 0) AS src" in sql, "layer 0 ends in the OFFSET 0 fence the parallel form rewrites")


def test_orders_map_from_either_spelling(db):
    make_source(db, "order", [("order:a", ORDER_CAMEL), ("order:b", ORDER_SNAKE)])
    sql = compiled(db, "order", "public.mapping_src")
    db.execute(f"CREATE TEMP TABLE mapped AS {sql}")
    rows = db.execute(
        "SELECT kv2rel_key, order_number, status, site_id = kv2rel.legacy_uuid('site', 'site-1'),"
        " client_id = kv2rel.legacy_uuid('client', 'client-1'), customer_email, total_amount::text,"
        " created_at, shipping_address ->> 'city', shipping_address ->> 'line1', shipping_address ->> 'postal_code'"
        " FROM pg_temp.mapped ORDER BY kv2rel_key"
    ).fetchall()
    t.is_(len(rows), 2, "both records are mapped")
    a, b = rows
    t.is_(a[1:3], ("ORD-00100001-ab12", "delivered"), "camelCase order number and status reach their columns")
    t.is_(b[1:3], ("ORD-00100002-cd34", "pending"), "snake_case order number and status reach their columns")
    t.is_((a[3], a[4], b[3], b[4]), (True, True, True, True),
          "site and client references become the legacy-id UUIDs of kv2rel.legacy_uuid, from either spelling")
    t.is_((a[5], b[5]), ("noah@company.example", "ana@company.example"), "customer e-mail from either spelling")
    t.is_((float(a[6]), float(b[6])), (19.9, 12.0), "a number in a string and a JSON number both become numeric")
    t.is_((a[7].isoformat(), b[7].isoformat()),
          ("2025-03-24T04:08:24.045000+00:00", "2025-01-31T23:59:59.999000+00:00"),
          "toISOString() dates keep their instant (a 31st included)")
    t.is_(a[8:], ("Berlin", "57 Market Street", "78787"), "a camelCase nested address maps key by key")
    t.is_(b[8:], ("Leeds", "1 Elm Road", "LS1"), "a snake_case nested address maps key by key")


def test_extra_keeps_what_no_column_takes(db):
    make_source(db, "order", [("order:a", ORDER_CAMEL)])
    sql = compiled(db, "order", "public.mapping_src")
    extra = db.execute(f"SELECT extra, shipping_address FROM ({sql}) AS m").fetchone()
    t.is_(extra[0].get("giftWrap"), True, "a member no column takes stays in extra")
    t.ok("orderNumber" not in extra[0] and "createdAt" not in extra[0],
         "members that reached their column are not copied into extra")
    t.is_(extra[1].get("door_code", extra[1].get("doorCode")), "4711",
          "an address key without a column of its own stays in the address object")


def test_refusals(db):
    t.throws_ok(db, "SELECT kv2rel.migrate_mapping_sql('gizmo', 'public.x')", "K2506", None,
                "an entity that is not in kv2rel.kv_entities has no target table to compile for: K2506")
    skipped = db.execute("SELECT entity FROM kv2rel.kv_entities WHERE target_table IS NULL LIMIT 1").fetchone()
    t.ok(skipped is not None, "some entity is kept without a target table (the test means something)")
    t.throws_ok(db, f"SELECT kv2rel.migrate_mapping_sql('{skipped[0]}', 'public.x')", "K2506", None,
                "an entity kept without a target table is refused with K2506")
