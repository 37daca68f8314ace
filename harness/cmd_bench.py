"""`kv2rel bench`: benchmarks that print their figures. Issue 4 adds `bench classify` (classify and plan a
large KV table, target 100k rows/s each); later issues add their own subcommands to the `bench` group here.

The work measured is SQL (kv2rel.classify_kv, kv2rel.plan); this module creates the data, times the calls and
prints medians."""

from __future__ import annotations

import json
import os
import statistics
import time

import click
from psycopg import sql

from .cli import cli
from .db import connect
from .options import CONTEXT_SETTINGS, dsn_option, echo_err, fail, format_option, handle_errors

TARGET_ROWS_PER_S = 100_000
BENCH_TABLE = "kv2rel_bench.kv_store"

# Synthetic KV rows with the key conventions and value shapes of kv-store.md, in the proportions of a
# product-heavy store: gifts in three key generations, site-scoped employees and public orders, CRUD orders,
# assignments, audit entries, sessions, clients and sites in every generation (with cross-generation
# duplicates), configs, links, logs, roles, join rows, ephemeral keys and unknown keys (about 2 %).
SYNTHETIC_SQL = """
INSERT INTO kv2rel_bench.kv_store (key, value)
SELECT g.key, g.value
  FROM (
        SELECT i,
               (ARRAY['development', 'production', 'staging'])[1 + i %% 3] AS env,
               'site-' || (i %% 997) AS site,
               md5(i::text)::uuid::text AS u,
               to_char(timestamp '2026-01-01' + (i %% 100000) * interval '1 minute',
                       'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts,
               i %% 100 AS b
          FROM generate_series(1, %(rows)s) AS i
       ) AS s
 CROSS JOIN LATERAL (
        SELECT CASE
                   WHEN s.b < 15 THEN 'gift:' || s.env || ':gift-' || s.i
                   WHEN s.b < 20 THEN 'gifts:gift-' || s.i
                   WHEN s.b < 25 THEN 'gift:gift-' || (s.i - 5)
                   WHEN s.b < 40 THEN 'employee:' || s.site || ':emp-' || s.i
                   WHEN s.b < 45 THEN 'employees:' || s.env || ':emp-' || s.i
                   WHEN s.b < 53 THEN 'order:' || s.env || ':ORD-' || lpad(s.i::text, 8, '0') || '-ab12'
                   WHEN s.b < 60 THEN 'order:' || s.site || ':' || s.u
                   WHEN s.b < 68 THEN 'site-gift-assignment:' || s.site || ':gift-' || s.i
                   WHEN s.b < 76 THEN 'audit:' || s.env || ':' || (1739000000000 + s.i) || ':' || s.u
                   WHEN s.b < 80 THEN 'session:' || s.u
                   WHEN s.b = 80 THEN 'client:' || s.env || ':client-' || s.i
                   WHEN s.b = 81 THEN 'client:client-' || (s.i - 1)
                   WHEN s.b = 82 THEN 'clients:client-' || (s.i - 2)
                   WHEN s.b = 83 THEN 'site:' || s.env || ':site-x' || s.i
                   WHEN s.b = 84 THEN 'sites:site-x' || s.i
                   WHEN s.b = 85 THEN 'sites:site-x' || s.i || ':catalog_config'
                   WHEN s.b = 86 THEN 'catalogs:cat-' || s.i
                   WHEN s.b = 87 THEN 'catalog_gifts:cat-' || (s.i %% 50) || ':gift-' || s.i
                   WHEN s.b = 88 THEN 'hris_connection_hris_conn_' || s.i || '_ab12cd3'
                   WHEN s.b = 89 THEN 'webhook:' || s.site || ':webhook-' || s.i
                   WHEN s.b = 90 THEN 'email-history:' || s.site || ':history-' || s.i
                   WHEN s.b = 91 THEN 'celebrations:employee:emp-' || s.i || ':celebration-' || s.i
                   WHEN s.b = 92 THEN 'admin_users:' || s.u
                   WHEN s.b = 93 THEN 'role:' || s.u
                   WHEN s.b = 94 THEN 'employee_role:emp-' || s.i || ':role:' || s.u || ':all'
                   WHEN s.b = 95 THEN 'magic-link:' || s.u
                   WHEN s.b = 96 THEN 'ratelimit:/api/x:' || s.u
                   WHEN s.b = 97 THEN 'legacy_thing:' || s.i
                   WHEN s.b = 98 THEN 'client:qa:client-' || s.i
                   ELSE 'test:' || s.i
               END AS key,
               CASE
                   WHEN s.b < 25 THEN jsonb_build_object(
                       'id', 'gift-' || s.i, 'name', 'Gift ' || s.i, 'sku', 'SKU-' || s.i,
                       'price', (s.i %% 500) + 0.99, 'status', 'active', 'catalogId', 'cat-' || (s.i %% 50),
                       'updatedAt', s.ts)
                   WHEN s.b < 45 THEN jsonb_build_object(
                       'id', 'emp-' || s.i, 'name', 'Emp Loyee', 'email', 'e' || s.i || '@x.example',
                       'employeeId', 'E' || s.i, 'status', 'active', 'createdAt', s.ts)
                   WHEN s.b < 60 THEN jsonb_build_object(
                       'id', 'ORD-' || s.i, 'orderNumber', 'ORD-' || s.i, 'siteId', s.site,
                       'employeeEmail', 'e' || s.i || '@x.example', 'giftId', 'gift-' || s.i,
                       'status', 'pending', 'totalValue', 70, 'createdAt', s.ts, 'updatedAt', s.ts)
                   WHEN s.b < 68 THEN jsonb_build_object(
                       'siteId', s.site, 'giftId', 'gift-' || s.i, 'active', true, 'createdAt', s.ts)
                   WHEN s.b < 76 THEN jsonb_build_object(
                       'timestamp', s.ts, 'action', 'create', 'resourceName', 'clients',
                       'resourceId', 'client-' || s.i, 'userId', null, 'details', '{}'::jsonb)
                   WHEN s.b BETWEEN 80 AND 82 THEN jsonb_build_object(
                       'id', 'client-' || (s.i - (s.b - 80)), 'name', 'Client ' || s.i,
                       'status', (ARRAY['active', 'suspended', 'inactive'])[1 + s.i %% 3], 'updatedAt', s.ts)
                   WHEN s.b BETWEEN 83 AND 84 THEN jsonb_build_object(
                       'id', 'site-x' || s.i, 'name', 'Site ' || s.i, 'slug', 'site-' || s.i,
                       'clientId', 'client-' || s.i, 'status', (ARRAY['active', 'live', 'draft'])[1 + s.i %% 3])
                   ELSE jsonb_build_object('id', s.i::text, 'note', 'other')
               END AS value
       ) AS g
    ON CONFLICT (key) DO NOTHING
"""


