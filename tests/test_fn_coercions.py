"""The lenient coercions (to_timestamptz_lenient, to_boolean_lenient, to_numeric_lenient, split_full_name,
camel_to_snake, snake_to_camel) and kv2rel.coerce: every accepted form, and everything else refused with NULL
and a reason, never an exception."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

import pgtap as t

UTC = dt.timezone.utc


def one(conn, sql: str, params: tuple = ()):
    return conn.execute(sql, params).fetchone()[0]


def test_structure(db):
    for name, args in (("to_timestamptz_lenient", ["jsonb"]), ("to_timestamptz_lenient", ["text"]),
                       ("to_boolean_lenient", ["jsonb"]), ("to_boolean_lenient", ["text"]),
                       ("to_numeric_lenient", ["jsonb"]), ("to_numeric_lenient", ["text"]),
                       ("split_full_name", ["text"]), ("camel_to_snake", ["text"]), ("snake_to_camel", ["text"])):
        t.volatility_is(db, "kv2rel", name, args, "immutable", f"kv2rel.{name}({', '.join(args)}) is IMMUTABLE")
    t.volatility_is(db, "kv2rel", "coerce", ["jsonb", "text", "jsonb", "text"], "stable",
                    "kv2rel.coerce is STABLE (it formats JSON and reads the field map for addresses)")


TIMESTAMPS = [
    ('"2026-02-11T02:00:00.123Z"', dt.datetime(2026, 2, 11, 2, 0, 0, 123000, UTC), "ISO with milliseconds"),
    ('"2026-02-11T02:00:00Z"', dt.datetime(2026, 2, 11, 2, 0, tzinfo=UTC), "ISO without milliseconds"),
    ('"2026-02-11T02:00Z"', dt.datetime(2026, 2, 11, 2, 0, tzinfo=UTC), "ISO without seconds"),
    ('"2026-02-01T08:00:00.123456+00:00"', dt.datetime(2026, 2, 1, 8, 0, 0, 123456, UTC),
     "Supabase auth timestamp: microseconds and +00:00"),
    ('"2026-02-11 10:00:00+05:30"', dt.datetime(2026, 2, 11, 4, 30, tzinfo=UTC), "space separator and +05:30"),
    ('"2026-02-11T00:00:00-0800"', dt.datetime(2026, 2, 11, 8, 0, tzinfo=UTC), "offset without colon"),
    ('"2026-03-01"', dt.datetime(2026, 3, 1, tzinfo=UTC), "date-only: midnight UTC"),
    ('"2024-02-29"', dt.datetime(2024, 2, 29, tzinfo=UTC), "a leap day"),
    ("1739612345678", dt.datetime(2025, 2, 15, 9, 39, 5, 678000, UTC), "epoch milliseconds as a number"),
    ('"1739612345678"', dt.datetime(2025, 2, 15, 9, 39, 5, 678000, UTC), "epoch milliseconds as a string"),
    ('"  2026-02-11T02:00:00Z  "', dt.datetime(2026, 2, 11, 2, 0, tzinfo=UTC), "spaces around"),
]

NOT_TIMESTAMPS = [
    ('"2026-02-11T02:00:00"', "date-time without a time-zone offset is not guessed"),
    ("1739612345", "looks like epoch seconds; only epoch milliseconds are accepted"),
    ('"1739612345"', "looks like epoch seconds; only epoch milliseconds are accepted"),
    ('"December 31, 2026"', None),
    ('"10:30"', None),
    ('"2026-02-30"', "not a valid calendar date or time"),
    ('"2026-13-01"', "not a valid calendar date or time"),
    ('"2026-02-11T25:00:00Z"', "not a valid calendar date or time"),
    ('"2026-02-11T10:00:00+16:00"', "not a valid calendar date or time"),
    ('"0000-01-01"', "not a valid calendar date or time"),
    ('"yesterday"', None),
    ('"now"', None),
    ("true", None),
    ('{"date": "2026-01-01"}', None),
    ("99", None),
]


@pytest.mark.parametrize("value,want,what", TIMESTAMPS, ids=[w for _, _, w in TIMESTAMPS])
def test_timestamps(db, value, want, what):
    t.is_(one(db, "SELECT kv2rel.to_timestamptz_lenient(%s::jsonb)", (value,)), want, f"{what}: {value}")


@pytest.mark.parametrize("value,reason", NOT_TIMESTAMPS, ids=[v for v, _ in NOT_TIMESTAMPS])
def test_not_timestamps(db, value, reason):
    t.is_(one(db, "SELECT kv2rel.to_timestamptz_lenient(%s::jsonb)", (value,)), None, f"{value} is not guessed")
    row = db.execute("SELECT * FROM kv2rel.coerce(%s::jsonb, 'timestamptz')", (value,)).fetchone()
    t.is_(row[0], None, f"coerce({value}, timestamptz) gives no value")
    t.ok(row[1], f"coerce({value}, timestamptz) gives a reason", repr(row))
    if reason:
        t.is_(row[1], reason, f"the reason for {value}")


def test_timestamps_ignore_the_session_time_zone(db):
    db.execute("SET TimeZone = 'America/Los_Angeles'")
    t.is_(one(db, "SELECT kv2rel.to_timestamptz_lenient('2026-03-01')"), dt.datetime(2026, 3, 1, tzinfo=UTC),
          "a date-only value is midnight UTC whatever the session time zone")
    t.is_(one(db, """SELECT (kv2rel.coerce('"2026-03-01"', 'timestamptz')).value"""), "2026-03-01T00:00:00.000000Z",
          "coerce writes timestamps as UTC ISO strings")
    t.is_(one(db, """SELECT (kv2rel.coerce('"2026-03-01T23:30:00-05:00"', 'date')).value"""), "2026-03-02",
          "a date column takes the UTC date")


BOOLEANS = [("true", True), ("false", False), ('"Yes"', True), ('"No"', False), ('" yes "', True),
            ('"TRUE"', True), ('"false"', False), ('"1"', True), ('"0"', False), ("1", True), ("0", False)]
NOT_BOOLEANS = ['"y"', '"on"', '"t"', '"enabled"', '"2"', "2", "1.0", '""', "null", "[]", '{"a": 1}']


@pytest.mark.parametrize("value,want", BOOLEANS)
def test_booleans(db, value, want):
    t.is_(one(db, "SELECT kv2rel.to_boolean_lenient(%s::jsonb)", (value,)), want, f"{value} is {want}")


@pytest.mark.parametrize("value", NOT_BOOLEANS)
def test_not_booleans(db, value):
    t.is_(one(db, "SELECT kv2rel.to_boolean_lenient(%s::jsonb)", (value,)), None, f"{value} is not guessed")
    if value not in ('""', "null"):
        t.is_(one(db, "SELECT (kv2rel.coerce(%s::jsonb, 'boolean')).reason", (value,)),
              "not a recognised boolean (true/false, yes/no, 1/0)", f"coerce says why {value} is refused")


NUMBERS = [("299.99", Decimal("299.99")), ('"299.99"', Decimal("299.99")), ('" 42 "', Decimal("42")),
           ('"-3.5"', Decimal("-3.5")), ('"+7"', Decimal("7")), ('".5"', Decimal("0.5")), ('"1e3"', Decimal("1000")),
           ("0", Decimal("0")), ('"007"', Decimal("7"))]
NOT_NUMBERS = ['"1,299.00"', '"$5"', '"10kg"', '"NaN"', '"Infinity"', '"1e99999"', "true", '"abc"', '"1.2.3"',
               '"- 5"', "[1]"]


@pytest.mark.parametrize("value,want", NUMBERS)
def test_numbers(db, value, want):
    t.is_(one(db, "SELECT kv2rel.to_numeric_lenient(%s::jsonb)", (value,)), want, f"{value} is {want}")


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_not_numbers(db, value):
    t.is_(one(db, "SELECT kv2rel.to_numeric_lenient(%s::jsonb)", (value,)), None, f"{value} is not guessed")


def test_integers(db):
    t.is_(one(db, """SELECT (kv2rel.coerce('"25"', 'integer')).value"""), 25, "a whole number in a string")
    t.is_(one(db, "SELECT (kv2rel.coerce('25.0', 'integer')).value"), 25, "25.0 is whole")
    t.is_(one(db, "SELECT (kv2rel.coerce('2.5', 'integer')).reason"), "not a whole number", "2.5 is refused")
    t.is_(one(db, "SELECT (kv2rel.coerce('1e12', 'integer')).reason"), "outside the integer range",
          "a number beyond int4 is refused")


NAMES = [
    ("Priya Natarajan", ("Priya", "Natarajan"), "two words"),
    ("  Priya   Natarajan ", ("Priya", "Natarajan"), "extra spaces collapse"),
    ("Natarajan, Priya", ("Priya", "Natarajan"), "Last, First"),
    ("de la Cruz, Juan Carlos", ("Juan Carlos", "de la Cruz"), "Last, First with several words each"),
    ("Cher", ("Cher", None), "one word is a first name"),
    ("Mary Ann Smith", (None, None), "three words: not guessed"),
    ("Juan de la Cruz", (None, None), "four words: not guessed"),
    ("a, b, c", (None, None), "several commas: not guessed"),
    (", Priya", (None, None), "a comma without a last name"),
    ("", (None, None), "empty"),
    (None, (None, None), "NULL"),
]


@pytest.mark.parametrize("name,want,what", NAMES, ids=[w for _, _, w in NAMES])
def test_split_full_name(db, name, want, what):
    t.is_(tuple(db.execute("SELECT * FROM kv2rel.split_full_name(%s)", (name,)).fetchone()), want, what)


def test_name_coercions_give_reasons(db):
    t.is_(tuple(db.execute("""SELECT * FROM kv2rel.coerce('"Mary Ann Smith"', 'first_name')""").fetchone()),
          (None, "a full name of three or more words (or with several commas) is not split"),
          "an ambiguous full name gives a reason")
    t.is_(one(db, """SELECT (kv2rel.coerce('"Cher"', 'last_name')).reason"""), None,
          "a one-word name simply has no last name (no problem)")


CAMEL = [("clientAddressLine1", "client_address_line_1"), ("client_address_line1", "client_address_line_1"),
         ("contactEmail", "contact_email"), ("imageURL", "image_url"), ("HTMLContent", "html_content"),
         ("selectionStartDate", "selection_start_date"), ("already_snake", "already_snake"),
         ("Client_City", "client_city"), ("line1Name", "line_1_name"), ("zip-code", "zip_code"),
         ("Full Name", "full_name"), ("id", "id")]


@pytest.mark.parametrize("name,want", CAMEL)
def test_camel_to_snake(db, name, want):
    t.is_(one(db, "SELECT kv2rel.camel_to_snake(%s)", (name,)), want, f"{name} -> {want}")


@pytest.mark.parametrize("name,want", [("client_address_line_1", "clientAddressLine1"),
                                       ("contact_email", "contactEmail"), ("name", "name"),
                                       ("selection_start_date", "selectionStartDate")])
def test_snake_to_camel_round_trip(db, name, want):
    t.is_(one(db, "SELECT kv2rel.snake_to_camel(%s)", (name,)), want, f"{name} -> {want}")
    t.is_(one(db, "SELECT kv2rel.camel_to_snake(kv2rel.snake_to_camel(%s))", (name,)), name,
          f"{name} survives the round trip")


COERCE = [
    ('"  Acme  "', "text", "Acme", None),
    ('""', "text", None, None),
    ("null", "text", None, None),
    ("42", "text", "42", None),
    ('{"a": 1}', "text", None, "expected text, got a JSON object"),
    ('"usd"', "upper", "USD", None),
    ('"LED, dimmable"', "jsonb_array", ["LED", "dimmable"], None),
    ('["a", "b"]', "jsonb_array", ["a", "b"], None),
    ('{"a": 1}', "jsonb_array", None, "expected a JSON array or a comma-separated string, got a JSON object"),
    ('"en, fr"', "text_array", ["en", "fr"], None),
    ('["en", 5]', "text_array", ["en", "5"], None),
    ('[{"x": 1}]', "text_array", None, "an array element is not text"),
    ('{"a": 1}', "jsonb_object", {"a": 1}, None),
    ('"x"', "jsonb_object", None, "expected a JSON object, got a JSON string"),
    ('"ABCDEF00-0000-4000-8000-000000000001"', "uuid", "abcdef00-0000-4000-8000-000000000001", None),
    ('"anonymous"', "uuid", None, "not a UUID"),
    ('"10.0.0.1"', "inet", "10.0.0.1", None),
    ('"unknown"', "inet", None, "not an IP address"),
    ("true", "active_flag", "active", None),
    ('"No"', "active_flag", "inactive", None),
    ('"all"', "all_flag", True, None),
    ('["c1"]', "all_flag", False, None),
    ("true", "flag:discontinued", "discontinued", None),
    ("false", "flag:discontinued", None, None),
    ('"email"', "validation_methods", [{"type": "email", "enabled": True}], None),
    ('["email", {"type": "serialCard", "enabled": false}]', "validation_methods",
     [{"type": "email", "enabled": True}, {"type": "serialCard", "enabled": False}], None),
    ("[1]", "validation_methods", None, "expected a method name, a {type} object, or an array of them"),
    ('{"street": "1 Elm", "zip": "78701", "fullName": "P N", "floor": 3}', "address",
     {"line1": "1 Elm", "postal_code": "78701", "name": "P N", "floor": 3}, None),
    ('"1 Elm St"', "address", None, "expected an address object, got a JSON string"),
]


@pytest.mark.parametrize("value,coercion,want,reason", COERCE, ids=[f"{c}:{v[:20]}" for v, c, _, _ in COERCE])
def test_coerce(db, value, coercion, want, reason):
    row = db.execute("SELECT * FROM kv2rel.coerce(%s::jsonb, %s)", (value, coercion)).fetchone()
    t.is_(tuple(row), (want, reason), f"coerce({value}, {coercion})")


def test_coerce_multiply_and_refs(db):
    record = json.dumps({"itemValue": 33.33, "quantity": "3"})
    t.is_(one(db, "SELECT (kv2rel.coerce('33.33', 'multiply:quantity', %s::jsonb)).value", (record,)),
          99.99, "itemValue x quantity, quantity from the record, computed in numeric (no float artefacts)")
    t.is_(one(db, "SELECT (kv2rel.coerce('10', 'multiply:quantity', '{}')).value"), 10,
          "a missing factor counts as 1")
    t.is_(one(db, "SELECT (kv2rel.coerce('10', 'multiply:quantity', '{\"quantity\": \"two\"}')).reason"),
          "the factor quantity is not a plain number", "a bad factor is refused with a reason")
    t.is_(one(db, """SELECT (kv2rel.coerce('"gift-001"', 'ref:product')).value #>> '{}'"""),
          one(db, "SELECT kv2rel.legacy_uuid('product', 'gift-001')::text"), "ref:<entity> is the legacy UUID")
    t.is_(one(db, """SELECT (kv2rel.coerce('"emp-1"', 'ref:employee@site_id', NULL, 's-1')).value #>> '{}'"""),
          one(db, "SELECT kv2rel.legacy_uuid('employee', 's-1:emp-1')::text"), "a scoped ref hashes scope:id")
    t.is_(one(db, """SELECT (kv2rel.coerce('"emp-1"', 'ref:employee@site_id')).reason"""),
          "employee ids are only unique per site_id, and no site_id is known", "a scoped ref needs its scope")
    t.is_(one(db, """SELECT (kv2rel.coerce('["c1", "c2"]', 'ref_array:client')).value"""),
          [one(db, "SELECT kv2rel.legacy_uuid('client', 'c1')::text"),
           one(db, "SELECT kv2rel.legacy_uuid('client', 'c2')::text")], "ref_array maps every id")


def test_unknown_coercion_raises(db):
    t.throws_ok(db, "SELECT * FROM kv2rel.coerce('1', 'guess')", "K2205", "unknown coercion 'guess'",
                "an unknown coercion name is a programming error: K2205")
