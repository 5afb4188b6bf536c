"""The API's long work: SSE streams from a model (the OpenAI-compatible stub on 127.0.0.1),
the request time limit, and batch runs that outlive the client and the server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import EXAMPLES
from tests.support.api import metrics_of
from tests.support.drafting import faithful
from tests.support.llm_stub import Step, StubServer

GUIDE = "# 指引\n\n## 佐證資料\n\n年度自評時，佐證資料應自評估年度次年起保存5年，以備查核。\n"


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def _app(home: Path, **settings: Any) -> Any:
    from assistant.api import create_app
    from assistant.settings import Settings

    return create_app(Settings(home=home, **settings), auth=False)


def _events(text: str) -> list[tuple[str, Any]]:
    """(event, data) pairs of an SSE body."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in lines:
            out.append((lines["event"], json.loads(lines["data"])))
    return out


def _with_guide(client: TestClient) -> None:
    files = {"file": ("guide.md", GUIDE.encode(), "text/markdown")}
    assert client.post("/v1/documents", files=files).status_code == 201


def test_ask_streams_the_models_tokens_then_the_checked_answer(
    tmp_path: Path, stub: StubServer
) -> None:
    stub.responder = lambda request: (
        "佐證資料應「自評估年度次年起保存5年」［1］。另須罰鍰3萬元［1］。"
    )
    app = _app(tmp_path, llm_base_url=stub.base_url, llm_model="stub-model", llm_api_key="test")
    with TestClient(app) as client:
        _with_guide(client)
        response = client.post("/v1/ask", json={"question": "佐證資料要保存幾年？"},
                               headers={"Accept": "text/event-stream"})  # fmt: skip
        assert response.headers["content-type"].startswith("text/event-stream")
        events = _events(response.text)
    tokens = "".join(data["text"] for name, data in events if name == "token")
    assert "罰鍰3萬元" in tokens  # streamed as the model wrote it ...
    name, answer = events[-1]
    assert name == "answer" and answer["mode"] == "llm" and answer["found"]
    assert "3萬元" not in answer["answer"]  # ... but the number no passage holds is removed
    assert answer["unsupported"] and answer["citations"][0]["quote"] == "自評估年度次年起保存5年"


def test_draft_streams_and_the_finished_draft_is_saved(tmp_path: Path, stub: StubServer) -> None:
    stub.responder = faithful
    app = _app(tmp_path, llm_base_url=stub.base_url, llm_model="stub-model", llm_api_key="test")
    with TestClient(app) as client:
        response = client.post(
            "/v1/drafts", json={"metrics": metrics_of("city-government.yaml"), "stream": True}
        )
        events = _events(response.text)
        name, saved = events[-1]
        assert name == "draft" and saved["draft"]["mode"] == "llm"
        assert any(n == "token" for n, _ in events)
        stored = client.get(f"/v1/drafts/{saved['id']}").json()
        assert stored["draft"]["sections"] == saved["draft"]["sections"]
        assert stored["draft"]["llm"]["usage"]


def test_a_model_that_keeps_failing_still_ends_in_a_complete_draft(
    tmp_path: Path, stub: StubServer
) -> None:
    stub.responder = lambda request: (_ for _ in ()).throw(RuntimeError("down"))  # every call a 500
    app = _app(tmp_path, llm_base_url=stub.base_url, llm_model="stub-model", llm_api_key="test",
               llm_max_attempts=1, llm_backoff=0.01)  # fmt: skip
    with TestClient(app) as client:
        response = client.post("/v1/drafts", json={"metrics": metrics_of("city-government.yaml")})
    assert response.status_code == 201
    sections = response.json()["draft"]["sections"]
    assert all(s["paragraphs"] for s in sections)
    assert {s["source"] for s in sections[1:]} == {"fallback"}


def test_a_request_over_the_time_limit_gets_504_in_the_error_shape(
    tmp_path: Path, stub: StubServer
) -> None:
    with TestClient(_app(tmp_path)) as client:
        _with_guide(client)  # ingesting takes longer than the limit below
    stub.script(Step.delay(5.0, Step.reply("遲到的回答")))
    app = _app(tmp_path, llm_base_url=stub.base_url, llm_model="stub-model", llm_api_key="test",
               llm_max_attempts=1, request_timeout=0.5)  # fmt: skip
    with TestClient(app) as client:
        client.get("/readyz")  # opens the library (loads the embedding model) before the clock
        started = time.monotonic()
        response = client.post("/v1/ask", json={"question": "佐證資料要保存幾年？"},
                               headers={"Accept-Language": "en"})  # fmt: skip
        elapsed = time.monotonic() - started
    assert response.status_code == 504 and elapsed < 4
    assert response.json()["error"]["code"] == "api.err.timeout"


def test_an_unfinished_batch_is_resumed_when_the_server_starts(tmp_path: Path) -> None:
    from assistant.workspace import Workspace
    from assistant.workspace.batches import run_folder

    workspace = Workspace.open(tmp_path)
    folder = run_folder(tmp_path, "a" * 32)
    folder.mkdir(parents=True)
    (folder / "input.csv").write_bytes((EXAMPLES / "batch-2023.csv").read_bytes())
    options = {
        "formats": ["md"],
        "lang": "zh-TW",
        "roc_year": False,
        "quota": None,
        "suffix": ".csv",
    }
    workspace.create_batch("a" * 32, "batch-2023.csv", options, "admin")
    workspace.update_batch("a" * 32, status="running")  # as a server killed mid-run leaves it
    from assistant.api import create_app
    from assistant.settings import Settings

    app = create_app(Settings(home=tmp_path), auth=False, workspace=workspace)
    with TestClient(app) as client:
        deadline = time.monotonic() + 120
        while (run := client.get(f"/v1/batches/{'a' * 32}").json())["status"] not in (
            "done",
            "failed",
        ):
            assert time.monotonic() < deadline, run
            time.sleep(0.2)
    assert run["status"] == "done" and run["done"] == run["total"] > 0
    assert (folder / "out" / "index.html").is_file()
