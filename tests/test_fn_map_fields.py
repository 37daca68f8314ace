"""kv2rel.map_fields: every alias of the field map (kv-store.md 3, 9.6, 9.7) reaches its column; precedence when
several spellings are present; nested paths; digit boundaries; extra; secrets; defaults; blocking problems; and
the result inserts into the real target table."""

from __future__ import annotations

import json

import psycopg
import pytest

import pgtap as t

UUID_SAMPLE = "ABCDEF00-0000-4000-8000-000000000001"


def mf(conn: psycopg.Connection, entity: str, value: object, key: dict | None = None) -> dict:
    return conn.execute(
        "SELECT kv2rel.map_fields(%s, %s::jsonb, %s::jsonb)",
        (entity, json.dumps(value), json.dumps(key) if key is not None else None),
    ).fetchone()[0]


def uid(conn: psycopg.Connection, entity: str, legacy: str) -> str:
    return str(conn.execute("SELECT kv2rel.legacy_uuid(%s, %s)", (entity, legacy)).fetchone()[0])


def problems(result: dict, column: str) -> list[dict]:
    return [p for p in result["problems"] if p["column"] == column]


def test_structure(db):
    args = ["text", "jsonb", "jsonb"]
    t.volatility_is(db, "kv2rel", "map_fields", args, "stable", "map_fields is STABLE (reads the rules)")
    t.isnt_definer(db, "kv2rel", "map_fields", args, "map_fields is not SECURITY DEFINER")


def sample(conn, entity: str, column: str, coercion: str):
    """(source value, key context) that coercion accepts."""
    key = {"key": "k", "entity_id": "legacy-1"}
    if "@" in coercion:  # a scoped reference needs its scope: here the parent in the key
        key["parent_id"] = "site-1"
    kind = coercion.split(":")[0]
    if kind in ("text", "lower"):
        kept = conn.execute("SELECT min(source_value) FROM kv2rel.value_map WHERE entity = %s AND target_column = %s"
                            " AND action = 'keep'", (entity, column)).fetchone()[0]
        return (kept or "Sample Text"), key
    return {
        "upper": "usd", "timestamptz": "2026-02-11T02:00:00Z", "date": "2026-02-11", "boolean": "Yes",
        "numeric": "12.50", "integer": "7", "multiply": 10, "jsonb": {"k": 1}, "jsonb_object": {"k": 1},
        "jsonb_array": "a, b", "text_array": ["en"], "uuid": UUID_SAMPLE, "inet": "10.0.0.1",
        "first_name": "Priya Natarajan", "last_name": "Priya Natarajan", "active_flag": True, "all_flag": "all",
        "address": {"street": "1 Elm"}, "validation_methods": "email", "member": {"m": 1}, "flag": True,
        "ref": "legacy-9", "ref_array": ["legacy-9"],
    }[kind], key


ALIAS_ROWS_SQL = (
    "SELECT entity, target_column, source_path, coercion FROM kv2rel.field_map"
    " WHERE source_path[1] NOT LIKE '$%' ORDER BY entity, target_column, precedence"
)


def test_every_alias_reaches_its_column(db):
    rows = db.execute(ALIAS_ROWS_SQL).fetchall()
    t.ok(len(rows) > 300, f"the field map has its explicit aliases ({len(rows)})")
    for entity, column, path, coercion in rows:
        value, key = sample(db, entity, column, coercion)
        record: dict = {}
        node = record
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
        result = mf(db, entity, record, key)
        have = result["columns"].get(column)
        where = f"{entity}: {'.'.join(path)} -> {column} ({coercion})"
        t.ok(have is not None and have != [] and have is not False or coercion == "all_flag",
             f"{where} fills the column", json.dumps(result)[:600])
        if coercion == "member":
            t.is_(have.get(".".join(path)), {"m": 1}, f"{where}: merged under its dotted path")
        t.ok(not problems(result, column), f"{where}: no problem reported", json.dumps(result["problems"]))


