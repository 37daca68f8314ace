"""Options, error handling and output helpers shared by every kv2rel command module."""

from __future__ import annotations

import functools
import sys

import click
import psycopg

from . import exitcodes
from .db import ConnectionFailed
from .runner import RunnerError
from .server import ServerError
from .sqlfiles import SqlLayoutError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 110}


def fail(message: str, code: int = exitcodes.ERROR) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def sql_error_text(exc: psycopg.Error) -> str:
    diag = exc.diag
    text = (diag.message_primary or str(exc).splitlines()[0]).strip()
    parts = [f"{diag.sqlstate or '?????'}: {text}"]
    if diag.message_detail:
        parts.append(f"detail: {diag.message_detail}")
    if diag.message_hint:
        parts.append(f"hint: {diag.message_hint}")
    return "; ".join(parts)


def handle_errors(fn):
    """Turn library exceptions into one-line errors and documented exit codes."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ConnectionFailed as exc:
            fail(str(exc))
        except RunnerError as exc:
            fail(str(exc), exc.exit_code)
        except (SqlLayoutError, ServerError) as exc:
            fail(str(exc))
        except psycopg.Error as exc:
            fail(sql_error_text(exc))

    return wrapper


dsn_option = click.option(
    "--dsn",
    metavar="DSN",
    help="libpq connection string or URI. Default: $DATABASE_URL, else libpq's PG* variables.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output for people (text) or machines (json).",
)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


