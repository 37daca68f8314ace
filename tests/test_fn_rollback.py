"""kv2rel.rollback (issue 6): scoped rollback of one run, proven by snapshots of every table (KV included).

Snapshots (migrate_support.snapshot) hash every table of schema public, so "equal" means the run left no trace in
any target row and the KV table was never touched. The scenarios work on clones of the session templates: the
generator's small store before (seeded) and after (migrated, run 1) `CALL kv2rel.migrate()`.
"""

from __future__ import annotations

import time

import psycopg
import pytest

import pgtap as t
from migrate_support import (  # noqa: F401  (fixtures)
    call_migrate,
    clone_database,
    content_hash,
    kv_hash,
    mig_templates,
    run_in_thread,
    seeded_db,
    snapshot,
)

LOCK = (1802908274, 2)


def rollback(conn: psycopg.Connection, run_id: int | None = None, force: bool = False) -> dict[str, tuple]:
    """SELECT * FROM kv2rel.rollback(...): {table: (deleted, restored, forced)}."""
    rows = conn.execute(
        "SELECT run_id, target_table, deleted, restored, forced FROM kv2rel.rollback(%s, p_force => %s)",
        (run_id, force),
    ).fetchall()
    return {r[1]: (r[2], r[3], r[4]) for r in rows}


def changes(conn: psycopg.Connection, run_id: int) -> dict[str, tuple[int, int]]:
    """run_changes of a run per table: (inserted, updated)."""
    return {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            "SELECT target_table, count(*) FILTER (WHERE action = 'inserted'),"
            " count(*) FILTER (WHERE action = 'updated') FROM kv2rel.run_changes WHERE run_id = %s GROUP BY 1",
            (run_id,),
        )
    }


def seeded_snapshot(mig_templates) -> dict[str, str]:  # noqa: F811
    with clone_database(mig_templates.server, mig_templates.seeded) as clone:
        return snapshot(clone.conn)


# ------------------------------------------------------------------------------------------------ objects


def test_function_and_columns_exist(db):
    t.has_function(db, "kv2rel", "rollback", ["bigint", "boolean"], "function kv2rel.rollback(bigint, boolean) exists")
    t.volatility_is(db, "kv2rel", "rollback", ["bigint", "boolean"], "volatile", "rollback writes")
    t.isnt_definer(db, "kv2rel", "rollback", ["bigint", "boolean"], "rollback runs with the caller's rights")
    t.has_function(db, "kv2rel", "rollback_table_order", ["text[]"], "helper kv2rel.rollback_table_order exists")
    t.volatility_is(db, "kv2rel", "rollback_table_order", ["text[]"], "stable", "the table order only reads")
    for name, args in (("rollback", "bigint, boolean"), ("rollback_table_order", "text[]")):
        config, comment = db.execute(
            "SELECT proconfig, obj_description(oid, 'pg_proc') FROM pg_proc WHERE oid = %s::regprocedure",
            (f"kv2rel.{name}({args})",),
        ).fetchone()
        t.ok(config and "search_path=pg_catalog, pg_temp" in config, f"{name} pins search_path", str(config))
        t.ok(comment, f"{name} has a comment")
    for column, type_ in (("rolled_back_at", "timestamp with time zone"), ("rolled_back_by", "text"),
                          ("rollback_summary", "jsonb")):  # fmt: skip
        t.col_type_is(db, "kv2rel", "runs", column, type_, f"kv2rel.runs.{column} is {type_}")
    t.col_type_is(db, "kv2rel", "run_changes", "written_hash", "bigint", "kv2rel.run_changes.written_hash is bigint")
    t.throws_ok(
        db,
        "INSERT INTO kv2rel.runs (run_id, kv_table, env, batch_size, status) VALUES (1, 'x', 'production', 1,"
        " 'rolled_back')",
        "23514", None, "a rolled back run needs rolled_back_at",
        constraint="runs_rolled_back_needs_rolled_back_at_check",
    )  # fmt: skip


