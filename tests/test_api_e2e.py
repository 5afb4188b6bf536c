"""End to end: the real ``kaoping serve`` under uvicorn on 127.0.0.1, spoken to over HTTP.

One server (its own KAOPING_HOME, keys made with the CLI before it starts) carries the path an
office takes: the admin uploads a guideline PDF, the officer asks it a question (JSON and
SSE), drafts a report and downloads the DOCX, uploads metrics and narrative for review, and
the agency's reviewer decides a flag. Separately: ``--no-auth`` refuses a non-loopback host
and, on 127.0.0.1, answers without a key. The server is always terminated; its stderr is in
every failure message.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT

AGENCY = "kaohsiung-demo"  # examples/city-government.yaml
METRICS = EXAMPLES / "city-government.yaml"
NARRATIVE = EXAMPLES / "city-government-narrative.md"
START_TIMEOUT = 30.0

# The guideline the admin uploads; the officer's question is answered by GUIDELINE_SENTENCE.
PDF_TITLE = "績效評估作業補充規定"
GUIDELINE_SENTENCE = "各機關辦理年度自評時，每項關鍵績效指標應檢附三件佐證資料。"
PDF_LINES = [
    "一、適用範圍",
    "本規定適用於市府所屬各機關之年度施政績效評估作業。",
    "二、佐證資料",
    GUIDELINE_SENTENCE,
    "佐證資料應於次年二月底前上傳至管考系統，逾期者不予採計。",
    "三、燈號判定",
    "達成度未達百分之九十者列為紅燈，並應敘明原因及改善措施。",
]
QUESTION = "年度自評時，每項關鍵績效指標應檢附幾件佐證資料？"


# ---------------------------------------------------------------- helpers


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "KAOPING_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    for name in ("KAOPING_LANG", "OPENAI_API_KEY", "KAOPING_LLM_BASE_URL", "KAOPING_LLM_API_KEY"):
        env.pop(name, None)  # offline: no model
    return env


def _cli(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True, text=True, env=_env(home), cwd=ROOT, timeout=timeout, check=False,
    )  # fmt: skip


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A running ``kaoping serve``; ``log()`` is what it wrote to stderr so far."""

    process: subprocess.Popen[bytes]
    base_url: str
    stderr_path: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def log(self) -> str:
        text = self.stderr_path.read_text(encoding="utf-8", errors="replace")
        return text[-4000:]

    def client(self, who: str | None = None, **headers: str) -> httpx.Client:
        if who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=60)

    def expect(self, response: httpx.Response, status: int) -> Any:
        """The JSON body, after checking the status (the body and the server log otherwise)."""
        assert response.status_code == status, (
            f"{response.request.method} {response.request.url.path}: expected {status}, got "
            f"{response.status_code}\n{response.text[:2000]}\n--- server stderr ---\n{self.log()}"
        )
        ctype = response.headers.get("content-type", "")
        return response.json() if ctype.startswith("application/json") else response


def _start(home: Path, *extra: str) -> Server:
    """``kaoping serve`` on a free loopback port, once /healthz answers (or fail with its log)."""
    port = _free_port()
    stderr_path = home.parent / f"serve-{port}.stderr"
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port), *extra],
            env=_env(home), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr,
        )  # fmt: skip
    server = Server(process, f"http://127.0.0.1:{port}", stderr_path)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"kaoping serve exited with {process.returncode}:\n{server.log()}")
            try:
                if httpx.get(f"{server.base_url}/healthz", timeout=2).status_code == 200:
                    return server
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"/healthz did not answer within {START_TIMEOUT} s:\n{server.log()}")
            time.sleep(0.2)
    except BaseException:
        _stop(server)
        raise


def _stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=5)


