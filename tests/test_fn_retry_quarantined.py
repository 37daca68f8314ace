"""kv2rel.retry_quarantined (issue 5): re-drive quarantined keys after the KV row (or a rule) was fixed."""

from __future__ import annotations

import psycopg

import pgtap as t
from migrate_support import clone_database, mig_templates  # noqa: F401  (fixtures)

LOCK = (1802908274, 2)


def test_signature_volatility_and_comment(db):
    t.has_function(db, "kv2rel", "retry_quarantined", ["bigint", "text[]", "text", "integer"],
                   "kv2rel.retry_quarantined(bigint, text[], text, integer) exists")  # fmt: skip
    t.volatility_is(db, "kv2rel", "retry_quarantined", ["bigint", "text[]", "text", "integer"], "volatile",
                    "it writes a retry run")  # fmt: skip


def test_nothing_to_retry(db):
    db.add_notice_handler(lambda diag: None)
    result = db.execute("SELECT kv2rel.retry_quarantined()").fetchone()[0]
    t.is_(result, {"run_id": None, "keys_retried": 0, "keys_resolved": 0, "keys_missing": 0},
          "without quarantined keys a retry does nothing")  # fmt: skip


def test_quarantine_then_retry_after_fixing_the_kv_row(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        fixed, unfixed = [r[0] for r in conn.execute(
            "SELECT key FROM kv2rel.quarantine WHERE run_id = 1 AND reason_code = 'name_too_short' ORDER BY key LIMIT 2"
        )]  # fmt: skip
        t.ok(fixed and unfixed, "the small store has names too short")
        conn.execute(
            "UPDATE public.kv_store_6fcaeea3 SET value = value || '{\"name\": \"A proper name\"}' WHERE key = %s",
            (fixed,),
        )
        summary = conn.execute(
            "SELECT kv2rel.retry_quarantined(p_keys => %s)", ([fixed, unfixed],)
        ).fetchone()[0]
        t.is_(summary["run_id"], 2, "the retry is run 2")
        t.is_(summary["kind"], "retry", "a retry run")
        t.is_((summary["keys_retried"], summary["keys_resolved"]), (2, 1), "two keys retried, one resolved")
        t.ok(summary["identity_holds"], "the retry run accounts for its keys")
        t.is_(summary["totals"]["total"], 2, "the retry run covers exactly the retried keys")
        got = dict(conn.execute("SELECT key, outcome FROM kv2rel.outcomes WHERE run_id = 2").fetchall())
        t.is_(got, {fixed: "migrated", unfixed: "quarantined"}, "the fixed key migrates, the other stays quarantined")
        t.is_(
            conn.execute(
                "SELECT p.name FROM kv2rel.outcomes AS o JOIN public.products AS p ON p.id = o.target_id"
                " WHERE o.run_id = 2 AND o.key = %s", (fixed,)
            ).fetchone()[0],
            "A proper name",
            "the product is in its table with the fixed value",
        )
        rows = dict(conn.execute(
            "SELECT key, (retried_at IS NOT NULL, retry_run_id, resolved_at IS NOT NULL)::text FROM kv2rel.quarantine"
            " WHERE run_id = 1 AND key = ANY (%s)", ([fixed, unfixed],)
        ).fetchall())  # fmt: skip
        t.is_(rows, {fixed: "(t,2,t)", unfixed: "(t,2,f)"}, "run 1's quarantine rows are stamped retried / resolved")
        again = conn.execute("SELECT kv2rel.retry_quarantined(p_reason_code => 'name_too_short')").fetchone()[0]
        t.ok(fixed not in str(again) and again["keys_resolved"] == 0, "resolved keys are not retried again",
             str(again))  # fmt: skip


def test_retry_while_a_migration_runs_is_refused(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        with psycopg.connect(clone.dsn, autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s, %s)", LOCK)
            t.throws_ok(clone.conn, "SELECT kv2rel.retry_quarantined()", "K2502", None,
                        "a retry waits for no one: another migration holds the lock")  # fmt: skip