def _median_rate(rows: int, seconds: list[float]) -> dict:
    median = statistics.median(seconds)
    return {
        "seconds": [round(s, 3) for s in seconds],
        "median_s": round(median, 3),
        "rows_per_s": int(rows / median) if median > 0 else None,
    }


def _prepare_table(conn, rows: int, generator: str) -> tuple[str, int, str]:
    """Create (or reuse) kv2rel_bench.kv_store with about `rows` rows; returns (table, rows, generator used)."""
    has_seed = conn.execute(
        "SELECT to_regprocedure('kv2rel.seed_kv_store(text, text, bigint, jsonb, boolean, boolean)') IS NOT NULL"
    ).fetchone()[0]
    if generator == "seed" and not has_seed:
        fail("--generator seed: kv2rel.seed_kv_store is not installed in this database (run kv2rel apply)")
    used = "seed" if generator == "seed" or (generator == "auto" and has_seed) else "synthetic"
    stamp = f"kv2rel bench data: generator {used}, {rows} rows requested"
    existing = conn.execute(
        "SELECT obj_description(to_regclass(%s), 'pg_class')", (BENCH_TABLE,)
    ).fetchone()[0]
    if existing == stamp:
        count = conn.execute(f"SELECT count(*) FROM {BENCH_TABLE}").fetchone()[0]
        return BENCH_TABLE, count, used
    echo_err(f"generating {rows} rows into {BENCH_TABLE} ({used} generator) ...")
    conn.execute("CREATE SCHEMA IF NOT EXISTS kv2rel_bench")
    conn.execute(f"DROP TABLE IF EXISTS {BENCH_TABLE}")
    if used == "seed":
        conn.execute(
            "SELECT kv2rel.seed_kv_store(p_kv_table => %s, p_scale => %s, p_seed => 1, p_replace => true)",
            (BENCH_TABLE, str(rows)),
        )
    else:
        conn.execute(f"CREATE UNLOGGED TABLE {BENCH_TABLE} (key text PRIMARY KEY, value jsonb NOT NULL)")
        conn.execute(SYNTHETIC_SQL, {"rows": rows})
    conn.execute(f"VACUUM ANALYZE {BENCH_TABLE}")
    conn.execute(sql.SQL("COMMENT ON TABLE kv2rel_bench.kv_store IS {}").format(sql.Literal(stamp)))
    count = conn.execute(f"SELECT count(*) FROM {BENCH_TABLE}").fetchone()[0]
    return BENCH_TABLE, count, used


