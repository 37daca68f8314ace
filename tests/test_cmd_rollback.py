"""`kv2rel rollback` (issue 6): confirmation, summary table, JSON, refusals and exit codes."""

from __future__ import annotations

import json

import psycopg

import pgtap as t
from harness import cmd_rollback
from migrate_support import clone_database, kv_hash, mig_templates, snapshot  # noqa: F401  (fixtures)

LOCK = (1802908274, 2)


def _seeded_snapshot(mig_templates) -> dict[str, str]:  # noqa: F811
    with clone_database(mig_templates.server, mig_templates.seeded) as clone:
        return snapshot(clone.conn)


def test_rollback_prints_a_table_per_table_and_restores_every_table(mig_templates, cli):
    seeded = _seeded_snapshot(mig_templates)
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        kv_before = kv_hash(clone.conn)
        inserted = dict(
            clone.conn.execute(
                "SELECT target_table, count(*) FROM kv2rel.run_changes WHERE run_id = 1 GROUP BY 1"
            ).fetchall()
        )
        result = cli("rollback", "--dsn", clone.dsn, "--yes")
        t.is_(result.exit_code, 0, "kv2rel rollback --yes exits 0")
        out = result.stdout
        total = sum(inserted.values())
        t.ok(out.startswith(f"run 1 rolled back: {total} row(s) deleted, 0 restored, in {len(inserted)} table(s)"),
             "the first line names the run and the totals", out)  # fmt: skip
        t.ok("table" in out and "deleted" in out and "restored" in out, "a table with deleted and restored", out)
        for table, count in inserted.items():
            line = next((x for x in out.splitlines() if x.startswith(table + " ")), "")
            t.is_(line.split()[1:3], [str(count), "0"], f"{table}: {count} deleted, 0 restored")
        t.ok(any(x.split()[:2] == ["total", str(total)] for x in out.splitlines()), "a total line", out)
        t.is_(snapshot(clone.conn), seeded, "every table is back to its state before the migration")
        t.is_(kv_hash(clone.conn), kv_before, "the KV table is untouched")
        again = cli("rollback", "--dsn", clone.dsn, "--yes")
        t.is_(again.exit_code, 1, "rolling back the same (latest) run again exits 1")
        t.ok(again.stderr.startswith("Error: K2611: run 1 was already rolled back"), "and says why", again.stderr)


def test_json_output(mig_templates, cli):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        result = cli("rollback", "--dsn", clone.dsn, "--run", "1", "--yes", "--format", "json")
        t.is_(result.exit_code, 0, "exit 0")
        data = json.loads(result.stdout)
        for key in ("run_id", "status", "previous_status", "deleted", "restored", "forced", "tables", "forced_rows"):
            t.ok(key in data, f"the JSON has {key}", result.stdout)
        t.is_((data["run_id"], data["status"], data["previous_status"]), (1, "rolled_back", "completed"),
              "run 1, rolled back, was completed")  # fmt: skip
        t.is_(data["deleted"], sum(x["deleted"] for x in data["tables"]), "the total is the sum of the tables")
        t.is_(data["deleted"], clone.conn.execute("SELECT count(*) FROM kv2rel.run_changes").fetchone()[0],
              "every logged change was undone")  # fmt: skip
        t.is_(result.stderr, "", "JSON mode prints nothing else")