ALIASES = [
    # (entity, value, key, column, expected, what)
    ("product", {"image": "a.jpg"}, None, "image_url", "a.jpg", "legacy image"),
    ("product", {"imageUrl": "b.jpg"}, None, "image_url", "b.jpg", "camelCase imageUrl"),
    ("product", {"image_url": "c.jpg"}, None, "image_url", "c.jpg", "snake_case image_url"),
    ("product", {"image": "a.jpg", "imageUrl": "b.jpg", "image_url": "c.jpg"}, None, "image_url", "c.jpg",
     "image_url wins over imageUrl over image"),
    ("product", {"availableQuantity": 5}, None, "available_quantity", 5, "availableQuantity"),
    ("product", {"inventoryQuantity": "6"}, None, "available_quantity", 6, "inventoryQuantity as a string"),
    ("product", {"stock": 7}, None, "available_quantity", 7, "stock (test seed)"),
    ("product", {"inventory": {"available": 8, "total": 10}}, None, "available_quantity", 8, "inventory.available"),
    ("product", {"stock": 7, "inventory": {"available": 8}}, None, "available_quantity", 7,
     "stock wins over inventory.available"),
    ("product", {"isActive": False}, None, "status", "inactive", "isActive false -> inactive"),
    ("product", {"isActive": "Yes"}, None, "status", "active", "isActive 'Yes' -> active"),
    ("product", {"status": "active", "deleted": True}, None, "status", "discontinued", "soft-deleted -> discontinued"),
    ("product", {"status": "active", "deleted": False}, None, "status", "active", "deleted false changes nothing"),
    ("product", {"price": "35.50"}, None, "price", 35.5, "a price in a string"),
    ("product", {"features": "LED, dimmable"}, None, "features", ["LED", "dimmable"], "comma string -> array"),
    ("product", {"attributes": {"features": "LED"}}, None, "features", ["LED"], "bulk-import attributes.features"),
    ("product", {"currency": "usd"}, None, "currency", "USD", "currency upper-cased"),
    ("employee", {"serialCard": "S-1"}, {"parent_id": "site-1"}, "serial_card_number", "S-1", "serialCard"),
    ("employee", {"serial_card_number": "S-2", "serialCard": "S-1"}, {"parent_id": "site-1"},
     "serial_card_number", "S-2", "serial_card_number wins over serialCard"),
    ("employee", {"name": "Priya Natarajan"}, {"parent_id": "s"}, "first_name", "Priya", "full name -> first"),
    ("employee", {"name": "Priya Natarajan"}, {"parent_id": "s"}, "last_name", "Natarajan", "full name -> last"),
    ("employee", {"name": "Priya Natarajan"}, {"parent_id": "s"}, "full_name", "Priya Natarajan", "kept whole"),
    ("employee", {"firstName": "P", "name": "Priya Natarajan"}, {"parent_id": "s"}, "first_name", "P",
     "firstName wins over the split of name"),
    ("employee", {"first_name": "A", "firstName": "B"}, {"parent_id": "s"}, "first_name", "A",
     "first_name wins over firstName"),
    ("employee", {"hireDate": "2020-05-01"}, {"parent_id": "s"}, "hire_date", "2020-05-01", "hireDate (date)"),
    ("order", {"orderNumber": "ORD-1"}, {"parent_id": "s"}, "order_number", "ORD-1", "orderNumber"),
    ("order", {"order_number": "ORD-2", "orderNumber": "ORD-1"}, {"parent_id": "s"}, "order_number", "ORD-2",
     "order_number wins over orderNumber"),
    ("order", {"employeeEmail": "a@x.example"}, {"parent_id": "s"}, "customer_email", "a@x.example",
     "employeeEmail"),
    ("order", {"customer_email": "c@x.example", "employeeEmail": "a@x.example"}, {"parent_id": "s"},
     "customer_email", "c@x.example", "customer_email wins over employeeEmail"),
    ("order", {"totalPrice": 70}, {"parent_id": "s"}, "total_amount", 70, "totalPrice"),
    ("order", {"totalValue": 70}, {"parent_id": "s"}, "total_amount", 70, "totalValue"),
    ("order", {"itemValue": 33.33, "quantity": 3}, {"parent_id": "s"}, "total_amount", 99.99,
     "itemValue x quantity, in numeric"),
    ("order", {"total_amount": 10, "totalValue": 70, "totalPrice": 60, "itemValue": 5}, {"parent_id": "s"},
     "total_amount", 10, "total_amount wins over every alias"),
    ("order", {"employeeName": "P N"}, {"parent_id": "s"}, "customer_name", "P N", "employeeName"),
    ("order", {"shippingAddress": {"fullName": "P N"}}, {"parent_id": "s"}, "customer_name", "P N",
     "shippingAddress.fullName as the customer name"),
    ("order", {"shippingAddress": {"street": "1 Elm", "zip": "78701", "name": "P"}}, {"parent_id": "s"},
     "shipping_address", {"line1": "1 Elm", "postal_code": "78701", "name": "P"}, "street/zip variant"),
    ("order", {"shipping_address": {"line1": "1 Elm", "postal_code": "78701"}}, {"parent_id": "s"},
     "shipping_address", {"line1": "1 Elm", "postal_code": "78701"}, "line1/postal_code variant"),
    ("order", {"shippingAddress": {"addressLine1": "1 Elm", "postalCode": "78701", "phone": ""}},
     {"parent_id": "s"}, "shipping_address", {"line1": "1 Elm", "postal_code": "78701"},
     "addressLine1/postalCode variant; empty members dropped"),
    ("order", {"shippingAddress": {"fullName": "P N", "zipCode": "78701"}}, {"parent_id": "s"},
     "shipping_address", {"name": "P N", "postal_code": "78701"}, "fullName/zipCode variant"),
    ("client", {"contactEmail": "a@x.example"}, None, "contact_email", "a@x.example", "contactEmail"),
    ("client", {"contact_email": "b@x.example"}, None, "contact_email", "b@x.example", "contact_email"),
    ("client", {"clientAddressLine1": "1 Mill Lane"}, None, "client_address_line_1", "1 Mill Lane",
     "digit boundary: clientAddressLine1"),
    ("client", {"client_address_line1": "1 Mill Lane"}, None, "client_address_line_1", "1 Mill Lane",
     "the naive helpers.ts spelling client_address_line1"),
    ("client", {"clientHasEmployeeData": "No"}, None, "client_has_employee_data", False, "'No' -> false"),
    ("client", {"isActive": True}, None, "status", "active", "isActive on a client"),
    ("site", {"startDate": "2026-03-01T00:00:00.000Z"}, None, "selection_start_date", "2026-03-01T00:00:00.000000Z",
     "startDate"),
    ("site", {"selectionStartDate": "2026-03-02T00:00:00Z"}, None, "selection_start_date",
     "2026-03-02T00:00:00.000000Z", "selectionStartDate"),
    ("site", {"settings": {"availabilityStartDate": "2026-03-03"}}, None, "selection_start_date",
     "2026-03-03T00:00:00.000000Z", "settings.availabilityStartDate (date-only)"),
    ("site", {"selection_start_date": "2026-03-04T00:00:00Z", "startDate": "2026-03-01T00:00:00Z"}, None,
     "selection_start_date", "2026-03-04T00:00:00.000000Z", "selection_start_date wins"),
    ("site", {"expiryDate": "2026-04-30T23:59:59.000Z"}, None, "selection_end_date", "2026-04-30T23:59:59.000000Z",
     "expiryDate"),
    ("site", {"endDate": "2026-04-29T00:00:00Z", "expiryDate": "2026-04-30T00:00:00Z"}, None, "selection_end_date",
     "2026-04-29T00:00:00.000000Z", "endDate wins over expiryDate"),
    ("site", {"validationMethods": ["email"]}, None, "validation_methods", [{"type": "email", "enabled": True}],
     "string array"),
    ("site", {"validation_methods": [{"type": "serialCard", "enabled": False}]}, None, "validation_methods",
     [{"type": "serialCard", "enabled": False}], "object array"),
    ("site", {"settings": {"validationMethod": "magicLink"}}, None, "validation_methods",
     [{"type": "magicLink", "enabled": True}], "single settings.validationMethod"),
    ("site", {"status": "live"}, None, "status", "active", "status live -> active (value map)"),
    ("site", {"domain": "gifts.acme.example"}, None, "site_custom_domain_url", "gifts.acme.example", "domain"),
    ("site", {"settings": {"languages": ["en", "fr"]}}, None, "available_languages", ["en", "fr"],
     "settings.languages -> available_languages"),
]