def _run(dsn: str, rows: int, runs: int, kv_table: str | None, generator: str, fmt: str) -> dict:
    with connect(dsn) as conn:
        installed = conn.execute("SELECT to_regprocedure('kv2rel.plan(regclass, text)') IS NOT NULL").fetchone()[0]
        if not installed:
            fail("kv2rel.plan is not installed in this database: run kv2rel apply first")
        if kv_table:
            table = conn.execute("SELECT kv2rel.resolve_kv_table(%s)::text", (kv_table,)).fetchone()[0]
            count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            used = "existing table"
        else:
            table, count, used = _prepare_table(conn, rows, generator)
        sha1 = conn.execute(
            "SELECT CASE WHEN pg_get_functiondef('kv2rel.sha1(bytea)'::regprocedure) LIKE '%%digest(%%'"
            " THEN 'pgcrypto digest()' ELSE 'PL/pgSQL' END"
        ).fetchone()[0]
        version = conn.execute("SHOW server_version").fetchone()[0]
        queries = {
            "classify": "SELECT count(*) FROM kv2rel.classify_kv(%s::regclass)",
            "plan": "SELECT count(*) FROM kv2rel.plan(%s::regclass, NULL)",
        }
        results = {}
        for name, query in queries.items():
            conn.execute(query, (table,))  # warm-up: caches and the compiled rules, not timed
            seconds = []
            for n in range(runs):
                started = time.perf_counter()
                conn.execute(query, (table,)).fetchone()
                seconds.append(time.perf_counter() - started)
                if fmt == "text":
                    echo_err(f"{name} run {n + 1}/{runs}: {seconds[-1]:.2f} s")
            results[name] = _median_rate(count, seconds)
    return {
        "kv_table": table,
        "rows": count,
        "generator": used,
        "runs": runs,
        "postgres": version,
        "cpus": os.cpu_count(),
        "sha1": sha1,
        "target_rows_per_s": TARGET_ROWS_PER_S,
        **results,
        "meets_target": all(r["rows_per_s"] and r["rows_per_s"] >= TARGET_ROWS_PER_S for r in results.values()),
    }


@cli.group(name="bench", context_settings=CONTEXT_SETTINGS)
def bench() -> None:
    """Benchmarks with printed figures (not tests): `kv2rel bench classify`.

    \b
    Example:
      kv2rel bench classify --rows 1000000 --runs 3
    """


