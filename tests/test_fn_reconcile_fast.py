"""kv2rel.reconcile_fast(): the hash-chain reconciliation (KV value now vs run_items.kv_hash, target row now vs its
run_changes.written_hash, rules fingerprint now vs the run's); flagged keys are re-mapped deeply."""

from __future__ import annotations

import pgtap as t
from migrate_support import *  # noqa: F403
from reconcile_support import broken, leaf_item, migrated_item

KV = "public.kv_store_6fcaeea3"
COUNTS = (
    "SELECT entity, target_table, expected_rows, actual_rows, matched_rows, differing_rows, missing_rows,"
    " unmapped_rows, extra_rows, consistency_pct FROM kv2rel.reconcile({run}, {deep}) ORDER BY 1, 2"
)
FLAGS = "SELECT key, reason FROM pg_temp.kv2rel_reconcile_flags"
NOT_MATCHED = "SELECT kind, key, id::text FROM pg_temp.kv2rel_reconcile_pairs WHERE kind <> 'match'"


def agrees_with_deep(conn, description: str, run: str = "NULL") -> None:
    """kv2rel.reconcile's counts by the hash chain equal those of the deep re-mapping."""
    t.results_eq(conn, COUNTS.format(run=run, deep="false"), COUNTS.format(run=run, deep="true"), description)


def test_signature_and_bad_input(db):
    t.volatility_is(db, "kv2rel", "reconcile_fast", ["bigint"], "volatile", "reconcile_fast(bigint) is VOLATILE")
    t.throws_ok(db, "SELECT kv2rel.reconcile_fast(7)", "K2701", "no migration run 7", "an unknown run: K2701")
    t.throws_ok(db, "SELECT kv2rel.reconcile_fast(NULL)", "K2701", "no migration run NULL", "a NULL run: K2701")


def test_planning_records_the_hashes(migrated_db):
    conn = migrated_db.conn
    t.is_empty(
        conn,
        f"SELECT i.key FROM kv2rel.run_items AS i JOIN {KV} AS k ON k.key = i.key WHERE i.run_id = 1"
        " AND i.kv_hash IS DISTINCT FROM jsonb_hash_extended(k.value, 0)",
        "every run item carries the hash of its KV value as planned (run_items.kv_hash)",
    )
    t.results_eq(
        conn,
        f"SELECT fingerprint = kv2rel.migrate_fingerprint('{KV}') FROM kv2rel.runs WHERE run_id = 1",
        [(True,)],
        "the run records the rules fingerprint it was planned with, and it is still the current one",
    )