@pytest.mark.parametrize("entity,value,key,column,want,what", ALIASES, ids=[a[5] for a in ALIASES])
def test_alias(db, entity, value, key, column, want, what):
    result = mf(db, entity, value, key)
    t.is_(result["columns"].get(column), want, f"{entity}.{column}: {what}")


def test_references_use_legacy_uuids(db):
    r = mf(db, "product", {"source": {"catalogId": "cat-1"}})
    t.is_(r["columns"]["catalog_id"], uid(db, "catalog", "cat-1"), "source.catalogId -> catalog_id (nested path)")
    r = mf(db, "product", {"catalogId": "cat-2", "source": {"catalogId": "cat-1"}})
    t.is_(r["columns"]["catalog_id"], uid(db, "catalog", "cat-2"), "top-level catalogId wins over source.catalogId")
    t.is_(problems(r, "catalog_id")[0]["reason"], "conflicts with catalogId, which has precedence; kept in extra",
          "the differing nested catalog id is reported")
    for alias in ("product_id", "gift_id", "giftId"):
        r = mf(db, "order", {alias: "gift-001"}, {"parent_id": "s"})
        t.is_(r["columns"]["product_id"], uid(db, "product", "gift-001"), f"order {alias} -> product_id")
    r = mf(db, "order", {"employeeId": "emp-002"}, {"parent_id": "site-9"})
    t.is_(r["columns"]["employee_id"], uid(db, "employee", "site-9:emp-002"),
          "an order's employee is resolved within the order's site")
    t.is_(r["columns"]["customer_employee_id"], "emp-002", "and the raw employee id is kept as a snapshot")


