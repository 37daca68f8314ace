"""`kv2rel bench reconcile` (issue 6): registers on the `bench` group of cmd_bench; the measurement is in
harness/bench_reconcile.py."""

from __future__ import annotations

import json

import click

from .cmd_bench import bench, run_on_server
from .options import dsn_option, echo_err, fail, format_option, handle_errors


@bench.command(name="reconcile")
@dsn_option
@click.option(
    "--records",
    type=click.IntRange(1000, 20_000_000),
    default=200_000,
    show_default=True,
    help="Store size to generate when the database has no completed migration run (kv2rel seed --scale N).",
)
@click.option("--batch-size", type=click.IntRange(1, 1_000_000), default=5000, show_default=True)
@click.option("--seed", "seed", type=int, default=1, show_default=True, metavar="S", help="Generator seed.")
@click.option("--pg-bindir", type=click.Path(file_okay=False), help="PostgreSQL binaries for the throwaway server.")
@format_option
@handle_errors
def bench_reconcile_cmd(
    dsn: str | None, records: int, batch_size: int, seed: int, pg_bindir: str | None, fmt: str
) -> None:
    """Time the full reconciliation against reading both sides once (count(*) over the KV and target tables).

    With --dsn and a completed migration run it measures that run; otherwise (or without --dsn, on a throwaway
    server) it first generates about --records KV records and migrates them (not timed). Prints both times and
    their ratio; the goal is at most 3x.

    \b
    Example:
      kv2rel bench reconcile --records 200000
      kv2rel bench reconcile --dsn "$DATABASE_URL" --format json
    """
    from . import bench_reconcile as br

    log = echo_err if fmt == "text" else (lambda _: None)
    try:
        report = run_on_server(dsn, pg_bindir, log, lambda target: br.run(target, records, batch_size, seed, log=log))
    except br.BenchError as exc:
        fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, sort_keys=True, default=str))
        return
    click.echo(
        f"run {report['run_id']}: {report['records']} KV records, {report['migrated']} migrated; "
        f"PostgreSQL {report['postgres']}, {report['cpus']} CPUs"
    )
    click.echo(
        f"read both sides once (count(*) over {report['tables_read']} tables, {report['rows_read']} rows): "
        f"{report['read_seconds']:.3f} s"
    )
    click.echo(
        f"full reconciliation ({report['entities']} entity/table pairs, {report['rows_compared']} rows, "
        f"{report['rows_matched']} matched, lowest consistency {report['min_consistency_pct']}%): "
        f"{report['reconcile_seconds']:.3f} s"
    )
    click.echo(
        f"(the run itself spent {report['migration_map_check_seconds']:.3f} s mapping, deriving and checking these "
        "records; the reconciliation repeats that work)"
    )
    click.echo(
        f"ratio {report['ratio']}x; goal at most {br.TARGET_RATIO:g}x " + ("met" if report["within_3x"] else "NOT met")
    )
