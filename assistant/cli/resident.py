"""A resident answering process for ``kaoping ask``, so that only the first question pays the load.

A fresh ``kaoping ask`` spends about 3 s loading before it answers: Chroma's client, jieba's
dictionaries and the embedding model. An officer asks several questions in a row, so the command
hands each question to a process of the same user that stays loaded for a while
(``KAOPING_RESIDENT_MINUTES``, 10 by default; 0 answers every question in its own process).

- The client half (:func:`forward`) uses the standard library only: it runs before the CLI is
  imported. It connects to a Unix socket in a folder only this user may enter, starting the
  resident first if none answers, sends the arguments and the working folder, and prints what
  the command printed, with its exit code. Anything unexpected (no Unix sockets, a folder owned
  by someone else, a resident that died) makes it answer in its own process instead.
- The socket's name carries everything the answer depends on: the Python, the code's files and
  the environment that configures Kaoping. A changed setting or edited code reaches a new
  resident; the old one leaves when idle.
- The resident half (:func:`serve`) runs the very same Typer command, one question at a time,
  keeping each library open between questions (``assistant.documents.library_session``). When
  another process changes the library (an ingest), the resident says so and leaves; the client
  starts a fresh one.
- Once it has waited a second, the resident embeds the window openings no question has needed
  yet, about 0.1 s at a time and only when no client is waiting
  (``assistant.documents.warm_kept_libraries``), so that a new library's next questions read
  them instead of embedding them.
- A starting resident removes the lock and log that residents of older code or settings left
  in the folder, once untouched for a week and unlocked.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

DEFAULT_MINUTES = 10.0
START_TIMEOUT = 120.0  # seconds a client waits for a new resident's first answer to begin
# seconds without a question before the resident warms openings: questions asked back to back
# (a script, a batch of checks) are not slowed by it, an officer reading an answer gives it time
WARM_AFTER = 1.0
STALE_DAYS = 7.0  # an old resident's lock and log untouched this long are removed
_ENV_PREFIXES = ("KAOPING_", "OPENAI_", "SSL_", "OMP_")
_ENV_NAMES = {"HOME", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"}
_CODE_ROOTS = ("assistant", "retrieval", "prompts")


def idle_minutes() -> float:
    """How long a resident waits for the next question; 0 (or a bad value) means no resident."""
    raw = os.environ.get("KAOPING_RESIDENT_MINUTES", "").strip()
    if not raw:
        return DEFAULT_MINUTES
    try:
        minutes = float(raw)
    except ValueError:
        return 0.0
    return minutes if minutes > 0 else 0.0


def _environment() -> list[tuple[str, str]]:
    return sorted(
        (name, value)
        for name, value in os.environ.items()
        if name.startswith(_ENV_PREFIXES) or name in _ENV_NAMES or "PROXY" in name.upper()
    )


def _code_stamp() -> list[tuple[str, int, int]]:
    """Every file of the code (path, size, mtime): an edit makes a new resident."""
    base = Path(__file__).resolve().parents[2]
    stamp = []
    for root in _CODE_ROOTS:
        for folder, dirs, files in os.walk(base / root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                info = os.stat(os.path.join(folder, name))
                stamp.append((os.path.join(folder, name), info.st_size, info.st_mtime_ns))
    return stamp


def socket_folder() -> Path:
    return Path(tempfile.gettempdir()) / f"kaoping-{os.getuid()}"


def socket_path() -> Path:
    """The socket of the resident that answers exactly as this process would."""
    identity = json.dumps([sys.executable, _environment(), _code_stamp()], ensure_ascii=False)
    digest = hashlib.sha256(identity.encode()).hexdigest()[:24]
    return socket_folder() / f"ask-{digest}.sock"


def _private_folder(folder: Path) -> bool:
    """Create the socket folder, or accept it only when it is ours and closed to others."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and (info.st_mode & 0o077) == 0 and folder.is_dir()


# --- client -------------------------------------------------------------------------------


