"""A throwaway PostgreSQL server for tests, on loopback, gone when the test session ends.

Tests of the database layer need a real PostgreSQL (real types, real transactions, real
UTF-8 handling), yet must not depend on, or disturb, any server already on the machine.
``postgres_server`` makes a fresh cluster in a directory of its own, starts it on
127.0.0.1 on a free port with the unix socket in that directory (never /var/run), creates a
database ``kaoping`` and yields its SQLAlchemy URL; on exit it stops the server and deletes
the directory. Each pytest-xdist worker starts its own server, so runs never share state.

The ``postgres_url`` fixture is registered for every test by tests/conftest.py
(``pytest_plugins``); mark the tests so they skip when PostgreSQL is not installed::

    @pytest.mark.system("postgresql")
    def test_something(postgres_url: str) -> None:
        engine = sqlalchemy.create_engine(postgres_url)
        ...

The fixture is session-scoped: one server per pytest-xdist worker, so tests sharing it use
databases or tables of their own (tests/support/api.py makes a fresh database per module). Outside pytest, ``with postgres_server(Path(...)) as url:`` does the same.

PostgreSQL refuses to run as root, so under root the commands run as the ``postgres`` user
(created by the Debian package) or else ``nobody``, via ``runuser``, and the directory is
handed to that user. Needs the Debian ``postgresql`` package (``make system-deps``).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

DATABASE = "kaoping"
_TOOLS = ("initdb", "pg_ctl", "createdb")
_UNPRIVILEGED_USERS = ("postgres", "nobody")
_START_ATTEMPTS = 3  # another process may grab the free port before the server binds it
_TIMEOUT = 60

# Durability is pointless for a cluster deleted after the run; turning it off makes it fast.
_SETTINGS = """
# kaoping test harness: loopback only, socket in the cluster's own directory, no durability.
listen_addresses = '127.0.0.1'
unix_socket_directories = '{socket_dir}'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 16MB
max_connections = 100
"""


def find_bindir() -> Path:
    """The directory holding initdb, pg_ctl and createdb of one PostgreSQL version.

    All three must come from the same version: on Debian, ``createdb`` in /usr/bin is a
    wrapper and initdb/pg_ctl are only in /usr/lib/postgresql/N/bin, so PATH is used only
    when it holds the real server tools; otherwise the newest installed version wins.
    """
    on_path = shutil.which("pg_ctl")
    if on_path:
        bindir = Path(on_path).resolve().parent
        if all((bindir / tool).exists() for tool in _TOOLS):
            return bindir

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))

    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for bindir in installed:
        if all((bindir / tool).exists() for tool in _TOOLS):
            return bindir
    raise RuntimeError(
        "PostgreSQL server tools (initdb, pg_ctl, createdb) not found in PATH or "
        "/usr/lib/postgresql/*/bin; install them with: apt-get install postgresql"
    )


def _unprivileged_user() -> pwd.struct_passwd | None:
    """The account to run PostgreSQL as: None when not root (run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in _UNPRIVILEGED_USERS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError(
        f"running as root, and PostgreSQL refuses root, but none of the users "
        f"{', '.join(_UNPRIVILEGED_USERS)} exists to run it as"
    )


def _free_port() -> int:
    """A TCP port on 127.0.0.1 the OS just reported free (the caller retries on a race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env() -> dict[str, str]:
    """Our environment minus PG* settings (a developer's PGHOST/PGPORT must not leak in)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = "C"  # English messages, so failures (and "address in use") are legible
    return env


class _Runner:
    """Runs PostgreSQL tools, as an unprivileged user when we are root."""

    def __init__(self, bindir: Path, base: Path, user: pwd.struct_passwd | None) -> None:
        self.bindir = bindir
        self.base = base
        self.user = user

    @property
    def username(self) -> str:
        """The cluster's superuser: the OS account that ran initdb."""
        return self.user.pw_name if self.user else pwd.getpwuid(os.geteuid()).pw_name

    def command(self, tool: str, *args: str) -> list[str]:
        cmd = [str(self.bindir / tool) if tool in _TOOLS else tool, *args]
        return ["runuser", "-u", self.user.pw_name, "--", *cmd] if self.user else cmd

    def run(self, what: str, tool: str, *args: str, check: bool = True) -> str:
        """Run one tool; on failure raise with what failed, the command and its stderr."""
        cmd = self.command(tool, *args)
        try:
            done = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                env=_env(),
                cwd=self.base,  # a cwd the unprivileged user can enter
                timeout=_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RuntimeError(f"{what} failed: {' '.join(cmd)}: {exc}") from exc
        if check and done.returncode != 0:
            output = (done.stderr.strip() or done.stdout.strip() or "(no output)")[-4000:]
            raise RuntimeError(f"{what} failed (exit {done.returncode}): {' '.join(cmd)}\n{output}")
        return done.stdout


def _log_tail(log: Path, start: int) -> str:
    try:
        with log.open("rb") as handle:
            handle.seek(start)
            return handle.read().decode("utf-8", "replace")[-4000:]
    except OSError:
        return ""


@contextmanager
def postgres_server(base: Path) -> Iterator[str]:
    """Run a fresh PostgreSQL cluster in ``base``; yield the SQLAlchemy URL of its ``kaoping`` db.

    ``base`` (made if missing, must be empty) holds the data directory, the unix socket and
    the server log; it is deleted on exit, after ``pg_ctl stop -m immediate`` (no checkpoint:
    the data is thrown away). Trust auth is fine here: the server listens on 127.0.0.1 only
    and lives for one test session.
    """
    bindir = find_bindir()
    user = _unprivileged_user()
    base = Path(base).absolute()
    base.mkdir(parents=True, exist_ok=True)
    if any(base.iterdir()):
        raise RuntimeError(f"postgres_server needs an empty directory, {base} is not")
    data, log = base / "data", base / "server.log"
    # Unix socket paths are limited to 107 bytes; fail here rather than with a vague log line.
    if len(str(base / ".s.PGSQL.65535")) > 107:
        raise RuntimeError(f"directory path too long for a unix socket: {base}")
    runner = _Runner(bindir, base, user)
    started = False
    try:
        if user is not None:
            os.chown(base, user.pw_uid, user.pw_gid)
            os.chmod(base, 0o700)
            runner.run(
                f"checking that user {user.pw_name} can write {base} (each parent directory "
                f"must be searchable by it; pytest's tmp_path is not when run as root)",
                "test",
                "-w",
                str(base),
            )
        runner.run(
            "initdb",
            "initdb",
            "--pgdata",
            str(data),
            "--username",
            runner.username,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(_SETTINGS.format(socket_dir=str(base).replace("'", "''")))

        for attempt in range(1, _START_ATTEMPTS + 1):
            port = _free_port()
            offset = log.stat().st_size if log.exists() else 0
            try:
                started = True  # from here on a server may be running: always try to stop it
                runner.run(
                    "pg_ctl start",
                    "pg_ctl",
                    "start",
                    "--pgdata",
                    str(data),
                    "--log",
                    str(log),
                    "--wait",
                    "--timeout",
                    str(_TIMEOUT),
                    "-o",
                    f"-p {port}",
                )
                break
            except RuntimeError as exc:
                server_log = _log_tail(log, offset)
                if attempt < _START_ATTEMPTS and "already in use" in server_log:
                    time.sleep(0.1)
                    continue
                raise RuntimeError(f"{exc}\nserver log {log}:\n{server_log}") from None

        runner.run(
            "createdb",
            "createdb",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--username",
            runner.username,
            DATABASE,
        )
        yield f"postgresql+psycopg://{runner.username}@127.0.0.1:{port}/{DATABASE}"
    finally:
        try:
            if started and (data / "postmaster.pid").exists():
                runner.run(
                    "pg_ctl stop",
                    "pg_ctl",
                    "stop",
                    "--pgdata",
                    str(data),
                    "--mode",
                    "immediate",
                    "--wait",
                )
        finally:
            shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLAlchemy URL of a fresh ``kaoping`` database on a private loopback server.

    As root the cluster must live where the unprivileged server user can reach it, and
    pytest's temp root (/tmp/pytest-of-root) is private to root, so it goes in a fresh
    directory under the system temp dir instead.
    """
    if os.geteuid() == 0:
        base = Path(tempfile.mkdtemp(prefix="kaoping-pg-"))
    else:
        base = tmp_path_factory.mktemp("postgres")
    with postgres_server(base) as url:
        yield url