def _guideline_pdf() -> bytes:
    """A real PDF with Chinese text in reportlab's built-in CID font (no font file needed)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(PDF_TITLE)
    pdf.setFont("MSung-Light", 16)
    y = 780
    pdf.drawString(60, y, PDF_TITLE)
    pdf.setFont("MSung-Light", 11)
    for line in PDF_LINES:
        y -= 28
        pdf.drawString(60, y, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _sse(response: httpx.Response) -> list[tuple[str, Any]]:
    """The (event, data) pairs of a text/event-stream response, in order."""
    events: list[tuple[str, Any]] = []
    name, data = "message", []
    for line in response.iter_lines():
        if line == "":
            if data:
                events.append((name, json.loads("\n".join(data))))
            name, data = "message", []
        elif line.startswith(":"):
            continue  # a comment (ping)
        elif line.startswith("event:"):
            name = line[len("event:") :].strip()
        elif line.startswith("data:"):
            data.append(line[len("data:") :].removeprefix(" "))
    if data:
        events.append((name, json.loads("\n".join(data))))
    return events


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose home holds an admin, and an officer and a reviewer of kaohsiung-demo."""
    home = tmp_path_factory.mktemp("e2e") / "home"
    home.mkdir()
    tokens = {}
    for who, role, agencies in (("admin", "admin", ""), ("officer", "officer", AGENCY),
                                ("reviewer", "reviewer", AGENCY)):  # fmt: skip
        args = ["keys", "create", "--name", f"e2e-{who}", "--role", role, "--format", "json"]
        if agencies:
            args += ["--agencies", agencies]
        done = _cli(home, *args)
        assert done.returncode == 0, done.stderr
        created = json.loads(done.stdout)
        assert created["role"] == role and created["token"].startswith("kp_"), created
        tokens[who] = created["token"]
    server = _start(home)
    server.tokens = tokens
    try:
        yield server
    finally:
        _stop(server)


# ---------------------------------------------------------------- the office's path


