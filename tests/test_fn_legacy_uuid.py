"""kv2rel.legacy_uuid and its parts (sha1, sha1_plpgsql, uuid_v5, uuid_from_sha1, legacy_uuid_namespace): the
same legacy id of the same entity gets the same UUID on any machine (checked against Python's uuid.uuid5 and
hashlib), real UUIDs are kept, blanks are NULL."""

from __future__ import annotations

import hashlib
import uuid

import pytest

import pgtap as t

NAMESPACE = uuid.UUID("dc7ca2c2-35ad-52cb-9803-90b0ccba4db7")

# Hard-coded so that a change of namespace, separator or encoding cannot pass unnoticed.
KNOWN = [
    ("client", "client-1739612345678-k3j9x0a", "186846ad-c958-56a5-84ea-b7937d87b4ae"),
    ("product", "gift-001", "1609e89d-e2b2-5a54-821d-b3f1c8928d26"),
    ("catalog", "catalog_legacy_default", "f658351e-3ecd-5648-8dac-dc5be38683ab"),
    ("employee", "demo-event-serial-card:emp-002", "e31e0d90-ed96-5e12-9e2e-125ac45beb08"),
    ("client", "café ☕", "c3ea41ec-6ddf-54a8-aea8-6553c414f66b"),
]

NAMES = ["gift-001", "ORD-2026-482913", "o'brien", 'say "hi"', "back\\slash", "100%_done", "東京-☕", "a:b:c",
         "x" * 200, "catalog_legacy_default", "{3f1c2b9e-8a41-4c55-9d0e-2b7a6f1e0c11}"]


def one(conn, sql: str, params: tuple = ()):
    return conn.execute(sql, params).fetchone()[0]


def test_structure(db):
    for name, args in (("legacy_uuid", ["text", "text"]), ("uuid_v5", ["uuid", "text"]), ("sha1", ["bytea"]),
                       ("sha1_plpgsql", ["bytea"]), ("uuid_from_sha1", ["bytea"]), ("legacy_uuid_namespace", [])):
        t.volatility_is(db, "kv2rel", name, args, "immutable", f"kv2rel.{name} is IMMUTABLE")
        t.isnt_definer(db, "kv2rel", name, args, f"kv2rel.{name} is not SECURITY DEFINER")
    t.is_(one(db, "SELECT kv2rel.legacy_uuid_namespace()"), NAMESPACE,
          "the namespace is uuid5(URL, 'kv2rel:legacy-id')")
    t.is_(uuid.uuid5(uuid.NAMESPACE_URL, "kv2rel:legacy-id"), NAMESPACE, "and that is how it was derived")


@pytest.mark.parametrize("entity,legacy_id,want", KNOWN)
def test_known_values(db, entity, legacy_id, want):
    t.is_(str(one(db, "SELECT kv2rel.legacy_uuid(%s, %s)", (entity, legacy_id))), want,
          f"legacy_uuid({entity}, {legacy_id!r}) is the hard-coded {want}")


@pytest.mark.parametrize("name", NAMES)
def test_matches_python_uuid5(db, name):
    t.is_(one(db, "SELECT kv2rel.legacy_uuid('product', %s)", (name,)), uuid.uuid5(NAMESPACE, f"product:{name}"),
          f"legacy_uuid('product', {name[:30]!r}) equals Python uuid5(NS, 'product:' + id)")


def test_deterministic_and_entity_scoped(db):
    t.results_eq(db, "SELECT kv2rel.legacy_uuid('client', 'c-1') = kv2rel.legacy_uuid('client', 'c-1')", [(True,)],
                 "the same legacy id of the same entity gives the same UUID")
    t.results_eq(db, "SELECT kv2rel.legacy_uuid('client', 'x-1') <> kv2rel.legacy_uuid('site', 'x-1')", [(True,)],
                 "the same id under two entities gives two UUIDs")
    t.results_eq(db, "SELECT kv2rel.legacy_uuid('client', '  c-1 ') = kv2rel.legacy_uuid('client', 'c-1')",
                 [(True,)], "surrounding whitespace of the legacy id is ignored")
    t.results_eq(db, "SELECT kv2rel.legacy_uuid('client', 'C-1') <> kv2rel.legacy_uuid('client', 'c-1')",
                 [(True,)], "legacy ids are case-sensitive")