def forward(argv: list[str]) -> int | None:
    """Run ``kaoping ARGV`` in the resident; its exit code, or None to run it here instead."""
    minutes = idle_minutes()
    if minutes <= 0 or not hasattr(socket, "AF_UNIX") or not hasattr(os, "getuid"):
        return None
    folder = socket_folder()
    if not _private_folder(folder):
        return None
    path = socket_path()
    request = {"argv": argv, "cwd": os.getcwd(), "prog": _program_name()}
    for _ in range(2):  # a second try after a resident that had to leave (library changed)
        conn = _connect(path) or _start(path, minutes)
        if conn is None:
            return None
        reply = _exchange(conn, request)
        if reply is None:
            return None
        if reply.get("stale"):
            continue
        if reply.get("fallback"):
            return None
        sys.stdout.write(reply["stdout"])
        sys.stdout.flush()
        sys.stderr.write(reply["stderr"])
        sys.stderr.flush()
        return int(reply["code"])
    return None


def _program_name() -> str:
    """What usage lines call the program, as click would here (kaoping, python -m assistant.cli)."""
    package = getattr(sys.modules.get("__main__"), "__package__", None)
    if not package:
        return os.path.basename(sys.argv[0])
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    return f"python -m {package if name == '__main__' else f'{package}.{name}'}"


def _connect(path: Path) -> socket.socket | None:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
    except OSError:
        conn.close()
        return None
    return conn


def _start(path: Path, minutes: float) -> socket.socket | None:
    """Start a resident for this socket and connect to it (None if it never comes up)."""
    log = path.with_suffix(".log")
    with open(log, "ab") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli.resident", str(path), str(minutes)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
            cwd=str(Path(__file__).resolve().parents[2]),
        )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        conn = _connect(path)
        if conn is not None:
            return conn
        if process.poll() is not None and not path.exists():
            return None  # it failed before binding (another resident may have won: retry once)
        time.sleep(0.02)
    return None


def _exchange(conn: socket.socket, request: dict[str, Any]) -> dict[str, Any] | None:
    with conn:
        try:
            conn.sendall(json.dumps(request, ensure_ascii=False).encode())
            conn.shutdown(socket.SHUT_WR)
        except OSError:
            return None
        return _receive(conn)


def _receive(conn: socket.socket) -> dict[str, Any] | None:
    """The JSON object the other side sent before closing its end (None if none came whole)."""
    chunks = []
    try:
        while chunk := conn.recv(65536):
            chunks.append(chunk)
        message = json.loads(b"".join(chunks))
    except (OSError, ValueError):
        return None
    return message if isinstance(message, dict) else None


# --- resident -----------------------------------------------------------------------------


def serve(path: Path, minutes: float) -> None:
    """Answer questions on PATH until idle for MINUTES or the library changes under us."""
    import fcntl

    lock = open(path.with_suffix(".lock"), "w")  # noqa: SIM115 - held for the process's life
    if not _take(lock, fcntl):
        lock.close()
        return  # another resident serves this socket
    path.unlink(missing_ok=True)
    _sweep(path.parent, fcntl)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o600)
    listener.listen(16)  # clients wait here while the imports below run
    bound = path.stat().st_ino
    _log(f"serving {path.name} (leaves after {minutes:g} idle minutes)")

    def leave() -> None:
        listener.close()
        with contextlib.suppress(OSError):
            if path.stat().st_ino == bound:
                path.unlink()
        lock.close()

    try:
        import typer.main

        from assistant.cli import build_app
        from assistant.documents import LibraryChanged, keep_libraries_open

        command = typer.main.get_command(build_app())
        keep_libraries_open()
        idle_since = time.monotonic()
        warming = True
        while True:
            now = time.monotonic()
            deadline, warm_at = idle_since + minutes * 60, idle_since + WARM_AFTER
            if warming and warm_at <= now < deadline and not _waiting(listener):
                warming = _warm_step()
                continue
            if now >= deadline:
                break
            listener.settimeout(max(min(deadline, warm_at if warming else deadline) - now, 0.001))
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue  # time to warm, or to leave
            warming = True  # the question may open a library not yet warmed
            with conn:
                conn.settimeout(None)
                request = _read_request(conn)
                if request is None:
                    continue
                if request.get("stop"):
                    _log("stop requested")
                    break
                started = time.perf_counter()
                try:
                    reply = _run(command, request)
                except LibraryChanged:
                    leave()  # first, so that the client's new resident can take the socket
                    _log("library changed by another process: leaving")
                    with contextlib.suppress(OSError):
                        conn.sendall(b'{"stale": true}')
                    return
                _log(f"answered in {time.perf_counter() - started:.3f} s, exit {reply.get('code')}")
                try:
                    conn.sendall(json.dumps(reply, ensure_ascii=False).encode())
                except OSError:  # the client left (Ctrl-C) before its answer: the next one may not
                    _log("the client left before its answer")
            idle_since = time.monotonic()
    finally:
        leave()


