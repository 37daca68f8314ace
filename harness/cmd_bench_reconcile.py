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
@click.option(
    "--deep/--no-deep",
    default=True,
    show_default=True,
    help="Also time the deep reconciliation (every record re-mapped: minutes at 1M records).",
)
@click.option(
    "--runs",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="Rounds of read + fast reconciliation; the report gives each round and the medians.",
)
@format_option
@handle_errors
def bench_reconcile_cmd(
    dsn: str | None,
    records: int,
    batch_size: int,
    seed: int,
    pg_bindir: str | None,
    deep: bool,
    runs: int,
    fmt: str,
) -> None:
    """Time the full reconciliation against reading both sides once (count(*) over the KV and target tables).

    With --dsn and a completed migration run it measures that run; otherwise (or without --dsn, on a throwaway
    server) it first generates about --records KV records and migrates them (not timed). Then, --runs times,
    reads both sides and runs the fast reconciliation (hash chain); prints each round's times and ratio (the
    goal: at most 3x) and their medians, and the deep reconciliation (every record re-mapped) unless --no-deep.

    \b
    Example:
      kv2rel bench reconcile --records 200000
      kv2rel bench reconcile --dsn "$DATABASE_URL" --no-deep --format json
    """
    from . import bench_reconcile as br

    log = echo_err if fmt == "text" else (lambda _: None)
    try:
        report = run_on_server(
            dsn, pg_bindir, log, lambda target: br.run(target, records, batch_size, seed, log=log, deep=deep, runs=runs)
        )
    except br.BenchError as exc:
        fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, sort_keys=True, default=str))
        return
    click.echo(
        f"run {report['run_id']}: {report['records']} KV records, {report['migrated']} migrated; "
        f"PostgreSQL {report['postgres']}, {report['cpus']} CPUs"
    )
    for n, r in enumerate(report["rounds"], 1):
        click.echo(
            f"round {n}/{report['runs']}: read both sides once (count(*) over {report['tables_read']} tables, "
            f"{report['rows_read']} rows) {r['read_seconds']:.3f} s; fast reconciliation "
            f"{r['reconcile_seconds']:.3f} s; ratio {r['ratio']}x; every row version (count(t.xmin)) "
            f"{r['heap_read_seconds']:.3f} s, heap ratio {r['heap_ratio']}x"
        )
    click.echo(
        f"fast reconciliation, method {report['method']}{' (sealed run)' if report['sealed'] else ''} "
        f"({report['entities']} entity/table pairs, {report['rows_compared']} rows, {report['rows_matched']} matched, "
        f"{report['flagged_keys']} key(s) re-mapped, lowest consistency {report['min_consistency_pct']}%): median "
        f"{report['reconcile_seconds']:.3f} s against a median read of {report['read_seconds']:.3f} s"
    )
    click.echo(
        f"ratio (median of {report['runs']} round(s)) {report['ratio']}x; goal at most {br.TARGET_RATIO:g}x "
        + ("met" if report["within_3x"] else "NOT met")
    )
    click.echo(
        f"extra figure (not the goal): reading every row of both sides (count(t.xmin), no index-only count) "
        f"median {report['heap_read_seconds']:.3f} s, heap ratio (median) {report['heap_ratio']}x"
    )
    if report["deep_seconds"] is not None:
        click.echo(
            f"deep reconciliation (every record re-mapped): {report['deep_seconds']:.3f} s, ratio "
            f"{report['deep_ratio']}x; same counts as the fast one: {'yes' if report['deep_agrees'] else 'NO'} "
            f"(the run itself spent {report['migration_map_check_seconds']:.3f} s mapping, deriving and checking)"
        )
    click.echo(f"load average {' '.join(str(x) for x in report['load_average'])}")
