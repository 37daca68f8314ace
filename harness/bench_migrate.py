"""`kv2rel bench migrate` (issue 5): generate a store of about N records, migrate it, and compare with a bare load.

Everything measured is SQL: kv2rel.seed_kv_store generates the store, CALL kv2rel.migrate migrates it (timed end to
end, planning included), and the baseline copies exactly the rows the migration wrote into empty clones of the
same target tables (CREATE TABLE ... (LIKE public.x INCLUDING ALL): same columns, defaults, CHECKs and indexes, no
foreign keys or triggers) with one plain INSERT ... SELECT per table and no classification, mapping, validation or
accounting. baseline_ratio = migration seconds / baseline seconds. peak_rss_mb is the harness process's peak
resident memory (resource.getrusage): the harness only sends SQL and reads NOTICEs, so it does not grow with N.
"""

from __future__ import annotations

import os
import resource
import time

import psycopg

from .db import connect

TARGET_RECORDS_PER_S = 30_000
TARGET_BASELINE_RATIO = 2.0
KV = "public.kv_store_6fcaeea3"
CLONES = "kv2rel_bench_baseline"


class BenchError(Exception):
    """The database is not usable for the benchmark; the message says why."""


def _peak_rss_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if os.uname().sysname == "Darwin" else 1024), 1)


def _check_empty(conn: psycopg.Connection) -> None:
    if conn.execute("SELECT to_regprocedure('kv2rel.seed_kv_store(text, text, bigint, jsonb, boolean, boolean)')"
                    " IS NULL OR to_regclass('kv2rel.runs') IS NULL").fetchone()[0]:  # fmt: skip
        raise BenchError("kv2rel is not installed in this database: run kv2rel apply first")
    runs = conn.execute("SELECT count(*) FROM kv2rel.runs").fetchone()[0]
    tables = [r[0] for r in conn.execute(
        "SELECT DISTINCT target_table FROM kv2rel.kv_entities WHERE to_regclass(target_table) IS NOT NULL"
    )]  # fmt: skip
    busy = [t for t in tables if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0]]
    if runs or busy:
        raise BenchError(
            "bench migrate needs a scratch database whose target tables are empty and that has no migration "
            f"runs (found {runs} run(s), rows in {', '.join(busy) or 'none'}); run it without --dsn to use a "
            "throwaway server"
        )


