"""`kv2rel seed`: the CLI of the KV store generator (options, refusal, exit codes, determinism end to end)."""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.pgtap import is_, ok, results_eq


def seed(cli, dsn: str, *args: str):
    return cli("seed", "--dsn", dsn, *args)


def table_hash(conn: psycopg.Connection, table: str) -> str:
    row = conn.execute(f"SELECT md5(string_agg(key || value::text, '' ORDER BY key)) FROM {table}").fetchone()
    return row[0]  # type: ignore[index]


def test_seed_small_json_report(cli, db, db_dsn):
    result = seed(cli, db_dsn, "--scale", "small", "--seed", "1", "--format", "json")
    is_(result.exit_code, 0, f"kv2rel seed exits 0\n{result.output}")
    report = json.loads(result.output)
    is_(report["kv_table"], "public.kv_store_6fcaeea3", "the default table is public.kv_store_6fcaeea3")
    is_(report["scale"], "small", "the report names the scale")
    results_eq(
        db,
        "SELECT count(*) FROM public.kv_store_6fcaeea3",
        [(report["rows"],)],
        "the report's row count is the table's",
    )
    ok(set(report["hazards"]) >= {"orphans", "duplicates", "whitespace"}, "the report has per-hazard counts")
    ok(report["families"].get("order:{siteId}:{uuid}", 0) > 0, "the report has per-family counts")
    ok(report["elapsed_s"] >= 0, "the json report carries the elapsed time")


def test_seed_text_output(cli, db_dsn):
    result = seed(cli, db_dsn, "--kv-table", "kv_text")
    is_(result.exit_code, 0, f"text format exits 0\n{result.output}")
    ok(result.output.startswith("seeded public.kv_text with "), "the first line says what was seeded",
       f"    output: {result.output[:200]!r}")
    ok("orphans" in result.output and "prefixes over 1000 keys" in result.output, "hazards and big prefixes listed")


def test_same_seed_same_table_other_seed_differs(cli, db, db_dsn):
    for table, s in (("kv_s1", "7"), ("kv_s2", "7"), ("kv_s3", "8")):
        result = seed(cli, db_dsn, "--kv-table", table, "--seed", s)
        is_(result.exit_code, 0, f"seed {s} into {table} exits 0\n{result.output}")
    is_(table_hash(db, "kv_s1"), table_hash(db, "kv_s2"), "same --seed: byte-identical tables")
    ok(table_hash(db, "kv_s1") != table_hash(db, "kv_s3"), "another --seed: different content")


def test_refuses_non_empty_table_unless_replace(cli, db, db_dsn):
    is_(seed(cli, db_dsn).exit_code, 0, "the first seed succeeds")
    rows = db.execute("SELECT count(*) FROM public.kv_store_6fcaeea3").fetchone()[0]  # type: ignore[index]
    again = seed(cli, db_dsn, "--seed", "2")
    is_(again.exit_code, 1, "seeding a non-empty table exits 1")
    ok(
        f"K2102: KV table public.kv_store_6fcaeea3 is not empty ({rows} rows)" in again.output
        and "--replace" in again.output,
        "the error names the table, its row count and --replace",
        f"    output: {again.output!r}",
    )
    results_eq(db, "SELECT count(*) FROM public.kv_store_6fcaeea3", [(rows,)], "the refused run wrote nothing")
    replaced = seed(cli, db_dsn, "--seed", "2", "--replace", "--format", "json")
    is_(replaced.exit_code, 0, f"--replace truncates and regenerates\n{replaced.output}")
    is_(json.loads(replaced.output)["seed"], 2, "the table now holds seed 2")


def test_schema_qualified_and_quoted_table_names(cli, db, db_dsn):
    is_(seed(cli, db_dsn, "--kv-table", "app.kv").exit_code, 0, "--kv-table app.kv works")
    quoted = seed(cli, db_dsn, "--kv-table", '"App"."KV Store"', "--no-timestamps", "--format", "json")
    is_(quoted.exit_code, 0, f'--kv-table "App"."KV Store" works\n{quoted.output}')
    is_(json.loads(quoted.output)["kv_table"], '"App"."KV Store"', "the report quotes the mixed-case name")
    results_eq(
        db,
        """SELECT (SELECT count(*) > 0 FROM app.kv), (SELECT count(*) > 0 FROM "App"."KV Store"),
                  (SELECT count(*) FROM information_schema.columns WHERE table_schema = 'App'
                      AND table_name = 'KV Store' AND column_name = 'created_at')""",
        [(True, True, 0)],
        "both tables are filled; --no-timestamps leaves out created_at",
    )
    is_(table_hash(db, "app.kv"), table_hash(db, '"App"."KV Store"'), "the table name does not change the content")


def test_row_target_scale(cli, db, db_dsn):
    result = seed(cli, db_dsn, "--scale", "5000", "--seed", "3", "--format", "json")
    is_(result.exit_code, 0, f"--scale 5000 exits 0\n{result.output}")
    rows = json.loads(result.output)["rows"]
    ok(4500 <= rows <= 5500, "--scale 5000 writes 5000 rows +- 10%", f"    rows: {rows}")


def test_hazards_none_and_override(cli, db, db_dsn):
    none = seed(cli, db_dsn, "--kv-table", "kv_none", "--hazards", "none", "--format", "json")
    is_(none.exit_code, 0, f"--hazards none exits 0\n{none.output}")
    ok(all(h["injected"] == 0 and h["keys"] == 0 for h in json.loads(none.output)["hazards"].values()),
       "--hazards none injects nothing")
    results_eq(db, "SELECT count(*) FROM kv2rel.seed_manifest WHERE kv_table = 'kv_none'::regclass", [(0,)],
               "--hazards none: empty manifest")
    one = seed(cli, db_dsn, "--kv-table", "kv_one", "--hazards", '{"orphans": 0.2}', "--format", "json")
    is_(one.exit_code, 0, f"a JSON override exits 0\n{one.output}")
    report = json.loads(one.output)
    is_((report["shares"]["orphans"], report["shares"]["duplicates"]), (0.2, 0.03), "override one share, keep the rest")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--scale", "0"], 1, "K2101: invalid scale: 0"),
        (["--scale", "-5"], 1, "K2101: invalid scale: -5"),
        (["--scale", "lots"], 1, "K2101: invalid scale: 'lots'"),
        (["--scale", "99999999999"], 1, "K2101: invalid scale: 99999999999"),
        (["--hazards", '{"orphan": 0.2}'], 1, "K2101: unknown hazard name: orphan"),
        (["--hazards", '{"orphans": 1.5}'], 1, "K2101: hazard share out of range: orphans = 1.5"),
        (["--hazards", '{"orphans": -0.1}'], 1, "K2101: hazard share out of range: orphans = -0.1"),
        (["--hazards", "some"], 2, "neither default, none nor valid JSON"),
        (["--hazards", "[0.2]"], 2, "give default, none or a JSON object"),
        (["--seed", "x"], 2, "Invalid value for '--seed'"),
        (["--kv-table", "a.b.c"], 1, "K2101: invalid KV table name: 'a.b.c'"),
    ],
)
def test_bad_arguments_are_rejected(cli, db, db_dsn, args, code, message):
    result = seed(cli, db_dsn, "--kv-table", "kv_bad", *args)
    is_(result.exit_code, code, f"kv2rel seed {' '.join(args)} exits {code}")
    ok(message in result.output, f"the error says {message!r}", f"    output: {result.output!r}")
    results_eq(db, "SELECT count(*) FROM pg_class WHERE relname = 'kv_bad'", [(0,)], "nothing is created")
