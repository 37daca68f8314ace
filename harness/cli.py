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
@click.option(
    "--deep",
    is_flag=True,
    help="Full reconciliation by re-mapping every record (minutes at 1M records) instead of the hash chain.",
)
@handle_errors
def verify_cmd(dsn: str | None, fmt: str, deep: bool) -> None:
    """Run every SQL check (kv2rel.run_checks) and print TAP; exit 5 if any assertion fails.

    The full reconciliation checks every row by a hash chain (KV value, target row and rules unchanged since the
    run; flagged keys re-mapped); --deep re-maps every record with the migration's own statements.

    \b
    Example:
      kv2rel verify
      kv2rel verify --deep
      psql -c 'SELECT * FROM kv2rel.run_checks()'     # the same checks, from psql
    """
    with connect(dsn) as conn:
        results = run_checks(conn, deep=deep)
    failed = sum(not r["ok"] for r in results)
    if fmt == "json":
        click.echo(json.dumps({"passed": len(results) - failed, "failed": failed, "assertions": results}, indent=2))
    else:
        click.echo(format_tap(results), nl=False)
    sys.exit(exitcodes.CHECKS_FAILED if failed else exitcodes.OK)


def _demo_scale(ctx, param, value):  # noqa: ANN001 - click callback signature
    from .cmd_bench import _scale_argument  # the same rule as bench queries --scale (small, projected or N)

    return _scale_argument(ctx, param, value)


@cli.command(name="demo")
@dsn_option
@click.option(
    "--scale",
    default="small",
    show_default=True,
    callback=_demo_scale,
    metavar="small|projected|N",
    help="The store to generate (as kv2rel seed --scale): small (seconds), projected (about 1.1M KV rows: "
    "minutes to seed and migrate, then the benchmark) or a total-row target N.",
)
@click.option(
    "--seed",
    "seed",
    type=int,
    default=2,
    show_default=True,
    metavar="S",
    help="PRNG seed of the store (with 2, at small scale an active site offers products, so every answer the "
    "benchmark compares is non-empty).",
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Where the benchmark writes PERFORMANCE_TEST_RESULTS.md, .json and .png.",
)
@click.option("--pg-bindir", type=click.Path(file_okay=False), help="PostgreSQL binaries for the throwaway server.")
@handle_errors
def demo_cmd(dsn: str | None, scale: str, seed: int, output_dir: str, pg_bindir: str | None) -> None:
    """The main job end to end: apply, seed, profile and plan, migrate, verify, report, benchmark.

    Applies the package (kv2rel apply), fills the KV table with a generated store (kv2rel seed), summarises what
    is in it and what the migration will do (kv2rel profile, kv2rel plan), migrates it (kv2rel migrate), runs
    every check (kv2rel verify), writes the migration report (kv2rel report: MIGRATION_TEST_RESULTS.md, .json)
    and ends with kv2rel bench queries at this scale (PERFORMANCE_TEST_RESULTS.md, .json, .png), both into
    --output-dir. Without --dsn it all runs on a throwaway PostgreSQL, deleted afterwards; with --dsn the KV
    table (setting kv_table) must be missing or empty.

    Exit code 0; 1 when a step fails (e.g. the migration does not complete); 5 when a verify check fails (the
    report and the benchmark still run and write their files). The report's verdict is shown but does not set
    the exit code: a generated store has quarantined and skipped keys on purpose.

    \b
    Example:
      kv2rel demo
      kv2rel demo --scale projected --seed 1 -o results/
    """
    out_dir = Path(output_dir)
    if dsn:
        failed = _demo(dsn, scale, seed, out_dir)
    else:
        with ThrowawayServer(pg_bindir, log=echo_err) as server:
            click.echo(f"throwaway server: {server.version}")
            failed = _demo(server.dsn, scale, seed, out_dir)
    if failed:
        sys.exit(exitcodes.CHECKS_FAILED)


