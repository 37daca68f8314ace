"""Commands that work on the KV store itself. `kv2rel seed` (issue 4 section 1) lives here; the generator is
the SQL function kv2rel.seed_kv_store, this module only passes the options and prints its report."""

from __future__ import annotations

import json
import time

import click

from .cli import cli
from .db import connect
from .options import dsn_option, echo_err, format_option, handle_errors


def _hazards_argument(value: str) -> str:
    """default | none | a JSON object; returned as JSON text for the jsonb parameter."""
    text = value.strip()
    if text in ("default", "none"):
        return json.dumps(text)
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(
            f"{value!r} is neither default, none nor valid JSON ({exc.msg}); "
            'example: --hazards \'{"orphans": 0.2}\'',
            param_hint="--hazards",
        ) from None
    if not isinstance(parsed, dict):
        raise click.BadParameter(
            f"{value!r}: give default, none or a JSON object of shares, e.g. '{{\"orphans\": 0.2}}'",
            param_hint="--hazards",
        )
    return json.dumps(parsed)


def _print_text(report: dict, elapsed: float) -> None:
    click.echo(
        f"seeded {report['kv_table']} with {report['rows']} rows in {elapsed:.1f} s "
        f"(scale {report['scale']}, seed {report['seed']}, {len(report['families'])} key families, "
        f"{report['manifest_rows']} manifest rows in kv2rel.seed_manifest)"
    )
    click.echo(f"{'hazard':<24} {'share':>6} {'injected':>10} {'eligible':>10} {'keys':>9}")
    for name, h in report["hazards"].items():
        click.echo(f"{name:<24} {h['share']:>6} {h['injected']:>10} {h['eligible']:>10} {h['keys']:>9}")
    big = report["structural"]["prefixes_over_1000"]
    if big:
        click.echo("prefixes over 1000 keys: " + ", ".join(f"{p} {n}" for p, n in sorted(big.items())))


@cli.command(name="seed")
@dsn_option
@click.option(
    "--scale",
    default="small",
    show_default=True,
    metavar="small|projected|N",
    help="small (5 clients, 12 sites, 1.5k products, 100 orders), projected (200 clients, 1k sites, 200k products, "
    "600k orders) or a total-row target N.",
)
@click.option(
    "--seed",
    "seed",
    type=int,
    metavar="S",
    default=1,
    show_default=True,
    help="PRNG seed: the same seed, scale and hazards give a byte-identical table.",
)
@click.option(
    "--kv-table",
    default="kv_store_6fcaeea3",
    show_default=True,
    metavar="NAME",
    help='Table to fill, created if missing; may be schema-qualified and quoted: app.kv, \'"App"."KV"\'.',
)
@click.option(
    "--hazards",
    default="default",
    show_default=True,
    metavar="default|none|JSON",
    help='Hazard shares: the documented defaults, none (a clean store), or a JSON object overriding some shares, '
    'e.g. \'{"orphans": 0.2}\' ("*" sets all). See docs/generator.md.',
)
@click.option("--replace", is_flag=True, help="Truncate the table first if it holds rows (otherwise refuse).")
@click.option(
    "--timestamps/--no-timestamps",
    default=True,
    show_default=True,
    help="Give a newly created table the optional created_at/updated_at columns.",
)
@format_option
@handle_errors
def seed_cmd(
    dsn: str | None, scale: str, seed: int, kv_table: str, hazards: str, replace: bool, timestamps: bool, fmt: str
) -> None:
    """Fill a KV table with a realistic, deterministic copy of the source store, generated in SQL.

    Writes every key generation and value shape of the source and a switchable share of every known hazard;
    every hazardous key is listed in kv2rel.seed_manifest (the contract is docs/generator.md). Refuses a
    non-empty table unless --replace. Exit code 1 for a bad --scale/--hazards value (SQLSTATE K2101), a non-empty
    table (K2102) or a table of the wrong shape (K2103); 2 for an unparsable option.

    \b
    Example:
      kv2rel seed --scale small --seed 1
      kv2rel seed --scale projected --seed 7 --kv-table app.kv --replace
      kv2rel seed --scale 20000 --seed 3 --hazards '{"orphans": 0.2}' --format json
    """
    hazards_json = _hazards_argument(hazards)
    started = time.monotonic()
    with connect(dsn) as conn:
        conn.add_notice_handler(lambda diag: None)  # the report says it all
        row = conn.execute(
            "SELECT kv2rel.seed_kv_store(p_kv_table => %s, p_scale => %s, p_seed => %s,"
            " p_hazards => %s::jsonb, p_replace => %s, p_timestamps => %s)",
            (kv_table, scale.strip(), seed, hazards_json, replace, timestamps),
        ).fetchone()
    elapsed = time.monotonic() - started
    report = row[0] if row else {}
    if fmt == "json":
        click.echo(json.dumps({**report, "elapsed_s": round(elapsed, 3)}, indent=2, sort_keys=True))
    else:
        _print_text(report, elapsed)
    if report.get("rows", 0) == 0:
        echo_err("warning: no rows were generated")