def test_both_spellings_present(db):
    same = mf(db, "client", {"id": "c", "name": "Acme", "contact_email": "a@x.example", "contactEmail": "a@x.example"})
    t.is_(same["problems"], [], "the same value under both spellings is no conflict")
    t.ok("contactEmail" not in same["columns"]["extra"], "and the second spelling is not kept in extra")
    diff = mf(db, "client", {"id": "c", "name": "Acme", "contact_email": "a@x.example", "contactEmail": "b@x.example"})
    t.is_(diff["columns"]["contact_email"], "a@x.example", "snake_case (precedence 10) wins over camelCase (20)")
    t.is_(diff["columns"]["extra"].get("contactEmail"), "b@x.example", "the losing, different value is kept in extra")
    t.is_([(p["source"], p["blocking"]) for p in diff["problems"]], [("contactEmail", False)],
          "the conflict is reported, not blocking")


def test_extra_and_residual_objects(db):
    r = mf(db, "site", {"id": "s-1", "name": "Acme", "slug": "acme", "clientId": "c-1", "type": "anniversary",
                        "settings": {"giftsPerUser": 2, "welcomeMessage": "Hi", "defaultCurrency": "eur"},
                        "landingPage": {"sections": []}})
    cols = r["columns"]
    t.is_(cols["gifts_per_user"], 2, "settings.giftsPerUser -> gifts_per_user")
    t.is_(cols["default_currency"], "EUR", "settings.defaultCurrency -> default_currency, upper-cased")
    t.is_(cols["settings"], {"welcomeMessage": "Hi"}, "settings keeps only the members no column took")
    t.is_(cols["page_config"], {"landingPage": {"sections": []}}, "landingPage is merged into page_config")
    t.is_(cols["extra"], {"type": "anniversary"}, "fields without a column are preserved in extra")
    t.is_((cols["legacy_id"], cols["id"]), ("s-1", uid(db, "site", "s-1")), "the id becomes legacy_id and the UUID")
    r = mf(db, "product", {"id": "g", "name": "Lamp", "sku": "S", "price": 1, "inventory": {"available": 3, "total": 9},
                           "longDescription": "long", "source": {"externalId": "E1"}})
    t.is_(r["columns"]["extra"], {"inventory": {"total": 9}, "longDescription": "long"},
          "mapped nested members leave extra; emptied objects (source) disappear; the rest stays")
    t.is_(r["columns"]["external_id"], "E1", "source.externalId -> external_id")


