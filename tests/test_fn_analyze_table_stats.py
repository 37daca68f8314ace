"""kv2rel.analyze_table_stats(): pg_stat_user_tables for public, with a dead-tuple bloat estimate."""

from __future__ import annotations

from decimal import Decimal

import pgtap as t
from check_rows import CHAIN_TABLES, flush_stats, insert_chain, one, public_tables


def test_empty_database(db):
    t.volatility_is(
        db, "kv2rel", "analyze_table_stats", [], "volatile", "analyze_table_stats() exists; VOLATILE (heap size)"
    )
    t.results_eq(
        db,
        "SELECT table_name FROM kv2rel.analyze_table_stats()",
        [(name,) for name in public_tables(db)],
        "one row per table in public (no 'column reference is ambiguous' as in the source's version)",
    )
    t.is_empty(
        db,
        "SELECT * FROM kv2rel.analyze_table_stats()"
        " WHERE live_rows + dead_rows + inserts + updates + deletes <> 0"
        " OR estimated_bloat_bytes <> 0 OR estimated_bloat_ratio <> 0",
        "a fresh database has zero counters and no estimated bloat",
    )


def test_populated_database(db):
    insert_chain(db)
    db.execute("UPDATE public.orders SET notes = 'gift wrap'")
    flush_stats(db)
    t.results_eq(
        db,
        "SELECT table_name, live_rows, inserts, updates, deletes FROM kv2rel.analyze_table_stats()"
        " WHERE inserts > 0 ORDER BY table_name",
        sorted((name, 1, 1, 1 if name == "orders" else 0, 0) for name in CHAIN_TABLES),
        "inserts, updates and live rows of the chain's tables",
    )


def test_bloat_estimate_after_deletes_and_vacuum(db):
    db.execute("CREATE TABLE public.toy_bloat (n integer, pad text) WITH (autovacuum_enabled = false)")
    db.execute("INSERT INTO public.toy_bloat SELECT g, repeat('x', 100) FROM generate_series(1, 400) AS g")
    db.execute("DELETE FROM public.toy_bloat WHERE n % 4 = 0")
    flush_stats(db)
    heap = one(db, "SELECT pg_relation_size('public.toy_bloat')")
    t.results_eq(
        db,
        "SELECT live_rows, dead_rows, deletes, estimated_bloat_bytes, estimated_bloat_ratio"
        " FROM kv2rel.analyze_table_stats() WHERE table_name = 'toy_bloat'",
        [(300, 100, 100, round(heap / 4), Decimal("0.2500"))],
        "100 dead of 400 tuples: ratio 0.25 and a quarter of the heap as estimated bloat",
    )
    db.execute("VACUUM public.toy_bloat")
    flush_stats(db)
    t.results_eq(
        db,
        "SELECT dead_rows, estimated_bloat_bytes, last_vacuum IS NOT NULL FROM kv2rel.analyze_table_stats()"
        " WHERE table_name = 'toy_bloat'",
        [(0, 0, True)],
        "after VACUUM no dead tuples are left to estimate, and last_vacuum is set",
    )
