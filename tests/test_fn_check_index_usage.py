"""kv2rel.check_index_usage(): scans, size, uniqueness, unused and duplicate indexes of public."""

from __future__ import annotations

import pgtap as t
from check_rows import flush_stats, insert_chain, one

DUPLICATES = "SELECT index_name, duplicate_of FROM kv2rel.check_index_usage() WHERE duplicate_of IS NOT NULL"


def test_empty_database(db):
    t.volatility_is(db, "kv2rel", "check_index_usage", [], "volatile", "check_index_usage() exists; VOLATILE (sizes)")
    t.results_eq(
        db,
        "SELECT table_name, index_name FROM kv2rel.check_index_usage()",
        "SELECT tablename::text, indexname::text FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
        "one row per index in public, by table and index name",
    )
    t.is_empty(db, DUPLICATES, "the schema has no duplicate index")
    t.is_empty(
        db,
        "SELECT * FROM kv2rel.check_index_usage() WHERE index_scans <> 0 OR index_bytes <= 0",
        "a fresh database has no scans; every index has a size",
    )
    t.results_eq(
        db,
        "SELECT is_unique, is_primary, is_unused FROM kv2rel.check_index_usage()"
        " WHERE index_name IN ('orders_pkey', 'orders_order_number_key', 'idx_orders_status') ORDER BY index_name",
        [(False, False, True), (True, False, False), (True, True, False)],
        "never-scanned plain indexes are unused; primary and unique indexes enforce something, so they never are",
    )


def test_scans_are_counted(db):
    insert_chain(db)
    db.execute("SET enable_seqscan = off")
    db.execute("SELECT count(*) FROM public.employees WHERE employee_id = 'emp-001'")
    db.execute("RESET enable_seqscan")
    flush_stats(db)
    t.ok(
        one(
            db,
            "SELECT index_scans >= 1 AND NOT is_unused FROM kv2rel.check_index_usage()"
            " WHERE index_name = 'idx_employees_employee_id'",
        ),
        "an index scan is counted and the index is no longer unused",
    )


def test_duplicates(db):
    db.execute("CREATE INDEX idx_toy_employees_employee_id ON public.employees (employee_id)")
    t.results_eq(
        db,
        DUPLICATES,
        [("idx_toy_employees_employee_id", "idx_employees_employee_id")],
        "the newer of two identical indexes names the older one; the older one is not a duplicate",
    )
    db.execute("DROP INDEX public.idx_toy_employees_employee_id")
    db.execute("CREATE INDEX idx_orders_order_number ON public.orders (order_number)")
    t.results_eq(
        db,
        DUPLICATES,
        [("idx_orders_order_number", "orders_order_number_key")],
        "the source's redundant idx_orders_order_number duplicates the UNIQUE constraint's index",
    )
    db.execute("CREATE UNIQUE INDEX toy_employees_employee_id_key ON public.employees (employee_id)")
    t.results_eq(
        db,
        DUPLICATES,
        [
            ("idx_employees_employee_id", "toy_employees_employee_id_key"),
            ("idx_orders_order_number", "orders_order_number_key"),
        ],
        "a plain index is the duplicate of a newer unique index with the same definition (the unique one is kept)",
    )


def test_similar_indexes_are_not_duplicates(db):
    for ddl in (
        "CREATE INDEX toy_a ON public.employees (employee_id) WHERE status = 'active'",
        "CREATE INDEX toy_b ON public.employees (employee_id DESC)",
        "CREATE INDEX toy_c ON public.employees (employee_id, status)",
        "CREATE INDEX toy_d ON public.employees USING hash (employee_id)",
        "CREATE INDEX toy_e ON public.employees (employee_id) INCLUDE (status)",
        "CREATE INDEX toy_f ON public.employees (lower(employee_id))",
        'CREATE INDEX toy_g ON public.employees (employee_id COLLATE "POSIX")',
        "CREATE INDEX toy_h ON public.employees (employee_id text_pattern_ops)",
    ):
        db.execute(ddl)
    t.is_empty(
        db,
        DUPLICATES,
        "a different predicate, order, column list, method, INCLUDE, expression, collation or opclass is no duplicate",
    )
    db.execute("CREATE INDEX toy_a2 ON public.employees (employee_id) WHERE status = 'active'")
    db.execute("CREATE INDEX toy_f2 ON public.employees (lower(employee_id))")
    t.results_eq(
        db,
        DUPLICATES,
        [("toy_a2", "toy_a"), ("toy_f2", "toy_f")],
        "identical partial and expression indexes are duplicates",
    )
