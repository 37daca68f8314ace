"""Shared pieces of the target-schema tests (test_table_*, test_view_*, test_index_usage, test_fn_set_updated_at).

* Fixed UUIDs of a minimal valid parent chain (client → catalog → product, site, employee, brand, HRIS
  connection) and ``uid(n)`` for rows a test adds.
* ``insert_sql`` / ``insert``: one row of a table, from that table's minimal valid values (``MINIMAL``) plus
  overrides. ``insert_sql`` returns literal SQL, for ``throws_ok``/``lives_ok``.
* ``rolled_back(conn)``: a transaction that is always rolled back, so tests can share one database.
* ``module_db(setup)``: a module-scoped database cloned from the applied template (one clone per module
  instead of one per test), with ``setup(conn)`` run once.
* ``TableContract``: the tests every table gets (columns and types, NOT NULLs, primary key, foreign keys and
  their ON DELETE behaviour, CHECKs with a bad and a good row, UNIQUEs, indexes, the updated_at trigger).
  A ``test_table_<table>.py`` module subclasses it and lists the table's facts as class attributes; the
  contract parametrizes its tests over them (``pytest_generate_tests``), and checks that the lists are
  complete (every CHECK has a bad row, every index and FK is listed), so a new constraint cannot go untested.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import psycopg
import pytest
from psycopg import sql
from pytest_postgresql.janitor import DatabaseJanitor

import pgtap as t

CLIENT = "c0000000-0000-4000-8000-000000000001"
CATALOG = "ca000000-0000-4000-8000-000000000001"
CATALOG2 = "ca000000-0000-4000-8000-000000000002"
BRAND = "b0000000-0000-4000-8000-000000000001"
PRODUCT = "d0000000-0000-4000-8000-000000000001"
PRODUCT2 = "d0000000-0000-4000-8000-000000000002"
SITE = "5e000000-0000-4000-8000-000000000001"
SITE2 = "5e000000-0000-4000-8000-000000000002"
EMPLOYEE = "e0000000-0000-4000-8000-000000000001"
HRIS = "a0000000-0000-4000-8000-000000000001"

TS = "2026-01-15 10:00:00+00"
# Values every email format check rejects (the mapping turns "" into NULL before inserting).
BAD_EMAILS = ["", "ann.example.com", "ann@example", "ann@@example.com", "ann smith@example.com"]


def uid(n: int) -> str:
    """A fixed UUID for the n-th row a test adds (never collides with the parent chain)."""
    return f"00000000-0000-4000-8000-{n:012d}"


def _tail(row_id: str) -> str:
    """A short, slug-safe suffix that is unique per fixed UUID (for slugs, SKUs, order numbers, ...)."""
    return row_id[:2] + row_id[-6:]


# Minimal valid values of every table, given the new row's id. Parents default to the fixed chain.
MINIMAL: dict[str, Callable[[str], dict[str, Any]]] = {
    "clients": lambda i: {"name": f"Client {_tail(i)}"},
    "catalogs": lambda i: {"name": f"Catalog {_tail(i)}", "type": "manual", "status": "active"},
    "brands": lambda i: {"client_id": CLIENT, "name": f"Brand {_tail(i)}"},
    "products": lambda i: {"catalog_id": CATALOG, "sku": f"SKU-{_tail(i)}", "name": f"Product {_tail(i)}", "price": 10},
    "sites": lambda i: {
        "client_id": CLIENT,
        "catalog_id": CATALOG,
        "name": f"Site {_tail(i)}",
        "slug": f"site-{_tail(i)}",
        "status": "active",
    },
    "site_product_exclusions": lambda i: {"site_id": SITE, "product_id": PRODUCT},
    "site_catalog_assignments": lambda i: {"site_id": SITE, "catalog_id": CATALOG},
    "site_category_exclusions": lambda i: {"site_id": SITE, "category": f"Category {_tail(i)}"},
    "site_gift_configs": lambda i: {"site_id": SITE},
    "site_product_assignments": lambda i: {"site_id": SITE, "product_id": PRODUCT},
    "employees": lambda i: {"site_id": SITE, "employee_id": f"emp-{_tail(i)}"},
    "orders": lambda i: {
        "client_id": CLIENT,
        "site_id": SITE,
        "order_number": f"ORD-{_tail(i)}",
        "customer_name": "Ann Example",
        "customer_email": "ann@example.com",
        "total_amount": 25,
    },
    "analytics_events": lambda i: {"event_type": "page_view"},
    "admin_users": lambda i: {"email": f"admin-{_tail(i)}@example.com", "username": f"admin-{_tail(i)}"},
    "audit_logs": lambda i: {"action": "login"},
    "hris_connections": lambda i: {"client_id": CLIENT, "provider_id": "workday", "auth_type": "api_key"},
    "hris_sync_history": lambda i: {"connection_id": HRIS, "started_at": TS},
    "scheduled_trigger_logs": lambda i: {"processed_at": TS},
    "email_templates": lambda i: {
        "scope": "global",
        "event_type": "order_placed",
        "name": f"Template {_tail(i)}",
        "subject": "Your gift",
        "body_text": "Hello",
    },
    "webhook_configs": lambda i: {"site_id": SITE, "name": f"Hook {_tail(i)}", "url": "https://example.com/hook"},
}

# The parent chain every table module starts from, in insertion order: one client, two catalogs with one
# product each, a brand, two sites (one per catalog), an employee on SITE and an HRIS connection.
CHAIN = [
    ("clients", CLIENT, {"name": "Acme Corp"}),
    ("catalogs", CATALOG, {"name": "Main catalog"}),
    ("catalogs", CATALOG2, {"name": "Second catalog"}),
    ("brands", BRAND, {}),
    ("products", PRODUCT, {"name": "Desk Lamp"}),
    ("products", PRODUCT2, {"catalog_id": CATALOG2, "name": "Travel Mug"}),
    ("sites", SITE, {"name": "Acme Site"}),
    ("sites", SITE2, {"name": "Acme Second Site", "catalog_id": CATALOG2}),
    ("employees", EMPLOYEE, {}),
    ("hris_connections", HRIS, {}),
]


class Raw:
    """A value written into the SQL as is (an expression such as ARRAY['a']::text[] or now())."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _literal(value: Any) -> sql.Composable:
    """dict and list become jsonb; Raw is written as is; everything else is a quoted literal (None is NULL)."""
    if isinstance(value, dict | list):
        return sql.SQL("{}::jsonb").format(sql.Literal(json.dumps(value)))
    if isinstance(value, Raw):
        return sql.SQL(value.text)  # type: ignore[arg-type]
    return sql.Literal(value)