def run(dsn: str, records: int, batch_size: int, seed: int, log=lambda _: None) -> dict:
    with connect(dsn) as conn:
        conn.add_notice_handler(lambda diag: None)
        _check_empty(conn)
        version = conn.execute("SHOW server_version").fetchone()[0]

        log(f"generating about {records} records into {KV} (kv2rel seed --scale {records}) ...")
        started = time.perf_counter()
        conn.execute(
            "SELECT kv2rel.seed_kv_store(p_kv_table => %s, p_scale => %s, p_seed => %s, p_replace => true)",
            (KV, str(records), seed),
        )
        conn.execute(f"VACUUM ANALYZE {KV}")
        seed_seconds = time.perf_counter() - started
        kv_rows = conn.execute(f"SELECT count(*) FROM {KV}").fetchone()[0]

        log(f"migrating {kv_rows} records (CALL kv2rel.migrate, batch size {batch_size}) ...")
        load_before = [round(x, 2) for x in os.getloadavg()]
        progress = {"last": 0.0}

        def on_notice(diag) -> None:
            now = time.perf_counter()
            if now - progress["last"] >= 10:
                progress["last"] = now
                log("  " + (diag.message_primary or "").removeprefix("kv2rel migrate: "))

        conn.add_notice_handler(on_notice)
        started = time.perf_counter()
        run_id, summary = conn.execute(
            "CALL kv2rel.migrate(p_kv_table => %s, p_env => 'production', p_batch_size => %s, p_run_id => NULL,"
            " p_summary => NULL)",
            (KV, batch_size),
        ).fetchone()
        seconds = time.perf_counter() - started
        phases = conn.execute(
            "SELECT extract(epoch FROM (r.progress ->> 'planned_at')::timestamptz - r.started_at),"
            " (SELECT sum(b.duration_ms) / 1000 FROM kv2rel.run_batches AS b WHERE b.run_id = r.run_id),"
            " (SELECT jsonb_object_agg(x.k, x.s) FROM (SELECT t.key AS k, round(sum(t.value::numeric) / 1000, 2) AS s"
            "   FROM kv2rel.run_batches AS b CROSS JOIN LATERAL jsonb_each_text(b.timings) AS t"
            "  WHERE b.run_id = r.run_id AND t.key LIKE '%%\\_ms' GROUP BY 1) AS x),"
            " (SELECT count(*) FILTER (WHERE (b.timings ->> 'stage_parallel_form')::integer = 1)"
            "   FROM kv2rel.run_batches AS b WHERE b.run_id = r.run_id),"
            " (SELECT count(*) FROM kv2rel.run_batches AS b WHERE b.run_id = r.run_id),"
            " extract(epoch FROM r.finished_at - (SELECT max(b.finished_at) FROM kv2rel.run_batches AS b"
            "   WHERE b.run_id = r.run_id))"
            " FROM kv2rel.runs AS r WHERE r.run_id = %s",
            (run_id,),
        ).fetchone()

        log("baseline: the same rows into empty clones of the same tables, one INSERT ... SELECT per table ...")
        tables = [r[0] for r in conn.execute(
            "SELECT t.target_table FROM (SELECT DISTINCT target_table FROM kv2rel.run_items"
            " WHERE run_id = %s AND outcome = 'migrated') AS t ORDER BY 1", (run_id,)
        )]  # fmt: skip
        conn.execute(f"DROP SCHEMA IF EXISTS {CLONES} CASCADE")
        conn.execute(f"CREATE SCHEMA {CLONES}")
        clones = {}
        for table in tables:
            name = f"{CLONES}.{table.split('.')[-1]}"
            conn.execute(f"CREATE TABLE {name} (LIKE {table} INCLUDING ALL)")
            clones[table] = name
        conn.execute("CHECKPOINT")
        baseline = 0.0
        rows_written = 0
        for table, name in clones.items():
            cols = ", ".join(
                r[0] for r in conn.execute(
                    "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
                    " AND NOT attisdropped AND attgenerated = '' ORDER BY attnum", (table,)
                )
            )  # fmt: skip
            started = time.perf_counter()
            cur = conn.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM {table}")
            baseline += time.perf_counter() - started
            rows_written += cur.rowcount
        conn.execute(f"DROP SCHEMA {CLONES} CASCADE")

    records_per_s = kv_rows / seconds if seconds else None
    ratio = seconds / baseline if baseline else None
    return {
        "records": kv_rows,
        "records_requested": records,
        "seconds": round(seconds, 3),
        "records_per_s": int(records_per_s) if records_per_s else None,
        "baseline_seconds": round(baseline, 3),
        "baseline_rows": rows_written,
        "baseline_ratio": round(ratio, 2) if ratio else None,
        "peak_rss_mb": _peak_rss_mb(),
        "run_id": run_id,
        "batch_size": batch_size,
        "planning_seconds": round(float(phases[0] or 0), 3),
        "batches_seconds": round(float(phases[1] or 0), 3),
        "batch_steps_seconds": phases[2],
        "batches": phases[4],
        "batches_staged_in_parallel_form": phases[3],
        "finish_seconds": round(float(phases[5] or 0), 3),
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "seed_seconds": round(seed_seconds, 3),
        "totals": summary["totals"],
        "identity_holds": summary["identity_holds"],
        "postgres": version,
        "cpus": os.cpu_count(),
        "target_records_per_s": TARGET_RECORDS_PER_S,
        "meets_target": bool(records_per_s and records_per_s >= TARGET_RECORDS_PER_S),
        "within_2x_of_baseline": bool(ratio and ratio <= TARGET_BASELINE_RATIO),
    }
