"""kv2rel.sample_compare(): N records per entity side by side, deterministic for a seed."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken


def test_signature_empty_database_and_bad_input(db):
    t.volatility_is(
        db, "kv2rel", "sample_compare", ["integer", "bigint", "bigint"], "volatile", "sample_compare is VOLATILE"
    )
    t.is_empty(db, "SELECT * FROM kv2rel.sample_compare(3, 1)", "no completed run: no rows")
    for n in ("0", "-1", "1001", "NULL"):
        t.throws_ok(
            db,
            f"SELECT * FROM kv2rel.sample_compare({n}, 1)",
            "K2705",
            f"sample size {n} per entity is out of range",
            f"sample size {n}: K2705",
        )
    t.throws_ok(db, "SELECT * FROM kv2rel.sample_compare(1, NULL)", "K2705", "the sample seed must not be NULL",
                "a NULL seed: K2705")  # fmt: skip


def test_sample_side_by_side(migrated_db):
    conn = migrated_db.conn
    t.results_eq(
        conn,
        "SELECT entity, count(*) FROM kv2rel.sample_compare(2, 42) GROUP BY 1 ORDER BY 1",
        "SELECT entity, least(count(*), 2) FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated'"
        " GROUP BY 1 ORDER BY 1",
        "two records of every migrated entity (fewer when it has fewer)",
    )
    t.is_empty(
        conn,
        "SELECT * FROM kv2rel.sample_compare(2, 42) WHERE NOT matches OR differing_fields <> '{}'",
        "on a clean migration every sampled record equals its row",
    )
    t.is_empty(
        conn,
        "SELECT s.key FROM kv2rel.sample_compare(2, 42) AS s JOIN public.kv_store_6fcaeea3 AS k ON k.key = s.key"
        " WHERE s.source_value IS DISTINCT FROM k.value OR s.mapped_row ->> 'id' <> s.id::text"
        " OR s.actual_row ->> 'id' <> s.id::text",
        "the source value is the KV value; mapped and actual rows are the row of the key's target id",
    )
    t.results_eq(
        conn,
        "SELECT key FROM kv2rel.sample_compare(3, 7)",
        "SELECT key FROM kv2rel.sample_compare(3, 7)",
        "the same seed gives the same sample in the same order",
    )
    t.ok(
        conn.execute(
            "SELECT array_agg(key ORDER BY key) FROM kv2rel.sample_compare(3, 7) WHERE entity = 'product'"
        ).fetchone()[0]
        != conn.execute(
            "SELECT array_agg(key ORDER BY key) FROM kv2rel.sample_compare(3, 8) WHERE entity = 'product'"
        ).fetchone()[0],
        "another seed gives another sample",
    )


def test_changed_value_shows_in_the_sample(migrated_db):
    conn = migrated_db.conn
    key, target_id = conn.execute(
        "SELECT key, id::text FROM kv2rel.sample_compare(1, 5) WHERE entity = 'site'"
    ).fetchone()
    with broken(conn):
        conn.execute("ALTER TABLE public.sites DISABLE TRIGGER USER")
        conn.execute("UPDATE public.sites SET name = 'Changed' WHERE id = %s", (target_id,))
        t.results_eq(
            conn,
            "SELECT key, matches, differing_fields, actual_row ->> 'name' FROM kv2rel.sample_compare(1, 5)"
            " WHERE NOT matches",
            [(key, False, ["name"], "Changed")],
            "a changed target value: the sampled record differs in that field",
        )