def test_table_order_puts_parents_first(db):
    order = dict(
        db.execute(
            "SELECT target_table, ord FROM kv2rel.rollback_table_order(ARRAY['public.orders', 'public.sites',"
            " 'public.clients', 'public.products', 'public.catalogs', 'public.email_templates', 'public.nope'])"
        ).fetchall()
    )
    t.ok(order["public.clients"] < order["public.catalogs"] < order["public.products"] < order["public.sites"]
         < order["public.orders"], "clients < catalogs < products < sites < orders", str(order))  # fmt: skip
    t.ok(order["public.sites"] < order["public.email_templates"], "a self-reference does not hide the site parent",
         str(order))  # fmt: skip
    t.ok("public.nope" not in order, "a table that does not exist is left out", str(order))


# ------------------------------------------------------------------------------------------------ round trips


def test_migrate_then_rollback_leaves_every_table_as_before(mig_templates, seeded_db):
    conn = seeded_db.conn
    before, kv_before = snapshot(conn), kv_hash(conn)
    run_id, summary = call_migrate(conn)
    t.ok(snapshot(conn) != before, "the migration changed target tables (sanity)")
    logged = changes(conn, run_id)
    counts = rollback(conn)
    t.is_(snapshot(conn), before, "after migrate + rollback every table (KV included) has its content hash from before")
    t.is_(kv_hash(conn), kv_before, "the KV table is byte-identical")
    t.is_({k: v[0] for k, v in counts.items()}, {k: v[0] for k, v in logged.items()},
          "rows deleted per table = rows the run inserted per table")  # fmt: skip
    t.is_(sum(v[1] + v[2] for v in counts.values()), 0, "nothing restored or forced: the run only inserted")
    t.ok(len(counts) >= 15, "the rollback reports every table the run wrote", str(counts))
    status, at, by, summary_rb = conn.execute(
        "SELECT status, rolled_back_at, rolled_back_by, rollback_summary FROM kv2rel.runs WHERE run_id = %s", (run_id,)
    ).fetchone()
    t.is_(status, "rolled_back", "the run is marked rolled_back")
    t.ok(at is not None and by, "rolled_back_at and rolled_back_by are set")
    t.is_(summary_rb["previous_status"], "completed", "the summary keeps the status the run had")
    t.is_(summary_rb["deleted"], sum(v[0] for v in counts.values()), "the summary has the total deleted")
    t.is_(
        conn.execute("SELECT count(*) FROM kv2rel.run_items WHERE run_id = %s", (run_id,)).fetchone()[0],
        summary["totals"]["total"], "the run's outcomes stay for audit",
    )  # fmt: skip
    t.is_(changes(conn, run_id), logged, "the run's change log stays for audit")
    # The database can be migrated again, to the same result as a single run.
    run2, summary2 = call_migrate(conn)
    t.is_(run2, run_id + 1, "a new migration starts a new run (the rolled back one is not resumed)")
    with clone_database(mig_templates.server, mig_templates.migrated) as reference:
        t.is_(content_hash(conn), content_hash(reference.conn), "migrating again gives the same content as run 1 did")


