"""Every kv2rel command has help text with an example, and is documented in README.md and docs/cli.md."""

from __future__ import annotations

from pathlib import Path

import pytest

import pgtap as t
from harness.cli import cli as command

REPO = Path(__file__).resolve().parent.parent
COMMANDS = sorted(command.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_an_example(name, cli):
    result = cli(name, "--help")
    t.is_(result.exit_code, 0, f"kv2rel {name} --help exits 0")
    t.ok("Example" in result.output, f"kv2rel {name} --help shows an example", result.output)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented(name):
    readme = (REPO / "README.md").read_text()
    cli_doc = (REPO / "docs" / "cli.md").read_text()
    t.ok(f"kv2rel {name}" in readme, f"README.md mentions kv2rel {name}")
    t.ok(f"## {name}" in cli_doc, f"docs/cli.md has a section for {name}")


def test_version(cli):
    result = cli("--version")
    t.ok(result.output.startswith("kv2rel, version "), "kv2rel --version prints the version", result.output)
