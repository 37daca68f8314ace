"""The two ways to start the CLI (`kv2rel` console script and `python -m harness.cli`) know the same commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pgtap as t

ROOT = Path(__file__).resolve().parent.parent


def _commands(args: list[str]) -> list[str]:
    out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=os.environ | {"COLUMNS": "200"})
    assert out.returncode == 0, out.stderr
    section = out.stdout.split("Commands:", 1)[1]
    return re.findall(r"^\s{2}(\S+)\s", section, flags=re.M)


def test_python_dash_m_knows_every_command():
    via_module = _commands([sys.executable, "-m", "harness.cli", "--help"])
    via_script = _commands([str(Path(sys.executable).with_name("kv2rel")), "--help"])
    t.is_(via_module, via_script, "python -m harness.cli lists the same commands as kv2rel")
    for name in ("migrate", "rollback", "report", "bench"):
        t.ok(name in via_module, f"python -m harness.cli knows {name}")


def test_python_dash_m_knows_every_bench_subcommand():
    subs = _commands([sys.executable, "-m", "harness.cli", "bench", "--help"])
    t.is_(subs, ["classify", "migrate", "queries", "reconcile"], "bench subcommands, reconcile included")