# --------------------------------------------------------------------------------------- profile and plan
# Issue 4 sections 3 and 4: both run one read-only SQL function (kv2rel.profile_kv, kv2rel.plan_report) inside a
# READ ONLY transaction; this module passes the options and prints the JSON they return.

KV_TABLE_HELP = (
    "KV table to read; may be schema-qualified (app.kv, '\"App\".\"KV\"'). Resolved with to_regclass in SQL: "
    "an unknown or non-KV table fails with SQLSTATE K2201/K2202."
)
OUTCOMES = ("migrate", "merge", "quarantine", "skip")


def kv_table_option(fn):
    return click.option(
        "--kv-table", default="kv_store_6fcaeea3", show_default=True, metavar="NAME", help=KV_TABLE_HELP
    )(fn)


def env_option(fn):
    return click.option(
        "--env",
        metavar="NAME",
        help="Only this environment: keys of other environments are left out (profile) or skipped (plan); keys "
        "without an environment segment are always in. Unknown names fail with K2203.",
    )(fn)


def _read_only(conn, sql: str, params: tuple):
    """Run one statement in a READ ONLY transaction and return its single value."""
    with conn.transaction():
        conn.execute("SET TRANSACTION READ ONLY")
        row = conn.execute(sql, params).fetchone()
    return row[0] if row else None


def _console():
    from rich.console import Console

    return Console(width=120, no_color=True, highlight=False, soft_wrap=False)


def _counts_table(title: str, counts: dict):
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    table.add_column("name")
    table.add_column("keys", justify="right")
    for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(str(name), str(n))
    return table


def _print_profile(report: dict) -> None:
    from rich.table import Table

    console = _console()
    env = report.get("environment") or "all"
    console.print(
        f"profile of {report['kv_table']} (environment: {env}; known: {', '.join(report['known_environments'])}): "
        f"{report['total_keys']} keys" + (
            f", {report['excluded_other_environment']} of other environments left out"
            if report.get("excluded_other_environment") else ""
        )
    )
    for section, title in (("by_class", "keys per class"), ("by_entity", "keys per entity"),
                           ("by_generation", "keys per key generation"), ("by_environment", "keys per environment")):
        console.print(_counts_table(title, report[section]))
    for entity, info in report["entities"].items():
        table = Table(
            title=f"{entity}: {info['records']} records, value size max {info['max_value_bytes']} B, "
            f"avg {info['avg_value_bytes']} B",
            title_justify="left",
        )
        for name, justify in (("field", "left"), ("freq", "right"), ("types", "left"), ("null", "right"),
                              ("empty", "right"), ("max B", "right"), ("column", "left")):
            table.add_column(name, justify=justify)
        for f in info["fields"]:
            column = f["column"] or (f"extra (alias? {f['suggested_column']})" if f["suggested_column"] else "extra")
            table.add_row(
                f["field"], f"{float(f['frequency']):.0%}", ", ".join(f"{k} {v}" for k, v in f["types"].items()),
                f"{float(f['null_rate']):.0%}", f"{float(f['empty_rate']):.0%}", str(f["max_bytes"]), column,
            )
        console.print(table)
    drift = Table(title="index drift", title_justify="left")
    for name, justify in (("index key", "left"), ("form", "left"), ("items", "right"), ("dup", "right"),
                          ("ids without record", "right"), ("records not in index", "right")):
        drift.add_column(name, justify=justify)
    for d in report["index_drift"]:
        missing = str(d["ids_without_record"]) + (
            f" ({', '.join(d['sample_ids_without_record'][:3])})" if d["sample_ids_without_record"] else ""
        )
        drift.add_row(
            d["key"], d["form"], str(d["items"]), str(d["duplicate_ids"]), missing,
            "-" if d["records_not_in_index"] is None else str(d["records_not_in_index"]),
        )
    console.print(drift)
    mismatch = report["id_mismatches"]
    console.print(f"keys whose value id differs from the key id: {mismatch['count']}")
    for m in mismatch["sample"]:
        console.print(f"  {m['key']}: key id {m['key_id']!r}, value id {m['value_id']!r}")
    unknown = report["unknown_keys"]
    console.print(f"unknown keys (no rule matches; quarantined by the plan): {unknown['count']}")
    for key in unknown["sample"]:
        console.print(f"  {key}")


