"""The resident answering process behind ``kaoping ask`` (assistant/cli/resident.py).

Real processes throughout: the ``kaoping`` entry point in a subprocess, a resident it starts on
a Unix socket, an ingest by a third process while the resident keeps the library open.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from assistant.cli import resident
from tests.test_chat import HANDBOOK

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="Unix sockets only")

Run = Callable[..., CompletedProcess[str]]
COMMITTEE = "# 市府個案計畫評核要點\n\n評核委員會置委員九人，其中外聘委員五人，任期二年。\n"


@pytest.fixture
def on(home: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Run) -> Iterator[dict[str, str]]:
    """The environment that turns the resident on, and the resident's socket for this test.

    The test's own environment is set to what ``run_cli`` gives the subprocess, so that
    ``resident.socket_path()`` here names the socket the subprocess uses.
    """
    env = {"KAOPING_RESIDENT_MINUTES": "2", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("KAOPING_LANG", "OPENAI_API_KEY", "KAOPING_LLM_BASE_URL", "KAOPING_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    path = resident.socket_path()
    yield env
    resident.stop(path)


def _log(path: Path) -> list[str]:
    log = path.with_suffix(".log")
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _answered(path: Path) -> int:
    return sum("answered in" in line for line in _log(path))


def test_questions_after_the_first_are_answered_by_the_resident(
    run_cli: Run, on: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "handbook.md").write_text(HANDBOOK, encoding="utf-8")
    assert run_cli("ingest", tmp_path / "handbook.md").returncode == 0
    path = resident.socket_path()
    first = run_cli("ask", "佐證資料要保存幾年？", "--format", "json", env=on)
    assert first.returncode == 0, first.stderr
    assert path.exists() and _answered(path) == 1  # the first question started it and went to it
    second = run_cli("ask", "佐證資料要保存幾年？", "--format", "json", env=on)
    assert second.returncode == 0 and _answered(path) == 2
    here = run_cli("ask", "佐證資料要保存幾年？", "--format", "json")  # in its own process
    answers = [json.loads(r.stdout) for r in (first, second, here)]
    assert answers[0]["found"] and answers[0]["citations"]
    for data in answers:
        data.pop("conversation_id")
    assert answers[0] == answers[1] == answers[2]
    assert "離線模式" in second.stderr  # messages reach the client's stderr as they would here
    follow = run_cli(
        "ask", "那黃燈呢？", "-c", json.loads(second.stdout)["conversation_id"], env=on
    )
    assert follow.returncode == 0 and "**出處**" in follow.stdout and _answered(path) == 3


def test_a_client_that_leaves_early_does_not_stop_the_resident(
    run_cli: Run, on: dict[str, str]
) -> None:
    import socket

    path = resident.socket_path()
    assert run_cli("ask", "佐證資料要保存幾年？", env=on).returncode == 0
    request = {"argv": ["ask", "佐證資料要保存幾年？"], "cwd": os.getcwd(), "prog": "kaoping"}
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:  # asks, then hangs up
        conn.connect(str(path))
        conn.sendall(json.dumps(request).encode())
        conn.shutdown(socket.SHUT_WR)
    deadline = time.monotonic() + 60
    while _answered(path) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run_cli("ask", "佐證資料要保存幾年？", env=on).returncode == 0
    assert _answered(path) == 3 and sum("serving" in line for line in _log(path)) == 1


def test_bad_input_through_the_resident_is_the_same_error(run_cli: Run, on: dict[str, str]) -> None:
    path = resident.socket_path()
    for args in (
        ("ask", "  "),
        ("ask", "問題", "--conversation", "../../etc"),
        ("ask", "問", "-k", "0"),
    ):
        via = run_cli(*args, env=on)
        here = run_cli(*args)
        assert via.returncode == here.returncode == 2
        assert via.stderr == here.stderr and via.stdout == here.stdout
    assert _answered(path) == 3


def test_a_library_changed_by_another_process_is_seen(
    run_cli: Run, on: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "handbook.md").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "committee.md").write_text(COMMITTEE, encoding="utf-8")
    assert run_cli("ingest", tmp_path / "handbook.md").returncode == 0
    path = resident.socket_path()
    before = run_cli("ask", "評核委員會有幾位外聘委員？", "--format", "json", env=on)
    assert before.returncode == 0 and json.loads(before.stdout)["found"] is False
    assert (
        run_cli("ingest", tmp_path / "committee.md").returncode == 0
    )  # while it holds the library
    after = run_cli("ask", "評核委員會有幾位外聘委員？", "--format", "json", env=on)
    assert after.returncode == 0, after.stderr
    data = json.loads(after.stdout)
    assert data["found"] and any("外聘委員五人" in c["quote"] for c in data["citations"])
    log = _log(path)
    assert any("library changed" in line for line in log)
    assert sum("serving" in line for line in log) == 2  # a fresh resident answered


def test_a_waiting_resident_warms_the_openings_no_question_needed_yet(
    run_cli: Run, on: dict[str, str], home: Path, tmp_path: Path
) -> None:
    """After its first answer the resident embeds the library's other window openings while
    it waits, so the next questions read them; a question still gets its answer meanwhile."""
    from retrieval.catalog import Catalog
    from retrieval.windows import openings

    (tmp_path / "handbook.md").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / "committee.md").write_text(COMMITTEE, encoding="utf-8")
    assert run_cli("ingest", tmp_path / "handbook.md", tmp_path / "committee.md").returncode == 0
    chunks = Catalog(home / "library.db").chunks()
    every = {(c.chunk_id, t) for c in chunks for t in openings(c.text, c.heading)}
    path = resident.socket_path()
    assert run_cli("ask", "佐證資料要保存幾年？", env=on).returncode == 0
    assert run_cli("ask", "評核委員會有幾位外聘委員？", env=on).returncode == 0  # maybe mid-way
    deadline = time.monotonic() + 120
    while not any("warmed" in line for line in _log(path)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert any("window openings in" in line for line in _log(path)), _log(path)
    assert Catalog(home / "library.db").opening_count() == len(every) and _answered(path) == 2


def test_a_starting_resident_removes_what_old_residents_left_behind(
    run_cli: Run, on: dict[str, str]
) -> None:
    """Each upgrade or setting names a new socket; a lock and log untouched for a week, whose
    lock nobody holds, are removed when a resident starts. Recent ones stay."""
    folder = resident.socket_folder()
    folder.mkdir(mode=0o700, exist_ok=True)
    old, recent = folder / "ask-0ld0ld0ld0ld0ld0ld0ld0ld", folder / "ask-recentrecentrecentrece"
    month_ago = time.time() - 30 * 86400
    for stem in (old, recent):
        for suffix in (".lock", ".log"):
            stem.with_suffix(suffix).write_text("", encoding="utf-8")
    for suffix in (".lock", ".log"):
        os.utime(old.with_suffix(suffix), (month_ago, month_ago))
    assert run_cli("ask", "佐證資料要保存幾年？", env=on).returncode == 0
    assert not old.with_suffix(".lock").exists() and not old.with_suffix(".log").exists()
    assert recent.with_suffix(".lock").exists() and recent.with_suffix(".log").exists()
    assert resident.socket_path().with_suffix(".lock").exists()  # its own, held
    for suffix in (".lock", ".log"):
        recent.with_suffix(suffix).unlink()


def test_an_idle_resident_leaves(
    run_cli: Run, on: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    brief = {**on, "KAOPING_RESIDENT_MINUTES": "0.02"}  # 1.2 s
    monkeypatch.setenv("KAOPING_RESIDENT_MINUTES", "0.02")
    path = resident.socket_path()
    assert run_cli("ask", "佐證資料要保存幾年？", env=brief).returncode == 0
    assert _answered(path) == 1
    deadline = time.monotonic() + 60
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not path.exists()


def test_no_resident_when_turned_off_or_the_folder_is_not_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAOPING_RESIDENT_MINUTES", "0")
    assert resident.forward(["ask", "問題"]) is None
    monkeypatch.setenv("KAOPING_RESIDENT_MINUTES", "ten")
    assert resident.idle_minutes() == 0
    monkeypatch.setenv("KAOPING_RESIDENT_MINUTES", "5")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    shared = resident.socket_folder()
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)  # others could plant a socket here
    assert resident.forward(["ask", "問題"]) is None
    assert not list(shared.iterdir())


def test_the_socket_name_follows_settings_and_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAOPING_HOME", "/tmp/a")
    first = resident.socket_path()
    monkeypatch.setenv("KAOPING_HOME", "/tmp/b")
    assert resident.socket_path() != first
    monkeypatch.setenv("KAOPING_HOME", "/tmp/a")
    monkeypatch.setenv("TERM_SESSION", "x")  # unrelated variables do not matter
    assert resident.socket_path() == first
    stamp = resident._code_stamp()
    assert any(p.endswith("assistant/chat/service.py") for p, _, _ in stamp)