@bench.command(name="classify")
@dsn_option
@click.option(
    "--rows",
    type=click.IntRange(1000, 20_000_000),
    default=1_000_000,
    show_default=True,
    help="Rows to generate into kv2rel_bench.kv_store (reused while it holds the same request).",
)
@click.option("--runs", type=click.IntRange(1, 50), default=3, show_default=True, help="Timed runs; the median counts.")
@click.option(
    "--kv-table",
    metavar="NAME",
    help="Benchmark this existing KV table as it is instead of generated rows (may be schema-qualified).",
)
@click.option(
    "--generator",
    type=click.Choice(["auto", "seed", "synthetic"]),
    default="auto",
    show_default=True,
    help="Data: the KV generator (kv2rel seed) when installed (auto), or synthetic generate_series rows.",
)
@click.option("--pg-bindir", type=click.Path(file_okay=False), help="PostgreSQL binaries for the throwaway server.")
@format_option
@handle_errors
def bench_classify_cmd(
    dsn: str | None, rows: int, runs: int, kv_table: str | None, generator: str, pg_bindir: str | None, fmt: str
) -> None:
    """Time kv2rel.classify_kv and kv2rel.plan over a large KV table; print rows/s (median of --runs).

    Without --dsn it runs on a throwaway PostgreSQL (schema applied, deleted afterwards). With --dsn the
    database needs `kv2rel apply`; generated data goes to kv2rel_bench.kv_store (drop the schema kv2rel_bench
    when done). Each query gets one untimed warm-up run. The target is 100,000 rows/s for each.

    \b
    Example:
      kv2rel bench classify
      kv2rel bench classify --dsn postgresql://localhost/gifts --rows 1000000 --runs 5 --format json
    """
    if dsn:
        report = _run(dsn, rows, runs, kv_table, generator, fmt)
    else:
        from .runner import apply
        from .server import ThrowawayServer

        with ThrowawayServer(pg_bindir, log=echo_err if fmt == "text" else lambda _: None) as server:
            with connect(server.dsn) as conn:
                apply(conn)
            report = _run(server.dsn, rows, runs, kv_table, generator, fmt)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, sort_keys=True))
        return
    click.echo(
        f"{report['rows']} rows in {report['kv_table']} ({report['generator']}), PostgreSQL {report['postgres']}, "
        f"{report['cpus']} CPUs, SHA-1 by {report['sha1']}, median of {report['runs']} runs:"
    )
    for name in ("classify", "plan"):
        r = report[name]
        click.echo(
            f"  {name:<9} {r['median_s']:>7.2f} s  {r['rows_per_s']:>9,} rows/s  (runs: "
            + ", ".join(f"{s:.2f}" for s in r["seconds"]) + ")"
        )
    click.echo(
        f"target {TARGET_ROWS_PER_S:,} rows/s: " + ("met" if report["meets_target"] else "NOT met")
    )


# --------------------------------------------------------------------------------------------- bench queries
# Issue 7: the source's KV access patterns against the relational schema, side by side. The measurement code
# (the KV way, the relational queries, EXPLAIN checks, report and chart) is harness/bench_queries.py.


def _scale_argument(ctx, param, value):  # noqa: ARG001 - click callback signature
    if value is None:
        return None
    text = value.strip()
    if text in ("small", "projected") or (text.isdigit() and 1 <= int(text) <= 20_000_000):
        return text
    raise click.BadParameter(f"{value!r}: give small, projected or a whole number of rows 1 … 20000000")


