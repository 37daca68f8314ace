"""Shared fixtures and helpers for the data-migration tests (issue 5): template databases, clones, hashes.

Import the fixtures into a test module (``from migrate_support import *``). Templates are built once per
session on the session's throwaway server:

* ``seeded``   every migration and definition applied, then ``kv2rel seed --scale small --seed 1`` (default
               hazards) into public.kv_store_6fcaeea3;
* ``migrated`` the same after ``CALL kv2rel.migrate()`` (production, batch size 5000): run 1.

Tests get clones (CREATE DATABASE ... TEMPLATE ...), dropped afterwards: ``seeded_db`` (per test) and
``migrated_db`` (per module, read-only by convention).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from types import SimpleNamespace

import psycopg
import pytest

from harness import runner

__all__ = [
    "Clone",
    "call_migrate",
    "clone_database",
    "content_hash",
    "full_dump",
    "kv_hash",
    "mig_templates",
    "migrated_db",
    "outcomes",
    "run_in_thread",
    "seeded_db",
    "snapshot",
    "target_tables",
]

KV = "public.kv_store_6fcaeea3"


def _admin(server) -> psycopg.Connection:
    return psycopg.connect(server.dsn_for("postgres"), autocommit=True)


@pytest.fixture(scope="session")
def mig_templates(pg_server) -> Iterator[SimpleNamespace]:
    tag = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"
    seeded, migrated = f"kv2rel_mig_seeded_{tag}", f"kv2rel_mig_migrated_{tag}"
    with _admin(pg_server) as admin:
        admin.execute(f"CREATE DATABASE {seeded}")
    with psycopg.connect(pg_server.dsn_for(seeded), autocommit=True) as conn:
        runner.apply(conn)
        conn.execute(f"SELECT kv2rel.seed_kv_store(p_kv_table => '{KV}', p_scale => 'small', p_seed => 1)")
        # Compile every entity's statements once into kv2rel.compiled_cache, so clones start warm.
        conn.execute(
            "SELECT count(c.*) FROM kv2rel.kv_entities AS e"
            f" CROSS JOIN LATERAL kv2rel.migrate_compiled(e.entity, '{KV}')"
            " AS c WHERE to_regclass(e.target_table) IS NOT NULL"
        )
        conn.execute("VACUUM ANALYZE")
    with _admin(pg_server) as admin:
        admin.execute(f"CREATE DATABASE {migrated} TEMPLATE {seeded}")
    with psycopg.connect(pg_server.dsn_for(migrated), autocommit=True) as conn:
        conn.add_notice_handler(lambda diag: None)
        conn.execute("CALL kv2rel.migrate()")
    yield SimpleNamespace(server=pg_server, seeded=seeded, migrated=migrated)
    with _admin(pg_server) as admin:
        for name in (migrated, seeded):
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def clone_database(server, template: str) -> Iterator[SimpleNamespace]:
    name = f"kv2rel_mig_{uuid.uuid4().hex[:12]}"
    with _admin(server) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    dsn = server.dsn_for(name)
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.add_notice_handler(lambda diag: None)
            yield SimpleNamespace(conn=conn, dsn=dsn, name=name, server=server)
    finally:
        with _admin(server) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


Clone = SimpleNamespace


@pytest.fixture
def seeded_db(mig_templates) -> Iterator[SimpleNamespace]:
    with clone_database(mig_templates.server, mig_templates.seeded) as clone:
        yield clone


@pytest.fixture(scope="module")
def migrated_db(mig_templates) -> Iterator[SimpleNamespace]:
    with clone_database(mig_templates.server, mig_templates.migrated) as clone:
        yield clone


def call_migrate(conn: psycopg.Connection, **params) -> tuple[int | None, dict]:
    """CALL kv2rel.migrate with named parameters; returns (run_id, summary)."""
    names = ", ".join(f"p_{k} => %({k})s" for k in params)
    sql = "CALL kv2rel.migrate(" + (names + ", " if names else "") + "p_run_id => NULL, p_summary => NULL)"
    row = conn.execute(sql, params).fetchone()
    return row[0], row[1]


def target_tables(conn: psycopg.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT e.target_table FROM kv2rel.kv_entities AS e"
            " WHERE to_regclass(e.target_table) IS NOT NULL ORDER BY 1"
        )
    ]


def content_hash(conn: psycopg.Connection) -> dict[str, str]:
    """md5 of every target table's rows (as JSON, ordered by id), per table."""
    result = {}
    for table in target_tables(conn):
        result[table] = conn.execute(
            f"SELECT count(*)::text || ':' || coalesce(md5(string_agg(to_jsonb(t)::text, E'\\n' ORDER BY t.id)), '')"
            f" FROM {table} AS t"
        ).fetchone()[0]
    return result


def kv_hash(conn: psycopg.Connection, table: str = KV) -> str:
    return conn.execute(
        f"SELECT md5(string_agg(k.key || '=' || k.value::text, E'\\n' ORDER BY k.key COLLATE \"C\")) FROM {table} AS k"
    ).fetchone()[0]


def outcomes(conn: psycopg.Connection, run_id: int) -> dict[str, tuple]:
    return {
        r[0]: tuple(r[1:])
        for r in conn.execute(
            "SELECT key, outcome, reason, target_id FROM kv2rel.outcomes WHERE run_id = %s", (run_id,)
        )
    }


def full_dump(pg_dump: str, dsn: str) -> str:
    """pg_dump of schema AND data (no owners, no privileges), without the volatile header lines."""
    out = subprocess.run(
        [pg_dump, "--no-owner", "--no-privileges", "--dbname", dsn],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("PG")},
    )
    skip = ("-- Dumped", "\\restrict", "\\unrestrict")
    return "\n".join(line for line in out.stdout.splitlines() if not line.startswith(skip))


def run_in_thread(dsn: str, sql: str, params: dict | None = None) -> SimpleNamespace:
    """Run one statement on its own connection in a thread; .pid is its backend, .error what it raised."""
    state = SimpleNamespace(pid=None, error=None, result=None, done=threading.Event())

    def work() -> None:
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.add_notice_handler(lambda diag: None)
                state.pid = conn.info.backend_pid
                state.result = conn.execute(sql, params).fetchall()
        except psycopg.Error as exc:
            state.error = exc
        finally:
            state.done.set()

    state.thread = threading.Thread(target=work, daemon=True)
    state.thread.start()
    deadline = time.monotonic() + 10
    while state.pid is None and not state.done.is_set() and time.monotonic() < deadline:
        time.sleep(0.01)
    return state


def snapshot(conn: psycopg.Connection) -> dict[str, str]:
    """Row count and md5 of the rows (as JSON, sorted) of every table in schema public, the KV table included."""
    result = {}
    for (table,) in conn.execute(
        "SELECT c.oid::regclass::text FROM pg_class AS c"
        " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1"
    ).fetchall():
        result[table] = conn.execute(
            "SELECT count(*)::text || ':' || coalesce(md5(string_agg(j, E'\\n' ORDER BY j)), '')"
            f" FROM (SELECT to_jsonb(t)::text AS j FROM {table} AS t) AS x"
        ).fetchone()[0]
    return result