def test_clean_migration_hash_chain_holds(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        t.results_eq(conn, "SELECT kv2rel.reconcile_fast(1)", [("hash",)], "a clean migration is checked by hash")
        t.is_empty(conn, FLAGS, "a clean migration flags no key")
        t.is_empty(conn, "SELECT * FROM pg_temp.kv2rel_reconcile_pairs", "nothing is re-mapped")
        t.results_eq(
            conn,
            "SELECT agrees FROM kv2rel.reconcile_kv_sums(1)",
            [(True,)],
            "the KV side is proved in one pass (kv2rel.reconcile_kv_sums)",
        )
        t.is_empty(
            conn,
            "SELECT target_table FROM pg_temp.kv2rel_reconcile_sums WHERE NOT agrees",
            "every target table is vouched for by its sums (kv2rel.reconcile_table_sums): no row-by-row pass",
        )
        t.results_eq(
            conn,
            "SELECT sum(rows) FROM pg_temp.kv2rel_reconcile_hashed WHERE target_table NOT LIKE '%exclusions'",
            "SELECT count(*)::numeric FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated'",
            "the chain vouches for the row of every migrated key",
        )
        t.results_eq(
            conn,
            "SELECT sum(rows) FROM pg_temp.kv2rel_reconcile_hashed WHERE target_table LIKE '%exclusions'",
            "SELECT ((SELECT count(*) FROM public.site_product_exclusions)"
            " + (SELECT count(*) FROM public.site_category_exclusions))::numeric",
            "and for every exclusion row",
        )
    agrees_with_deep(conn, "on a clean migration the hash chain and the deep re-mapping give the same counts")


def test_changed_target_value(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "product")
    with broken(conn):
        conn.execute("ALTER TABLE public.products DISABLE TRIGGER USER")
        conn.execute("UPDATE public.products SET name = name || 'X' WHERE id = %s", (target_id,))
        conn.execute("SELECT kv2rel.reconcile_fast(1)")
        t.set_eq(conn, FLAGS, [(key, "row_changed")], "a changed target row flags its key (row_changed)")
        t.set_eq(
            conn,
            "SELECT target_table FROM pg_temp.kv2rel_reconcile_sums WHERE NOT agrees",
            [("public.products",)],
            "only its table is paired row by row",
        )
        t.set_eq(conn, NOT_MATCHED, [("differs", key, target_id)], "the deep pass names it: differs")
        t.results_eq(
            conn,
            "SELECT field FROM kv2rel.reconcile_diff('product')",
            [("name",)],
            "the drill-down names the differing field",
        )
        agrees_with_deep(conn, "a changed target value: the same counts as deep")


def test_deleted_target_row(migrated_db):
    conn = migrated_db.conn
    key, target_id = leaf_item(conn, "audit_log", "public.audit_logs", [])
    with broken(conn):
        conn.execute("DELETE FROM public.audit_logs WHERE id = %s", (target_id,))
        conn.execute("SELECT kv2rel.reconcile_fast(1)")
        t.set_eq(conn, FLAGS, [(key, "missing")], "a deleted target row flags its key (missing)")
        t.set_eq(conn, NOT_MATCHED, [("missing", key, target_id)], "the deep pass names it: missing")
        agrees_with_deep(conn, "a deleted target row: the same counts as deep")


def test_extra_target_row(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute(
            "INSERT INTO public.clients (id, name, client_code, legacy_id)"
            " VALUES ('00000000-0000-4000-8000-00000000e0a1', 'Hand Made', 'HAND-1', 'hand-made')"
        )
        conn.execute(
            "INSERT INTO public.clients (id, name, client_code)"
            " VALUES ('00000000-0000-4000-8000-00000000e0a2', 'App Made', 'APP-1')"
        )
        conn.execute("SELECT kv2rel.reconcile_fast(1)")
        t.is_empty(conn, FLAGS, "an extra row flags no key (it has none)")
        t.set_eq(
            conn,
            NOT_MATCHED,
            [("extra", None, "00000000-0000-4000-8000-00000000e0a1")],
            "the row with a legacy id no key of the run accounts for is extra; the application's row is not",
        )
        agrees_with_deep(conn, "an extra row: the same counts as deep")


def test_kv_value_changed_after_the_run(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "employee")
    with broken(conn):
        conn.execute(
            f"UPDATE {KV} SET value = jsonb_set(value, '{{name}}', '\"Renamed In KV\"') WHERE key = %s", (key,)
        )
        conn.execute("SELECT kv2rel.reconcile_fast(1)")
        t.set_eq(conn, FLAGS, [(key, "kv_changed")], "a KV value edited after the run flags its key (kv_changed)")
        t.set_eq(conn, NOT_MATCHED, [("differs", key, target_id)], "re-mapped, its row differs from the KV now")
        t.is_empty(
            conn,
            "SELECT target_table FROM pg_temp.kv2rel_reconcile_sums WHERE NOT agrees",
            "the target tables still agree with the run's writes",
        )
        t.results_eq(
            conn,
            "SELECT rows FROM pg_temp.kv2rel_reconcile_hashed WHERE target_table = 'public.employees'",
            "SELECT item_rows - 1 FROM pg_temp.kv2rel_reconcile_sums WHERE target_table = 'public.employees'",
            "the flagged key is taken out of its table's sum (re-mapped instead)",
        )
        agrees_with_deep(conn, "a KV value changed after the run: the same counts as deep")


def test_kv_change_that_maps_to_the_same_row(migrated_db):
    conn = migrated_db.conn
    key, _, _ = migrated_item(conn, "employee", 1)
    with broken(conn):
        conn.execute(f"UPDATE {KV} SET value = value || '{{\"kv2relUnmappedNote\": 1}}' WHERE key = %s", (key,))
        conn.execute("SELECT kv2rel.reconcile_fast(1)")
        t.set_eq(conn, FLAGS, [(key, "kv_changed")], "any KV edit flags the key")
        agrees_with_deep(conn, "the deep pass decides whether the edit matters: same counts as deep")


def test_no_op_updates_are_hashed_not_flagged(migrated_db):
    conn = migrated_db.conn
    key, table, target_id = migrated_item(conn, "product", 4)
    with broken(conn):
        conn.execute("ALTER TABLE public.products DISABLE TRIGGER USER")
        conn.execute("UPDATE public.products SET name = name WHERE id = %s", (target_id,))
        conn.execute(f"UPDATE {KV} SET value = value WHERE key = %s", (key,))
        t.ok(
            conn.execute(
                "SELECT p.xmin::text <> c.xmin::text FROM public.products AS p JOIN kv2rel.run_changes AS c"
                " ON c.target_id = p.id AND c.run_id = 1 WHERE p.id = %s", (target_id,)
            ).fetchone()[0],
            "the no-op UPDATE made a new row version (another xmin than the logged write)",
        )
        conn.execute("SELECT kv2rel.reconcile_fast(1)")
        t.is_empty(conn, FLAGS, "a new row version with the same content: hashed, equal, not flagged")
        t.results_eq(
            conn,
            "SELECT sum(rows) FROM pg_temp.kv2rel_reconcile_hashed WHERE target_table = 'public.products'",
            "SELECT count(*)::numeric FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated'"
            " AND target_table = 'public.products'",
            "every product row is still vouched for",
        )


def test_kv_key_deleted(migrated_db):
    conn = migrated_db.conn
    key, _, target_id = migrated_item(conn, "employee", 2)
    with broken(conn):
        conn.execute(f"DELETE FROM {KV} WHERE key = %s", (key,))
        conn.execute("SELECT kv2rel.reconcile_fast(1)")
        t.set_eq(conn, FLAGS, [(key, "kv_deleted")], "a KV key deleted after the run is flagged (kv_deleted)")
        t.set_eq(conn, NOT_MATCHED, [("unmapped", key, target_id)], "re-mapped: it no longer maps to a row")
        agrees_with_deep(conn, "a deleted KV key: the same counts as deep")


def test_merged_copy_changed_flags_its_winner(migrated_db):
    conn = migrated_db.conn
    row = conn.execute(
        "SELECT key, merged_into FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'merged'"
        " AND merged_into IN (SELECT key FROM kv2rel.run_items WHERE run_id = 1 AND outcome = 'migrated')"
        " ORDER BY key COLLATE \"C\" LIMIT 1"
    ).fetchone()
    t.ok(row is not None, "the small store has a merged copy of a migrated record")
    copy, winner = row
    with broken(conn):
        conn.execute(f"UPDATE {KV} SET value = value || '{{\"kv2relEdited\": true}}' WHERE key = %s", (copy,))
        conn.execute("SELECT kv2rel.reconcile_fast(1)")
        t.set_eq(
            conn,
            FLAGS,
            [(winner, f"kv_changed (merged copy {copy})")],
            "an edited merged copy flags the winner's key, naming the copy",
        )
        agrees_with_deep(conn, "an edited merged copy: the same counts as deep")


def test_missing_hashes_are_re_mapped(migrated_db):
    conn = migrated_db.conn
    key, _, _ = migrated_item(conn, "site")
    other, table, other_id = migrated_item(conn, "product", 3)
    with broken(conn):
        conn.execute("UPDATE kv2rel.run_items SET kv_hash = NULL WHERE run_id = 1 AND key = %s", (key,))
        conn.execute(
            "UPDATE kv2rel.run_changes SET written_hash = NULL WHERE run_id = 1 AND target_table = %s"
            " AND target_id = %s",
            (table, other_id),
        )
        conn.execute("SELECT kv2rel.reconcile_fast(1)")
        t.set_eq(
            conn,
            FLAGS,
            [(key, "kv_hash_unknown"), (other, "no_written_hash")],
            "a key planned without a KV hash and a row logged without its hash are re-mapped, not trusted",
        )
        t.is_empty(conn, NOT_MATCHED, "and, re-mapped, they match")


def test_rules_changed_falls_back_to_deep(migrated_db):
    conn = migrated_db.conn
    with broken(conn):
        conn.execute("CREATE INDEX kv2rel_test_products_name ON public.products (name)")
        notices: list[str] = []
        conn.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
        t.results_eq(conn, "SELECT kv2rel.reconcile_fast(1)", [("deep",)], "changed rules: every record re-mapped")
        t.ok(
            any("mapping rules changed since run 1" in n for n in notices),
            "a NOTICE says why the reconciliation went deep",
            repr(notices),
        )
        t.is_empty(conn, "SELECT * FROM pg_temp.kv2rel_reconcile_hashed", "nothing is vouched for by hash")
        t.results_eq(
            conn,
            "SELECT DISTINCT method FROM kv2rel.reconcile()",
            [("deep",)],
            "kv2rel.reconcile reports method deep",
        )
        t.is_empty(
            conn,
            "SELECT * FROM kv2rel.reconcile() WHERE consistency_pct <> 100",
            "an index that does not change the mapping: still 100 %",
        )


def test_rerun_and_older_run(seeded_db):
    conn = seeded_db.conn
    conn.add_notice_handler(lambda diag: None)
    call_migrate(conn)
    call_migrate(conn)
    t.results_eq(
        conn,
        "SELECT run_id, status FROM kv2rel.runs ORDER BY run_id",
        [(1, "completed"), (2, "completed")],
        "two completed runs: the second re-ran the same store",
    )
    for run in (2, 1):
        conn.execute(f"SELECT kv2rel.reconcile_fast({run})")
        t.is_empty(
            conn,
            FLAGS,
            f"run {run}: rows written by run 1 and unchanged by run 2 are vouched for (same rules, same KV hashes)",
        )
    key, _, target_id = migrated_item(conn, "employee")
    conn.execute(f"UPDATE {KV} SET value = jsonb_set(value, '{{name}}', '\"Renamed Then Rerun\"') WHERE key = %s",
                 (key,))
    call_migrate(conn)
    conn.execute("SELECT kv2rel.reconcile_fast(3)")
    t.is_empty(conn, FLAGS, "run 3 rewrote the edited record: nothing to flag for run 3")
    conn.execute("SELECT kv2rel.reconcile_fast(1)")
    t.set_eq(conn, FLAGS, [(key, "kv_changed")], "run 1: the record changed since run 1 planned it, flagged")
    t.is_empty(conn, NOT_MATCHED, "re-mapped, the row run 3 wrote equals the KV value now")
    agrees_with_deep(conn, "an older run: the same counts as deep", run="1")