@bench.command(name="queries")
@dsn_option
@click.option(
    "--scale",
    callback=_scale_argument,
    metavar="small|projected|N",
    help="Without --dsn: seed a throwaway server at this scale (kv2rel seed) and migrate it (kv2rel migrate) "
    "first. Default small. Not allowed with --dsn, which benchmarks the data already there.",
)
@click.option("--seed", "seed", type=int, default=1, show_default=True, metavar="S", help="PRNG seed for --scale.")
@click.option(
    "--hazards",
    default="default",
    show_default=True,
    metavar="default|none|JSON",
    help="Hazard shares for --scale (as kv2rel seed --hazards).",
)
@click.option("--kv-table", metavar="NAME", help="KV table (default: kv2rel.settings kv_table, kv_store_6fcaeea3).")
@click.option("--runs", type=click.IntRange(1, 1000), default=5, show_default=True, help="Timed runs per side.")
@click.option("--warmup", type=click.IntRange(0, 100), default=1, show_default=True, help="Untimed runs first.")
@click.option(
    "--rtt-ms",
    type=click.FloatRange(0, 10_000),
    default=60.0,
    show_default=True,
    help="Simulated delay per round trip (the source's REST calls: ≈60–90 ms); 0 for none. Added to the measured "
    "times as round trips × delay, unless --rtt-sleep.",
)
@click.option("--rtt-sleep", is_flag=True, help="Really sleep --rtt-ms per round trip (slow: 1000 calls = 1 min).")
@click.option(
    "--operation",
    "operations",
    multiple=True,
    type=click.Choice(["catalog_products", "client_report", "product_search", "order_lookup", "site_products",
                       "dashboard"]),  # fmt: skip
    help="Only these operations (repeatable; default all).",
)
@click.option("--search", metavar="TERM", help="Product search term (default: the most frequent product name).")
@click.option("--order-number", metavar="NUMBER", help="Order number to look up (default: a mid-range ORD- number).")
@click.option("--no-vacuum", is_flag=True, help="Skip VACUUM (ANALYZE) of the relational tables before measuring.")
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Where PERFORMANCE_TEST_RESULTS.md/.json/.png go.",
)
@click.option("--pg-bindir", type=click.Path(file_okay=False), help="PostgreSQL binaries for the throwaway server.")
@format_option
@handle_errors
def bench_queries_cmd(
    dsn: str | None,
    scale: str | None,
    seed: int,
    hazards: str,
    kv_table: str | None,
    runs: int,
    warmup: int,
    rtt_ms: float,
    rtt_sleep: bool,
    operations: tuple[str, ...],
    search: str | None,
    order_number: str | None,
    no_vacuum: bool,
    output_dir: str,
    pg_bindir: str | None,
    fmt: str,
) -> None:
    """Time six operations the KV way (as the source backend did) and the relational way; print the ratios.

    Each operation (catalog listing, client monthly report, product search, order lookup, site products, admin
    dashboard) runs against the same server both ways: KV gets, prefix scans and N+1 lookups with the work done
    in the client, versus one query (three for the dashboard). Reports round trips, rows, p50/p95, the ratio
    (only when both sides return the same answer), whether each plan uses its index (EXPLAIN), and the seed's
    claimed ratio; writes PERFORMANCE_TEST_RESULTS.md, .json and a PNG chart to --output-dir. Without --dsn it
    seeds and migrates a throwaway server at --scale. See docs/benchmarks.md.

    \b
    Example:
      kv2rel bench queries --scale small -o results/
      kv2rel bench queries --dsn postgresql://localhost/gifts --runs 10 --rtt-ms 80 --format json
    """
    from pathlib import Path

    from . import bench_queries as bq

    from .cmd_kv import _hazards_argument

    hazards_json = _hazards_argument(hazards)  # a bad value is a usage error before any server starts
    overrides = {"search": search, "order_number": order_number}
    log = echo_err if fmt == "text" else (lambda _: None)
    options = dict(
        kv_table=kv_table, runs=runs, warmup=warmup, rtt_ms=rtt_ms, rtt_sleep=rtt_sleep,
        operations=list(operations) or None, overrides=overrides, vacuum=not no_vacuum, log=log,
    )  # fmt: skip
    try:
        if dsn:
            if scale:
                raise click.UsageError("--scale seeds a throwaway server; with --dsn the data already there is used")
            with connect(dsn) as conn:
                report = bq.run(conn, **options)
        else:
            from .runner import apply
            from .server import ThrowawayServer

            scale = scale or "small"
            with ThrowawayServer(pg_bindir, log=log) as server:
                with connect(server.dsn) as conn:
                    apply(conn)
                    prepared = bq.prepare_store(conn, scale, seed, hazards_json, kv_table, log=log)
                    report = bq.run(conn, **options)
                report["prepared"] = prepared
                report["scale"] = scale
    except bq.BenchError as exc:
        fail(str(exc))
    files = bq.write_outputs(report, Path(output_dir))
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, sort_keys=True, default=str))
        return
    bq.print_text(report, files, click.echo)


