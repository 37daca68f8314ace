"""public.set_updated_at(): the BEFORE UPDATE trigger function that maintains updated_at.

It bumps updated_at on an UPDATE that does not assign it, keeps an explicitly assigned value, and returns the
row unchanged while kv2rel.preserve_timestamps = 'on', so an idempotent re-run of the data migration
(INSERT … ON CONFLICT DO UPDATE with the source timestamp) keeps the source timestamp.
"""

from __future__ import annotations

import pytest

import pgtap as t
from schema_rows import CLIENT, insert_chain, module_db, one, rolled_back

SOURCE_TS = "2025-05-05 05:05:05+00"
EXPLICIT_TS = "2024-04-04 04:04:04+00"


def _setup(conn) -> None:
    insert_chain(conn)
    conn.execute(
        "UPDATE public.clients SET created_at = %(ts)s, updated_at = %(ts)s WHERE id = %(id)s",
        {"ts": SOURCE_TS, "id": CLIENT},
    )


mdb = module_db(_setup)

UPSERT = (
    "INSERT INTO public.clients (id, name, status, created_at, updated_at)"
    f" VALUES ('{CLIENT}', 'Acme Corporation', 'active', '{SOURCE_TS}', '{SOURCE_TS}')"
    " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status,"
    " updated_at = EXCLUDED.updated_at"
)


def _updated_at_is(conn, expression: str) -> bool:
    return one(conn, f"SELECT updated_at = {expression} FROM public.clients WHERE id = %s", (CLIENT,))


def test_function_shape(mdb):
    t.has_function(mdb, "public", "set_updated_at", [], "public.set_updated_at() exists")
    t.volatility_is(mdb, "public", "set_updated_at", [], "volatile", "it is VOLATILE (it reads now() and a setting)")
    t.isnt_definer(mdb, "public", "set_updated_at", [], "it runs with the caller's rights")
    t.results_eq(
        mdb,
        "SELECT prorettype::regtype::text, proconfig FROM pg_proc WHERE oid = 'public.set_updated_at()'::regprocedure",
        [("trigger", ['search_path=""'])],
        "a trigger function pinned to an empty search_path",
    )


def test_fixture_starts_from_the_source_timestamp(mdb):
    t.ok(_updated_at_is(mdb, f"'{SOURCE_TS}'"), "the client carries its source updated_at")


def test_an_update_that_does_not_touch_updated_at_bumps_it(mdb):
    with rolled_back(mdb):
        mdb.execute("UPDATE public.clients SET description = 'changed' WHERE id = %s", (CLIENT,))
        t.ok(_updated_at_is(mdb, "now()"), "updated_at becomes now() (the transaction's start)")
        t.ok(
            one(mdb, "SELECT created_at = %s::timestamptz FROM public.clients WHERE id = %s", (SOURCE_TS, CLIENT)),
            "created_at is untouched",
        )


def test_an_update_that_changes_nothing_still_bumps_it(mdb):
    with rolled_back(mdb):
        mdb.execute("UPDATE public.clients SET name = name WHERE id = %s", (CLIENT,))
        t.ok(_updated_at_is(mdb, "now()"), "a no-op UPDATE is still an UPDATE")


def test_an_explicit_updated_at_is_kept(mdb):
    with rolled_back(mdb):
        mdb.execute("UPDATE public.clients SET description = 'x', updated_at = %s WHERE id = %s", (EXPLICIT_TS, CLIENT))
        t.ok(_updated_at_is(mdb, f"'{EXPLICIT_TS}'"), "an UPDATE that assigns another updated_at keeps it")


def test_assigning_the_current_value_counts_as_not_assigning(mdb):
    with rolled_back(mdb):
        mdb.execute("UPDATE public.clients SET updated_at = updated_at, description = 'y' WHERE id = %s", (CLIENT,))
        t.ok(_updated_at_is(mdb, "now()"), "indistinguishable from an UPDATE that leaves updated_at alone: bumped")


