"""kv2rel.check_orphaned_sites(): sites whose client or catalog is missing."""

from __future__ import annotations

import pgtap as t
from check_rows import CLIENT, MISSING, SITE, insert_chain, replica, uuids


def test_empty_database(db):
    t.volatility_is(db, "kv2rel", "check_orphaned_sites", [], "stable", "check_orphaned_sites() exists and is STABLE")
    t.results_eq(
        db,
        "SELECT * FROM kv2rel.check_orphaned_sites()",
        [
            ("target", "sites.client_id -> clients.id", 0, [], "enforced by foreign key sites_client_id_fkey"),
            ("target", "sites.catalog_id -> catalogs.id", 0, [], "enforced by foreign key sites_catalog_id_fkey"),
        ],
        "one row per relationship (client, catalog), source target, no orphans",
    )


def test_populated_database_then_a_site_whose_parents_are_gone(db):
    insert_chain(db)
    t.is_empty(
        db, "SELECT * FROM kv2rel.check_orphaned_sites() WHERE orphan_count <> 0", "a valid chain has no orphaned site"
    )
    db.execute("ALTER TABLE public.sites DROP CONSTRAINT sites_catalog_id_fkey")
    db.execute(f"UPDATE public.sites SET catalog_id = '{MISSING}' WHERE id = '{SITE}'")
    with replica(db):
        db.execute(f"DELETE FROM public.clients WHERE id = '{CLIENT}'")
    t.results_eq(
        db,
        "SELECT relationship, orphan_count, sample_ids, detail FROM kv2rel.check_orphaned_sites()",
        [
            (
                "sites.client_id -> clients.id",
                1,
                uuids(SITE),
                "1 sites row(s) point to a missing clients row; enforced by foreign key sites_client_id_fkey",
            ),
            (
                "sites.catalog_id -> catalogs.id",
                1,
                uuids(SITE),
                "1 sites row(s) point to a missing catalogs row; no foreign key enforces this relationship",
            ),
        ],
        "a site whose client was deleted past the key and whose catalog key was dropped is reported twice",
    )