def test_pre_existing_rows_are_restored_or_left_alone(mig_templates, seeded_db):
    conn = seeded_db.conn
    with clone_database(mig_templates.server, mig_templates.migrated) as reference:
        migrated = reference.conn.execute(
            "SELECT to_jsonb(c) FROM public.clients AS c ORDER BY c.id LIMIT 2"
        ).fetchall()
    updated_row, unchanged_row = migrated[0][0], migrated[1][0]
    # A: the run will update it (the hand-made version has another name and code);
    # B: exactly what the run would write (it stays unchanged, so it is not the run's);
    # C: a client no KV key knows.
    conn.execute(
        "INSERT INTO public.clients SELECT * FROM jsonb_populate_record(NULL::public.clients, %s::jsonb"
        " || jsonb_build_object('name', 'Hand-made name', 'client_code', 'HAND-A'))",
        (psycopg.types.json.Jsonb(updated_row),),
    )
    conn.execute(
        "INSERT INTO public.clients SELECT * FROM jsonb_populate_record(NULL::public.clients, %s::jsonb)",
        (psycopg.types.json.Jsonb(unchanged_row),),
    )
    conn.execute(
        "INSERT INTO public.clients (name, client_code, created_at, updated_at)"
        " VALUES ('Hand-made client', 'HAND-C', '2020-01-01', '2020-01-02')"
    )
    before = snapshot(conn)
    run_id, _ = call_migrate(conn)
    t.results_eq(
        conn,
        "SELECT action, before_image ->> 'name', before_image ->> 'client_code' FROM kv2rel.run_changes"
        f" WHERE run_id = {run_id} AND target_table = 'public.clients' AND target_id = '{updated_row['id']}'",
        [("updated", "Hand-made name", "HAND-A")],
        "the run updated client A and logged its hand-made before-image",
    )
    t.is_empty(
        conn,
        f"SELECT 1 FROM kv2rel.run_changes WHERE run_id = {run_id} AND target_id = '{unchanged_row['id']}'",
        "the run left client B unchanged (no change logged)",
    )
    counts = rollback(conn, run_id)
    t.is_(counts["public.clients"][1], 1, "one client restored")
    t.is_(snapshot(conn), before, "every table is back to the state before the run, pre-existing rows included")
    t.set_eq(
        conn,
        "SELECT name, client_code FROM public.clients",
        [("Hand-made name", "HAND-A"), ("Hand-made client", "HAND-C"),
         (unchanged_row["name"], unchanged_row["client_code"])],
        "A has its hand-made values back, B and C are still there, no other client remains",
    )  # fmt: skip


@pytest.mark.parametrize("resume", [True, False], ids=["resumed", "abandoned"])
def test_rollback_after_an_interrupted_run(mig_templates, resume):
    with clone_database(mig_templates.server, mig_templates.seeded) as clone:
        conn = clone.conn
        before = snapshot(conn)
        call = run_in_thread(clone.dsn, "CALL kv2rel.migrate(p_batch_size => 150)")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not call.done.is_set():
            planned = conn.execute("SELECT count(*) FROM kv2rel.runs").fetchone()[0]
            if planned:
                done, total = conn.execute(
                    "SELECT count(*) FILTER (WHERE status = 'done'), count(*) FROM kv2rel.run_batches WHERE run_id = 1"
                ).fetchone()
                if total and done >= total // 2:
                    break
            time.sleep(0.005)
        conn.execute("SELECT pg_terminate_backend(%s)", (call.pid,))
        call.thread.join(30)
        t.ok(call.error is not None, "the migration's backend was killed mid-run", str(call.result))
        t.ok(snapshot(conn) != before, "the killed run left committed batches behind (sanity)")
        if resume:
            run_id, summary = call_migrate(conn)
            t.is_((run_id, summary["status"]), (1, "completed"), "the rerun resumed run 1 and completed it")
            t.ok(conn.execute("SELECT attempts FROM kv2rel.runs WHERE run_id = 1").fetchone()[0] == 2,
                 "run 1 took two attempts")  # fmt: skip
        else:
            t.is_(conn.execute("SELECT status FROM kv2rel.runs WHERE run_id = 1").fetchone()[0], "running",
                  "the killed run is left unfinished")  # fmt: skip
        rollback(conn)
        t.is_(snapshot(conn), before, f"{'resumed' if resume else 'unfinished'} run rolled back: every table as before")
        t.is_(conn.execute("SELECT status FROM kv2rel.runs WHERE run_id = 1").fetchone()[0], "rolled_back",
              "run 1 is rolled back")  # fmt: skip
        if not resume:
            run_id, summary = call_migrate(conn)
            t.is_((run_id, summary["status"]), (2, "completed"),
                  "the next migration does not resume the rolled back run: it starts run 2")  # fmt: skip