def insert_sql(conn: psycopg.Connection, table: str, **values: Any) -> str:
    """INSERT of one row: MINIMAL[table] + values (None is an explicit NULL; default id uid(999))."""
    row_id = values.setdefault("id", uid(999))
    row = {**MINIMAL[table](row_id or uid(998)), **values}
    query = sql.SQL("INSERT INTO public.{} ({}) VALUES ({})").format(
        sql.Identifier(table),
        sql.SQL(", ").join(sql.Identifier(c) for c in row),
        sql.SQL(", ").join(_literal(v) for v in row.values()),
    )
    return query.as_string(conn)


def insert(conn: psycopg.Connection, table: str, **values: Any) -> str:
    """Insert one row (see insert_sql) and return its id."""
    values.setdefault("id", uid(999))
    conn.execute(insert_sql(conn, table, **values))  # type: ignore[arg-type]
    return values["id"]


def restrict_sqlstate(conn: psycopg.Connection) -> str:
    """SQLSTATE of deleting a row that an ON DELETE RESTRICT foreign key still references.

    PostgreSQL 18 reports restrict_violation (23001); earlier versions report foreign_key_violation (23503).
    """
    return "23001" if conn.info.server_version >= 180000 else "23503"


def one(conn: psycopg.Connection, query: str, params: Any = None) -> Any:
    row = conn.execute(query, params).fetchone()  # type: ignore[arg-type]
    return row[0] if row else None


