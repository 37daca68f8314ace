"""kv2rel.map_value and the seeded value maps: every documented choice (keep, map, reject), case and whitespace,
unmapped values of enumerated columns, columns that are not enumerated, and agreement with the target CHECKs."""

from __future__ import annotations

import re

import pytest

import pgtap as t


def mv(conn, entity: str, column: str, value: str | None) -> tuple:
    return tuple(conn.execute("SELECT * FROM kv2rel.map_value(%s, %s, %s)", (entity, column, value)).fetchone())


def test_structure(db):
    t.volatility_is(db, "kv2rel", "map_value", ["text", "text", "text"], "stable", "map_value is STABLE")


CHOICES = [
    ("client", "status", "suspended", "suspended", "keep"),
    ("site", "status", "live", "active", "map"),
    ("site", "status", "maintenance", "maintenance", "keep"),
    ("order", "status", "failed", "failed", "keep"),
    ("employee", "status", "terminated", "terminated", "keep"),
    ("admin_user", "role", "manager", "manager", "keep"),
    ("admin_user", "role", "site_manager", "site_manager", "keep"),
    ("admin_user", "role", "content_editor", "content_editor", "keep"),
    ("admin_user", "role", "client_admin", "client_admin", "keep"),
    ("admin_user", "role", "system_admin", "system_admin", "keep"),
    ("admin_user", "role", "catalog_admin", "catalog_admin", "keep"),
    ("admin_user", "role", "order_admin", "order_admin", "keep"),
    ("admin_user", "role", "hr_admin", "hr_admin", "keep"),
    ("site_gift_config", "assignment_strategy", "selected", "explicit", "map"),
    ("site_gift_config", "assignment_strategy", "excluded", "exclusions", "map"),
    ("site_gift_config", "assignment_strategy", "price_levels", "price_levels", "keep"),
    ("site_gift_config", "assignment_strategy", "categories", None, "reject"),
    ("site_gift_config", "assignment_strategy", "custom", None, "reject"),
]


@pytest.mark.parametrize("entity,column,value,want,action", CHOICES, ids=[f"{c[0]}.{c[1]}={c[2]}" for c in CHOICES])
def test_documented_choice(db, entity, column, value, want, action):
    have = mv(db, entity, column, value)
    t.is_(have[:2], (want, action), f"{entity}.{column} {value!r} -> {action} {want!r}")
    t.ok(have[2], f"{entity}.{column} {value!r} carries its reason", repr(have))


def test_case_and_spaces_are_ignored(db):
    t.is_(mv(db, "client", "status", "  Suspended ")[:2], ("suspended", "keep"),
          "lookups ignore case and surrounding spaces; the map's spelling is stored")
    t.is_(mv(db, "site", "status", "LIVE")[:2], ("active", "map"), "LIVE maps like live")


def test_unmapped_and_unenumerated(db):
    t.is_(mv(db, "client", "status", "archived"),
          (None, "unmapped", "status 'archived' has no entry in the value map of client.status"),
          "a value outside an enumerated column's map is unmapped, with a reason")
    t.is_(mv(db, "client", "name", "Acme"), ("Acme", "pass", None), "a column without a value map passes values")
    t.is_(mv(db, "client", "status", "  "), (None, "absent", None), "a blank value is absent")
    t.is_(mv(db, "client", "status", None), (None, "absent", None), "NULL is absent")
    t.is_(mv(db, "nope", "status", "active"), ("active", "pass", None), "an unknown entity has no value map")


def test_value_map_rows_are_normalised(db):
    t.throws_ok(db, "INSERT INTO kv2rel.value_map VALUES ('client', 'status', 'Archived', 'keep', NULL, 'x')",
                "23514", None, "source values are stored lower-case",
                constraint="value_map_source_value_normalised_check")
    t.throws_ok(db, "INSERT INTO kv2rel.value_map VALUES ('client', 'status', 'archived', 'map', NULL, 'x')",
                "23514", None, "a map row needs its target", constraint="value_map_target_value_matches_action_check")
    t.throws_ok(db, "INSERT INTO kv2rel.value_map VALUES ('client', 'status', 'archived', 'drop', NULL, 'x')",
                "23514", None, "action is keep, map or reject", constraint="value_map_action_check")


def check_values(conn, table: str, column: str) -> set[str] | None:
    """The literals of the single-column IN-list CHECK on table.column, if there is one."""
    for (definition,) in conn.execute(
        "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint AS c"
        " JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
        " WHERE c.conrelid = %s::regclass AND c.contype = 'c' AND cardinality(c.conkey) = 1 AND a.attname = %s",
        (table, column),
    ):
        if "ANY (ARRAY[" in definition:
            return set(re.findall(r"'([^']*)'::text", definition))
    return None


def test_value_maps_agree_with_target_checks(db):
    pairs = db.execute(
        "SELECT DISTINCT m.entity, m.target_column, e.target_table FROM kv2rel.value_map AS m"
        " JOIN kv2rel.kv_entities AS e USING (entity) ORDER BY 1, 2"
    ).fetchall()
    t.ok(len(pairs) >= 15, "there are value maps for the enumerated columns", repr(pairs))
    for entity, column, table in pairs:
        allowed = check_values(db, table, column)
        t.ok(allowed is not None, f"{table}.{column} has an IN-list CHECK the map can be compared with")
        produced = {r[0] for r in db.execute(
            "SELECT coalesce(target_value, source_value) FROM kv2rel.value_map"
            " WHERE entity = %s AND target_column = %s AND action <> 'reject'", (entity, column))}
        t.is_(sorted(produced - allowed), [], f"every value {entity}.{column} maps to is allowed by {table}")
        kept = {r[0] for r in db.execute(
            "SELECT source_value FROM kv2rel.value_map WHERE entity = %s AND target_column = %s AND action = 'keep'",
            (entity, column))}
        t.is_(sorted(allowed - kept), [], f"every value {table}.{column} allows is kept as is for {entity}")
