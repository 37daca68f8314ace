"""public.schema_versions: the seed's schema_versions, derived from the ledger."""

from __future__ import annotations

import pgtap as t
from harness.sqlfiles import migrations


def test_one_row_per_applied_migration_with_its_purpose(db):
    expected = [(int(m.version), m.name, m.purpose) for m in migrations()]
    t.results_eq(
        db,
        "SELECT version, name, description FROM public.schema_versions ORDER BY version",
        expected,
        "every applied migration is a schema version, described by its Purpose header",
    )
    t.ok(all(m.purpose for m in migrations()), "every migration has a Purpose to show")


def test_follows_the_ledger(db):
    db.execute("DELETE FROM kv2rel.migration_ledger WHERE version = (SELECT max(version) FROM kv2rel.migration_ledger)")
    t.is_(
        db.execute("SELECT count(*) FROM public.schema_versions").fetchone()[0],
        len(migrations()) - 1,
        "the view cannot disagree with the ledger",
    )


def test_is_security_invoker(db):
    t.results_eq(
        db,
        "SELECT reloptions FROM pg_class WHERE oid = 'public.schema_versions'::regclass",
        [(["security_invoker=true"],)],
        "the view runs with the caller's rights",
    )