@contextmanager
def rolled_back(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """Run the block in a transaction that is always rolled back (statements inside use savepoints)."""
    with conn.transaction(force_rollback=True):
        yield conn


def insert_chain(conn: psycopg.Connection) -> None:
    for table, row_id, values in CHAIN:
        insert(conn, table, id=row_id, **values)


@contextmanager
def cloned_database(proc: Any, dbname: str) -> Iterator[psycopg.Connection]:
    """A database cloned from the applied template, dropped afterwards; yields an autocommit connection."""
    janitor = DatabaseJanitor(
        user=proc.user,
        host=proc.host,
        port=proc.port,
        dbname=dbname,
        template_dbname=proc.template_dbname,
        maintenance_dbname=proc.maintenance_dbname,
        password=proc.password,
    )
    janitor.drop()  # left over from an interrupted run
    with janitor:
        conn = psycopg.connect(host=proc.host, port=proc.port, user=proc.user, dbname=dbname, autocommit=True)
        try:
            yield conn
        finally:
            conn.close()


def module_db(setup: Callable[[psycopg.Connection], None] | None = None):
    """A module-scoped fixture: one database per test module, with setup(conn) applied once."""

    @pytest.fixture(scope="module")
    def mdb(request: pytest.FixtureRequest, postgresql_applied_proc: Any) -> Iterator[psycopg.Connection]:
        name = "kv2rel_m_" + request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")[:40]
        with cloned_database(postgresql_applied_proc, name) as conn:
            if setup is not None:
                setup(conn)
            yield conn

    return mdb


# ------------------------------------------------------------------------------------------------ catalog reads


def table_columns(conn: psycopg.Connection, table: str) -> list[tuple[str, str, bool]]:
    return conn.execute(
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a"
        " WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        (f"public.{table}",),
    ).fetchall()


def table_constraints(conn: psycopg.Connection, table: str, contype: str) -> set[str]:
    return {
        r[0]
        for r in conn.execute(
            "SELECT conname::text FROM pg_constraint WHERE conrelid = %s::regclass AND contype = %s",
            (f"public.{table}", contype),
        )
    }


def table_indexes(conn: psycopg.Connection, table: str) -> dict[str, str]:
    """index name -> definition after 'USING ' (method, keys, NULLS NOT DISTINCT, predicate)."""
    return {
        r[0]: r[1].split(" USING ", 1)[1]
        for r in conn.execute(
            "SELECT ic.relname::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = %s::regclass",
            (f"public.{table}",),
        )
    }


ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


# ------------------------------------------------------------------------------------------------ the contract


class TableContract:
    """The tests every table of the target schema gets. Subclasses set the class attributes below.

    COLUMNS       column -> format_type, in table order
    NOT_NULL      the NOT NULL columns
    FOREIGN_KEYS  (constraint, column, parent table, ON DELETE, extra child values)
    BAD_ROWS      (constraint, values): inserting MINIMAL + values violates that CHECK (SQLSTATE 23514)
    GOOD_ROWS     (label, values): inserting MINIMAL + values succeeds (boundaries, allowed enum values, NULLs)
    UNIQUE        (constraint or unique index, first row values, second row values): the second insert fails 23505
    UNIQUE_OK     (label, first, second): both rows coexist
    INDEXES       index name (every index but the primary key) -> (key columns, definition after USING)
    UPDATED_AT    whether the table has updated_at and its <table>_set_updated_at trigger
    """

    TABLE: ClassVar[str]
    COLUMNS: ClassVar[dict[str, str]]
    NOT_NULL: ClassVar[list[str]]
    FOREIGN_KEYS: ClassVar[list[tuple[str, str, str, str, dict]]] = []
    BAD_ROWS: ClassVar[list[tuple[str, dict]]] = []
    GOOD_ROWS: ClassVar[list[tuple[str, dict]]] = []
    UNIQUE: ClassVar[list[tuple[str, dict, dict]]] = []
    UNIQUE_OK: ClassVar[list[tuple[str, dict, dict]]] = []
    INDEXES: ClassVar[dict[str, tuple[list[str], str]]] = {}
    UPDATED_AT: ClassVar[bool] = True

    # -------------------------------------------------------------------- parametrization and the shared database

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        name = metafunc.definition.name
        if name == "test_column_type":
            metafunc.parametrize("column, type_", list(self.COLUMNS.items()), ids=list(self.COLUMNS))
        elif name in ("test_column_is_not_null", "test_null_is_rejected"):
            metafunc.parametrize("column", self.NOT_NULL, ids=self.NOT_NULL)
        elif name in ("test_foreign_key", "test_on_delete"):
            fks = self.FOREIGN_KEYS or [None]
            metafunc.parametrize("fk", fks, ids=[f[0] if f else "none" for f in fks])
        elif name == "test_check_rejects_bad_row":
            ids = [f"{c}-{i}" for i, (c, _) in enumerate(self.BAD_ROWS)]
            metafunc.parametrize("constraint, values", self.BAD_ROWS, ids=ids)
        elif name == "test_good_row_is_accepted":
            metafunc.parametrize("values", [v for _, v in self.GOOD_ROWS], ids=[lbl for lbl, _ in self.GOOD_ROWS])
        elif name == "test_unique_rejects_duplicate":
            rows = self.UNIQUE or [None]
            ids = [f"{u[0]}-{i}" if u else "none" for i, u in enumerate(rows)]
            metafunc.parametrize("case", rows, ids=ids)
        elif name == "test_unique_allows":
            rows = self.UNIQUE_OK or [None]
            metafunc.parametrize("case", rows, ids=[u[0] if u else "none" for u in rows])
        elif name == "test_index":
            items = list(self.INDEXES.items())
            metafunc.parametrize("index, spec", items, ids=[n for n, _ in items])

    @pytest.fixture(scope="class")
    @classmethod
    def mdb(cls, postgresql_applied_proc: Any) -> Iterator[psycopg.Connection]:
        """The class's own database (cloned from the applied template) holding the parent chain."""
        with cloned_database(postgresql_applied_proc, f"kv2rel_t_{cls.TABLE}") as conn:
            insert_chain(conn)
            yield conn

    # -------------------------------------------------------------------- table, columns, NOT NULL, primary key

    def test_table_and_primary_key(self, mdb):
        t.has_table(mdb, "public", self.TABLE, f"table public.{self.TABLE} exists")
        t.has_pk(mdb, "public", self.TABLE, f"{self.TABLE} has a primary key")
        t.results_eq(
            mdb,
            f"SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint"
            f" WHERE conrelid = 'public.{self.TABLE}'::regclass AND contype = 'p'",
            [(f"{self.TABLE}_pkey", "PRIMARY KEY (id)")],
            f"{self.TABLE}_pkey is the primary key on (id)",
        )

    def test_primary_key_rejects_duplicate(self, mdb):
        with rolled_back(mdb):
            insert(mdb, self.TABLE, id=uid(1))
            t.throws_ok(
                mdb,
                insert_sql(mdb, self.TABLE, id=uid(1)),
                "23505",
                None,
                f"a duplicate {self.TABLE}.id is rejected",
                constraint=f"{self.TABLE}_pkey",
            )

    def test_id_defaults_to_a_random_uuid(self, mdb):
        with rolled_back(mdb):
            row = MINIMAL[self.TABLE](uid(2))
            query = sql.SQL("INSERT INTO public.{} ({}) VALUES ({}) RETURNING id").format(
                sql.Identifier(self.TABLE),
                sql.SQL(", ").join(sql.Identifier(c) for c in row),
                sql.SQL(", ").join(_literal(v) for v in row.values()),
            )
            new_id = mdb.execute(query).fetchone()[0]
            t.ok(new_id is not None and new_id.version == 4, f"{self.TABLE}.id defaults to gen_random_uuid()")

    def test_column_type(self, mdb, column, type_):
        t.col_type_is(mdb, "public", self.TABLE, column, type_, f"{self.TABLE}.{column} is {type_}")

    def test_columns_are_exactly_these(self, mdb):
        have = [c for c, _, _ in table_columns(mdb, self.TABLE)]
        t.is_(have, list(self.COLUMNS), f"{self.TABLE} has exactly the listed columns, in order")

    def test_column_is_not_null(self, mdb, column):
        t.col_not_null(mdb, "public", self.TABLE, column, f"{self.TABLE}.{column} is NOT NULL")

    def test_null_is_rejected(self, mdb, column):
        t.throws_ok(
            mdb,
            insert_sql(mdb, self.TABLE, **{"id": uid(3), column: None}),
            "23502",
            f'null value in column "{column}" of relation "{self.TABLE}" violates not-null constraint',
            f"an explicit NULL in {self.TABLE}.{column} is rejected",
        )

    def test_not_null_columns_are_exactly_these(self, mdb):
        have = sorted(c for c, _, notnull in table_columns(mdb, self.TABLE) if notnull)
        t.is_(have, sorted(self.NOT_NULL), f"the NOT NULL columns of {self.TABLE} are exactly the listed ones")

    def test_minimal_row_is_accepted(self, mdb):
        with rolled_back(mdb):
            t.lives_ok(mdb, insert_sql(mdb, self.TABLE, id=uid(4)), f"a minimal {self.TABLE} row is accepted")

    # -------------------------------------------------------------------- foreign keys

    def test_foreign_key(self, mdb, fk):
        if fk is None:
            t.is_(table_constraints(mdb, self.TABLE, "f"), set(), f"{self.TABLE} has no foreign key, by design")
            return
        name, column, parent, action, _ = fk
        t.fk_ok(
            mdb, "public", self.TABLE, column, "public", parent, "id", f"{name}: {self.TABLE}.{column} → {parent}.id"
        )
        have = one(
            mdb,
            "SELECT confdeltype::text FROM pg_constraint WHERE conrelid = %s::regclass AND conname = %s",
            (f"public.{self.TABLE}", name),
        )
        t.is_(ON_DELETE.get(have), action, f"{name} is ON DELETE {action}")

    def test_foreign_keys_are_exactly_these(self, mdb):
        t.is_(
            table_constraints(mdb, self.TABLE, "f"),
            {f[0] for f in self.FOREIGN_KEYS},
            f"the foreign keys of {self.TABLE} are exactly the listed ones",
        )

    def test_on_delete(self, mdb, fk):
        if fk is None:
            t.is_(table_constraints(mdb, self.TABLE, "f"), set(), f"{self.TABLE} has no foreign key, by design")
            return
        name, column, parent, action, extra = fk
        parent_id, child_id = uid(10), uid(11)
        delete = f"DELETE FROM public.{parent} WHERE id = '{parent_id}'"
        where = f"FROM public.{self.TABLE} WHERE id = '{child_id}'"
        with rolled_back(mdb):
            insert(mdb, parent, id=parent_id)
            insert(mdb, self.TABLE, **{"id": child_id, column: parent_id, **extra})
            t.throws_ok(
                mdb,
                insert_sql(mdb, self.TABLE, **{"id": uid(13), column: uid(14), **extra}),
                "23503",
                None,
                f"{self.TABLE}.{column} must reference an existing {parent} row",
                constraint=name,
            )
            if action == "RESTRICT":
                t.throws_ok(
                    mdb,
                    delete,
                    restrict_sqlstate(mdb),
                    None,
                    f"{name}: deleting a referenced {parent} fails (23503, or 23001 from PostgreSQL 18)",
                    constraint=name,
                )
                t.is_(one(mdb, f"SELECT count(*) {where}"), 1, f"{name}: the {self.TABLE} row is still there")
            elif action == "CASCADE":
                mdb.execute(delete)
                t.is_(one(mdb, f"SELECT count(*) {where}"), 0, f"{name}: deleting the {parent} removes the row")
            elif action == "SET NULL":
                mdb.execute(delete)
                t.is_(one(mdb, f"SELECT count(*) {where}"), 1, f"{name}: the {self.TABLE} row stays")
                t.is_(one(mdb, f"SELECT {column} {where}"), None, f"{name}: deleting the {parent} nulls {column}")
            else:
                t.ok(False, f"{name}: unexpected ON DELETE {action} in the test table")

    # -------------------------------------------------------------------- CHECK constraints

    def test_check_rejects_bad_row(self, mdb, constraint, values):
        t.throws_ok(
            mdb,
            insert_sql(mdb, self.TABLE, **{"id": uid(20), **values}),
            "23514",
            None,
            f"{constraint} rejects {values}",
            constraint=constraint,
        )

    def test_good_row_is_accepted(self, mdb, values):
        with rolled_back(mdb):
            t.lives_ok(mdb, insert_sql(mdb, self.TABLE, **{"id": uid(21), **values}), f"{self.TABLE} accepts {values}")

    def test_every_check_has_a_bad_row(self, mdb):
        t.is_(
            table_constraints(mdb, self.TABLE, "c"),
            {c for c, _ in self.BAD_ROWS},
            f"every CHECK of {self.TABLE} (and no other) is exercised by a bad row",
        )

    # -------------------------------------------------------------------- UNIQUE constraints and unique indexes

    def test_unique_rejects_duplicate(self, mdb, case):
        if case is None:
            t.is_(set(self._unique_indexes(mdb)), set(), f"{self.TABLE} has no unique key besides its primary key")
            return
        name, first, second = case
        with rolled_back(mdb):
            insert(mdb, self.TABLE, **{"id": uid(30), **first})
            t.throws_ok(
                mdb,
                insert_sql(mdb, self.TABLE, **{"id": uid(31), **second}),
                "23505",
                None,
                f"{name}: {second} duplicates {first}",
                constraint=name,
            )

    def test_unique_allows(self, mdb, case):
        if case is None:
            t.is_(set(self._unique_indexes(mdb)), set(), f"{self.TABLE} has no unique key besides its primary key")
            return
        label, first, second = case
        with rolled_back(mdb):
            insert(mdb, self.TABLE, **{"id": uid(32), **first})
            t.lives_ok(mdb, insert_sql(mdb, self.TABLE, **{"id": uid(33), **second}), f"{self.TABLE}: {label}")

    def test_every_unique_key_is_tested(self, mdb):
        t.is_(
            set(self._unique_indexes(mdb)),
            {u[0] for u in self.UNIQUE},
            f"every unique constraint and unique index of {self.TABLE} has a duplicate-row test",
        )

    def _unique_indexes(self, mdb) -> list[str]:
        return [
            r[0]
            for r in mdb.execute(
                "SELECT ic.relname::text FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
                " WHERE i.indrelid = %s::regclass AND i.indisunique AND NOT i.indisprimary",
                (f"public.{self.TABLE}",),
            )
        ]

    # -------------------------------------------------------------------- indexes

    def test_index(self, mdb, index, spec):
        columns, definition = spec
        t.has_index(mdb, "public", self.TABLE, index, columns, f"{index} on {self.TABLE} ({', '.join(columns)})")
        t.is_(table_indexes(mdb, self.TABLE).get(index), definition, f"{index} is USING {definition}")

    def test_indexes_are_exactly_these(self, mdb):
        t.is_(
            sorted(table_indexes(mdb, self.TABLE)),
            sorted([*self.INDEXES, f"{self.TABLE}_pkey"]),
            f"the indexes of {self.TABLE} are exactly the listed ones and the primary key",
        )

    # -------------------------------------------------------------------- updated_at

    def test_updated_at_trigger(self, mdb):
        trigger = f"{self.TABLE}_set_updated_at"
        if not self.UPDATED_AT:
            t.ok("updated_at" not in self.COLUMNS, f"{self.TABLE} is append-only: no updated_at")
            t.is_empty(
                mdb,
                f"SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.{self.TABLE}'::regclass AND NOT tgisinternal",
                f"{self.TABLE} has no trigger",
            )
            return
        t.has_trigger(mdb, "public", self.TABLE, trigger, f"{self.TABLE} has trigger {trigger}")
        t.results_eq(
            mdb,
            f"SELECT tgtype::integer & 19, tgfoid::regprocedure::text FROM pg_trigger"
            f" WHERE tgrelid = 'public.{self.TABLE}'::regclass AND tgname = '{trigger}'",
            [(19, "set_updated_at()")],
            f"{trigger} is a BEFORE UPDATE row trigger calling public.set_updated_at()",
        )
        row_id = uid(40)
        with rolled_back(mdb):
            insert(mdb, self.TABLE, id=row_id, created_at="2020-01-01 00:00:00+00", updated_at="2020-01-01 00:00:00+00")
            mdb.execute(f"UPDATE public.{self.TABLE} SET extra = '{{\"touched\": true}}' WHERE id = '{row_id}'")
            t.ok(
                one(mdb, f"SELECT updated_at = now() FROM public.{self.TABLE} WHERE id = '{row_id}'"),
                f"{trigger} sets updated_at to now() on an UPDATE that does not assign it",
            )
            t.ok(
                one(
                    mdb, f"SELECT created_at = '2020-01-01 00:00:00+00' FROM public.{self.TABLE} WHERE id = '{row_id}'"
                ),
                f"{trigger} leaves created_at alone",
            )
