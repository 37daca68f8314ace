"""The migration runner: status, apply, revert, dry-run and the psql bundle.

All bookkeeping (pending check, drift refusal, ledger rows, definition records) is done by the SQL
functions of sql/bootstrap/, so a DBA running the bundle with psql writes exactly what `kv2rel apply`
writes. This module only decides the order and sends the files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg

from . import exitcodes
from .db import LOCK_APPLY, LOCK_CLASS
from .sqlfiles import Definition, Migration, SqlFile, bootstrap_files, definitions, migrations, sql_root

Echo = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


class RunnerError(Exception):
    """A refusal or failure of the runner; ``exit_code`` is the documented process exit code."""

    exit_code = exitcodes.ERROR


class DriftError(RunnerError):
    exit_code = exitcodes.DRIFT


@dataclass
class MigrationState:
    version: str
    name: str
    state: str  # applied | pending | drifted | renamed | missing_file
    file_checksum: str | None = None
    ledger_checksum: str | None = None
    applied_at: str | None = None
    applied_by: str | None = None
    applied_via: str | None = None
    out_of_order: bool = False


@dataclass
class DefinitionState:
    kind: str
    name: str
    state: str  # current | pending | orphaned
    file_checksum: str | None = None
    ledger_checksum: str | None = None


@dataclass
class Status:
    migrations: list[MigrationState] = field(default_factory=list)
    definitions: list[DefinitionState] = field(default_factory=list)
    ledger_present: bool = False

    @property
    def drifted(self) -> list[MigrationState]:
        return [m for m in self.migrations if m.state in ("drifted", "renamed", "missing_file")]

    @property
    def pending_migrations(self) -> list[MigrationState]:
        return [m for m in self.migrations if m.state == "pending"]

    @property
    def pending_definitions(self) -> list[DefinitionState]:
        return [d for d in self.definitions if d.state in ("pending", "orphaned")]

    @property
    def exit_code(self) -> int:
        if self.drifted:
            return exitcodes.DRIFT
        if self.pending_migrations or self.pending_definitions:
            return exitcodes.PENDING
        return exitcodes.OK

    @property
    def verdict(self) -> str:
        return {exitcodes.OK: "clean", exitcodes.PENDING: "pending", exitcodes.DRIFT: "drift"}[self.exit_code]

    def to_json(self) -> dict:
        return {
            "verdict": self.verdict,
            "exit_code": self.exit_code,
            "ledger_present": self.ledger_present,
            "counts": {
                "applied": sum(m.state == "applied" for m in self.migrations),
                "pending": len(self.pending_migrations),
                "drifted": len(self.drifted),
                "definitions_current": sum(d.state == "current" for d in self.definitions),
                "definitions_pending": len(self.pending_definitions),
            },
            "migrations": [asdict(m) for m in self.migrations],
            "definitions": [asdict(d) for d in self.definitions],
        }


# --------------------------------------------------------------------------------------------- reading state


def _ledger_present(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "SELECT to_regclass('kv2rel.migration_ledger') IS NOT NULL"
        " AND to_regclass('kv2rel.definition_ledger') IS NOT NULL"
    ).fetchone()
    return bool(row and row[0])


def read_status(conn: psycopg.Connection, root: Path | None = None) -> Status:
    """Compare the files with the ledger. Read-only; works on a database kv2rel never touched."""
    root = root or sql_root()
    files = migrations(root)
    defs = definitions(root)
    status = Status(ledger_present=_ledger_present(conn))
    applied: dict[str, tuple] = {}
    recorded: dict[tuple[str, str], tuple] = {}
    live: dict[tuple[str, str], bool] = {}
    if status.ledger_present:
        for row in conn.execute(
            "SELECT version, name, checksum, applied_at::text, applied_by, applied_via"
            " FROM kv2rel.migration_ledger ORDER BY version"
        ):
            applied[row[0]] = row
        for row in conn.execute(
            "SELECT kind, name, checksum,"
            " objects <@ kv2rel.definition_objects(kind, name) AS live"
            " FROM kv2rel.definition_ledger"
        ):
            recorded[(row[0], row[1])] = row
            live[(row[0], row[1])] = bool(row[3])
    newest_applied = max(applied) if applied else ""
    for m in files:
        row = applied.get(m.version)
        if row is None:
            status.migrations.append(
                MigrationState(
                    m.version, m.name, "pending", file_checksum=m.checksum, out_of_order=m.version < newest_applied
                )
            )
            continue
        _, name, checksum, applied_at, applied_by, applied_via = row
        state = "applied"
        if name != m.name:
            state = "renamed"
        elif checksum != m.checksum:
            state = "drifted"
        status.migrations.append(
            MigrationState(m.version, m.name, state, m.checksum, checksum, applied_at, applied_by, applied_via)
        )
    file_versions = {m.version for m in files}
    for version, row in applied.items():
        if version not in file_versions:
            status.migrations.append(
                MigrationState(version, row[1], "missing_file", None, row[2], row[3], row[4], row[5])
            )
    status.migrations.sort(key=lambda m: m.version)
    for d in defs:
        row = recorded.get(d.key)
        current = row is not None and row[2] == d.checksum and live.get(d.key, False)
        status.definitions.append(
            DefinitionState(d.kind, d.name, "current" if current else "pending", d.checksum, row[2] if row else None)
        )
    file_keys = {d.key for d in defs}
    for key, row in sorted(recorded.items()):
        if key not in file_keys:
            status.definitions.append(DefinitionState(key[0], key[1], "orphaned", None, row[2]))
    return status


def drift_message(status: Status) -> str:
    lines = []
    for m in status.drifted:
        if m.state == "drifted":
            lines.append(
                f"drift: sql/migrations/{m.name}.sql changed since it was applied "
                f"(ledger sha256 {m.ledger_checksum}, file sha256 {m.file_checksum})"
            )
        elif m.state == "renamed":
            lines.append(f"drift: version {m.version} was applied under another name; the file is now {m.name}.sql")
        else:
            lines.append(
                f"drift: migration {m.name} is applied (sha256 {m.ledger_checksum}) but "
                f"sql/migrations/{m.name}.sql is missing"
            )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------- applying


def _take_lock(conn: psycopg.Connection, echo: Echo) -> None:
    got = conn.execute("SELECT pg_try_advisory_lock(%s, %s)", (LOCK_CLASS, LOCK_APPLY)).fetchone()
    if not got or not got[0]:
        echo("waiting for another kv2rel apply/revert on this database to finish ...")
        conn.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_CLASS, LOCK_APPLY))


def _release_lock(conn: psycopg.Connection) -> None:
    if not conn.closed:
        conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_CLASS, LOCK_APPLY))


def _run_bootstrap(conn: psycopg.Connection, root: Path) -> None:
    with conn.transaction():
        for f in bootstrap_files(root):
            conn.execute(f.text)  # type: ignore[arg-type]


@dataclass
class ApplyResult:
    applied: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    dropped_definitions: list[str] = field(default_factory=list)
    reverted: list[str] = field(default_factory=list)
    skipped_definitions: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def _apply_migration(conn: psycopg.Connection, m: Migration, echo: Echo) -> None:
    echo(f"applying {m.name}")
    params = (m.version, m.name, m.checksum)
    record = (m.version, m.name, m.checksum, m.purpose)
    if m.in_transaction:
        with conn.transaction():
            if conn.execute("SELECT kv2rel.migration_pending(%s, %s, %s)", params).fetchone()[0]:  # type: ignore
                conn.execute(m.text)  # type: ignore[arg-type]
                conn.execute("SELECT kv2rel.record_migration(%s, %s, %s, %s)", record)
    else:
        if conn.execute("SELECT kv2rel.migration_pending(%s, %s, %s)", params).fetchone()[0]:  # type: ignore
            conn.execute(m.text)  # type: ignore[arg-type]
            conn.execute("SELECT kv2rel.record_migration(%s, %s, %s, %s)", record)


# After a partial revert a definition may refer to objects that no longer exist; it then stays pending.
_MISSING_DEPENDENCY = {"42P01", "42703", "42704", "42883", "3F000"}


def _apply_definitions(
    conn: psycopg.Connection,
    root: Path,
    status: Status,
    result: ApplyResult,
    echo: Echo,
    *,
    tolerate_missing_dependencies: bool = False,
) -> None:
    for d in status.definitions:
        if d.state == "orphaned":
            echo(f"dropping {d.kind} {d.name} (its file was removed)")
            conn.execute("SELECT kv2rel.drop_definition(%s, %s)", (d.kind, d.name))
            result.dropped_definitions.append(f"{d.kind}:{d.name}")
    pending = {(d.kind, d.name) for d in status.definitions if d.state == "pending"}
    for position, d in enumerate(definitions(root), start=1):
        if d.key not in pending:
            continue
        echo(f"defining {d.kind} {d.name}")
        try:
            with conn.transaction():
                conn.execute("SET LOCAL check_function_bodies = off")
                conn.execute(d.text)  # type: ignore[arg-type]
                conn.execute(
                    "SELECT kv2rel.record_definition(%s, %s, %s, %s)", (d.kind, d.name, d.checksum, position)
                )
        except psycopg.Error as exc:
            if not (tolerate_missing_dependencies and exc.diag.sqlstate in _MISSING_DEPENDENCY):
                raise
            reason = f"{d.kind}:{d.name} ({exc.diag.sqlstate}: {exc.diag.message_primary})"
            echo(f"not re-applied, it depends on reverted objects: {reason}")
            result.skipped_definitions.append(reason)
            continue
        result.definitions.append(f"{d.kind}:{d.name}")


def apply(conn: psycopg.Connection, root: Path | None = None, echo: Echo = _quiet) -> ApplyResult:
    """Apply pending migrations then (re)apply changed definitions, under the apply advisory lock.

    Concurrent callers wait for the lock, then find nothing left to do: every migration runs exactly once.
    """
    root = root or sql_root()
    for f in [*bootstrap_files(root), *migrations(root), *definitions(root)]:
        f.check_no_meta_commands()
    result = ApplyResult()
    _take_lock(conn, echo)
    try:
        _run_bootstrap(conn, root)
        status = read_status(conn, root)
        if status.drifted:
            raise DriftError(drift_message(status) + "\napply refused: nothing was changed")
        late = [m.name for m in status.pending_migrations if m.out_of_order]
        if late:
            raise RunnerError(
                "out of order: " + ", ".join(late) + " would be applied after a newer migration; "
                "renumber it above the newest applied version"
            )
        by_version = {m.version: m for m in migrations(root)}
        for state in status.pending_migrations:
            _apply_migration(conn, by_version[state.version], echo)
            result.applied.append(state.name)
        status = read_status(conn, root)
        _apply_definitions(conn, root, status, result, echo)
    finally:
        _release_lock(conn)
    return result


def revert(conn: psycopg.Connection, to_version: str, root: Path | None = None, echo: Echo = _quiet) -> ApplyResult:
    """Revert applied migrations newer than ``to_version`` in reverse order ("0" or "0000" reverts all).

    Definitions are dropped first (they may depend on what is reverted) and re-applied afterwards when
    migrations remain.
    """
    root = root or sql_root()
    target = to_version.zfill(4)
    if not target.isdigit() or len(target) != 4:
        raise RunnerError(f"--to takes a four-digit migration version or 0, not {to_version!r}")
    files = {m.version: m for m in migrations(root)}
    if target != "0000" and target not in files:
        raise RunnerError(f"--to {to_version}: no migration file has version {target}")
    result = ApplyResult()
    _take_lock(conn, echo)
    try:
        _run_bootstrap(conn, root)
        status = read_status(conn, root)
        if status.drifted:
            raise DriftError(drift_message(status) + "\nrevert refused: nothing was changed")
        to_revert = sorted(
            (m for m in status.migrations if m.state == "applied" and m.version > target),
            key=lambda m: m.version,
            reverse=True,
        )
        with conn.transaction():
            dropped = conn.execute("SELECT kv2rel.drop_definitions()").fetchone()[0]  # type: ignore[index]
        if dropped:
            echo(f"dropped {dropped} definition object(s)")
        for state in to_revert:
            m = files[state.version]
            echo(f"reverting {m.name}")
            with conn.transaction():
                conn.execute(m.revert.text)  # type: ignore[arg-type]
                conn.execute("SELECT kv2rel.forget_migration(%s, %s)", (m.version, m.checksum))
            result.reverted.append(m.name)
        if target != "0000":
            status = read_status(conn, root)
            _apply_definitions(conn, root, status, result, echo, tolerate_missing_dependencies=True)
    finally:
        _release_lock(conn)
    return result


# --------------------------------------------------------------------------------------------- psql scripts


_BUNDLE_HEAD = """\
-- kv2rel deployment bundle: apply with
--   psql -v ON_ERROR_STOP=1 -f {filename}
-- It takes the same advisory lock, runs the same bookkeeping functions and writes the same ledger rows
-- and checksums as `kv2rel apply`. Running it again is a no-op. Generated from {count} migration(s) and
-- {defs} definition(s); do not edit (checksums are of the source files).
\\set ON_ERROR_STOP on
\\set QUIET on
\\o /dev/null
SET client_min_messages = warning;
SELECT pg_advisory_lock({lock_class}, {lock_object}) \\g /dev/null
"""

_BUNDLE_TAIL = """\
SELECT pg_advisory_unlock({lock_class}, {lock_object}) \\g /dev/null
"""


def _lit(value: str) -> str:
    """A SQL string literal (our values are file names and hex checksums, but quote properly anyway)."""
    return "'" + value.replace("'", "''") + "'"


def _migration_block(m: Migration, conditional: bool) -> str:
    args = f"{_lit(m.version)}, {_lit(m.name)}, {_lit(m.checksum)}"
    body = m.text if m.text.endswith("\n") else m.text + "\n"
    record = f"SELECT kv2rel.record_migration({args}, {_lit(m.purpose)}) \\g /dev/null\n"
    if m.in_transaction:
        inner = "BEGIN;\n" + f"SELECT kv2rel.migration_pending({args}) \\g /dev/null\n" + body + record + "COMMIT;\n"
    else:
        inner = body + record
    out = f"\n-- ---- migration {m.name} (sha256 {m.checksum})\n"
    if conditional:
        out += f"SELECT kv2rel.migration_pending({args}) AS kv2rel_pending \\gset\n\\if :kv2rel_pending\n"
        out += f"\\echo 'applying {m.name}'\n" + inner + "\\endif\n"
    else:
        out += inner
    return out


def _definition_block(d: Definition, position: int, conditional: bool) -> str:
    args = f"{_lit(d.kind)}, {_lit(d.name)}, {_lit(d.checksum)}"
    body = d.text if d.text.endswith("\n") else d.text + "\n"
    inner = (
        "BEGIN;\nSET LOCAL check_function_bodies = off;\n"
        + body
        + f"SELECT kv2rel.record_definition({args}, {position}) \\g /dev/null\nCOMMIT;\n"
    )
    out = f"\n-- ---- {d.kind} {d.name} (sha256 {d.checksum})\n"
    if conditional:
        out += f"SELECT kv2rel.definition_pending({args}) AS kv2rel_pending \\gset\n\\if :kv2rel_pending\n"
        out += f"\\echo 'defining {d.kind} {d.name}'\n" + inner + "\\endif\n"
    else:
        out += inner
    return out


def bundle_script(root: Path | None = None, filename: str = "deploy.sql") -> str:
    """One self-contained psql script that applies whatever is pending when it runs."""
    root = root or sql_root()
    migs = migrations(root)
    defs = definitions(root)
    for f in [*bootstrap_files(root), *migs, *defs]:
        f.check_no_meta_commands()
    fmt = {"lock_class": LOCK_CLASS, "lock_object": LOCK_APPLY}
    parts = [_BUNDLE_HEAD.format(filename=filename, count=len(migs), defs=len(defs), **fmt)]
    parts.append("\n-- ---- bootstrap: ledger and bookkeeping functions (idempotent)\nBEGIN;\n")
    for f in bootstrap_files(root):
        parts.append(f"-- {f.path.name}\n{f.text}\n")
    parts.append("COMMIT;\n")
    parts.append(
        "\n-- ---- refuse on drift before changing anything: every applied migration must match its file\n"
        "SELECT count(*) AS kv2rel_drift_checked FROM (VALUES\n"
        + ",\n".join(f"    ({_lit(m.version)}, {_lit(m.name)}, {_lit(m.checksum)})" for m in migs)
        + "\n) AS f (version, name, checksum)\nWHERE NOT kv2rel.migration_pending(f.version, f.name, f.checksum)"
        " \\g /dev/null\n"
        if migs
        else ""
    )
    parts.append(_drop_orphans_sql(defs))
    for m in migs:
        parts.append(_migration_block(m, conditional=True))
    for position, d in enumerate(defs, start=1):
        parts.append(_definition_block(d, position, conditional=True))
    parts.append("\n" + _BUNDLE_TAIL.format(**fmt))
    return "".join(parts)


def _drop_orphans_sql(defs: list[Definition]) -> str:
    keep = ", ".join(f"({_lit(d.kind)}, {_lit(d.name)})" for d in defs) or "(NULL, NULL)"
    return (
        "\n-- ---- drop definitions whose files were removed from the package\n"
        "SELECT kv2rel.drop_definition(l.kind, l.name) FROM kv2rel.definition_ledger AS l\n"
        f"WHERE (l.kind, l.name) NOT IN ({keep}) \\g /dev/null\n"
    )


def dry_run_script(conn: psycopg.Connection, root: Path | None = None) -> str:
    """The SQL `apply` would run now, in order, without running any of it."""
    root = root or sql_root()
    status = read_status(conn, root)
    if status.drifted:
        raise DriftError(drift_message(status) + "\napply would refuse: nothing would be changed")
    by_version = {m.version: m for m in migrations(root)}
    pending_defs = {(d.kind, d.name) for d in status.definitions if d.state == "pending"}
    orphans = [d for d in status.definitions if d.state == "orphaned"]
    out = [
        "-- kv2rel apply --dry-run: the SQL apply would run now (nothing has been run)\n",
        f"SELECT pg_advisory_lock({LOCK_CLASS}, {LOCK_APPLY});\n",
        "\n-- ---- bootstrap: ledger and bookkeeping functions (idempotent)\nBEGIN;\n",
    ]
    out += [f"-- {f.path.name}\n{f.text}\n" for f in bootstrap_files(root)]
    out.append("COMMIT;\n")
    for m in status.pending_migrations:
        out.append(_migration_block(by_version[m.version], conditional=False))
    for d in orphans:
        out.append(f"\nSELECT kv2rel.drop_definition({_lit(d.kind)}, {_lit(d.name)});\n")
    for position, d in enumerate(definitions(root), start=1):
        if d.key in pending_defs:
            out.append(_definition_block(d, position, conditional=False))
    out.append(f"\nSELECT pg_advisory_unlock({LOCK_CLASS}, {LOCK_APPLY});\n")
    if not status.pending_migrations and not pending_defs and not orphans:
        out.append("-- nothing is pending: apply would only refresh the bootstrap functions\n")
    return "".join(out).replace(" \\g /dev/null", ";")


def status_json(status: Status) -> str:
    return json.dumps(status.to_json(), indent=2, default=str)


__all__ = [
    "ApplyResult",
    "DriftError",
    "RunnerError",
    "SqlFile",
    "Status",
    "apply",
    "bundle_script",
    "dry_run_script",
    "read_status",
    "revert",
]