# --------------------------------------------------------------------------------------------- bench migrate
# Issue 5: the data migration end to end against a bare INSERT ... SELECT of the same rows
# (harness/bench_migrate.py holds the measurement).

def run_on_server(dsn: str | None, pg_bindir: str | None, log, measure):
    """measure(dsn) on --dsn, or on a throwaway server with the package applied (deleted afterwards)."""
    if dsn:
        return measure(dsn)
    from .runner import apply
    from .server import ThrowawayServer

    with ThrowawayServer(pg_bindir, log=log) as server:
        with connect(server.dsn) as conn:
            apply(conn)
        return measure(server.dsn)


@bench.command(name="migrate")
@dsn_option
@click.option(
    "--records",
    type=click.IntRange(1000, 20_000_000),
    default=1_000_000,
    show_default=True,
    help="Store size to generate (kv2rel seed --scale N: about N KV records).",
)
@click.option("--batch-size", type=click.IntRange(1, 1_000_000), default=5000, show_default=True)
@click.option("--seed", "seed", type=int, default=1, show_default=True, metavar="S", help="Generator seed.")
@click.option("--pg-bindir", type=click.Path(file_okay=False), help="PostgreSQL binaries for the throwaway server.")
@format_option
@handle_errors
def bench_migrate_cmd(
    dsn: str | None, records: int, batch_size: int, seed: int, pg_bindir: str | None, fmt: str
) -> None:
    """Generate a store of about --records KV records, migrate it, and time a bare load of the same rows.

    Reports records/s end to end (planning included), the seconds of a bare INSERT ... SELECT of the rows the
    migration wrote into empty clones of the same tables (no classification, validation or accounting), their
    ratio, and the harness's peak memory. Without --dsn it uses a throwaway server; with --dsn the database
    needs `kv2rel apply`, empty target tables and no runs. Targets: 30,000 records/s, within 2x of the baseline.

    \b
    Example:
      kv2rel bench migrate --records 200000
      kv2rel bench migrate --records 1000000 --format json
    """
    from . import bench_migrate as bm

    log = echo_err if fmt == "text" else (lambda _: None)
    try:
        report = run_on_server(dsn, pg_bindir, log, lambda target: bm.run(target, records, batch_size, seed, log=log))
    except bm.BenchError as exc:
        fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, sort_keys=True, default=str))
        return
    click.echo(
        f"{report['records']} KV records migrated in {report['seconds']:.1f} s = {report['records_per_s']:,} records/s "
        f"(planning {report['planning_seconds']:.1f} s, batches {report['batches_seconds']:.1f} s, batch size "
        f"{report['batch_size']}); PostgreSQL {report['postgres']}, {report['cpus']} CPUs"
    )
    click.echo(
        f"bare INSERT ... SELECT of the same {report['baseline_rows']} rows: {report['baseline_seconds']:.1f} s; "
        f"ratio {report['baseline_ratio']}x; harness peak RSS {report['peak_rss_mb']} MB"
    )
    click.echo(
        f"targets: {bm.TARGET_RECORDS_PER_S:,} records/s "
        + ("met" if report["meets_target"] else "NOT met")
        + f", within {bm.TARGET_BASELINE_RATIO:g}x of the baseline "
        + ("met" if report["within_2x_of_baseline"] else "NOT met")
    )


# Subcommands kept in their own modules register on `bench` when imported (after `bench` exists).
from . import cmd_bench_reconcile  # noqa: E402,F401  (registers bench reconcile)
