"""kv2rel bench reconcile: full reconciliation vs reading both sides once (figures only, no timing asserts)."""

from __future__ import annotations

import json
import statistics

import pgtap as t
from migrate_support import *  # noqa: F403

KEYS = {
    "run_id", "generated", "records", "migrated", "tables_read", "rows_read", "read_seconds", "reconcile_seconds",
    "method", "flagged_keys", "ratio", "within_3x", "deep_seconds", "deep_ratio", "deep_agrees", "rows_compared",
    "rows_matched", "min_consistency_pct", "hashes_equal", "migration_map_check_seconds", "load_average",
    "heap_read_seconds", "heap_ratio", "runs", "rounds", "sealed",
    "peak_rss_mb", "postgres", "cpus",
}  # fmt: skip


def test_on_a_migrated_store(cli, migrated_db):
    result = cli("bench", "reconcile", "--dsn", migrated_db.dsn, "--format", "json")
    t.is_(result.exit_code, 0, "exit 0")
    report = json.loads(result.output)
    t.ok(KEYS <= set(report), "the JSON has the documented figures", repr(sorted(KEYS - set(report))))
    t.is_((report["run_id"], report["generated"]), (1, False), "it measures the existing run, generating nothing")
    want = migrated_db.conn.execute(
        "SELECT sum(expected_rows), sum(matched_rows) FROM kv2rel.reconcile(1)"
    ).fetchone()
    t.is_((report["rows_compared"], report["rows_matched"]), tuple(int(x) for x in want), "rows of kv2rel.reconcile")
    t.is_((report["min_consistency_pct"], report["hashes_equal"]), (100.0, True), "a clean store reconciles")
    t.is_((report["method"], report["flagged_keys"]), ("hash", 0), "by the hash chain, re-mapping no key")
    t.ok(isinstance(report["deep_seconds"], float) and report["deep_agrees"] is True,
         "the deep reconciliation is timed too and gives the same counts", repr(report))
    t.ok(len(report["load_average"]) == 3, "the load average is recorded", repr(report["load_average"]))
    rows = migrated_db.conn.execute(
        "SELECT (SELECT count(*) FROM public.kv_store_6fcaeea3) + (SELECT sum(row_count) FROM"
        " kv2rel.get_migration_stats() WHERE table_name <> 'kv_store_6fcaeea3' AND (table_name IN"
        " (SELECT DISTINCT split_part(target_table, '.', 2) FROM kv2rel.run_items WHERE run_id = 1"
        " AND outcome = 'migrated') OR table_name LIKE 'site_%_exclusions'))"
    ).fetchone()[0]
    t.is_(report["rows_read"], rows, "both sides are read: the KV table and every target table")
    t.ok(isinstance(report["ratio"], float) and isinstance(report["within_3x"], bool), "ratio and verdict given")
    rounds = report["rounds"]
    t.is_((report["runs"], len(rounds)), (3, 3), "three rounds by default, each reported")
    t.ok(
        all(
            r["read_seconds"] > 0 and r["heap_read_seconds"] > 0
            # each round's ratios are of its unrounded times, so within the rounding (0.0005 s) of the printed ones
            and (r["reconcile_seconds"] - 0.0005) / (r[base] + 0.0005) - 0.01
            <= r[ratio]
            <= (r["reconcile_seconds"] + 0.0005) / max(r[base] - 0.0005, 1e-6) + 0.01
            for r in rounds
            for base, ratio in (("read_seconds", "ratio"), ("heap_read_seconds", "heap_ratio"))
        ),
        "each round: the reconciliation against reading both sides (count(*)) and every row (count(t.xmin))",
        repr(rounds),
    )
    t.is_(
        (report["ratio"], report["heap_ratio"], report["read_seconds"], report["reconcile_seconds"]),
        tuple(
            round(statistics.median(r[k] for r in rounds), 3)
            for k in ("ratio", "heap_ratio", "read_seconds", "reconcile_seconds")
        ),
        "the figures are the medians of the rounds",
    )
    t.is_(report["within_3x"], report["ratio"] <= 3, "the verdict is the median ratio's")
    t.is_(report["sealed"], True, "run 1 is sealed (kv2rel.run_seals): its ledger is not summed again")
    text = cli("bench", "reconcile", "--dsn", migrated_db.dsn)
    t.ok(
        "fast reconciliation, method hash (sealed run)" in text.output and "goal at most 3x" in text.output
        and "round 3/3:" in text.output
        and "deep reconciliation" in text.output and "extra figure (not the goal)" in text.output,
        "text output",
        text.output,
    )
    result = cli("bench", "reconcile", "--dsn", migrated_db.dsn, "--no-deep", "--runs", "1", "--format", "json")
    report = json.loads(result.output)
    t.is_((report["deep_seconds"], report["deep_agrees"]), (None, None), "--no-deep: the deep one is skipped")
    t.is_((report["runs"], len(report["rounds"])), (1, 1), "--runs 1: one round")


def test_generates_a_store_when_there_is_no_run(cli, seeded_db):
    seeded_db.conn.execute("DELETE FROM public.kv_store_6fcaeea3")
    result = cli("bench", "reconcile", "--dsn", seeded_db.dsn, "--records", "1000", "--format", "json")
    t.is_(result.exit_code, 0, "exit 0")
    report = json.loads(result.output)
    t.is_(report["generated"], True, "no run: a store was generated and migrated first")
    t.ok(report["records"] > 0 and report["rows_compared"] == report["rows_matched"], "and reconciled", repr(report))


def test_errors(cli, empty_dsn, seeded_db):
    result = cli("bench", "reconcile", "--dsn", empty_dsn)
    t.is_(result.exit_code, 1, "kv2rel not installed: exit 1")
    t.ok("run kv2rel apply first" in result.output, "says so", result.output)
    seeded_db.conn.execute("INSERT INTO public.clients (name, client_code) VALUES ('Busy', 'BUSY-1')")
    result = cli("bench", "reconcile", "--dsn", seeded_db.dsn)
    t.is_(result.exit_code, 1, "no run but target rows: exit 1 (it needs a scratch database)")
    t.ok("bench reconcile needs a scratch database" in result.output, "names the problem", result.output)
    result = cli("bench", "reconcile", "--records", "10")
    t.is_(result.exit_code, 2, "--records below 1000: usage error")
    for bad in ("0", "-1", "x", "51"):
        result = cli("bench", "reconcile", "--runs", bad)
        t.is_(result.exit_code, 2, f"--runs {bad}: usage error")