def _counts(counts: dict, top: int = 4) -> str:
    """'a 3, b 2, … (n more)': the largest counts first."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    text = ", ".join(f"{name} {n:,}" for name, n in ordered[:top])
    return text + (f", … ({len(ordered) - top} more)" if len(ordered) > top else "")


def _demo(dsn: str, scale: str, seed: int, out_dir: Path) -> bool:
    """Every step of the main job on the database behind dsn; returns True when a verify check failed."""
    import time

    from .bench_queries import demo_benchmark
    from .cmd_migrate import migrate_cmd
    from .cmd_report import report_cmd

    with connect(dsn) as conn:
        conn.add_notice_handler(lambda diag: None)  # each step prints its own summary
        result = apply(conn)
        click.echo(f"apply: {len(result.applied)} migration(s), {len(result.definitions)} definition(s) applied")
        kv_table = conn.execute("SELECT kv2rel.setting('kv_table')").fetchone()[0]
        started = time.monotonic()
        seeded = conn.execute(
            "SELECT kv2rel.seed_kv_store(p_kv_table => %s, p_scale => %s, p_seed => %s)", (kv_table, scale, seed)
        ).fetchone()[0]
        click.echo(
            f"seed: {seeded['rows']:,} KV rows into {seeded['kv_table']} (scale {seeded['scale']}, seed {seed}) in "
            f"{time.monotonic() - started:.1f} s; {seeded['manifest_rows']:,} hazardous keys listed in "
            "kv2rel.seed_manifest"
        )
        profile = conn.execute(
            "SELECT kv2rel.profile_kv(kv2rel.resolve_kv_table(%s), NULL)", (kv_table,)
        ).fetchone()[0]
        drift = sum(d["ids_without_record"] or 0 for d in profile["index_drift"])
        click.echo(
            f"profile: {profile['total_keys']:,} keys, {len(profile['by_entity'])} entities, "
            f"{len(profile['by_environment'])} environments; by class {_counts(profile['by_class'])}"
        )
        click.echo(
            f"  {drift:,} index ids without a record, {profile['id_mismatches']['count']:,} value ids differing from "
            f"their key, {profile['unknown_keys']['count']:,} unknown keys"
        )
        plan = conn.execute(
            "SELECT kv2rel.plan_report(kv2rel.resolve_kv_table(%s), 'production', NULL, 0)", (kv_table,)
        ).fetchone()[0]
        outcomes = plan["by_outcome"]
        click.echo(
            f"plan (environment production): {outcomes['migrate']:,} migrate, {outcomes['merge']:,} merge, "
            f"{outcomes['quarantine']:,} quarantine, {outcomes['skip']:,} skip"
        )
        reasons = [r for r in plan["top_reasons"] if r["outcome"] == "quarantine"][:3]
        if reasons:
            click.echo("  quarantine, most often: " + "; ".join(
                f"{r['reason'].split(' (')[0]} ({r['rows']:,})" for r in reasons))  # fmt: skip
    click.echo("migrate:")
    # kv2rel migrate itself (its progress on stderr, its summary on stdout; it exits 1 when the run does not complete)
    click.get_current_context().invoke(migrate_cmd, dsn=dsn)
    with connect(dsn) as conn:
        results = run_checks(conn)
    failed = [r for r in results if not r["ok"]]
    click.echo(f"verify: {len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        click.echo(format_tap(failed), nl=False)
    click.echo("report:")
    # kv2rel report itself: MIGRATION_TEST_RESULTS.md/.json into out_dir. It always exits: 5 when a success criterion
    # fails, which a generated store does on purpose (its hazards are quarantined or skipped, and the seed's criteria
    # ask for zero of either), so the verdict is shown but only an error (1) stops the demo.
    try:
        click.get_current_context().invoke(report_cmd, dsn=dsn, output_dir=str(out_dir))
    except SystemExit as exc:
        if exc.code not in (None, exitcodes.OK, exitcodes.CHECKS_FAILED):
            raise
    demo_benchmark(dsn, click.echo, out_dir)
    return bool(failed)


# Command modules register themselves on `cli` when imported (one module per area).
from . import cmd_bench  # noqa: E402,F401  (registers bench)
from . import cmd_kv  # noqa: E402,F401  (registers seed, profile, plan)
from . import cmd_migrate  # noqa: E402,F401  (registers migrate)
from . import cmd_rollback  # noqa: E402,F401  (registers rollback)
from . import cmd_report  # noqa: E402,F401  (registers report)


def main() -> None:
    cli(prog_name="kv2rel")


if __name__ == "__main__":
    # `python -m harness.cli` runs this file as __main__, a second copy of the module: the command modules above
    # registered on harness.cli's group, so run that one.
    from harness.cli import main as _main

    _main()
