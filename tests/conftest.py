"""Shared fixtures, and the ``system`` marker for tests that need a Debian package.

``@pytest.mark.system("libreoffice")`` skips a test (with the reason) when the
package is missing, unless ``KAOPING_REQUIRE_SYSTEM=1`` is set (as ``.ci/run``
does), in which case a missing package fails the test instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# fixtures shared by several modules: a throwaway PostgreSQL server, an API under test, the UI
pytest_plugins = ["tests.support.postgres", "tests.support.api", "tests.support.ui"]

ROOT = Path(__file__).resolve().parent.parent

# `kaoping ask` run by tests answers in its own process; tests/test_resident.py turns the resident on
os.environ["KAOPING_RESIDENT_MINUTES"] = "0"
EXAMPLES = ROOT / "examples"


def _has_fonts_cjk() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(
        ["fc-list", ":lang=zh-tw"], capture_output=True, text=True, check=False
    ).stdout
    return "Noto" in out


# name -> (check, Debian packages that provide it). .ci/run installs the packages.
SYSTEM_PACKAGES: dict[str, tuple[Callable[[], bool], str]] = {
    "libreoffice": (lambda: shutil.which("soffice") is not None, "libreoffice-calc-nogui"),
    "libreoffice-writer": (
        lambda: (
            shutil.which("soffice") is not None
            and Path("/usr/lib/libreoffice/program/libwriterlo.so").exists()
            and _has_fonts_cjk()
        ),
        "libreoffice-writer-nogui fonts-noto-cjk fontconfig",
    ),
    "chromium": (lambda: shutil.which("chromium") is not None, "chromium"),
    "fonts-noto-cjk": (_has_fonts_cjk, "fonts-noto-cjk fontconfig"),
    "postgresql": (
        lambda: (
            shutil.which("pg_ctl") is not None
            or any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        ),
        "postgresql",
    ),
}


def require_system() -> bool:
    return os.environ.get("KAOPING_REQUIRE_SYSTEM", "") not in ("", "0", "false")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers(name="system"):
        for name in marker.args:
            check, packages = SYSTEM_PACKAGES[name]
            if check():
                continue
            reason = f"needs system package {name} (apt-get install {packages})"
            if require_system():
                pytest.fail(f"KAOPING_REQUIRE_SYSTEM=1 but missing: {reason}", pytrace=False)
            pytest.skip(reason)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private KAOPING_HOME so tests never touch the user's ~/.kaoping."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("KAOPING_HOME", str(path))
    monkeypatch.delenv("KAOPING_LANG", raising=False)
    return path


@pytest.fixture
def run_cli(home: Path) -> Iterator[Callable[..., subprocess.CompletedProcess[str]]]:
    """Run the real ``kaoping`` entry point in a subprocess (exit codes, stdout/stderr split)."""
    base_env = {
        **os.environ, "KAOPING_HOME": str(home), "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"
    }  # fmt: skip
    for name in ("KAOPING_LANG", "OPENAI_API_KEY", "KAOPING_LLM_BASE_URL", "KAOPING_LLM_API_KEY"):
        base_env.pop(name, None)  # offline unless a test configures the stub

    def run(
        *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant.cli", *map(str, args)],
            capture_output=True,
            text=True,
            env={**base_env, **(env or {})},
            cwd=cwd or ROOT,
            timeout=120,
            check=False,
        )

    yield run