@cli.command(name="profile")
@dsn_option
@kv_table_option
@env_option
@format_option
@handle_errors
def profile_cmd(dsn: str | None, kv_table: str, env: str | None, fmt: str) -> None:
    """Profile the KV table in SQL (kv2rel.profile_kv): what is in it, before anything is migrated.

    Counts keys per class, entity, key generation and environment; for each entity lists the JSON fields
    seen with frequency, JSON types, null and empty rates, largest sizes and the column each one feeds (or
    extra); reports index arrays whose ids have no record, records missing from their global index, keys whose
    value id differs from the key id, and unknown keys. Read-only.

    \b
    Example:
      kv2rel profile
      kv2rel profile --kv-table app.kv --env production --format json
    """
    with connect(dsn) as conn:
        report = _read_only(
            conn, "SELECT kv2rel.profile_kv(kv2rel.resolve_kv_table(%s), %s)", (kv_table, env)
        )
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, sort_keys=True))
    else:
        _print_profile(report)


def _print_plan(report: dict, outcomes: tuple[str, ...], limit: int) -> None:
    from rich.table import Table

    console = _console()
    env = report.get("environment") or "all"
    counts = report["by_outcome"]
    console.print(
        f"plan for {report['kv_table']} (environment: {env}): {report['total']} keys: "
        + ", ".join(f"{counts[o]} {o}" for o in OUTCOMES)
    )
    per_entity = Table(title="per entity", title_justify="left")
    for name, justify in (("entity", "left"), ("target table", "left"), ("migrate", "right"), ("merge", "right"),
                          ("quarantine", "right"), ("skip", "right"), ("total", "right")):
        per_entity.add_column(name, justify=justify)
    for e in report["by_entity"]:
        per_entity.add_row(
            e["entity"] or "(unknown)", e["target_table"] or "-", str(e["migrate"]), str(e["merge"]),
            str(e["quarantine"]), str(e["skip"]), str(e["total"]),
        )
    console.print(per_entity)
    reasons = Table(title="most frequent reasons (not migrate)", title_justify="left")
    reasons.add_column("outcome")
    reasons.add_column("keys", justify="right")
    reasons.add_column("reason", overflow="fold")
    for r in report["top_reasons"]:
        reasons.add_row(r["outcome"], str(r["rows"]), r["reason"])
    console.print(reasons)
    shown = "all outcomes" if not outcomes else ", ".join(outcomes)
    rows = Table(
        title=f"rows ({shown}, first {limit} by key)" if limit else f"rows ({shown})", title_justify="left"
    )
    for name in ("key", "class", "entity", "outcome", "mapped id", "reason"):
        rows.add_column(name, overflow="fold")
    for r in report["rows"]:
        reason = r["reason"] + (f" -> {r['merged_into']}" if r.get("merged_into") else "")
        rows.add_row(r["key"], r["key_class"], r["entity"] or "", r["outcome"], r["mapped_id"] or "", reason)
    console.print(rows)


@cli.command(name="plan")
@dsn_option
@kv_table_option
@env_option
@click.option(
    "--outcome",
    "outcomes",
    type=click.Choice(OUTCOMES),
    multiple=True,
    help="List only rows with this outcome (repeatable); the summary always counts every row.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Rows to list, in key order; 0 lists every row.",
)
@format_option
@handle_errors
def plan_cmd(
    dsn: str | None, kv_table: str, env: str | None, outcomes: tuple[str, ...], limit: int, fmt: str
) -> None:
    """Show what the migration will do with every KV row (kv2rel.plan), without writing anything.

    For each key: class, entity, target table, the UUID its legacy id maps to, and the expected outcome:
    migrate, merge (duplicate of another key), quarantine (unknown key, bad value, missing required field,
    rejected value) or skip (index, pointer, ephemeral, secret, other environment, no target table), with the
    reason. Prints totals per outcome and entity, the most frequent reasons, and the first --limit rows.

    \b
    Example:
      kv2rel plan --env production
      kv2rel plan --outcome quarantine --limit 0 --format json > quarantine.json
    """
    with connect(dsn) as conn:
        report = _read_only(
            conn,
            "SELECT kv2rel.plan_report(kv2rel.resolve_kv_table(%s), %s, %s, %s)",
            (kv_table, env, list(outcomes) or None, limit),
        )
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, sort_keys=True))
    else:
        _print_plan(report, outcomes, limit)
