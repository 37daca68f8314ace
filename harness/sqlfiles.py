"""Discover the SQL files of the package: bootstrap, migrations, reverts and re-runnable definitions.

Layout (see docs/layout.md):
  sql/bootstrap/NN_object.sql       idempotent ledger machinery, run before every apply/revert/bundle
  sql/migrations/NNNN_name.sql      run once, in order; each with NNNN_name.revert.sql
  sql/functions/<name>.sql          re-runnable, one function (overloads allowed) named <name>
  sql/views/<name>.sql              re-runnable, one view named <name>
Definitions may declare ``-- requires: other_name[, ...]`` to order themselves after other definitions.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

MIGRATION_RE = re.compile(r"^(?P<version>\d{4})_(?P<slug>[a-z0-9_]+)\.sql$")
REVERT_SUFFIX = ".revert.sql"
DEFINITION_RE = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\.sql$")
REQUIRES_RE = re.compile(r"^--\s*requires:\s*(?P<names>.+)$", re.IGNORECASE | re.MULTILINE)
PURPOSE_RE = re.compile(r"^--\s*Purpose:\s*(?P<purpose>.+)$", re.MULTILINE)
TRANSACTION_NO_RE = re.compile(r"^--\s*transaction:\s*no\s*$", re.IGNORECASE | re.MULTILINE)
META_COMMAND_RE = re.compile(r"^\s*\\", re.MULTILINE)
DEFINITION_KINDS = {"functions": "function", "views": "view"}


class SqlLayoutError(Exception):
    """The sql/ tree does not follow the layout rules; the message names the offending file."""


def sql_root() -> Path:
    """The sql/ directory: $KV2REL_SQL_DIR, else the packaged copy inside the wheel, else the checkout's sql/."""
    override = os.environ.get("KV2REL_SQL_DIR")
    if override:
        if not (Path(override) / "bootstrap").is_dir():
            raise SqlLayoutError(f"KV2REL_SQL_DIR={override} has no bootstrap/ folder")
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here / "sql", here.parent / "sql"):
        if (candidate / "bootstrap").is_dir():
            return candidate
    raise SqlLayoutError(f"cannot find the sql/ directory near {here}")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class SqlFile:
    path: Path

    @cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def checksum(self) -> str:
        return sha256_file(self.path)

    def check_no_meta_commands(self) -> None:
        match = META_COMMAND_RE.search(self.text)
        if match:
            line = self.text.count("\n", 0, match.start()) + 1
            raise SqlLayoutError(
                f"{self.path}: line {line} starts with a backslash (psql meta-command); "
                "SQL files must be plain SQL so the harness and the psql bundle run the same text"
            )


@dataclass(frozen=True)
class Migration(SqlFile):
    version: str = ""
    name: str = ""
    revert_path: Path | None = None

    @cached_property
    def purpose(self) -> str:
        match = PURPOSE_RE.search(self.text)
        return match["purpose"].strip() if match else ""

    @cached_property
    def in_transaction(self) -> bool:
        return not TRANSACTION_NO_RE.search(self.text)

    @cached_property
    def revert(self) -> SqlFile:
        assert self.revert_path is not None
        return SqlFile(self.revert_path)


@dataclass(frozen=True)
class Definition(SqlFile):
    kind: str = ""  # 'function' or 'view'
    name: str = ""
    requires: tuple[str, ...] = field(default_factory=tuple)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.name)


def bootstrap_files(root: Path | None = None) -> list[SqlFile]:
    root = root or sql_root()
    files = sorted((root / "bootstrap").glob("*.sql"))
    if not files:
        raise SqlLayoutError(f"{root / 'bootstrap'} holds no .sql files")
    return [SqlFile(p) for p in files]


def migrations(root: Path | None = None) -> list[Migration]:
    root = root or sql_root()
    folder = root / "migrations"
    found: dict[str, Migration] = {}
    reverts = {p.name for p in folder.glob(f"*{REVERT_SUFFIX}")} if folder.is_dir() else set()
    for path in sorted(folder.glob("*.sql")) if folder.is_dir() else []:
        if path.name.endswith(REVERT_SUFFIX):
            base = path.name[: -len(REVERT_SUFFIX)] + ".sql"
            if not (folder / base).exists():
                raise SqlLayoutError(f"{path}: revert file without a migration {base}")
            continue
        match = MIGRATION_RE.match(path.name)
        if not match:
            raise SqlLayoutError(
                f"{path}: migration files are named NNNN_lower_snake_case.sql (four-digit version)"
            )
        version = match["version"]
        if version in found:
            raise SqlLayoutError(f"{path}: version {version} is also used by {found[version].path.name}")
        revert_name = path.name[: -len(".sql")] + REVERT_SUFFIX
        if revert_name not in reverts:
            raise SqlLayoutError(f"{path}: missing its revert file {revert_name}")
        found[version] = Migration(
            path=path, version=version, name=path.name[: -len(".sql")], revert_path=folder / revert_name
        )
    return [found[v] for v in sorted(found)]


def definitions(root: Path | None = None) -> list[Definition]:
    """All definitions in dependency-safe order: functions then views by name, moved after what they require."""
    root = root or sql_root()
    items: dict[str, Definition] = {}
    for folder, kind in DEFINITION_KINDS.items():
        for path in sorted((root / folder).glob("*.sql")) if (root / folder).is_dir() else []:
            match = DEFINITION_RE.match(path.name)
            if not match:
                raise SqlLayoutError(f"{path}: definition files are named <lower_snake_case_object>.sql")
            name = match["name"]
            if name in items:
                raise SqlLayoutError(f"{path}: name {name} is also used by {items[name].path}")
            text = path.read_text(encoding="utf-8")
            requires: list[str] = []
            for req in REQUIRES_RE.finditer(text):
                requires += [r.strip() for r in req["names"].split(",") if r.strip()]
            items[name] = Definition(path=path, kind=kind, name=name, requires=tuple(requires))
    for item in items.values():
        for req in item.requires:
            if req not in items:
                raise SqlLayoutError(f"{item.path}: requires {req!r}, which no definition file creates")
    return _topological(items)


def _topological(items: dict[str, Definition]) -> list[Definition]:
    rank = {"function": 0, "view": 1}
    order: list[Definition] = []
    done: set[str] = set()
    remaining = dict(items)
    while remaining:
        ready = sorted(
            (d for d in remaining.values() if all(r in done for r in d.requires)),
            key=lambda d: (rank[d.kind], d.name),
        )
        if not ready:
            cycle = ", ".join(sorted(remaining))
            raise SqlLayoutError(f"definitions require each other in a cycle: {cycle}")
        first = ready[0]
        order.append(first)
        done.add(first.name)
        del remaining[first.name]
    return order


def manifest(root: Path | None = None) -> dict:
    """What this package version expects in a database: migration and definition checksums."""
    return {
        "migrations": [
            {"version": m.version, "name": m.name, "checksum": m.checksum} for m in migrations(root)
        ],
        "definitions": [
            {"kind": d.kind, "name": d.name, "checksum": d.checksum} for d in definitions(root)
        ],
    }
