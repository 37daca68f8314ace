"""The `kv2rel` command: a thin Click layer over harness.runner, harness.verify and the SQL functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import psycopg

from . import __version__, exitcodes
from .db import connect
from .options import CONTEXT_SETTINGS, dsn_option, echo_err, format_option, handle_errors
from .runner import apply, bundle_script, dry_run_script, read_status, revert, status_json
from .server import ThrowawayServer
from .verify import format_tap, run_checks


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="kv2rel")
def cli() -> None:
    """kv2rel: move a key-value store (key text, value jsonb) into a relational schema, inside PostgreSQL.

    Exit codes: 0 ok, 1 error, 2 usage, 3 pending (status), 4 drift (status/apply/revert),
    5 failed checks (verify).
    """


@cli.command(name="apply")
@dsn_option
@click.option("--dry-run", is_flag=True, help="Print the exact SQL that would run; change nothing.")
@format_option
@handle_errors
def apply_cmd(dsn: str | None, dry_run: bool, fmt: str) -> None:
    """Apply pending migrations, then (re)apply changed functions and views.

    Concurrent runs wait for each other (session advisory lock); each migration is applied exactly once.
    Refuses with exit code 4 when an applied migration's file changed (drift).

    \b
    Example:
      kv2rel apply --dsn postgresql://localhost/gifts
      kv2rel apply --dry-run > pending.sql
    """
    with connect(dsn) as conn:
        if dry_run:
            click.echo(dry_run_script(conn), nl=False)
            return
        result = apply(conn, echo=echo_err if fmt == "text" else lambda _: None)
        if fmt == "json":
            click.echo(json.dumps(result.to_json(), indent=2))
        else:
            click.echo(
                f"applied {len(result.applied)} migration(s), {len(result.definitions)} definition(s)"
                + (f", dropped {len(result.dropped_definitions)}" if result.dropped_definitions else "")
            )


@cli.command(name="status")
@dsn_option
@format_option
@handle_errors
def status_cmd(dsn: str | None, fmt: str) -> None:
    """Show applied, pending and drifted migrations and definitions.

    Exit code 0 when clean, 3 when something is pending, 4 on drift (drift wins over pending).

    \b
    Example:
      kv2rel status --format json | jq .verdict
    """
    with connect(dsn) as conn:
        status = read_status(conn)
    if fmt == "json":
        click.echo(status_json(status))
    else:
        for m in status.migrations:
            when = f"  {m.applied_at} by {m.applied_by} via {m.applied_via}" if m.applied_at else ""
            extra = ""
            if m.state == "drifted":
                extra = f"  ledger {m.ledger_checksum[:12]} != file {m.file_checksum[:12]}"  # type: ignore[index]
            elif m.out_of_order:
                extra = "  (older than the newest applied migration)"
            click.echo(f"{m.state:<12} {m.name}{when}{extra}")
        for d in status.definitions:
            click.echo(f"{d.state:<12} {d.kind} {d.name}")
        counts = status.to_json()["counts"]
        click.echo(
            f"{status.verdict}: {counts['applied']} applied, {counts['pending']} pending, {counts['drifted']} drifted, "
            f"{counts['definitions_pending']} definition(s) pending"
        )
    sys.exit(status.exit_code)


@cli.command(name="revert")
@dsn_option
@click.option("--to", "to_version", required=True, metavar="NNNN", help="Keep migrations up to NNNN; 0 reverts all.")
@format_option
@handle_errors
def revert_cmd(dsn: str | None, to_version: str, fmt: str) -> None:
    """Revert migrations newer than --to, newest first, each with its NNNN_name.revert.sql.

    Functions and views are dropped first and re-applied afterwards if migrations remain.
    `--to 0` leaves no trace but an empty ledger.

    \b
    Example:
      kv2rel revert --to 0003
      kv2rel revert --to 0
    """
    with connect(dsn) as conn:
        result = revert(conn, to_version, echo=echo_err if fmt == "text" else lambda _: None)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2))
    else:
        click.echo(f"reverted {len(result.reverted)} migration(s)")
        if result.skipped_definitions:
            click.echo(
                f"{len(result.skipped_definitions)} definition(s) left pending because they depend on reverted "
                "objects (kv2rel status lists them): " + ", ".join(result.skipped_definitions)
            )


@cli.command(name="bundle")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-", help="File to write ('-': stdout)."
)
@handle_errors
def bundle_cmd(output: str) -> None:
    """Write one self-contained psql script that applies whatever is pending when it runs.

    It takes the same lock and writes the same ledger rows as `kv2rel apply`; re-running it is a no-op.

    \b
    Example:
      kv2rel bundle -o deploy.sql
      psql -v ON_ERROR_STOP=1 -f deploy.sql "$DATABASE_URL"
    """
    name = Path(output).name if output != "-" else "deploy.sql"
    script = bundle_script(filename=name)
    if output == "-":
        click.echo(script, nl=False)
    else:
        Path(output).write_text(script, encoding="utf-8")
        click.echo(f"wrote {output} ({len(script.splitlines())} lines)", err=True)


@cli.command(name="verify")
@dsn_option
@click.option("--format", "fmt", type=click.Choice(["tap", "json"]), default="tap", show_default=True)
@handle_errors
def verify_cmd(dsn: str | None, fmt: str) -> None:
    """Run every SQL check (kv2rel.run_checks) and print TAP; exit 5 if any assertion fails.

    \b
    Example:
      kv2rel verify
      psql -c 'SELECT * FROM kv2rel.run_checks()'     # the same checks, from psql
    """
    with connect(dsn) as conn:
        results = run_checks(conn)
    failed = sum(not r["ok"] for r in results)
    if fmt == "json":
        click.echo(json.dumps({"passed": len(results) - failed, "failed": failed, "assertions": results}, indent=2))
    else:
        click.echo(format_tap(results), nl=False)
    sys.exit(exitcodes.CHECKS_FAILED if failed else exitcodes.OK)


@cli.command(name="demo")
@dsn_option
@click.option("--pg-bindir", type=click.Path(file_okay=False), help="PostgreSQL binaries for the throwaway server.")
@handle_errors
def demo_cmd(dsn: str | None, pg_bindir: str | None) -> None:
    """The main job end to end. Without --dsn it runs on a throwaway PostgreSQL, deleted afterwards.

    \b
    Example:
      kv2rel demo
    """
    if dsn:
        _demo(dsn)
        return
    with ThrowawayServer(pg_bindir, log=echo_err) as server:
        click.echo(f"throwaway server: {server.version}")
        _demo(server.dsn)


def _demo(dsn: str) -> None:
    with connect(dsn) as conn:
        result = apply(conn, echo=echo_err)
        click.echo(f"schema: applied {len(result.applied)} migration(s), {len(result.definitions)} definition(s)")
        results = run_checks(conn)
        failed = sum(not r["ok"] for r in results)
        click.echo(f"verify: {len(results) - failed} passed, {failed} failed")
        if failed:
            click.echo(format_tap(results), nl=False)
            sys.exit(exitcodes.CHECKS_FAILED)
    click.echo("nothing to migrate yet: the KV generator and the data migration arrive with later issues")
    from .bench_queries import demo_benchmark  # issue 7: end with kv2rel bench queries once the demo seeds+migrates

    demo_benchmark(dsn, click.echo)


# Command modules register themselves on `cli` when imported (one module per area).
from . import cmd_bench  # noqa: E402,F401  (registers bench)
from . import cmd_kv  # noqa: E402,F401  (registers seed, profile, plan)
from . import cmd_migrate  # noqa: E402,F401  (registers migrate)


def main() -> None:
    cli(prog_name="kv2rel")


if __name__ == "__main__":
    main()
