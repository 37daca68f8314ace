"""kv2rel.verify_indexes(): usage statistics are collected; structural index checks belong to verify_schema."""

from __future__ import annotations

import psycopg
import pytest

import pgtap as t
from check_rows import insert_chain

DESCRIPTIONS = [
    "index and table usage statistics are collected (track_counts = on)",
]
FAILED = "SELECT description, diagnostics FROM kv2rel.verify_indexes() WHERE NOT ok"


def test_empty_and_populated_database(db):
    t.volatility_is(db, "kv2rel", "verify_indexes", [], "stable", "verify_indexes() exists and is STABLE")
    t.results_eq(
        db,
        "SELECT * FROM kv2rel.verify_indexes()",
        [(True, d, None) for d in DESCRIPTIONS],
        "a passing assertion on the applied schema (with the default track_counts = on)",
    )
    insert_chain(db)
    t.is_empty(db, FAILED, "data does not change that")


def test_statistics_not_collected(db):
    db.execute("SET track_counts = off")
    t.results_eq(
        db,
        "SELECT description, diagnostics LIKE 'track_counts is off:%' FROM kv2rel.verify_indexes() WHERE NOT ok",
        [(DESCRIPTIONS[0], True)],
        "with track_counts off the usage-statistics assertion fails and says why",
    )


def test_invalid_index_is_left_to_verify_schema(db):
    insert_chain(db)
    db.execute("INSERT INTO public.clients (name) VALUES ('Acme Corp')")
    with pytest.raises(psycopg.errors.UniqueViolation):  # the build fails and leaves the index behind, invalid
        db.execute("CREATE UNIQUE INDEX CONCURRENTLY toy_clients_name_key ON public.clients (name)")
    t.is_empty(db, FAILED, "an invalid index is not a duplicate nor an unindexed key (verify_schema reports it)")
    t.ok(
        db.execute(
            "SELECT duplicate_of IS NULL FROM kv2rel.check_index_usage() WHERE index_name = 'toy_clients_name_key'"
        ).fetchone()[0],
        "the invalid index is still listed by check_index_usage",
    )
