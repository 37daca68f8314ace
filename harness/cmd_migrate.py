"""`kv2rel migrate` (issue 5): run the data migration, CALL kv2rel.migrate(...), and show its progress and account.

All the work is SQL (sql/functions/migrate*.sql, docs/migration.md). This module validates the options, calls the
procedure, renders the NOTICE it raises after every batch (a progress bar with rate and ETA on a terminal, plain
lines otherwise, always on stderr) and prints kv2rel.run_summary as a table per entity and outcome, or as JSON.

Exit codes: 0 when the run completed, also when keys were quarantined (quarantine is an outcome, not a failure);
1 when the run could not complete (bad table or environment, another migration running, a database error: the
run stays resumable); 2 for unusable options (e.g. --batch-size 0 or abc)."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field

import click
import psycopg

from . import exitcodes
from .cli import cli
from .db import connect
from .options import dsn_option, fail, format_option, handle_errors, sql_error_text

OUTCOMES = ("migrated", "merged", "quarantined", "skipped")
CALL_SQL = (
    "CALL kv2rel.migrate(p_kv_table => %s, p_env => %s, p_batch_size => %s, p_dry_run => %s, "
    "p_run_id => NULL, p_summary => NULL)"
)


class BatchSize(click.ParamType):
    """A whole number from 1 to 1,000,000, with one clear message for 0, negatives and non-numbers."""

    name = "N"

    def convert(self, value, param, ctx):  # noqa: ANN001 - click's signature
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            if not text.lstrip("+-").isdigit():
                self.fail(f"{value!r} is not a whole number; give the keys per batch, 1 to 1000000", param, ctx)
            number = int(text)
        if not 1 <= number <= 1_000_000:
            self.fail(f"{number} is out of range; give the keys per batch, 1 to 1000000", param, ctx)
        return number


@dataclass
class Progress:
    """Follows the NOTICEs of kv2rel.migrate: each carries its progress document as JSON in DETAIL."""

    tty: bool
    quiet: bool = False
    run_id: int | None = None
    keys_total: int = 0
    keys_done: int = 0
    batches_total: int = 0
    batches_done: int = 0
    started: float = field(default_factory=time.monotonic)
    first_done: int | None = None
    bar: object | None = None
    task: object | None = None
    last_line: float = 0.0

    def start(self) -> None:
        if self.quiet:
            return
        if self.tty:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress as RichProgress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = RichProgress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("keys"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.bar.start()  # type: ignore[attr-defined]
            self.task = self.bar.add_task("planning", total=None, rate="")  # type: ignore[attr-defined]
        else:
            click.echo("kv2rel migrate: planning (classifying every key) ...", err=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()  # type: ignore[attr-defined]
            self.bar = None

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.keys_done / elapsed if elapsed > 0 else 0.0

    def on_notice(self, diag: psycopg.errors.Diagnostic) -> None:
        message = diag.message_primary or ""
        try:
            detail = json.loads(diag.message_detail) if diag.message_detail else {}
        except ValueError:
            detail = {}
        if "run_id" in detail:
            self.run_id = detail["run_id"]
        if "keys_total" in detail:
            self.keys_total = int(detail.get("keys_total") or 0)
            self.batches_total = int(detail.get("batches_total") or 0)
            self.keys_done = int(detail.get("keys_done") or 0)
            self.batches_done = int(detail.get("batches_done") or 0)
            if self.first_done is None:
                # A resumed run starts with batches already done: rate and ETA count this session's work only.
                self.first_done = self.keys_done
                self.started = time.monotonic()
        if self.quiet:
            return
        if self.tty and self.bar is not None:
            done = self.keys_done
            rate = (done - (self.first_done or 0)) / max(time.monotonic() - self.started, 1e-9)
            entity = detail.get("entity")
            self.bar.update(  # type: ignore[attr-defined]
                self.task,
                total=self.keys_total or None,
                completed=done,
                description=f"{entity or 'migrating'} ({self.batches_done}/{self.batches_total} batches)",
                rate=f"{rate:,.0f} keys/s" if done else "",
            )
            if not detail:
                self.bar.console.print(message)  # type: ignore[attr-defined]
            return
        now = time.monotonic()
        if "batch" in message and now - self.last_line < 1.0 and self.batches_done < self.batches_total:
            return  # plain output: at most one progress line a second
        self.last_line = now
        if "batch" in message and self.keys_total:
            done_here = self.keys_done - (self.first_done or 0)
            rate = done_here / max(now - self.started, 1e-9)
            left = self.keys_total - self.keys_done
            eta = f"{left / rate:,.0f} s" if rate > 0 else "?"
            click.echo(
                f"{message.removeprefix('kv2rel migrate: ')} | {self.keys_done}/{self.keys_total} keys, "
                f"{rate:,.0f} keys/s, ETA {eta}",
                err=True,
            )
        else:
            click.echo(message, err=True)


def _summary_text(summary: dict, elapsed: float) -> None:
    totals = summary["totals"]
    title = "dry run (nothing changed)" if summary.get("dry_run") else f"run {summary['run_id']}"
    click.echo(
        f"kv2rel migrate {title}: {summary['kv_table']} env {summary['env']}, status {summary['status']}, "
        f"{elapsed:.1f} s"
    )
    width = max([len("entity")] + [len(e["entity"]) for e in summary["entities"]])
    header = f"{'entity':<{width}} " + " ".join(f"{o:>11}" for o in (*OUTCOMES, "total"))
    click.echo(header)
    click.echo("-" * len(header))
    for e in summary["entities"]:
        click.echo(f"{e['entity']:<{width}} " + " ".join(f"{e[o]:>11}" for o in (*OUTCOMES, "total")))
    click.echo("-" * len(header))
    click.echo(f"{'total':<{width}} " + " ".join(f"{totals[o]:>11}" for o in (*OUTCOMES, "total")))
    ok = "holds" if summary["identity_holds"] else "DOES NOT HOLD"
    click.echo(
        f"accounting: {totals['total']} keys = {totals['migrated']} migrated + {totals['merged']} merged + "
        f"{totals['quarantined']} quarantined + {totals['skipped']} skipped ({ok}); target rows "
        f"{totals['inserted']} inserted, {totals['updated']} updated, {totals['unchanged']} unchanged"
    )
    reasons = [r for r in summary["reasons"] if r["outcome"] in ("quarantined", "migrated")]
    if reasons:
        click.echo("reasons: " + ", ".join(f"{r['reason']} {r['keys']}" for r in reasons[:12]))
    if summary.get("run_id") and totals["quarantined"] and not summary.get("dry_run"):
        click.echo(
            f"quarantined keys: SELECT * FROM kv2rel.outcomes WHERE run_id = {summary['run_id']} "
            "AND outcome = 'quarantined'; re-drive after fixing: SELECT kv2rel.retry_quarantined();"
        )


def _mark_failed(dsn: str | None, run_id: int | None, message: str) -> None:
    if run_id is None:
        return
    try:
        with connect(dsn) as conn:
            conn.execute(
                "UPDATE kv2rel.runs SET status = 'failed', error = %s WHERE run_id = %s AND status = 'running'",
                (message, run_id),
            )
    except (psycopg.Error, Exception):  # noqa: BLE001 - best effort; the run is resumable either way
        pass


@cli.command(name="migrate")
@dsn_option
@click.option(
    "--kv-table",
    default=None,
    metavar="NAME",
    help="KV table to read (schema-qualified if needed). Default: setting kv_table (public.kv_store_6fcaeea3).",
)
@click.option(
    "--env",
    "env",
    default="production",
    show_default=True,
    metavar="ENV",
    help="Environment to migrate: keys of other environments are skipped, keys without one are included.",
)
@click.option(
    "--batch-size",
    type=BatchSize(),
    default=5000,
    show_default=True,
    help="Keys per batch; each batch is committed on its own (1 to 1,000,000).",
)
@click.option("--dry-run", is_flag=True, help="Compute every outcome and the summary, then change nothing.")
@format_option
@handle_errors
def migrate_cmd(dsn: str | None, kv_table: str | None, env: str, batch_size: int, dry_run: bool, fmt: str) -> None:
    """Migrate the KV table into the relational tables (CALL kv2rel.migrate).

    Every key gets exactly one outcome (SELECT * FROM kv2rel.outcomes WHERE run_id = N): migrated, merged,
    quarantined or skipped; the summary shows them per entity with total = migrated + merged + quarantined +
    skipped. Batches are committed as they go: a killed run resumes where it stopped when started again; a
    second run changes nothing. Only one migration runs at a time (another one exits with an error).

    Exit code 0 when the run completed (also with quarantined keys), 1 when it could not complete, 2 for an
    unusable option.

    \b
    Example:
      kv2rel migrate
      kv2rel migrate --env development --batch-size 2000
      kv2rel migrate --dry-run --format json
    """
    started = time.monotonic()
    with connect(dsn) as conn:
        # Up front, before anything runs: table, environment, batch size, one environment per database.
        conn.execute("SELECT kv2rel.migrate_check_params(%s, %s, %s)", (kv_table, env, batch_size))
        progress = Progress(tty=sys.stderr.isatty())
        conn.add_notice_handler(progress.on_notice)
        progress.start()
        try:
            row = conn.execute(CALL_SQL, (kv_table, env, batch_size, dry_run)).fetchone()
        except psycopg.Error as exc:
            progress.stop()
            text = sql_error_text(exc)
            if exc.diag.sqlstate not in ("K2501", "K2502", "K2503", "K2505", "K2201", "K2202"):
                _mark_failed(dsn, progress.run_id, text)
                if progress.run_id is not None:
                    text += f" (run {progress.run_id} is resumable: run kv2rel migrate again)"
            fail(text, exitcodes.ERROR)
            return
        except KeyboardInterrupt:
            progress.stop()
            _mark_failed(dsn, progress.run_id, "interrupted")
            fail(
                "interrupted"
                + (f"; run {progress.run_id} is resumable: run kv2rel migrate again" if progress.run_id else ""),
                exitcodes.ERROR,
            )
            return
        finally:
            progress.stop()
    summary = row[1] if row else None
    elapsed = time.monotonic() - started
    if not summary:
        fail("the migration returned no summary")
    if fmt == "json":
        click.echo(json.dumps({**summary, "elapsed_s": round(elapsed, 3)}, indent=2, sort_keys=True, default=str))
    else:
        _summary_text(summary, elapsed)
    if summary.get("status") != "completed" or not summary.get("identity_holds"):
        sys.exit(exitcodes.ERROR)
