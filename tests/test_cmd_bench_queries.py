"""`kv2rel bench queries` (issue 7): options, refusals and the report files, through the CLI. No timing
assertions."""

from __future__ import annotations

import json

import pytest

from harness import bench_queries as bq
from tests.pgtap import is_, ok

# Seed 2 at small scale: its store has an active site that offers products (with seed 1 no active site's catalog is
# active, so the site-products answer would be empty on both sides).
SEED = 2


def bench(cli, *args: str):
    return cli("bench", "queries", *args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runs", "0"], "--runs"),
        (["--warmup", "-1"], "--warmup"),
        (["--rtt-ms", "-5"], "--rtt-ms"),
        (["--rtt-ms", "abc"], "--rtt-ms"),
        (["--scale", "0"], "--scale"),
        (["--scale", "huge"], "--scale"),
        (["--operation", "nope"], "--operation"),
        (["--hazards", "{bad json"], "--hazards"),
    ],
)
def test_bad_options_are_usage_errors(cli, args, message):
    result = bench(cli, *args)
    is_(result.exit_code, 2, f"{' '.join(args)} is a usage error (exit 2)\n{result.output}")
    ok(message in result.output, f"the message names {message}", result.output)


def test_scale_with_dsn_is_refused(cli, db_dsn, tmp_path):
    result = bench(cli, "--dsn", db_dsn, "--scale", "small", "-o", str(tmp_path))
    is_(result.exit_code, 2, f"--scale with --dsn is a usage error\n{result.output}")
    ok("--scale" in result.output, "the message says why", result.output)


def test_unseeded_store_is_refused(cli, db_dsn, tmp_path):
    result = bench(cli, "--dsn", db_dsn, "--runs", "1", "-o", str(tmp_path))
    is_(result.exit_code, 1, f"an empty store exits 1\n{result.output}")
    ok("kv2rel seed" in result.output, "the message says what to run", result.output)
    ok(not (tmp_path / bq.REPORT_MD).exists(), "no report is written")


def test_json_report_and_files(cli, db, db_dsn, tmp_path):
    bq.prepare_store(db, "small", SEED, json.dumps("default"))
    result = bench(
        cli, "--dsn", db_dsn, "--runs", "1", "--warmup", "0", "--rtt-ms", "80", "-o", str(tmp_path), "--format", "json"
    )
    is_(result.exit_code, 0, f"kv2rel bench queries exits 0\n{result.output}")
    report = json.loads(result.output)
    is_([o["name"] for o in report["operations"]], bq.OPERATION_NAMES, "every operation is reported")
    is_(report["rtt_ms"], 80.0, "the simulated delay is the one asked for")
    for op in report["operations"]:
        ok(op["answers_match"], f"{op['name']}: same answer both ways", json.dumps(op.get("mismatch"), default=str))
        for key in ("round_trips", "rows", "p50_ms", "p95_ms"):
            ok(key in op["kv"] and key in op["relational"], f"{op['name']}: {key} reported for both sides")
        ok("chosen" in op["index"] and "usable" in op["index"], f"{op['name']}: the EXPLAIN check is reported")
        ok(op["ratio_paged"] is not None and op["kv"]["paged_ms"] >= op["kv"]["p50_ms"] + 80,
           f"{op['name']}: the extra paged figure is reported, at 80 ms per 1000-row page")  # fmt: skip
    is_(json.loads((tmp_path / bq.REPORT_JSON).read_text())["operations"][0]["name"], "catalog_products",
        "PERFORMANCE_TEST_RESULTS.json is written")  # fmt: skip
    md = (tmp_path / bq.REPORT_MD).read_text()
    ok("| catalog_products |" in md, "the markdown report has the table")
    ok("| × at rtt | × paged |" in md, "with the per-round-trip ratio and, beside it, the paged one")
    is_((tmp_path / bq.REPORT_PNG).read_bytes()[:8], bq.PNG_SIGNATURE, "the chart is a PNG")


def test_text_output_one_operation(cli, db, db_dsn, tmp_path):
    bq.prepare_store(db, "small", SEED, json.dumps("default"))
    result = bench(cli, "--dsn", db_dsn, "--runs", "1", "--operation", "order_lookup", "-o", str(tmp_path))
    is_(result.exit_code, 0, f"exits 0\n{result.output}")
    ok("order_lookup" in result.output and "catalog_products" not in result.output.split("wrote")[0],
       "only the chosen operation is measured", result.output)  # fmt: skip
    ok("connection round trip" in result.output, "the connection's round trip is printed")
    ok("× paged" in result.output, "the table has the paged figure's column", result.output)
    ok(str(tmp_path / bq.REPORT_PNG) in result.output, "the written files are named")


def test_throwaway_server_at_small_scale(cli, tmp_path):
    result = bench(cli, "--scale", "small", "--seed", str(SEED), "--runs", "1", "--warmup", "0", "-o", str(tmp_path),
                   "--format", "json")  # fmt: skip
    is_(result.exit_code, 0, f"seeds, migrates and benchmarks a throwaway server\n{result.output[-2000:]}")
    report = json.loads(result.output)
    is_(report["scale"], "small", "the report names the scale")
    ok(report["prepared"]["kv_rows"] > 3000, "the store was seeded")
    ok((tmp_path / bq.REPORT_PNG).exists(), "the chart is written")