def test_office_path(office: Server) -> None:
    admin, officer = office.client("admin"), office.client("officer")
    reviewer = office.client("reviewer")
    with admin, officer, reviewer:
        # without a key nothing but the health checks answer
        with office.client() as anonymous:
            assert office.expect(anonymous.get("/readyz"), 200)["status"] == "ready"
            office.expect(anonymous.get("/v1/documents"), 401)

        # -- 2. the admin uploads a guideline PDF (text the PDF really carries)
        from pypdf import PdfReader

        pdf = _guideline_pdf()
        pdf_text = _flat(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
        assert _flat(GUIDELINE_SENTENCE) in pdf_text, pdf_text

        upload = office.expect(
            admin.post(
                "/v1/documents",
                files={"file": ("補充規定.pdf", pdf, "application/pdf")},
                data={"kind": "guideline", "visibility": "public"},
            ),
            201,
        )
        document = upload["document"]
        assert upload["status"] == "added"
        assert document["format"] == "pdf" and document["state"] == "ready", document
        assert document["filename"] == "補充規定.pdf" and document["public"] is True
        assert document["pages"] == 1 and document["chunks"] >= 1
        for caller in (admin, officer):  # public: the officer sees it too
            listed = office.expect(caller.get("/v1/documents"), 200)["documents"]
            states = {d["doc_id"]: d["state"] for d in listed}
            assert states.get(document["doc_id"]) == "ready", listed
        # an officer may not upload
        note = {"file": ("note.md", "# 備忘\n\n內容\n".encode(), "text/markdown")}
        office.expect(officer.post("/v1/documents", files=note), 403)

        # -- 3. the officer asks; the answer cites the PDF
        answer = office.expect(officer.post("/v1/ask", json={"question": QUESTION}), 200)
        assert answer["found"] is True and answer["mode"] == "extractive", answer
        assert answer["citations"], answer
        cited = [c for c in answer["citations"] if "三件佐證資料" in c["quote"]]
        assert cited, answer["citations"]
        for citation in answer["citations"]:
            assert citation["doc"] and citation["page"] == 1, citation
            assert _flat(citation["quote"]) in pdf_text, (citation["quote"], pdf_text)
        assert "三件" in answer["answer"], answer["answer"]

        sse_headers = {"Accept": "text/event-stream"}
        with officer.stream(
            "POST", "/v1/ask", json={"question": QUESTION}, headers=sse_headers
        ) as response:
            office.expect(response, 200)
            assert response.headers["content-type"].startswith("text/event-stream")
            events = _sse(response)
        names = [name for name, _ in events]
        assert names and names[-1] == "answer" and "error" not in names, events
        streamed = events[-1][1]
        assert streamed["found"] is True and streamed["answer"] == answer["answer"], streamed
        assert streamed["citations"] == answer["citations"]

        # -- 4. the officer drafts from the example metrics and downloads the DOCX
        metrics = yaml.safe_load(METRICS.read_text(encoding="utf-8"))
        draft = office.expect(officer.post("/v1/drafts", json={"metrics": metrics}), 201)
        assert draft["agency_id"] == AGENCY and draft["version"] == 1, draft
        assert draft["draft"]["mode"] == "offline", draft["draft"].get("mode")
        assert draft["draft"]["sections"], draft["draft"]
        download = officer.get(f"/v1/drafts/{draft['id']}/download", params={"format": "docx"})
        office.expect(download, 200)
        assert download.headers["content-type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        assert "attachment" in download.headers["content-disposition"]
        assert download.content[:2] == b"PK"
        import docx

        word = docx.Document(io.BytesIO(download.content))
        word_text = "\n".join(p.text for p in word.paragraphs)
        assert draft["title"] in word_text, word_text[:500]
        assert len(word.paragraphs) > 5

        # -- 5. the officer uploads metrics and narrative for review; the reviewer decides
        review = office.expect(
            officer.post(
                "/v1/reviews/upload",
                files={
                    "metrics": (METRICS.name, METRICS.read_bytes(), "application/yaml"),
                    "narrative": (NARRATIVE.name, NARRATIVE.read_bytes(), "text/markdown"),
                },
            ),
            201,
        )
        flags = review["result"]["flags"]
        assert review["agency_id"] == AGENCY and flags, review
        assert review["decisions"] == [] and review["history"] == []
        # flag 0: the narrative's 12 days against the data's 13.5 (G1.2), quoted from the text
        first = flags[0]
        assert first["indicator_id"] == "G1.2" and first["kind"] == "number_mismatch", first
        start, end = first["span"]
        assert review["text"][start:end] == first["quote"] and "12 天" in first["quote"], first

        decision_url = f"/v1/reviews/{review['id']}/flags/0/decision"
        comment = "機關已補充說明，同意排除此項意見。"
        decided = office.expect(
            reviewer.post(decision_url, json={"decision": "dismissed", "comment": comment}), 200
        )
        assert [d["flag_index"] for d in decided["decisions"]] == [0]

        again = office.expect(reviewer.get(f"/v1/reviews/{review['id']}"), 200)
        (current,) = again["decisions"]
        assert current["decision"] == "dismissed" and current["comment"] == comment, current
        assert current["decided_by"] == "e2e-reviewer", current
        assert again["result"]["flags"] == flags

        refused = office.expect(
            officer.post(decision_url, json={"decision": "accepted", "comment": "自行接受"}), 403
        )
        assert refused["error"]["code"] == "api.err.forbidden", refused
        after = office.expect(officer.get(f"/v1/reviews/{review['id']}"), 200)
        assert after["decisions"] == again["decisions"]  # the refusal changed nothing


def test_docs_and_openapi(office: Server) -> None:
    with office.client() as anonymous:
        docs = anonymous.get("/docs")
        office.expect(docs, 200)
        assert docs.headers["content-type"].startswith("text/html")
        assert "swagger" in docs.text.lower()

        spec = office.expect(anonymous.get("/openapi.json"), 200)
    operation = spec["paths"]["/v1/drafts"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    examples = schema.get("examples") or []
    assert examples and examples[0]["metrics"]["agency"]["id"], schema


# ---------------------------------------------------------------- --no-auth


def test_no_auth_refuses_a_remote_host(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    try:
        done = _cli(home, "serve", "--no-auth", "--host", "0.0.0.0", "--port", str(_free_port()),
                    timeout=30)  # fmt: skip
    except subprocess.TimeoutExpired as exc:  # it started serving: the very thing to prevent
        pytest.fail(f"kaoping serve --no-auth --host 0.0.0.0 started:\n{exc.stderr!r}")
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "--no-auth" in done.stderr and "0.0.0.0" in done.stderr, done.stderr


def test_no_auth_on_loopback_needs_no_key(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    server = _start(home, "--no-auth")
    try:
        with server.client() as anonymous:
            frameworks = server.expect(anonymous.get("/v1/frameworks"), 200)["frameworks"]
        assert "tw-kpi" in {f["id"] for f in frameworks}, frameworks
    finally:
        _stop(server)
