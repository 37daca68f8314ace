"""`kv2rel demo`: the main job end to end (apply, seed, profile and plan, migrate, verify, report, bench queries), its
options and refusals, through the CLI. Each full run takes seconds at small scale. No timing assertions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from harness import bench_queries as bq
from tests.pgtap import is_, ok

STEPS = (
    r"^apply: \d+ migration\(s\), \d+ definition\(s\) applied$",
    r"^seed: [\d,]+ KV rows into public\.kv_store_6fcaeea3 \(scale small, seed 2\) in [\d.]+ s; [\d,]+ hazardous keys",
    r"^profile: [\d,]+ keys, \d+ entities, \d+ environments; by class entity [\d,]+",
    r"^plan \(environment production\): [\d,]+ migrate, [\d,]+ merge, [\d,]+ quarantine, [\d,]+ skip$",
    r"^migrate:$",
    r"^kv2rel migrate run \d+: public\.kv_store_6fcaeea3 env production, status completed",
    r"^accounting: \d+ keys = .* \(holds\)",
    r"^verify: \d+ passed, \d+ failed$",
    r"^report:$",
    r"^verdict: (pass|fail) \(\d+ passed, \d+ failed, \d+ not judged\); wrote ",
    r"^bench queries: the KV access patterns against the relational schema",
    r"^KV access patterns vs relational queries \(median of 3 runs after 1 warm-up",
    r"^wrote ",
)


def line_numbers(output: str) -> list[int | None]:
    """For each expected step, the number of the first line matching it (None when no line does)."""
    lines = output.splitlines()
    return [next((i for i, line in enumerate(lines) if re.search(step, line)), None) for step in STEPS]


MIGRATION_REPORT = ("MIGRATION_TEST_RESULTS.md", "MIGRATION_TEST_RESULTS.json")


def check_files(out: Path) -> dict:
    for name in (bq.REPORT_MD, bq.REPORT_JSON, bq.REPORT_PNG, *MIGRATION_REPORT):
        ok((out / name).is_file(), f"{name} is written to {out}")
    ok(json.loads((out / MIGRATION_REPORT[1]).read_text())["run"], "the migration report covers the demo's run")
    is_((out / bq.REPORT_PNG).read_bytes()[:8], bq.PNG_SIGNATURE, "the chart is a PNG")
    ok((out / bq.REPORT_MD).read_text().startswith("# Performance test results"), "the markdown report is written")
    return json.loads((out / bq.REPORT_JSON).read_text())


def test_demo_end_to_end_in_the_current_directory(cli, empty_dsn, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("demo", "--dsn", empty_dsn)
    is_(result.exit_code, 0, f"kv2rel demo exits 0\n{result.output}")
    found = line_numbers(result.stdout)
    for step, n in zip(STEPS, found, strict=True):
        ok(n is not None, f"the output has the line {step!r}", result.stdout)
    is_(found, sorted(found), "the steps run in order: apply, seed, profile, plan, migrate, verify, report, benchmark")
    ok(re.search(r"^verify: \d+ passed, 0 failed$", result.stdout, re.M), "every check passes", result.stdout)
    ok(not re.search(r"^apply: 0 migration", result.stdout, re.M), "a database kv2rel never touched gets the schema")
    for name in bq.OPERATION_NAMES:
        ok(re.search(rf"│ {name} +│", result.stdout), f"the benchmark table has a row for {name}", result.stdout)
    report = check_files(tmp_path)
    is_([o["name"] for o in report["operations"]], bq.OPERATION_NAMES, "the benchmark covers every operation")
    for op in report["operations"]:
        ok(op["answers_match"], f"{op['name']}: the same answer both ways", json.dumps(op.get("mismatch")))
        ok(op["answer_size"] > 0, f"{op['name']}: a non-empty answer is compared (seed 2)")
    is_((report["runs"], report["warmup"]), (3, 1), "the demo's benchmark: 3 runs after 1 warm-up")
    ok(report["migration_run"] is not None, "the benchmark reads the demo's migration run")


def test_demo_output_dir_and_a_failing_check(cli, db, db_dsn, tmp_path, monkeypatch):
    """A failed verify check is shown and exits 5, after the report and the benchmark have written their files (-o)."""
    monkeypatch.chdir(tmp_path)
    db.execute("COMMENT ON TABLE public.brands IS NULL")
    out = tmp_path / "results" / "demo"
    result = cli("demo", "--dsn", db_dsn, "-o", str(out))
    is_(result.exit_code, 5, f"a failed check exits 5\n{result.output}")
    ok(re.search(r"^apply: 0 migration\(s\)", result.stdout, re.M), "an applied database: nothing to apply",
       result.stdout)  # fmt: skip
    ok(re.search(r"^verify: \d+ passed, [1-9]\d* failed$", result.stdout, re.M), "the failure is counted",
       result.stdout)  # fmt: skip
    ok(re.search(r"^not ok \d+ - .*comment", result.stdout, re.M), "the failed assertion is shown as TAP",
       result.stdout)  # fmt: skip
    check_files(out)
    ok(not (tmp_path / bq.REPORT_MD).exists(), "-o DIR: nothing written to the current directory")


def test_demo_refuses_a_kv_table_with_rows(cli, db, db_dsn, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db.execute("SELECT kv2rel.seed_kv_store(p_kv_table => 'kv_store_6fcaeea3', p_scale => 'small', p_seed => 1)")
    result = cli("demo", "--dsn", db_dsn)
    is_(result.exit_code, 1, f"an existing store is not overwritten: exit 1\n{result.output}")
    ok("K2102" in result.output, "the seed's refusal (SQLSTATE K2102) is the message", result.output)
    is_(db.execute("SELECT count(*) FROM kv2rel.runs").fetchone()[0], 0, "nothing is migrated")
    ok(not list(tmp_path.iterdir()), "no file is written")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scale", "0"], "--scale"),
        (["--scale", "huge"], "--scale"),
        (["--scale", ""], "--scale"),
        (["--seed", "abc"], "--seed"),
        (["-o"], "-o"),
        (["--nope"], "--nope"),
    ],
)
def test_bad_options_are_usage_errors(cli, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("demo", *args)
    is_(result.exit_code, 2, f"{' '.join(args)} is a usage error (exit 2)\n{result.output}")
    ok(message in result.output, f"the message names {message}", result.output)
    ok("throwaway server" not in result.output, "no server is started for a usage error", result.output)
    ok(not list(tmp_path.iterdir()), "no file is written")


def test_help_lists_the_steps_and_options(cli):
    result = cli("demo", "--help")
    is_(result.exit_code, 0, "kv2rel demo --help exits 0")
    for text in ("--scale", "--seed", "--output-dir", "--dsn", "bench queries", "migrate", "verify"):
        ok(text in result.output, f"the help mentions {text}", result.output)