def _sweep(folder: Path, fcntl: Any, days: float = STALE_DAYS) -> None:
    """Remove what residents of other settings or code left behind (their lock and log), once
    untouched for ``days``: each upgrade or setting names a new socket, and nothing else would
    ever remove the old ones. A lock some resident still holds is left alone."""
    cutoff = time.time() - days * 86400
    for lock_path in folder.glob("ask-*.lock"):
        log_path = lock_path.with_suffix(".log")
        try:
            if max(p.stat().st_mtime for p in (lock_path, log_path) if p.exists()) > cutoff:
                continue
            with open(lock_path, "a") as held:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if a resident has it
                for stale in (log_path, lock_path.with_suffix(".sock"), lock_path):
                    stale.unlink(missing_ok=True)
        except OSError:
            continue


def _waiting(listener: socket.socket) -> bool:
    """Whether a client is waiting to be accepted."""
    return bool(select.select([listener], [], [], 0)[0])


_warm_log = {"openings": 0, "seconds": 0.0}


def _warm_step() -> bool:
    """One short step of idle work (embedding window openings no question has needed yet,
    assistant.documents.warm_kept_libraries); whether there is more. A failure only ends the
    warming: answers embed what they need themselves."""
    from assistant.documents import warm_kept_libraries

    started = time.perf_counter()
    try:
        done = warm_kept_libraries()
    except Exception:
        _log("warming window openings failed:\n" + traceback.format_exc())
        return False
    _warm_log["openings"] += done
    _warm_log["seconds"] += time.perf_counter() - started
    if not done and _warm_log["openings"]:
        _log(f"warmed {_warm_log['openings']} window openings in {_warm_log['seconds']:.1f} s")
        _warm_log.update(openings=0, seconds=0.0)
    return bool(done)


def _take(lock: Any, fcntl: Any, wait: float = 5.0) -> bool:
    """The socket's lock; a resident that is just leaving gets a few seconds to let go."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def _log(event: str) -> None:
    """One line in the resident's log (its stderr, ``ask-*.log`` beside the socket)."""
    print(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} pid {os.getpid()}: {event}", file=sys.stderr,
          flush=True)  # fmt: skip


def stop(path: Path) -> bool:
    """Ask the resident on PATH to leave now; False when none answered."""
    conn = _connect(path)
    if conn is None:
        return False
    _exchange(conn, {"argv": [], "stop": True})
    return True


def _read_request(conn: socket.socket) -> dict[str, Any] | None:
    request = _receive(conn)
    return request if request is not None and isinstance(request.get("argv"), list) else None


def _run(command: Any, request: dict[str, Any]) -> dict[str, Any]:
    """One command, as ``kaoping`` would run it, with what it printed and its exit code."""
    from assistant.documents import LibraryChanged

    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        os.chdir(request["cwd"])
    except (OSError, KeyError, TypeError):
        return {"fallback": True}  # the client answers in its own process
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            command.main(
                args=[str(a) for a in request["argv"]],
                prog_name=str(request.get("prog") or "kaoping"),
            )
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except LibraryChanged:
            raise
        except Exception:  # the same traceback a process of its own would have printed
            traceback.print_exc()
            code = 1
    return {"stdout": out.getvalue(), "stderr": err.getvalue(), "code": code}


if __name__ == "__main__":
    serve(Path(sys.argv[1]), float(sys.argv[2]))
