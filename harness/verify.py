"""Run the SQL checks (kv2rel.run_checks) and render them as TAP or JSON."""

from __future__ import annotations

import json

import psycopg
from psycopg.types.json import Jsonb

from .sqlfiles import manifest


def run_checks(conn: psycopg.Connection, deep: bool = False) -> list[dict]:
    """One dict per assertion: number, check, ok, description, diagnostics.

    deep: the full reconciliation re-maps every record (kv2rel.reconcile(run, p_deep => true)) instead of the hash
    chain; kv2rel.verify_reconciliation reads it from the session setting kv2rel.reconcile_deep.
    """
    installed = conn.execute("SELECT to_regprocedure('kv2rel.run_checks(jsonb)') IS NOT NULL").fetchone()
    if not installed or not installed[0]:
        return [
            {
                "number": 1,
                "check": "run_checks",
                "ok": False,
                "description": "kv2rel verification functions are installed",
                "diagnostics": "kv2rel.run_checks(jsonb) does not exist: run kv2rel apply first",
            }
        ]
    conn.execute("SELECT set_config('kv2rel.reconcile_deep', %s, false)", ("on" if deep else "off",))
    rows = conn.execute(
        "SELECT check_name, ok, description, diagnostics FROM kv2rel.run_checks(%s)", (Jsonb(manifest()),)
    ).fetchall()
    return [
        {"number": i, "check": r[0], "ok": bool(r[1]), "description": r[2], "diagnostics": r[3] if not r[1] else None}
        for i, r in enumerate(rows, start=1)
    ]


def format_tap(results: list[dict]) -> str:
    lines = [f"1..{len(results)}"]
    for r in results:
        lines.append(f"{'ok' if r['ok'] else 'not ok'} {r['number']} - {r['description']}")
        if not r["ok"] and r.get("diagnostics"):
            lines += [f"# {line}" for line in str(r["diagnostics"]).splitlines()]
    failed = sum(not r["ok"] for r in results)
    if failed:
        lines.append(f"# Looks like you failed {failed} test{'s' if failed != 1 else ''} of {len(results)}")
    return "\n".join(lines) + "\n"


def format_json(results: list[dict]) -> str:
    failed = sum(not r["ok"] for r in results)
    return json.dumps({"passed": len(results) - failed, "failed": failed, "assertions": results}, indent=2)