def test_secrets(db):
    r = mf(db, "catalog", {"id": "c", "name": "ERP", "type": "erp",
                           "source": {"type": "api", "apiConfig": {"endpoint": "e", "credentials": {"user": "u"},
                                                                    "headers": {"Authorization": "Bearer x"}},
                                      "fileConfig": {"password": "p4ss"}}})
    cols = r["columns"]
    t.is_(cols["source_credentials_secret"], {"source.apiConfig.credentials": {"user": "u"},
                                              "source.apiConfig.headers.Authorization": "Bearer x",
                                              "source.fileConfig.password": "p4ss"},
          "every secret of the catalog source lands in source_credentials_secret, keyed by path")
    t.is_(cols["source"], {"type": "api", "apiConfig": {"endpoint": "e", "headers": {}}, "fileConfig": {}},
          "and none is left in source")
    r = mf(db, "hris_connection", {"id": "h", "clientId": "c", "providerId": "p", "authType": "api_key",
                                   "credentials": {"apiKey": "k"}})
    t.is_(r["columns"]["credentials_secret"], {"apiKey": "k"}, "HRIS credentials -> credentials_secret")
    r = mf(db, "webhook", {"id": "w", "name": "Hook", "url": "https://h.example", "secret": "s3cr3t"},
           {"parent_id": "site-1"})
    t.is_(r["columns"]["signing_secret"], "s3cr3t", "the webhook secret -> signing_secret")
    r = mf(db, "client", {"id": "c", "name": "Acme", "password": "hunter2", "settings": {"apiKey": "k"}})
    text = json.dumps(r)
    t.ok("hunter2" not in text and '"k"' not in text, "secrets of a table without secret column appear nowhere",
         text)
    t.is_(sorted((p["column"], p["source"], p["blocking"]) for p in r["problems"]),
          [("extra", "password", False), ("settings", "apiKey", False)],
          "each removed secret is reported (redacted), not blocking")


def test_defaults(db):
    r = mf(db, "product", {"id": "g", "name": "Lamp", "sku": "S", "price": 1})
    t.is_(r["columns"]["catalog_id"], uid(db, "catalog", "catalog_legacy_default"),
          "a gift without catalogId goes to catalog_legacy_default")
    t.is_((r["defaults"], r["quarantine"]), (["catalog_id"], False), "the default is listed and not a problem")
    r = mf(db, "site", {"id": "s", "name": "Acme", "slug": "acme", "clientId": "c"})
    t.is_(r["columns"]["status"], "active", "a site without status is active (the public code serves it)")
    r = mf(db, "product", {"id": "g", "name": "Lamp", "sku": "S", "price": 1, "catalogId": {"x": 1}})
    t.is_((r["columns"].get("catalog_id"), r["quarantine"]), (None, True),
          "a present but unusable catalogId is not replaced by the default: it blocks")
    r = mf(db, "order", {"id": "o", "employeeEmail": "a@x.example", "totalValue": 1}, {"parent_id": "s"})
    t.is_(r["columns"]["customer_name"], "Unknown", "an order without any name gets Unknown")


BLOCKING = [
    ("client", {"id": "c"}, None, "missing required name (no usable source among name)"),
    ("employee", {"id": "e", "employeeId": "E", "status": "fired"}, {"parent_id": "s"},
     "status 'fired' has no entry"),
    ("site_gift_config", {"assignmentStrategy": "custom"}, {"parent_id": "s", "entity_id": "s"},
     "assignment_strategy 'custom' is rejected by the value map"),
    ("employee", {"id": "e", "employeeId": "E"}, None, "employee ids are only unique per site_id"),
    ("email_template", {"name": "T", "type": "x"}, {"key": "email-template:undefined", "entity_id": "undefined"},
     "id undefined is a JavaScript artefact"),
    ("client", {"name": "Acme"}, None, "no id in the value or the key"),
    ("client", ["not", "an", "object"], None, "the value is a JSON array, expected a JSON object"),
]


@pytest.mark.parametrize("entity,value,key,reason", BLOCKING, ids=[b[3][:40] for b in BLOCKING])
def test_blocking_problems(db, entity, value, key, reason):
    r = mf(db, entity, value, key)
    t.is_(r["quarantine"], True, f"{entity}: quarantined")
    t.ok(any(p["blocking"] and p["reason"].startswith(reason) for p in r["problems"]),
         f"{entity}: a blocking problem says {reason!r}", json.dumps(r["problems"]))