def test_second_run_then_rollback_of_run_2_then_run_1(mig_templates):
    seeded = seeded_snapshot(mig_templates)
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        after_run_1 = snapshot(conn)
        run_id, summary = call_migrate(conn)
        t.is_((run_id, summary["totals"]["inserted"] + summary["totals"]["updated"]), (2, 0),
              "run 2 is idempotent: it writes nothing")  # fmt: skip
        error = t.throws_ok(conn, "SELECT * FROM kv2rel.rollback(1)", "K2612", None,
                            "run 1 cannot be rolled back while run 2 stands on its rows")  # fmt: skip
        t.ok("later run(s) 2" in error.diag.message_primary, "the message names run 2", error.diag.message_primary)
        t.ok("kv2rel.rollback(2)" in error.diag.message_hint, "the hint says to roll back run 2 first",
             error.diag.message_hint)  # fmt: skip
        t.is_(rollback(conn), {}, "rolling back run 2 (the default: the latest run) has no row to undo")
        t.is_(snapshot(conn), after_run_1, "rolling back the idempotent run 2 changes no table")
        error = t.throws_ok(conn, "SELECT * FROM kv2rel.rollback()", "K2611", None,
                            "the latest run (2) is already rolled back: the default refuses a second rollback")  # fmt: skip
        t.ok("kv2rel.rollback(1)" in error.diag.message_hint, "the hint names run 1, the latest still in effect",
             error.diag.message_hint)  # fmt: skip
        rollback(conn, 1)
        t.is_(snapshot(conn), seeded, "after rolling back run 2 then run 1 every table is as before any run")


