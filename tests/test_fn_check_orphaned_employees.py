"""kv2rel.check_orphaned_employees(): employees whose site is missing."""

from __future__ import annotations

import pgtap as t
from check_rows import EMPLOYEE, MISSING, insert_chain, uuids


def test_empty_database(db):
    t.volatility_is(
        db, "kv2rel", "check_orphaned_employees", [], "stable", "check_orphaned_employees() exists and is STABLE"
    )
    t.results_eq(
        db,
        "SELECT * FROM kv2rel.check_orphaned_employees()",
        [("target", "employees.site_id -> sites.id", 0, [], "enforced by foreign key employees_site_id_fkey")],
        "one row (site), source target, no orphans",
    )


def test_populated_database_then_an_employee_of_a_missing_site(db):
    insert_chain(db)
    t.is_empty(
        db,
        "SELECT * FROM kv2rel.check_orphaned_employees() WHERE orphan_count <> 0",
        "a valid chain has no orphaned employee",
    )
    db.execute("ALTER TABLE public.employees DROP CONSTRAINT employees_site_id_fkey")
    db.execute(f"UPDATE public.employees SET site_id = '{MISSING}' WHERE id = '{EMPLOYEE}'")
    t.results_eq(
        db,
        "SELECT orphan_count, sample_ids, detail FROM kv2rel.check_orphaned_employees()",
        [
            (
                1,
                uuids(EMPLOYEE),
                "1 employees row(s) point to a missing sites row; no foreign key enforces this relationship",
            )
        ],
        "an employee pointing to a missing site after its key was dropped is reported",
    )