def test_confirmation(mig_templates, cli, monkeypatch):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        before = snapshot(clone.conn)
        piped = cli("rollback", "--dsn", clone.dsn)
        t.is_(piped.exit_code, 1, "without a terminal and without --yes: exit 1")
        t.ok("not a terminal; pass --yes" in piped.stderr, "the message says to pass --yes", piped.stderr)
        t.is_(snapshot(clone.conn), before, "nothing changed")
        monkeypatch.setattr(cmd_rollback, "_interactive", lambda: True)
        declined = cli("rollback", "--dsn", clone.dsn, input="n\n")
        t.is_(declined.exit_code, 1, "declining the prompt exits 1")
        t.ok("run 1: migrate of public.kv_store_6fcaeea3 (production), completed" in declined.stderr,
             "the prompt first describes the run", declined.stderr)  # fmt: skip
        t.ok("public.products" in declined.stderr and "to delete" in declined.stderr,
             "and what it would delete per table", declined.stderr)  # fmt: skip
        t.ok("Roll back run 1? [y/N]" in declined.stderr, "it asks, default no", declined.stderr)
        t.ok("aborted; nothing changed" in declined.stderr, "and says it aborted", declined.stderr)
        t.is_(snapshot(clone.conn), before, "declined: nothing changed")
        accepted = cli("rollback", "--dsn", clone.dsn, input="y\n")
        t.is_(accepted.exit_code, 0, "answering y rolls back")
        t.ok(accepted.stdout.startswith("run 1 rolled back"), "and prints the summary", accepted.stdout)


def test_refusals_exit_1_with_the_message(mig_templates, cli):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        unknown = cli("rollback", "--dsn", clone.dsn, "--run", "42", "--yes")
        t.is_(unknown.exit_code, 1, "an unknown run exits 1")
        t.ok(unknown.stderr.startswith("Error: K2610: run 42 does not exist"), "K2610 named", unknown.stderr)
        for bad in ("0", "-3", "abc"):
            usage = cli("rollback", "--dsn", clone.dsn, "--run", bad, "--yes")
            t.is_(usage.exit_code, 2, f"--run {bad} is a usage error (exit 2)")
        with psycopg.connect(clone.dsn, autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s, %s)", LOCK)
            busy = cli("rollback", "--dsn", clone.dsn, "--yes")
            t.is_(busy.exit_code, 1, "a running migration exits 1")
            t.ok(busy.stderr.startswith("Error: K2613: cannot roll back while another migration is running"),
                 "K2613 named", busy.stderr)  # fmt: skip
        site_id = conn.execute(
            "SELECT target_id FROM kv2rel.run_changes WHERE target_table = 'public.sites' ORDER BY target_id LIMIT 1"
        ).fetchone()[0]
        conn.execute("UPDATE public.sites SET name = 'Edited by a DBA' WHERE id = %s", (site_id,))
        edited = cli("rollback", "--dsn", clone.dsn, "--yes")
        t.is_(edited.exit_code, 1, "a row edited after the run exits 1")
        t.ok(edited.stderr.startswith("Error: K2614:") and str(site_id) in edited.stderr
             and "p_force => true" in edited.stderr, "K2614 names the row and the way out", edited.stderr)  # fmt: skip
        t.is_(conn.execute("SELECT name FROM public.sites WHERE id = %s", (site_id,)).fetchone()[0], "Edited by a DBA",
              "the DBA's edit is intact")  # fmt: skip
        forced = cli("rollback", "--dsn", clone.dsn, "--yes", "--force")
        t.is_(forced.exit_code, 0, "--force rolls back all the same")
        t.ok("1 forced over later edits" in forced.stdout and "forced" in forced.stdout.splitlines()[1],
             "the summary counts the forced row in its own column", forced.stdout)  # fmt: skip
        t.ok("WARNING: kv2rel rollback: run 1: p_force overrides 1 row(s)" in forced.stderr,
             "the warning naming the forced rows is shown", forced.stderr)  # fmt: skip
        t.is_empty(conn, "SELECT 1 FROM public.sites", "the sites are gone")


def test_bad_dsn_exits_1(cli):
    result = cli("rollback", "--dsn", "host=/nonexistent-kv2rel-socket port=1 dbname=x connect_timeout=2", "--yes")
    t.is_(result.exit_code, 1, "an unreachable database exits 1")
    t.ok(result.stderr.startswith("Error: cannot connect to"), "with a one-line message", result.stderr)
