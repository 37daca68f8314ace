"""kv2rel report: MIGRATION_TEST_RESULTS.md and .json, verdicts per success criterion, exit code."""

from __future__ import annotations

import json

import pgtap as t
from migrate_support import *  # noqa: F403
from migrate_support import call_migrate


def _run(cli, dsn, out, *extra):
    return cli("report", "--dsn", dsn, "-o", str(out), *extra)


def test_migrated_store(cli, migrated_db, tmp_path):
    result = _run(cli, migrated_db.dsn, tmp_path, "--samples", "1", "--seed", "3")
    doc = json.loads((tmp_path / "MIGRATION_TEST_RESULTS.json").read_text())
    md = (tmp_path / "MIGRATION_TEST_RESULTS.md").read_text()
    failing = [c["criterion"] for c in doc["criteria"] if c["verdict"] == "fail"]
    t.is_(result.exit_code, 5 if failing else 0, "exit 5 when a criterion fails (the small store quarantines keys)")
    t.ok("Zero failed records" in failing, "the quarantined keys fail 'Zero failed records'", repr(failing))
    sql_doc = migrated_db.conn.execute("SELECT kv2rel.report_data(NULL, 1, 3)").fetchone()[0]
    t.is_(
        [(c["criterion"], c["verdict"]) for c in doc["criteria"]],
        [(c["criterion"], c["verdict"]) for c in sql_doc["criteria"]],
        "the file's verdicts are kv2rel.report_data's",
    )
    verify = cli("verify", "--dsn", migrated_db.dsn)
    tests = next(c for c in doc["criteria"] if c["criterion"] == "All automated tests pass")
    t.is_(tests["verdict"] == "pass", verify.exit_code == 0, "'All automated tests pass' agrees with kv2rel verify")
    for c in doc["criteria"]:
        t.ok(f"| {c['criterion']} |" in md, f"the Markdown lists criterion {c['criterion']!r}")
    for heading in ("## Environment", "## Run summary and accounting", "## Record counts per entity", "## Orphans",
                    "## Full reconciliation", "## Sample comparisons", "## Index usage", "## Table statistics",
                    "## Quarantine by reason"):  # fmt: skip
        t.ok(heading in md, f"the Markdown has {heading}")
    t.ok("NOT JUDGED" in md and "Query performance 10x+ faster" in result.output, "unjudged criteria are marked")
    t.ok(f"{doc['run']['totals']['total']} keys = " in md, "the accounting line is rendered")


def test_json_output_and_clean_store(cli, migrated_db, seeded_db, tmp_path):
    keys = [r[0] for r in migrated_db.conn.execute(
        "SELECT key FROM kv2rel.run_items WHERE run_id = 1 AND entity IN ('client', 'catalog') AND outcome = 'migrated'"
        " AND reason_code IS NULL"
    )]  # fmt: skip
    # The DELETE's statistics are flushed before the VACUUM (pg_stat_force_next_flush: at the end of that
    # statement), else they arrive after it and the KV table's dead rows fail 'Table statistics healthy'.
    seeded_db.conn.execute("DELETE FROM public.kv_store_6fcaeea3 WHERE NOT key = ANY (%s)", (keys,))
    seeded_db.conn.execute("SELECT pg_stat_force_next_flush()")
    seeded_db.conn.execute("VACUUM public.kv_store_6fcaeea3")
    call_migrate(seeded_db.conn)
    result = _run(cli, seeded_db.dsn, tmp_path, "--format", "json")
    doc = json.loads(result.output)
    t.is_(
        [(c["criterion"], c["evidence"]) for c in doc["criteria"] if c["verdict"] == "fail"],
        [],
        "a store of clean records fails no criterion",
    )
    t.is_(result.exit_code, 0, "exit 0 when no criterion fails")
    t.is_(doc["run"]["totals"]["migrated"], len(keys), "every record migrated")
    t.ok((tmp_path / "MIGRATION_TEST_RESULTS.md").exists(), "the files are written with --format json too")


def test_broken_store_names_the_culprit(cli, seeded_db, tmp_path):
    call_migrate(seeded_db.conn)
    key, target_id = seeded_db.conn.execute(
        "SELECT key, target_id::text FROM kv2rel.run_items WHERE run_id = 1 AND entity = 'product'"
        " AND outcome = 'migrated' ORDER BY key LIMIT 1"
    ).fetchone()
    seeded_db.conn.execute("UPDATE public.products SET sku = sku || '-X' WHERE id = %s", (target_id,))
    result = _run(cli, seeded_db.dsn, tmp_path)
    doc = json.loads((tmp_path / "MIGRATION_TEST_RESULTS.json").read_text())
    verdicts = {c["criterion"]: c["verdict"] for c in doc["criteria"]}
    t.is_(result.exit_code, 5, "exit 5")
    t.is_(verdicts["No data loss or corruption"], "fail", "a changed value is corruption")
    t.is_(verdicts["All automated tests pass"], "fail", "and fails kv2rel verify")
    t.ok(any(d["key"] == key and d["field"] == "sku" for d in doc["reconciliation"]["differences"]),
         "the differences name the key and the field")  # fmt: skip
    t.ok(f"| {key} |" in (tmp_path / "MIGRATION_TEST_RESULTS.md").read_text(), "so does the Markdown")


def test_errors(cli, empty_dsn, tmp_path, db_dsn):
    result = _run(cli, empty_dsn, tmp_path)
    t.is_(result.exit_code, 1, "a database without kv2rel: exit 1")
    t.ok("run kv2rel apply first" in result.output, "and says what to do", result.output)
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = _run(cli, db_dsn, blocker / "sub")
    t.is_(result.exit_code, 1, "an output directory that cannot be created: exit 1")
    t.ok("cannot write the report" in result.output, "with a message", result.output)
    result = cli("report", "--dsn", db_dsn, "--samples", "0")
    t.is_(result.exit_code, 2, "--samples 0 is a usage error")
    result = _run(cli, db_dsn, tmp_path / "fresh")
    t.ok(result.exit_code == 0, "a fresh database (no run): nothing fails, exit 0", result.output)
