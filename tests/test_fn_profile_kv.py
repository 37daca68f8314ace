"""kv2rel.profile_kv: the numbers of the hand-built fixture (counts, fields, index drift, id mismatches, unknown
keys), the environment filter, and refusals."""

from __future__ import annotations

import json

import pytest

import pgtap as t
from kv_fixture import CLIENT_UUID, ROWS, create


def profile(conn, env: str | None = None) -> dict:
    return conn.execute("SELECT kv2rel.profile_kv('kv_store_6fcaeea3', %s)", (env,)).fetchone()[0]


@pytest.fixture
def kv(db):
    create(db)
    return db


def test_structure(db):
    t.has_function(db, "kv2rel", "profile_kv", ["regclass", "text"], "kv2rel.profile_kv(regclass, text) exists")
    t.volatility_is(db, "kv2rel", "profile_kv", ["regclass", "text"], "stable", "profile_kv is STABLE (read-only)")


def test_counts(kv):
    p = profile(kv)
    t.is_(p["total_keys"], len(ROWS), "total_keys counts every key")
    t.is_(p["by_class"], {"entity": 22, "copy": 2, "index": 2, "pointer": 1, "join": 1, "ephemeral": 2,
                          "secret": 1, "unknown": 1}, "keys per class")
    t.is_(p["by_generation"], {"env_scoped": 7, "legacy_plural": 5, "singular": 5, "parent_scoped": 5,
                               "(none)": 10}, "keys per key generation")
    t.is_(p["by_environment"], {"production": 4, "development": 2, "qa": 1, "(none)": 25}, "keys per environment")
    t.is_(p["by_entity"]["client"], 8, "client keys: 6 entity keys, the alias copy and clients:all")
    t.is_(p["by_entity"]["(none)"], 1, "the unknown key has no entity")
    t.is_(p["known_environments"], ["development", "production", "qa", "staging"], "qa is registered in the table")


def test_fields_of_an_entity(kv):
    client = profile(kv)["entities"]["client"]
    t.is_(client["records"], 6, "six client records with object values (the array value is not a record)")
    max_bytes = kv.execute(
        "SELECT max(octet_length(value::text)) FROM kv_store_6fcaeea3"
        " WHERE key LIKE 'client%%' AND key <> 'clients:all' AND key NOT LIKE '%%:site:%%'"
        " AND jsonb_typeof(value) = 'object'"
    ).fetchone()[0]
    t.is_(client["max_value_bytes"], max_bytes, "max value size is the largest JSON text of a client record")
    fields = {f["field"]: f for f in client["fields"]}
    t.is_((fields["name"]["count"], float(fields["name"]["frequency"]), fields["name"]["types"]),
          (6, 1.0, {"string": 6}), "name: in every record, always a string")
    t.is_((fields["contactEmail"]["count"], fields["contactEmail"]["column"]), (1, "contact_email"),
          "contactEmail: one record, feeds contact_email")
    t.is_((fields["client_code"]["types"], float(fields["client_code"]["null_rate"])), ({"null": 1}, 1.0),
          "client_code: JSON null once, null rate 100 %")
    t.is_(float(fields["description"]["empty_rate"]), 1.0, "description: an empty string, empty rate 100 %")
    t.is_(fields["environmentId"]["column"], None, "environmentId feeds no column (goes to extra)")
    t.is_(fields["settings.primaryColor"]["count"], 1, "nested fields are listed one level down")
    t.is_(fields["id"]["column"], "id, legacy_id", "the id field becomes the legacy id and the UUID")


def test_suggested_column_for_an_unlisted_spelling(db):
    db.execute("CREATE TABLE public.kv_store_6fcaeea3 (key text PRIMARY KEY, value jsonb NOT NULL)")
    db.execute(
        """INSERT INTO kv_store_6fcaeea3 VALUES ('client:c1', '{"id": "c1", "name": "Ann", "Client_City": "Leeds"}')"""
    )
    fields = {f["field"]: f for f in profile(db)["entities"]["client"]["fields"]}
    t.is_((fields["Client_City"]["column"], fields["Client_City"]["suggested_column"]), (None, "client_city"),
          "a spelling no alias covers goes to extra, and the same-named column is suggested")


def test_index_drift(kv):
    drift = {d["key"]: d for d in profile(kv)["index_drift"]}
    clients = drift["clients:all"]
    t.is_((clients["form"], clients["items"], clients["ids_without_record"], clients["sample_ids_without_record"]),
          ("ids", 3, 1, ["client-ghost"]), "clients:all lists one id with no record")
    t.is_(clients["records_not_in_index"], 3, "three client records are missing from clients:all")
    t.is_(clients["sample_records_not_in_index"],
          [f"client:{CLIENT_UUID}", "client:production:client-bad", "client:qa:client-qa-1"],
          "the missing records are sampled by key")
    gifts = drift["gifts:all"]
    t.is_((gifts["form"], gifts["items"], gifts["distinct_ids"], gifts["duplicate_ids"], gifts["ids_without_record"]),
          ("mixed ids and objects", 4, 3, 1, 1),
          "gifts:all mixes objects and ids, repeats gift-404, which has no record")
    t.is_(gifts["records_not_in_index"], 0, "every gift record is in gifts:all")


def test_id_mismatches_and_unknown_keys(kv):
    p = profile(kv)
    t.is_(p["id_mismatches"]["count"], 1, "one key whose value id differs from its key id")
    t.is_(p["id_mismatches"]["sample"], [{"key": "client:demo-stakeholder", "key_id": None,
                                          "value_id": "client-demo-stakeholder"}],
          "the demo alias: the key names no id, the value says client-demo-stakeholder")
    t.is_(p["unknown_keys"], {"count": 1, "sample": ["legacy_thing:1"]}, "the unknown key is reported")
    t.is_(p["records_with_non_object_value"], {"client": 1}, "one client key holds an array")


def test_environment_filter(kv):
    p = profile(kv, "production")
    t.is_((p["total_keys"], p["excluded_other_environment"]), (len(ROWS) - 3, 3),
          "production keeps its keys and keys without environment; 3 keys of development and qa are left out")
    t.is_(set(p["by_environment"]), {"production", "(none)"}, "only production and no-environment keys remain")


def test_bad_input(kv):
    t.throws_ok(kv, "SELECT kv2rel.profile_kv('kv_store_6fcaeea3', 'prod')", "K2203", None,
                "an unknown environment is refused with K2203")
    t.throws_ok(kv, "SELECT kv2rel.profile_kv(NULL)", "K2201", None, "a NULL table is refused with K2201")


def test_empty_table(db):
    db.execute("CREATE TABLE public.kv_store_6fcaeea3 (key text PRIMARY KEY, value jsonb NOT NULL)")
    p = profile(db)
    t.is_((p["total_keys"], p["by_class"], p["entities"], p["index_drift"]), (0, {}, {}, []),
          "an empty table profiles to zeros and empty lists")
    t.ok(json.dumps(p), "the profile is valid JSON")
