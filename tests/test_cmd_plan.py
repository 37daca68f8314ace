"""`kv2rel plan`: JSON and text output on the hand-built fixture, --outcome, --limit, --env, --kv-table, errors,
and that nothing is written."""

from __future__ import annotations

import json

import pgtap as t
from kv_fixture import EXPECTED_PLAN, create


def test_json(cli, db, db_dsn):
    create(db)
    result = cli("plan", "--dsn", db_dsn, "--limit", "0", "--format", "json")
    t.is_(result.exit_code, 0, f"kv2rel plan exits 0\n{result.output}")
    report = json.loads(result.output)
    t.is_(report["by_outcome"], {"migrate": 15, "merge": 3, "quarantine": 7, "skip": 7}, "outcome totals")
    t.is_({r["key"]: r["outcome"] for r in report["rows"]}, EXPECTED_PLAN, "--limit 0 lists every row's outcome")
    row = next(r for r in report["rows"] if r["key"] == "clients:client-1739612345678-k3j9x0a")
    t.is_(set(row), {"key", "key_class", "entity", "environment", "generation", "rule_name", "target_table",
                     "legacy_id", "mapped_id", "outcome", "reason", "merged_into"}, "each row has the plan columns")
    t.is_(row["merged_into"], "client:production:client-1739612345678-k3j9x0a", "a merge names its winner")


def test_outcome_filter_and_limit(cli, db, db_dsn):
    create(db)
    result = cli("plan", "--dsn", db_dsn, "--outcome", "quarantine", "--outcome", "merge", "--limit", "4",
                 "--format", "json")
    t.is_(result.exit_code, 0, f"filtered plan exits 0\n{result.output}")
    report = json.loads(result.output)
    t.is_(len(report["rows"]), 4, "--limit 4 lists four rows")
    t.ok(all(r["outcome"] in ("quarantine", "merge") for r in report["rows"]), "only the asked outcomes are listed")
    t.is_(report["total"], len(EXPECTED_PLAN), "the totals still count every row")
    keys = [r["key"] for r in report["rows"]]
    t.is_(keys, sorted(keys), "rows are listed in key order")


def test_text(cli, db, db_dsn):
    create(db)
    result = cli("plan", "--dsn", db_dsn, "--env", "production", "--limit", "3")
    t.is_(result.exit_code, 0, f"text plan exits 0\n{result.output}")
    out = result.output
    t.ok(out.startswith("plan for public.kv_store_6fcaeea3 (environment: production): 32 keys: 14 migrate, 2 merge,"
                        " 6 quarantine, 10 skip"), "the first line gives the totals", out)
    for needle in ("per entity", "public.clients", "most frequent reasons", "environment development is not the",
                   "rows (all outcomes, first 3 by key)", "admin_users:"):
        t.ok(needle in out, f"the text plan shows {needle!r}", out[:3000])


def test_errors(cli, db, db_dsn):
    result = cli("plan", "--dsn", db_dsn)
    t.is_(result.exit_code, 1, "a missing default table exits 1")
    t.ok("K2201" in result.output and "kv_store_6fcaeea3" in result.output, "and names it", result.output)
    create(db)
    result = cli("plan", "--dsn", db_dsn, "--env", "qa2")
    t.is_(result.exit_code, 1, "an unknown environment exits 1")
    t.ok("K2203" in result.output, "with K2203", result.output)
    t.is_(cli("plan", "--dsn", db_dsn, "--outcome", "maybe").exit_code, 2, "an unknown --outcome is a usage error")
    t.is_(cli("plan", "--dsn", db_dsn, "--limit", "-1").exit_code, 2, "a negative --limit is a usage error")


def test_read_only(cli, db, db_dsn):
    create(db)
    db.execute("SELECT pg_stat_force_next_flush()")
    result = cli("plan", "--dsn", db_dsn, "--format", "json")
    t.is_(result.exit_code, 0, "plan exits 0")
    t.is_empty(db, "SELECT relname FROM pg_stat_xact_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0",
               "this session wrote nothing after the fixture")
    t.results_eq(db, "SELECT count(*) FROM public.clients", [(0,)], "no client was migrated by planning")
