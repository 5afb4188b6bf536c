"""kaoping ingest / search / docs, exit codes, and a real Chroma server for scale-out."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_retrieval import GUIDE_PAGES, make_pdf

ROOT = Path(__file__).resolve().parent.parent


def test_ingest_search_docs(tmp_path, run_cli):
    pdf = make_pdf(tmp_path / "guide.pdf", GUIDE_PAGES)
    added = run_cli("ingest", pdf, "--kind", "guideline", "--format", "json")
    assert added.returncode == 0, added.stderr
    summary = json.loads(added.stdout)["summary"]
    assert summary["added"] == 1 and summary["failed"] == 0
    again = json.loads(run_cli("ingest", pdf, "--format", "json").stdout)
    assert again["summary"]["unchanged"] == 1
    copy = tmp_path / "copy" / "手冊副本.pdf"
    copy.parent.mkdir()
    copy.write_bytes(pdf.read_bytes())
    twin = run_cli("ingest", copy)  # the same file in another folder: not added a second time
    assert twin.returncode == 0 and "文件庫已有相同內容的文件" in twin.stderr
    assert str(pdf.resolve()) in twin.stderr
    hits = json.loads(run_cli("search", "複核由誰召集", "-k", "2", "--format", "json").stdout)[
        "hits"
    ]
    assert (
        hits[0]["page"] == 4
        and hits[0]["section"] == "參、一、"
        and hits[0]["doc"] == "○○部施政績效評估手冊"
    )
    listing = json.loads(run_cli("docs", "list", "--format", "json").stdout)["documents"]
    doc_id = listing[0]["doc_id"]
    shown = json.loads(run_cli("docs", "show", doc_id, "--format", "json").stdout)
    assert shown["document"]["pages"] == 4 and shown["chunks"]
    removed = run_cli("docs", "remove", doc_id)
    assert removed.returncode == 0 and doc_id in removed.stderr
    assert json.loads(run_cli("search", "複核", "--format", "json").stdout)["hits"] == []
    assert run_cli("docs", "show", "nope").returncode == 2


def test_ingest_exit_codes(tmp_path, run_cli):
    good = tmp_path / "good.md"
    good.write_text("# 壹、總則\n\n本手冊規定燈號判定方式。\n", encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nope")
    mixed = run_cli("ingest", good, broken, "--lang", "en")
    assert mixed.returncode == 1
    assert any(
        "broken.pdf" in line and "cannot read the PDF" in line for line in mixed.stderr.splitlines()
    )
    assert "1 added" in mixed.stderr and "1 failed" in mixed.stderr
    nothing = run_cli("ingest", broken)
    assert nothing.returncode == 2
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    assert run_cli("ingest", empty_dir).returncode == 2
    still = json.loads(run_cli("search", "燈號判定", "--format", "json").stdout)["hits"]
    assert still and "燈號判定" in still[0]["text"]  # nothing already indexed was lost


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path):
    """A real Chroma server (the chromadb package's `chroma run`) on 127.0.0.1."""
    port = _free_port()
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("chroma server did not start")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


def test_ingest_and_search_through_a_chroma_server(tmp_path, chroma_server):
    pdf = make_pdf(tmp_path / "guide.pdf", GUIDE_PAGES)
    env = {
        **os.environ,
        "KAOPING_HOME": str(tmp_path / "home"),
        "KAOPING_CHROMA_URL": chroma_server,
    }

    def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant.cli", *map(str, args)],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=180, check=False,
        )  # fmt: skip

    assert cli("ingest", pdf).returncode == 0
    assert not (tmp_path / "home" / "chroma").exists()  # vectors went to the server
    hits = json.loads(cli("search", "紅燈要提改善計畫嗎", "--format", "json").stdout)["hits"]
    assert hits[0]["section"] == "貳、一、(二)"
    import chromadb

    port = int(chroma_server.rsplit(":", 1)[1])
    server = chromadb.HttpClient(host="127.0.0.1", port=port)
    assert server.get_collection("kaoping_chunks").count() == len(
        json.loads(
            cli(
                "docs",
                "show",
                json.loads(cli("docs", "list", "--format", "json").stdout)["documents"][0][
                    "doc_id"
                ],
                "--format",
                "json",
            ).stdout
        )["chunks"]
    )


class _EmbeddingsStub:
    """A real HTTP server on 127.0.0.1 speaking OpenAI's /v1/embeddings protocol.

    Vectors are hashed character bigrams, so similar texts get similar vectors and search works.
    """

    def __init__(self) -> None:
        import hashlib
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        import numpy as np

        calls: list[dict] = []

        def vector(text: str) -> list[float]:
            out = np.zeros(64, dtype=np.float32)
            for i in range(len(text) - 1):
                out[int(hashlib.md5(text[i : i + 2].encode()).hexdigest(), 16) % 64] += 1.0
            norm = float(np.linalg.norm(out)) or 1.0
            return (out / norm).tolist()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the protocol's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                calls.append(
                    {
                        "path": self.path,
                        "model": body["model"],
                        "auth": self.headers.get("Authorization"),
                    }
                )
                texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
                data = [
                    {"object": "embedding", "index": i, "embedding": vector(t)}
                    for i, t in enumerate(texts)
                ]
                payload = json.dumps(
                    {"object": "list", "data": data, "model": body["model"]}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                return

        self.calls = calls
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def test_openai_compatible_embeddings_when_configured(tmp_path):
    stub = _EmbeddingsStub()
    try:
        env = {
            **os.environ,
            "KAOPING_HOME": str(tmp_path / "home"),
            "KAOPING_EMBEDDING_BASE_URL": stub.url,
            "KAOPING_EMBEDDING_MODEL": "text-embedding-test",
            "KAOPING_EMBEDDING_API_KEY": "sk-test",
        }

        def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
            command = [sys.executable, "-m", "assistant.cli", *map(str, args)]
            return subprocess.run(
                command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=180, check=False
            )

        pdf = make_pdf(tmp_path / "guide.pdf", GUIDE_PAGES)
        assert cli("ingest", pdf).returncode == 0
        hits = json.loads(
            cli("search", "複核小組由誰擔任召集人", "--mode", "dense", "--format", "json").stdout
        )["hits"]
        assert hits and hits[0]["section"] == "參、一、"
        assert stub.calls and all(c["path"] == "/v1/embeddings" for c in stub.calls)
        assert {c["model"] for c in stub.calls} == {"text-embedding-test"}
        assert {c["auth"] for c in stub.calls} == {"Bearer sk-test"}
    finally:
        stub.close()
