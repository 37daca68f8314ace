"""kv2rel.report_data(): the migration test report as one jsonb document, with a verdict per Day 4 criterion."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, migrated_item

SECTIONS = {
    "environment", "checks", "run", "accounting", "counts", "orphans", "reconciliation", "samples", "index_usage",
    "unindexed_foreign_keys", "table_stats", "quarantine", "views", "criteria", "summary",
}  # fmt: skip
CRITERIA = [
    "All record counts match exactly", "Zero orphaned records", "Sample data matches 100%",
    "Query performance 10x+ faster", "All automated tests pass", "No data loss or corruption",
    "Foreign keys all valid", "Migration completes in < 10 minutes", "Zero failed records", "Zero skipped records",
    "Indexes being used correctly", "Views work correctly", "Query performance 100x+ faster",
    "Migration completes in < 5 minutes", "All manual tests pass", "Table statistics healthy",
]  # fmt: skip


def _doc(conn, *args):
    return conn.execute("SELECT kv2rel.report_data(NULL, %s, %s)", args or (3, 1)).fetchone()[0]


def _verdicts(doc):
    return {c["criterion"]: c["verdict"] for c in doc["criteria"]}


def test_empty_database(db):
    t.volatility_is(
        db, "kv2rel", "report_data", ["jsonb", "integer", "bigint"], "volatile", "report_data is VOLATILE"
    )
    doc = _doc(db)
    t.is_(set(doc), SECTIONS, "every section is present")
    t.is_([c["criterion"] for c in doc["criteria"]], CRITERIA, "the 16 criteria of the seed's Day 4 list, in order")
    verdicts = _verdicts(doc)
    t.is_(
        {c for c, v in verdicts.items() if v == "not_judged"},
        {"All record counts match exactly", "Sample data matches 100%", "Query performance 10x+ faster",
         "No data loss or corruption", "Migration completes in < 10 minutes", "Zero failed records",
         "Zero skipped records", "Query performance 100x+ faster", "Migration completes in < 5 minutes",
         "All manual tests pass"},
        "without a run, the run-dependent criteria and the ones this database cannot judge are not judged",
    )  # fmt: skip
    t.ok("fail" not in verdicts.values(), "nothing fails on a fresh database", repr(verdicts))
    t.is_((doc["run"], doc["counts"], doc["samples"]), (None, [], []), "no run, no counts, no samples")
    t.is_(doc["summary"]["verdict"], "pass", "summary verdict pass (not judged criteria are not failures)")
    for bad in (0, 1001):
        t.throws_ok(db, f"SELECT kv2rel.report_data(NULL, {bad}, 1)", "K2705",
                    f"sample size {bad} per entity is out of range", f"samples {bad}: K2705")  # fmt: skip


def test_migrated_store_verdicts_follow_the_checks(migrated_db):
    conn = migrated_db.conn
    doc = _doc(conn, 2, 9)
    verdicts = _verdicts(doc)
    checks = conn.execute("SELECT check_name, bool_and(ok) FROM kv2rel.run_checks() GROUP BY 1").fetchall()
    ok = dict(checks)
    t.is_(verdicts["All automated tests pass"], "pass" if all(ok.values()) else "fail", "follows run_checks")
    t.is_(verdicts["All record counts match exactly"], "pass" if ok["verify_counts"] else "fail", "verify_counts")
    t.is_(verdicts["Zero orphaned records"], "pass" if ok["verify_orphans"] else "fail", "verify_orphans")
    t.is_(verdicts["No data loss or corruption"], "pass", "a clean migration loses nothing")
    t.is_(verdicts["Sample data matches 100%"], "pass", "the samples match")
    quarantined, skipped = conn.execute("SELECT quarantined, skipped FROM kv2rel.runs WHERE run_id = 1").fetchone()
    t.is_(verdicts["Zero failed records"], "pass" if quarantined == 0 else "fail", "failed = quarantined keys")
    t.is_(verdicts["Zero skipped records"], "pass" if skipped == 0 else "fail", "skipped keys")
    t.is_(doc["summary"]["verdict"], "fail" if "fail" in verdicts.values() else "pass", "summary follows verdicts")
    t.is_(doc["accounting"]["identity_holds"], True, "the accounting is in the document")
    t.is_(len(doc["samples"]), conn.execute("SELECT count(*) FROM kv2rel.sample_compare(2, 9)").fetchone()[0],
          "the samples are kv2rel.sample_compare's")  # fmt: skip
    t.is_(
        sum(q["keys"] for q in doc["quarantine"]), quarantined, "the quarantine summary accounts for every key"
    )
    t.is_(doc["reconciliation"]["differences"], [], "no differences listed for a clean migration")
    t.is_(doc["reconciliation"]["method"], "hash", "the report reconciles by the hash chain and says so")
    t.ok(
        any("(method hash)" in (c.get("evidence") or "") for c in doc["criteria"]),
        "the data-loss criterion states the method",
        repr([c.get("evidence") for c in doc["criteria"]]),
    )


def test_broken_state_fails_the_right_criteria(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "order")
    with broken(conn):
        conn.execute("ALTER TABLE public.orders DISABLE TRIGGER ALL")
        conn.execute(
            "UPDATE public.orders SET client_id = '00000000-0000-4000-8000-0000000000cc' WHERE id = %s", (target_id,)
        )
        doc = _doc(conn)
    verdicts = _verdicts(doc)
    t.is_(
        {c: verdicts[c] for c in ("Zero orphaned records", "All automated tests pass", "No data loss or corruption",
                                  "Foreign keys all valid", "All record counts match exactly")},
        {"Zero orphaned records": "fail", "All automated tests pass": "fail", "No data loss or corruption": "fail",
         "Foreign keys all valid": "fail", "All record counts match exactly": "pass"},
        "an orphan behind disabled triggers fails orphans, tests, data and foreign keys; counts still match",
    )  # fmt: skip
    t.ok(
        any(d["key"] == key and d["field"] == "client_id" for d in doc["reconciliation"]["differences"]),
        "the differences name the order and the field",
    )
    fk = next(c for c in doc["criteria"] if c["criterion"] == "Foreign keys all valid")
    t.ok("triggers disabled" in fk["evidence"] and "1 orphaned row(s)" in fk["evidence"], "evidence", fk["evidence"])
