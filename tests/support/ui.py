"""The UI under streamlit's AppTest: a fresh office per test and a way to open one page.

``ui_office`` (registered by tests/conftest.py) points the app at a fresh home in local
single-user mode, without a model or any server configured, and clears the process-wide
office (``st.cache_resource``) before and after, closing it so its batch worker stops.
``open_page`` runs the app and switches to a view, with session state set first (what the
sidebar's language switch or a key sign-in keeps).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "ui" / "app.py")
UNSET = ("KAOPING_LANG", "KAOPING_LLM_BASE_URL", "KAOPING_LLM_MODEL", "KAOPING_LLM_API_KEY",
         "OPENAI_API_KEY", "KAOPING_DATABASE_URL", "KAOPING_CHROMA_URL", "KAOPING_EMBEDDING_BASE_URL")  # fmt: skip


@pytest.fixture
def ui_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh home for the UI's office (a test may point KAOPING_HOME elsewhere first)."""
    import ui.state

    monkeypatch.setenv("KAOPING_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KAOPING_UI_LOCAL", "1")
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    ui.state.office.clear()
    yield tmp_path / "home"
    ui.state.office().close()  # this test's office: stop its batch worker, close the library
    ui.state.office.clear()


def open_page(view: str | None = None, timeout: float = 90, **state: Any) -> AppTest:
    """The app run once, on ``view`` (ui/views/<view>.py) when given, with ``state`` set."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if view is not None:
        at.switch_page(f"views/{view}.py").run()
    assert not at.exception, at.exception
    return at
