"""`kv2rel rollback` (issue 6): undo one migration run with kv2rel.rollback(...) and print what it did, per table.

All the work is SQL (sql/functions/rollback.sql, docs/rollback.md): one transaction that deletes the rows the run
inserted and restores the before-images of the rows it updated, children before parents, or refuses (K2610-K2616)
and changes nothing. This module asks for confirmation, calls the function and prints its per-table counts.

Confirmation: on a terminal the command shows the run and what it changed, then asks (default no). Without a
terminal (scripts, CI, pipes) nobody can answer, so it refuses unless --yes is given: a destructive command never
runs by accident in a pipeline.

Exit codes: 0 when the run was rolled back; 1 when it was refused (the message says why: unknown run, already
rolled back, a later run depends on it, a migration is running, rows edited since, rows still referenced), when
the confirmation was declined or impossible, or on a database error; 2 for unusable options."""

from __future__ import annotations

import json
import sys

import click
import psycopg

from . import exitcodes
from .cli import cli
from .db import connect
from .options import dsn_option, echo_err, fail, format_option, handle_errors

CALL_SQL = "SELECT target_table, deleted, restored, forced FROM kv2rel.rollback(%s, p_force => %s)"
LAST_ROLLED_BACK_SQL = (
    "SELECT run_id, rollback_summary FROM kv2rel.runs WHERE status = 'rolled_back'"
    " ORDER BY rolled_back_at DESC, run_id DESC LIMIT 1"
)


def _interactive() -> bool:
    """True when someone can answer the confirmation prompt (stdin is a terminal)."""
    return sys.stdin.isatty()


def _preview(conn: psycopg.Connection, run_id: int | None) -> int | None:
    """Describe the run that would be rolled back (on stderr); returns its id (None: no run, let SQL refuse)."""
    if run_id is None:
        run_id = conn.execute("SELECT max(run_id) FROM kv2rel.runs").fetchone()[0]
        if run_id is None:
            return None
    run = conn.execute(
        "SELECT kind, env, status, started_at, kv_table FROM kv2rel.runs WHERE run_id = %s", (run_id,)
    ).fetchone()
    if run is None:
        return run_id
    kind, env, status, started_at, kv_table = run
    echo_err(f"run {run_id}: {kind} of {kv_table} ({env}), {status}, started {started_at:%Y-%m-%d %H:%M:%S %Z}")
    rows = conn.execute(
        "SELECT target_table, count(*) FILTER (WHERE action = 'inserted'), count(*) FILTER (WHERE action = 'updated')"
        " FROM kv2rel.run_changes WHERE run_id = %s GROUP BY 1 ORDER BY 1",
        (run_id,),
    ).fetchall()
    if rows:
        width = max(len(r[0]) for r in rows)
        echo_err(f"  {'table':<{width}}  {'to delete':>9}  {'to restore':>10}")
        for table, inserted, updated in rows:
            echo_err(f"  {table:<{width}}  {inserted:>9}  {updated:>10}")
    else:
        echo_err("  it changed no row (only its outcomes would be marked rolled back)")
    return run_id


def _print_text(run_id: int, tables: list[dict], totals: dict) -> None:
    forced = totals["forced"] > 0
    click.echo(
        f"run {run_id} rolled back: {totals['deleted']} row(s) deleted, {totals['restored']} restored"
        + (f", {totals['forced']} forced over later edits" if forced else "")
        + f", in {len(tables)} table(s)"
    )
    if not tables:
        click.echo("the run had changed no row")
        return
    width = max([len(t["table"]) for t in tables] + [len("total")])
    header = f"{'table':<{width}}  {'deleted':>8}  {'restored':>8}" + (f"  {'forced':>6}" if forced else "")
    click.echo(header)
    click.echo("-" * len(header))
    for t in tables:
        click.echo(
            f"{t['table']:<{width}}  {t['deleted']:>8}  {t['restored']:>8}" + (f"  {t['forced']:>6}" if forced else "")
        )
    click.echo("-" * len(header))
    click.echo(
        f"{'total':<{width}}  {totals['deleted']:>8}  {totals['restored']:>8}"
        + (f"  {totals['forced']:>6}" if forced else "")
    )


@cli.command(name="rollback")
@dsn_option
@click.option(
    "--run",
    "run_id",
    type=click.IntRange(min=1),
    metavar="ID",
    help="The run to roll back (kv2rel.runs.run_id). Default: the latest run.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Also undo rows edited or deleted after the run (refused otherwise, K2614); those edits are lost.",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation (required when stdin is not a terminal).")
@format_option
@handle_errors
def rollback_cmd(dsn: str | None, run_id: int | None, force: bool, yes: bool, fmt: str) -> None:
    """Undo one migration run: delete the rows it inserted, restore the rows it updated.

    One transaction, children before parents; rows the run did not change stay, the KV table is never touched.
    Refused (exit 1, nothing changed) for an unknown or already rolled back run, when a later run depends on it,
    while a migration runs, when rows were edited after the run (--force overrides) or are still referenced.
    Asks for confirmation on a terminal; elsewhere --yes is required.

    \b
    Example:
      kv2rel rollback                    # the latest run, after confirming
      kv2rel rollback --run 3 --yes --format json
    """
    with connect(dsn) as conn:
        if not yes:
            if not _interactive():
                fail("refusing to roll back without confirmation: stdin is not a terminal; pass --yes")
            run_id = _preview(conn, run_id)
            if run_id is not None and not click.confirm(f"Roll back run {run_id}?", default=False, err=True):
                fail("rollback aborted; nothing changed")
        if fmt == "text":
            conn.add_notice_handler(
                lambda diag: echo_err(f"{diag.severity}: {diag.message_primary}")
                if diag.severity in ("WARNING", "NOTICE")
                else None
            )
        with conn.transaction():
            rows = conn.execute(CALL_SQL, (run_id, force)).fetchall()
            done = conn.execute(LAST_ROLLED_BACK_SQL).fetchone()
    if done is None:
        fail("the rollback reported no rolled back run", exitcodes.ERROR)
    done_id, summary = done
    tables = [{"table": r[0], "deleted": r[1], "restored": r[2], "forced": r[3]} for r in rows]
    totals = {
        "deleted": sum(t["deleted"] for t in tables),
        "restored": sum(t["restored"] for t in tables),
        "forced": sum(t["forced"] for t in tables),
    }
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "run_id": done_id,
                    "status": "rolled_back",
                    "previous_status": summary.get("previous_status"),
                    **totals,
                    "tables": tables,
                    "forced_rows": summary.get("forced_rows", []),
                },
                indent=2,
                default=str,
            )
        )
    else:
        _print_text(done_id, tables, totals)
