"""Connections: --dsn, else DATABASE_URL, else libpq's PG* variables (psycopg reads them itself)."""

from __future__ import annotations

import os
import re

import psycopg

APPLICATION_NAME = "kv2rel"
# Advisory lock keys (two int4 form): class 'kv2r' = 0x6B763272, object 1 = apply/revert, 2 = data migration.
LOCK_CLASS = 1802908274
LOCK_APPLY = 1
LOCK_MIGRATE = 2


class ConnectionFailed(Exception):
    """Could not connect; the message is one line and never contains a password."""


def resolve_dsn(dsn: str | None) -> str:
    if dsn:
        return dsn
    return os.environ.get("DATABASE_URL", "")


def redact(dsn: str) -> str:
    dsn = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", dsn)
    return re.sub(r"(password\s*=\s*)(\S+)", r"\1***", dsn, flags=re.IGNORECASE)


def describe(dsn: str) -> str:
    return redact(dsn) if dsn else "the server named by the PG* environment variables"


def connect(dsn: str | None, *, autocommit: bool = True) -> psycopg.Connection:
    target = resolve_dsn(dsn)
    try:
        conn = psycopg.connect(target, autocommit=autocommit, application_name=APPLICATION_NAME)
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ConnectionFailed(f"cannot connect to {describe(target)}: {first}") from None
    return conn
