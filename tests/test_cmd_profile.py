"""`kv2rel profile`: JSON and text output on the hand-built fixture, --kv-table (qualified, quoted, missing,
wrong shape), --env, and that nothing is written."""

from __future__ import annotations

import json

import pgtap as t
from kv_fixture import ROWS, create


def test_json(cli, db, db_dsn):
    create(db)
    result = cli("profile", "--dsn", db_dsn, "--format", "json")
    t.is_(result.exit_code, 0, f"kv2rel profile exits 0\n{result.output}")
    report = json.loads(result.output)
    t.is_(report["kv_table"], "public.kv_store_6fcaeea3", "the default table is kv_store_6fcaeea3")
    t.is_(report["total_keys"], len(ROWS), "every key is counted")
    t.is_(report["unknown_keys"]["sample"], ["legacy_thing:1"], "the unknown key is reported")
    t.is_(report, db.execute("SELECT kv2rel.profile_kv('kv_store_6fcaeea3')").fetchone()[0],
          "the JSON is exactly kv2rel.profile_kv's")


def test_text(cli, db, db_dsn):
    create(db)
    result = cli("profile", "--dsn", db_dsn)
    t.is_(result.exit_code, 0, f"text profile exits 0\n{result.output}")
    out = result.output
    t.ok(out.startswith(f"profile of public.kv_store_6fcaeea3 (environment: all; known: development, production, qa,"
                        f" staging): {len(ROWS)} keys"), "the first line names table, environments and key count", out)
    for needle in ("keys per class", "keys per key generation", "keys per environment", "client: 6 records",
                   "contactEmail", "index drift", "clients:all", "client-ghost", "legacy_thing:1",
                   "keys whose value id differs from the key id: 1"):
        t.ok(needle in out, f"the text report shows {needle!r}", out[:3000])


def test_env_and_qualified_table(cli, db, db_dsn):
    db.execute('CREATE SCHEMA "Odd"')
    create(db, '"Odd"."KV Store"')
    result = cli("profile", "--dsn", db_dsn, "--kv-table", '"Odd"."KV Store"', "--env", "production",
                 "--format", "json")
    t.is_(result.exit_code, 0, f"a quoted, qualified table with --env exits 0\n{result.output}")
    report = json.loads(result.output)
    t.is_((report["kv_table"], report["environment"], report["excluded_other_environment"]),
          ('"Odd"."KV Store"', "production", 3), "the table and the environment filter are applied")


def test_errors(cli, db, db_dsn):
    result = cli("profile", "--dsn", db_dsn, "--kv-table", "nope.kv")
    t.is_(result.exit_code, 1, "a missing table exits 1")
    t.ok("K2201" in result.output and "'nope.kv'" in result.output, "the error names the table and the SQLSTATE",
         result.output)
    db.execute("CREATE TABLE public.wrong (key int)")
    result = cli("profile", "--dsn", db_dsn, "--kv-table", "wrong")
    t.is_(result.exit_code, 1, "a table of the wrong shape exits 1")
    t.ok("K2202" in result.output, "with K2202", result.output)
    create(db)
    result = cli("profile", "--dsn", db_dsn, "--env", "prod")
    t.is_(result.exit_code, 1, "an unknown environment exits 1")
    t.ok("K2203" in result.output and "development, production, qa, staging" in result.output,
         "the error lists the known environments", result.output)
    result = cli("profile", "--dsn", db_dsn, "--format", "xml")
    t.is_(result.exit_code, 2, "a bad --format is a usage error")


def test_read_only(cli, db, db_dsn):
    create(db)
    digest = "SELECT md5(string_agg(key || value::text, ',' ORDER BY key)) FROM kv_store_6fcaeea3"
    before = db.execute(digest).fetchone()
    result = cli("profile", "--dsn", db_dsn, "--format", "json")
    t.is_(result.exit_code, 0, "profile exits 0")
    after = db.execute(digest).fetchone()
    t.is_(after, before, "the KV table is unchanged")
    t.is_empty(db, "SELECT 1 FROM pg_stat_user_tables WHERE schemaname = 'public' AND n_tup_ins > 0"
                   " AND relname <> 'kv_store_6fcaeea3'", "no other table was written")