def test_refused_present_values_block_and_keep_the_raw_value(db):
    r = mf(db, "client",
           {"id": "c", "name": "Acme", "createdAt": "December 31, 2026", "clientHasEmployeeData": "maybe"})
    t.is_(r["quarantine"], True, "a present value no source can coerce blocks the record (never silently NULL)")
    t.is_({p["source"]: (p["reason"], p["blocking"]) for p in r["problems"]},
          {"createdAt": ("not a recognised date form (ISO 8601 with Z or offset, YYYY-MM-DD, or epoch milliseconds)",
                         True),
           "clientHasEmployeeData": ("not a recognised boolean (true/false, yes/no, 1/0)", True)},
          "each refused field is reported, blocking, with its reason")
    t.is_(r["columns"]["extra"], {"createdAt": "December 31, 2026", "clientHasEmployeeData": "maybe"},
          "and its raw value is kept in extra, never lost")
    r = mf(db, "product", {"id": "g", "name": "Mug", "sku": "M-1", "price": 5, "availableQuantity": 12.5})
    t.is_((r["quarantine"], [p["column"] for p in r["problems"] if p["blocking"]]), (True, ["available_quantity"]),
          "a fractional quantity blocks the record, naming the column")
    r = mf(db, "product", {"id": "g", "name": "Mug", "sku": "M-1", "price": 5, "availableQuantity": 12.5,
                           "stock": 12})
    t.is_((r["quarantine"], r["columns"]["available_quantity"]), (False, 12),
          "a refused source does not block when another source of the column is usable (reported)")
    r = mf(db, "employee", {"id": "e", "employeeId": "E", "email": "   "}, {"parent_id": "s"})
    t.ok("email" not in r["columns"] and "email" not in r["columns"]["extra"], "a blank email is absent (NULL)")
    r = mf(db, "employee", {"id": "e", "employeeId": "E", "email": "\t\r\n"}, {"parent_id": "s"})
    t.ok("email" not in r["columns"] and not r["quarantine"], "an email of tabs and newlines is blank too")


def test_lenient_columns_take_null(db):
    r = mf(db, "audit_log", {"id": "a", "action": "login", "userId": "anonymous", "ip": "unknown"})
    t.is_(r["quarantine"], False, "lenient columns (column_rules.lenient) do not block on a refused value")
    t.ok("user_id" not in r["columns"] and "ip_address" not in r["columns"], "they stay NULL")
    t.is_((r["columns"]["extra"].get("userId"), r["columns"]["extra"].get("ip")), ("anonymous", "unknown"),
          "the refused values are kept in extra")
    r = mf(db, "product", {"id": "g", "name": "Mug", "sku": "M-1", "price": 5, "specifications": "Color: red"})
    t.is_((r["quarantine"], r["columns"]["extra"].get("specifications")), (False, "Color: red"),
          "a specification string is kept in extra")


def test_fallback_columns(db):
    r = mf(db, "product", {"id": "gift-9", "name": "Mug", "price": 5, "catalogId": "c"})
    t.is_(r["quarantine"], False, "a gift without sku is not blocked: SKU-{legacy id} is derived in the batch")
    t.ok(any(p["column"] == "sku" and not p["blocking"] and "derived" in p["reason"] for p in r["problems"]),
         "the missing sku is reported as derived by rule")
    r = mf(db, "admin_user", {"id": "a", "email": "jane@x.example", "role": "viewer"})
    t.is_(r["quarantine"], False, "an admin without username is not blocked (the e-mail's local part)")
    r = mf(db, "order", {"id": "o", "orderNumber": "O", "employeeEmail": "a@x.example", "siteId": "s",
                         "giftId": "g"})
    t.is_(r["quarantine"], False, "an order without a total but with a gift is not blocked (gift price x quantity)")
    r = mf(db, "order", {"id": "o", "orderNumber": "O", "employeeEmail": "a@x.example", "siteId": "s"})
    t.is_((r["quarantine"], [p["column"] for p in r["problems"] if p["blocking"]]), (True, ["total_amount"]),
          "an order with neither a total nor a gift is blocked: missing total_amount")
    r = mf(db, "order", {"id": "o", "orderNumber": "O", "employeeEmail": "a@x.example", "siteId": "s",
                         "giftId": "g", "totalValue": "ten"})
    t.is_(r["quarantine"], True, "a present but unusable total blocks even when a gift could give one")
    r = mf(db, "site", {"id": "s", "name": "Winter Gifts", "clientId": "c"})
    t.is_(r["quarantine"], False, "a site without slug is not blocked (slug from the name)")


def test_whitespace_is_trimmed(db):
    r = mf(db, "product", {"id": "g", "name": "\t Mug \r\n", "sku": "\nM-1\t", "price": " 5\n", "catalogId": "c"})
    t.is_((r["columns"]["name"], r["columns"]["sku"], r["columns"]["price"]), ("Mug", "M-1", 5),
          "tabs, CR and LF are trimmed like spaces from names, SKUs and numbers")
    r = mf(db, "client", {"id": "c", "name": "Acme", "contactEmail": "\tops@acme.example\r\n", "status": "\tactive\n"})
    t.is_((r["columns"]["contact_email"], r["columns"]["status"]), ("ops@acme.example", "active"),
          "and from e-mails and enumerated values (value map lookup)")


