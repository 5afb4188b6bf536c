"""The server warms a new library while it is quiet (assistant/workspace/warming.py): the API's
own lifespan starts it, a real upload and question go through the HTTP routes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from retrieval.library import Library
from retrieval.windows import openings
from tests.test_chat import HANDBOOK, PLANTED


def _every_opening(library: Library) -> int:
    return sum(len(openings(c.text, c.heading)) for c in library.catalog.chunks())


def test_the_server_keeps_every_opening_once_quiet_and_waits_while_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.api import create_app
    from assistant.settings import Settings
    from assistant.workspace import warming

    monkeypatch.setattr(warming, "QUIET", 0.3)
    app = create_app(Settings(home=tmp_path / "home"), auth=False)
    office = app.state.office
    with TestClient(app) as client:
        for name, text in (("handbook.md", HANDBOOK), ("planted.md", PLANTED)):
            files = {"file": (name, text.encode(), "text/markdown")}
            assert client.post("/v1/documents", files=files).status_code == 201
        answer = client.post("/v1/ask", json={"question": "黃燈指標要寫多少字的說明？"})
        assert answer.status_code == 200 and answer.json()["found"]
        library = office.opened_library()
        assert library is not None
        every = _every_opening(library)
        asked = library.catalog.opening_count()
        assert 0 < asked < every
        deadline = time.monotonic() + 120
        while library.catalog.opening_count() < every and time.monotonic() < deadline:
            time.sleep(0.1)
        assert library.catalog.opening_count() == every
        office.last_search = time.monotonic()  # a search just started: the next step waits
        assert 0 < office.warmer.step() <= 0.3
    assert office.warmer._thread is None  # stopped with the server, before the library closed


def test_an_opening_whose_chunk_was_replaced_meanwhile_is_not_kept(tmp_path: Path) -> None:
    """A warmer (or an answer) that embedded an opening while an ingest replaced its chunk
    leaves no orphan row behind."""
    handbook = tmp_path / "handbook.md"
    handbook.write_text(HANDBOOK, encoding="utf-8")
    library = Library(tmp_path / "home")
    library.ingest([handbook])
    chunk = library.catalog.chunks()[0]
    text = openings(chunk.text, chunk.heading)[0]
    gone = "no-such-document:0"
    library.opening_vectors([(chunk.chunk_id, text), (gone, text)])
    kept = library.catalog.openings(
        [library._opening_key(chunk.chunk_id, text), library._opening_key(gone, text)]
    )
    assert list(kept) == [library._opening_key(chunk.chunk_id, text)]
    library.close()