def test_real_uuids_are_kept(db):
    u = "3F1C2B9E-8A41-4C55-9D0E-2B7A6F1E0C11"
    t.is_(str(one(db, "SELECT kv2rel.legacy_uuid('client', %s)", (u,))), u.lower(), "a UUID is kept, lower-cased")
    t.is_(str(one(db, "SELECT kv2rel.legacy_uuid('admin_user', %s)", (f"  {u} ",))), u.lower(),
          "a UUID with spaces around is kept")
    nil = "00000000-0000-0000-0000-000000000001"
    t.is_(str(one(db, "SELECT kv2rel.legacy_uuid('client', %s)", (nil,))), nil,
          "a seed 'UUID' that is not RFC-versioned is kept too")
    t.is_(one(db, "SELECT kv2rel.legacy_uuid('client', %s)", ("{" + u + "}",)),
          uuid.uuid5(NAMESPACE, "client:{" + u + "}"), "a braced UUID is not the canonical form: it is hashed")


@pytest.mark.parametrize("entity,legacy_id", [("client", None), ("client", ""), ("client", "   "), (None, "c-1")])
def test_blank_gives_null(db, entity, legacy_id):
    t.is_(one(db, "SELECT kv2rel.legacy_uuid(%s, %s)", (entity, legacy_id)), None,
          f"legacy_uuid({entity!r}, {legacy_id!r}) is NULL")


@pytest.mark.parametrize("length", [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 200])
def test_sha1_matches_hashlib(db, length):
    data = bytes((i * 7 + 3) % 256 for i in range(length))
    want = hashlib.sha1(data).digest()
    t.is_(bytes(one(db, "SELECT kv2rel.sha1_plpgsql(%s)", (data,))), want,
          f"sha1_plpgsql of {length} bytes equals hashlib (padding across block boundaries)")
    t.is_(bytes(one(db, "SELECT kv2rel.sha1(%s)", (data,))), want, f"sha1 of {length} bytes equals hashlib")


def test_sha1_null(db):
    t.is_(one(db, "SELECT kv2rel.sha1_plpgsql(NULL)"), None, "sha1_plpgsql(NULL) is NULL")
    t.is_(one(db, "SELECT kv2rel.sha1(NULL)"), None, "sha1(NULL) is NULL")


def test_sha1_uses_pgcrypto_when_installed(db):
    installed = one(db, "SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'")
    body = one(db, "SELECT pg_get_functiondef('kv2rel.sha1(bytea)'::regprocedure)")
    if installed:
        t.ok("digest(" in body, "with pgcrypto installed, kv2rel.sha1 wraps its digest()", body)
    else:
        t.ok("sha1_plpgsql(" in body, "without pgcrypto, kv2rel.sha1 wraps kv2rel.sha1_plpgsql", body)


@pytest.mark.parametrize("namespace,name", [(uuid.NAMESPACE_DNS, "python.org"), (uuid.NAMESPACE_URL,
                                                                                  "http://python.org/"),
                                             (uuid.NAMESPACE_OID, "1.2.3"), (NAMESPACE, "東京")])
def test_uuid_v5_matches_rfc_implementations(db, namespace, name):
    t.is_(one(db, "SELECT kv2rel.uuid_v5(%s, %s)", (namespace, name)), uuid.uuid5(namespace, name),
          f"uuid_v5({namespace}, {name!r}) equals Python uuid.uuid5")


def test_uuid_v5_bits_and_nulls(db):
    u = one(db, "SELECT kv2rel.uuid_v5(kv2rel.legacy_uuid_namespace(), 'x')")
    t.is_((u.version, u.variant), (5, uuid.RFC_4122), "version 5, RFC 4122 variant")
    t.is_(one(db, "SELECT kv2rel.uuid_v5(NULL, 'x')"), None, "NULL namespace: NULL")
    t.is_(one(db, "SELECT kv2rel.uuid_from_sha1(NULL)"), None, "uuid_from_sha1(NULL) is NULL")


def test_pure_and_fast_paths_agree(db):
    t.is_empty(
        db,
        "SELECT i FROM generate_series(1, 300) AS i"
        " WHERE kv2rel.uuid_from_sha1(kv2rel.sha1_plpgsql(convert_to('k' || i, 'UTF8')))"
        "    <> kv2rel.uuid_from_sha1(kv2rel.sha1(convert_to('k' || i, 'UTF8')))",
        "the PL/pgSQL and the pgcrypto SHA-1 give the same UUIDs",
    )