def test_metadata_string_is_parsed(db):
    r = mf(db, "order", {"id": "o", "orderNumber": "O", "employeeEmail": "a@x.example", "siteId": "s",
                         "giftId": "g", "metadata": '{"source": "admin"}'})
    t.is_((r["quarantine"], r["columns"]["metadata"]), (False, {"source": "admin"}),
          "a JSON object written as a string is parsed")
    r = mf(db, "order", {"id": "o", "orderNumber": "O", "employeeEmail": "a@x.example", "siteId": "s",
                         "giftId": "g", "metadata": "source=admin"})
    t.is_(r["quarantine"], True, "a metadata string that is not a JSON object blocks the record")


def test_key_context(db):
    key = {"key": "employee:demo-event-serial-card:emp-002", "parent_id": "demo-event-serial-card",
           "entity_id": "emp-002"}
    r = mf(db, "employee", {"id": "emp-002", "employeeId": "EMP002"}, key)
    t.is_(r["columns"]["site_id"], uid(db, "site", "demo-event-serial-card"), "the site comes from the key")
    t.is_(r["columns"]["id"], "e31e0d90-ed96-5e12-9e2e-125ac45beb08", "the employee UUID is scoped by that site")
    r = mf(db, "employee", {"id": "emp-002"}, key)
    t.is_(r["columns"]["employee_id"], "emp-002", "employee_id falls back to the legacy id")
    r = mf(db, "site_product_assignment", {"active": True}, {"parent_id": "site-1", "entity_id": "gift-001"})
    t.is_((r["columns"]["site_id"], r["columns"]["product_id"], r["columns"]["is_active"]),
          (uid(db, "site", "site-1"), uid(db, "product", "gift-001"), True), "a join row is read from its key")
    key = {"key": "order:s1:8c0e6f2a-1d3b-4c5e-9f7a-0b1c2d3e4f5a", "parent_id": "s1",
           "entity_id": "8c0e6f2a-1d3b-4c5e-9f7a-0b1c2d3e4f5a"}
    r = mf(db, "order", {"id": key["key"], "orderNumber": "O", "employeeEmail": "a@x.example", "totalValue": 1}, key)
    t.is_((r["legacy_id"], r["columns"]["id"]), (key["entity_id"], key["entity_id"]),
          "a value id that repeats the key gives way to the key's id; a real UUID is kept")
    r = mf(db, "client", {"id": "client-demo-stakeholder", "name": "Demo"},
           {"key": "client:demo-stakeholder", "entity_id": None})
    t.is_(r["legacy_id"], "client-demo-stakeholder", "the value id is the legacy id (other records point at it)")


def test_result_inserts_into_the_target_table(db):
    value = {"id": "client-1739612345678-k3j9x0a", "name": "Acme Robotics", "contactEmail": "hr@acme.example",
             "contactPhone": "(555) 010-2000", "status": "suspended", "settings": {"primaryColor": "#D91C81"},
             "clientAddressLine1": "1 Mill Lane", "clientHasEmployeeData": "Yes", "address": "1 Mill Lane, Leeds",
             "createdAt": "2026-02-15T08:00:00.000Z", "updatedAt": "2026-02-15T08:00:00.000Z", "createdBy": None}
    cols = mf(db, "client", value)["columns"]
    names = ", ".join(cols)
    db.execute(f"INSERT INTO public.clients ({names}) SELECT {names} FROM jsonb_populate_record(NULL::public.clients,"
               " %s::jsonb)", (json.dumps(cols),))
    t.results_eq(db, "SELECT id::text, legacy_id, status, client_address_line_1, client_has_employee_data,"
                     " created_at = '2026-02-15T08:00:00Z', extra->>'address' FROM public.clients",
                 [(uid(db, "client", value["id"]), value["id"], "suspended", "1 Mill Lane", True, True,
                   "1 Mill Lane, Leeds")],
                 "the mapped columns insert into public.clients as they are, CHECKs included")


def test_unknown_entity(db):
    t.throws_ok(db, "SELECT kv2rel.map_fields('gizmo', '{}')", "K2204", "unknown entity 'gizmo'",
                "an unknown entity is a programming error: K2204")