def test_an_upsert_rerun_without_the_setting_bumps_the_timestamp(mdb):
    with rolled_back(mdb):
        mdb.execute(UPSERT)
        t.ok(
            _updated_at_is(mdb, "now()"),
            "re-running the migration upsert with the same source timestamp loses it (why the setting exists)",
        )


def test_an_upsert_rerun_under_preserve_timestamps_keeps_the_source_timestamp(mdb):
    with rolled_back(mdb):
        mdb.execute("SET LOCAL kv2rel.preserve_timestamps = 'on'")
        mdb.execute(UPSERT)
        t.results_eq(
            mdb,
            f"SELECT name, updated_at = '{SOURCE_TS}' FROM public.clients WHERE id = '{CLIENT}'",
            [("Acme Corporation", True)],
            "the ON CONFLICT DO UPDATE path applies the new values and keeps the source updated_at",
        )


def test_preserve_timestamps_also_keeps_an_untouched_updated_at(mdb):
    with rolled_back(mdb):
        mdb.execute("SET LOCAL kv2rel.preserve_timestamps = 'on'")
        mdb.execute("UPDATE public.clients SET description = 'z' WHERE id = %s", (CLIENT,))
        t.ok(_updated_at_is(mdb, f"'{SOURCE_TS}'"), "the row is returned unchanged: updated_at stays")


def test_set_local_ends_with_the_transaction(mdb):
    with rolled_back(mdb):
        with mdb.transaction():
            mdb.execute("SET LOCAL kv2rel.preserve_timestamps = 'on'")
        # the inner block was a savepoint: SET LOCAL lasts until the outer transaction ends
        t.is_(
            one(mdb, "SELECT current_setting('kv2rel.preserve_timestamps', true)"), "on", "still on in the transaction"
        )
    with rolled_back(mdb):
        t.ok(
            one(mdb, "SELECT coalesce(current_setting('kv2rel.preserve_timestamps', true), '') <> 'on'"),
            "a new transaction starts without the setting",
        )
        mdb.execute("UPDATE public.clients SET description = 'w' WHERE id = %s", (CLIENT,))
        t.ok(_updated_at_is(mdb, "now()"), "and updated_at is maintained again")


@pytest.mark.parametrize("value", ["off", "", "true", "ON "])
def test_only_the_value_on_preserves(mdb, value):
    with rolled_back(mdb):
        mdb.execute("SELECT set_config('kv2rel.preserve_timestamps', %s, true)", (value,))
        mdb.execute("UPDATE public.clients SET description = 'v' WHERE id = %s", (CLIENT,))
        t.ok(_updated_at_is(mdb, "now()"), f"preserve_timestamps = {value!r} does not preserve: updated_at is bumped")


def test_works_with_an_empty_search_path(mdb):
    with rolled_back(mdb):
        mdb.execute("SET LOCAL search_path = ''")
        mdb.execute("UPDATE public.clients SET description = 'u' WHERE id = %s", (CLIENT,))
        t.ok(_updated_at_is(mdb, "pg_catalog.now()"), "the trigger resolves nothing through the caller's search_path")


def test_cannot_be_called_directly(mdb):
    t.throws_ok(
        mdb,
        "SELECT public.set_updated_at()",
        "0A000",
        "trigger functions can only be called as triggers",
        "calling the trigger function as a function is refused",
    )


def test_insert_is_not_affected(mdb):
    new_id = "c0000000-0000-4000-8000-0000000000f1"
    with rolled_back(mdb):
        mdb.execute("INSERT INTO public.clients (id, name, updated_at) VALUES (%s, 'New', %s)", (new_id, EXPLICIT_TS))
        t.ok(
            one(mdb, "SELECT updated_at = %s::timestamptz FROM public.clients WHERE id = %s", (EXPLICIT_TS, new_id)),
            "the trigger fires on UPDATE only: an inserted updated_at is stored as given",
        )