def test_a_later_run_that_updated_rows_is_rolled_back_first(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        key, target = conn.execute(
            "SELECT key, target_id FROM kv2rel.run_items WHERE run_id = 1 AND entity = 'client'"
            " AND outcome = 'migrated' ORDER BY key LIMIT 1"
        ).fetchone()
        conn.execute(
            "UPDATE public.kv_store_6fcaeea3 SET value = value || '{\"name\": \"Renamed Client\"}' WHERE key = %s",
            (key,),
        )
        before_run_2 = snapshot(conn)
        call_migrate(conn)
        t.is_(changes(conn, 2), {"public.clients": (0, 1)}, "run 2 updated exactly one client")
        t.throws_ok(conn, "SELECT * FROM kv2rel.rollback(1)", "K2612", None,
                    "run 1 cannot be rolled back under run 2's update")  # fmt: skip
        t.is_(rollback(conn, 2), {"public.clients": (0, 1, 0)}, "rolling back run 2 restores one client")
        t.is_(snapshot(conn), before_run_2, "every table is as before run 2 (the client has its old name back)")
        rollback(conn, 1)
        t.is_empty(conn, "SELECT 1 FROM public.clients UNION ALL SELECT 1 FROM public.products",
                   "after run 1 is rolled back too, no migrated row is left")  # fmt: skip
        t.is_(conn.execute("SELECT count(*) FROM public.clients WHERE id = %s", (target,)).fetchone()[0], 0,
              "the client run 1 inserted is gone")  # fmt: skip


def test_preview_inside_a_transaction_keeps_nothing(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        before = snapshot(conn)
        with conn.transaction(force_rollback=True):
            counts = rollback(conn)
            t.ok(sum(v[0] for v in counts.values()) > 0, "inside the transaction the rollback reports deleted rows")
        t.is_(snapshot(conn), before, "the caller rolled the transaction back: nothing changed")
        t.is_(conn.execute("SELECT status FROM kv2rel.runs WHERE run_id = 1").fetchone()[0], "completed",
              "run 1 is still completed")  # fmt: skip


# ------------------------------------------------------------------------------------------------ refusals


def test_unknown_run_is_refused(seeded_db):
    conn = seeded_db.conn
    t.throws_ok(conn, "SELECT * FROM kv2rel.rollback()", "K2610", "there is no run to roll back: kv2rel.runs is empty",
                "no run at all: refused")  # fmt: skip
    call_migrate(conn)
    before = snapshot(conn)
    for bad in (99, 0, -1):
        t.throws_ok(conn, f"SELECT * FROM kv2rel.rollback({bad})", "K2610", f"run {bad} does not exist",
                    f"run {bad} is refused")  # fmt: skip
    error = t.throws_ok(conn, "SELECT * FROM kv2rel.rollback(99)", "K2610", None, "the hint lists the runs")
    t.ok("ids 1 to 1" in error.diag.message_hint, "the hint names the existing run ids", error.diag.message_hint)
    t.is_(snapshot(conn), before, "refusals change nothing")


def test_already_rolled_back_is_refused(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        rollback(conn, 1)
        after = snapshot(conn)
        error = t.throws_ok(conn, "SELECT * FROM kv2rel.rollback(1)", "K2611", None, "a second rollback is refused")
        t.ok(error.diag.message_primary.startswith("run 1 was already rolled back (at "),
             "the message says when", error.diag.message_primary)  # fmt: skip
        t.ok("Every run is rolled back already" in error.diag.message_hint, "the hint says nothing is left",
             error.diag.message_hint)  # fmt: skip
        t.is_(snapshot(conn), after, "the refusal changed nothing")


def test_a_running_migration_refuses_the_rollback(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        before = snapshot(conn)
        with psycopg.connect(clone.dsn, autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s, %s)", LOCK)
            error = t.throws_ok(conn, "SELECT * FROM kv2rel.rollback()", "K2613", None,
                                "a held migration lock refuses the rollback")  # fmt: skip
            t.ok("another migration is running" in error.diag.message_primary
                 and str(holder.info.backend_pid) in error.diag.message_primary,
                 "the message says why and names the holder's pid", error.diag.message_primary)  # fmt: skip
        t.is_(snapshot(conn), before, "the refused rollback changed nothing")
        # A real migration at work (run 2, re-reading every key): refused while it runs, fine afterwards.
        conn.execute("UPDATE public.kv_store_6fcaeea3 SET value = value || '{\"name\": \"Renamed\"}'"
                     " WHERE key = (SELECT min(key) FROM kv2rel.run_items WHERE entity = 'client'"
                     " AND outcome = 'migrated')")  # fmt: skip
        busy = run_in_thread(clone.dsn, "CALL kv2rel.migrate(p_batch_size => 50)")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not busy.done.is_set() and not conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND granted",
            LOCK,
        ).fetchone()[0]:
            time.sleep(0.005)
        t.throws_ok(conn, "SELECT * FROM kv2rel.rollback(1)", "K2613", None,
                    "a rollback during a running migration is refused")  # fmt: skip
        busy.thread.join(120)
        t.is_(busy.error, None, "the migration completed")
        t.is_(rollback(conn, 2), {"public.clients": (0, 1, 0)}, "afterwards its run rolls back")


def test_rows_edited_after_the_run_are_named_and_need_force(mig_templates):
    seeded = seeded_snapshot(mig_templates)
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        site_id, site_key = conn.execute(
            "SELECT target_id, key FROM kv2rel.run_changes WHERE run_id = 1 AND target_table = 'public.sites'"
            " ORDER BY target_id LIMIT 1"
        ).fetchone()
        order_id = conn.execute(
            "SELECT target_id FROM kv2rel.run_changes WHERE run_id = 1 AND target_table = 'public.orders'"
            " ORDER BY target_id LIMIT 1"
        ).fetchone()[0]
        conn.execute("UPDATE public.sites SET name = 'Edited by a DBA' WHERE id = %s", (site_id,))
        conn.execute("DELETE FROM public.orders WHERE id = %s", (order_id,))
        edited = snapshot(conn)
        error = t.throws_ok(conn, "SELECT * FROM kv2rel.rollback(1)", "K2614", None,
                            "rows edited after the run refuse the rollback")  # fmt: skip
        message = error.diag.message_primary
        t.ok("2 row(s)" in message, "the message counts the edited rows", message)
        t.ok(f"public.sites {site_id} (key {site_key}, inserted by the run) modified" in message,
             "the message names the modified site: table, id, key", message)  # fmt: skip
        t.ok(f"public.orders {order_id}" in message and "missing" in message,
             "the message names the deleted order", message)  # fmt: skip
        t.ok("p_force => true" in error.diag.message_hint, "the hint offers p_force", error.diag.message_hint)
        t.is_(snapshot(conn), edited, "the refusal changed nothing (the DBA's edits are intact)")
        counts = rollback(conn, 1, force=True)
        t.is_((counts["public.sites"][2], counts["public.orders"][2]), (1, 1), "the forced rows are counted per table")
        t.is_(snapshot(conn), seeded, "with p_force the run is undone all the same: every table as before the run")
        forced = conn.execute("SELECT rollback_summary FROM kv2rel.runs WHERE run_id = 1").fetchone()[0]
        t.is_(forced["forced"], 2, "the run's rollback summary records the two forced rows")
        t.is_(sorted(r["state"] for r in forced["forced_rows"]), ["missing", "modified"],
              "and what had happened to them")  # fmt: skip


def test_rows_referencing_the_runs_rows_refuse_the_rollback(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        site_id = conn.execute(
            "SELECT target_id FROM kv2rel.run_changes WHERE run_id = 1 AND target_table = 'public.sites'"
            " ORDER BY target_id LIMIT 1"
        ).fetchone()[0]
        employee_id = conn.execute(
            "INSERT INTO public.employees (site_id, employee_id, email, first_name, last_name)"
            " VALUES (%s, 'HAND-1', 'hand@example.com', 'Hand', 'Made') RETURNING id",
            (site_id,),
        ).fetchone()[0]
        before = snapshot(conn)
        error = t.throws_ok(conn, "SELECT * FROM kv2rel.rollback(1)", "K2615", None,
                            "a row the run did not insert that references one it did refuses the rollback")  # fmt: skip
        message = error.diag.message_primary
        t.ok("public.employees" in message and str(employee_id) in message and str(site_id) in message,
             "the message names the referencing employee and the site", message)  # fmt: skip
        t.is_(snapshot(conn), before, "nothing changed: ON DELETE CASCADE did not silently remove the employee")
        conn.execute("DELETE FROM public.employees WHERE id = %s", (employee_id,))
        t.lives_ok(conn, "SELECT * FROM kv2rel.rollback(1)", "once that row is gone the rollback goes through")


def test_a_constraint_broken_by_a_restore_is_a_clear_refusal(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        key, target, code = conn.execute(
            "SELECT i.key, i.target_id, c.client_code FROM kv2rel.run_items AS i"
            " JOIN public.clients AS c ON c.id = i.target_id"
            " JOIN public.kv_store_6fcaeea3 AS k ON k.key = i.key AND k.value ->> 'clientCode' = c.client_code"
            " WHERE i.run_id = 1 AND i.entity = 'client' AND i.outcome = 'migrated' ORDER BY i.key LIMIT 1"
        ).fetchone()
        conn.execute(
            "UPDATE public.kv_store_6fcaeea3 SET value = value || '{\"clientCode\": \"NEW-CODE\"}' WHERE key = %s",
            (key,),
        )
        call_migrate(conn)
        t.is_(conn.execute("SELECT client_code FROM public.clients WHERE id = %s", (target,)).fetchone()[0],
              "NEW-CODE", "run 2 changed the client's code")  # fmt: skip
        conn.execute("INSERT INTO public.clients (name, client_code) VALUES ('Took the old code', %s)", (code,))
        before = snapshot(conn)
        error = t.throws_ok(conn, "SELECT * FROM kv2rel.rollback(2)", "K2616", None,
                            "a restore that would break a unique constraint is refused")  # fmt: skip
        t.ok("clients_client_code_key" in error.diag.message_primary, "the message names the constraint",
             error.diag.message_primary)  # fmt: skip
        t.ok(code in (error.diag.message_detail or ""), "the detail names the value", error.diag.message_detail)
        t.is_(snapshot(conn), before, "nothing changed (one transaction)")


def test_force_brings_back_an_updated_row_deleted_since(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        key, target = conn.execute(
            "SELECT key, target_id FROM kv2rel.run_items WHERE run_id = 1 AND entity = 'scheduled_trigger_log'"
            " AND outcome = 'migrated' ORDER BY key LIMIT 1"
        ).fetchone()
        conn.execute(
            "UPDATE public.kv_store_6fcaeea3 SET value = value || '{\"totalSent\": 99}' WHERE key = %s", (key,)
        )
        before_run_2 = snapshot(conn)
        call_migrate(conn)
        t.is_(changes(conn, 2), {"public.scheduled_trigger_logs": (0, 1)}, "run 2 updated the trigger log")
        conn.execute("DELETE FROM public.scheduled_trigger_logs WHERE id = %s", (target,))
        error = t.throws_ok(conn, "SELECT * FROM kv2rel.rollback(2)", "K2614", None,
                            "an updated row deleted since refuses the rollback")  # fmt: skip
        t.ok(f"{target} (key {key}, updated by the run) missing" in error.diag.message_primary,
             "the message says the row is missing", error.diag.message_primary)  # fmt: skip
        t.is_(rollback(conn, 2, force=True), {"public.scheduled_trigger_logs": (0, 1, 1)},
              "with p_force the row is restored (re-inserted from its before-image), counted as forced")  # fmt: skip
        t.is_(snapshot(conn), before_run_2, "every table is as before run 2, the deleted row back with its old values")


def test_rolling_back_a_retry_run_unresolves_its_keys(mig_templates):
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        conn = clone.conn
        fixed = conn.execute(
            "SELECT key FROM kv2rel.quarantine WHERE run_id = 1 AND reason_code = 'name_too_short' ORDER BY key LIMIT 1"
        ).fetchone()[0]
        conn.execute(
            "UPDATE public.kv_store_6fcaeea3 SET value = value || '{\"name\": \"A proper name\"}' WHERE key = %s",
            (fixed,),
        )
        before_retry = snapshot(conn)
        summary = conn.execute("SELECT kv2rel.retry_quarantined(p_keys => %s)", ([fixed],)).fetchone()[0]
        t.is_((summary["run_id"], summary["keys_resolved"]), (2, 1), "retry run 2 resolved the fixed key")
        inserted = changes(conn, 2)
        t.is_(sum(v[0] for v in inserted.values()), 1, "the retry inserted one row")
        t.is_(rollback(conn), {k: (v[0], v[1], 0) for k, v in inserted.items()}, "rolling back the retry run")
        t.is_(snapshot(conn), before_retry, "every table is as before the retry")
        t.results_eq(
            conn,
            f"SELECT resolved_at IS NULL, retry_run_id FROM kv2rel.quarantine WHERE run_id = 1 AND key = '{fixed}'",
            [(True, 2)],
            "the key's quarantine row is unresolved again, and still says which retry ran",
        )
        t.is_(conn.execute("SELECT kv2rel.retry_quarantined(p_keys => %s)", ([fixed],)).fetchone()[0]["keys_resolved"],
              1, "so a new retry can resolve it again")  # fmt: skip
