"""kv2rel.get_migration_stats(): exact row counts, sizes and average row size of every table in public."""

from __future__ import annotations

import pgtap as t
from check_rows import CHAIN_TABLES, insert_chain, one, public_tables


def test_empty_database(db):
    t.volatility_is(
        db, "kv2rel", "get_migration_stats", [], "volatile", "get_migration_stats() exists; VOLATILE (file sizes)"
    )
    t.results_eq(
        db,
        "SELECT table_name FROM kv2rel.get_migration_stats()",
        [(name,) for name in public_tables(db)],
        "one row per table in public, by name",
    )
    t.is_empty(
        db,
        "SELECT * FROM kv2rel.get_migration_stats() WHERE row_count <> 0 OR avg_row_bytes IS NOT NULL",
        "an empty table has row_count 0 and avg_row_bytes NULL (no row to average)",
    )
    t.is_empty(
        db,
        "SELECT * FROM kv2rel.get_migration_stats()"
        " WHERE total_bytes <> table_bytes + index_bytes OR index_bytes <= 0 OR table_bytes < 0",
        "total_bytes is table_bytes + index_bytes, and every table has index bytes (its primary key at least)",
    )


def test_populated_database(db):
    insert_chain(db)
    db.execute("INSERT INTO public.clients (name) SELECT 'Client ' || g FROM generate_series(1, 4) AS g")
    t.results_eq(
        db,
        "SELECT table_name, row_count FROM kv2rel.get_migration_stats() WHERE row_count > 0",
        sorted([(name, 5 if name == "clients" else 1) for name in CHAIN_TABLES]),
        "exact counts: the chain's rows plus four more clients",
    )
    t.results_eq(
        db,
        "SELECT avg_row_bytes FROM kv2rel.get_migration_stats() WHERE table_name = 'clients'",
        "SELECT round(avg(pg_column_size(c.*)), 2) FROM public.clients AS c",
        "avg_row_bytes is the average pg_column_size of the rows, to 2 decimals",
    )
    t.ok(
        one(db, "SELECT bool_and(avg_row_bytes > 24) FROM kv2rel.get_migration_stats() WHERE row_count > 0"),
        "a non-empty table has an average row size above the 24-byte tuple header",
    )


def test_lists_new_tables_of_public_only(db):
    db.execute("CREATE TABLE public.toy_stats (n integer)")
    db.execute("INSERT INTO public.toy_stats SELECT generate_series(1, 1000)")
    db.execute("CREATE TABLE kv2rel.toy_elsewhere (n integer)")
    t.results_eq(
        db,
        "SELECT row_count, index_bytes, total_bytes = table_bytes FROM kv2rel.get_migration_stats()"
        " WHERE table_name = 'toy_stats'",
        [(1000, 0, True)],
        "a table added to public is counted exactly; without indexes its total is its table size",
    )
    t.is_empty(
        db,
        "SELECT * FROM kv2rel.get_migration_stats() WHERE table_name = 'toy_elsewhere'",
        "tables outside public are not listed",
    )
