"""An OpenAI-compatible HTTP stub server for tests and evals.

Tests of the LLM layer need a real HTTP peer (real sockets, real status codes, real SSE) so that
the ``openai`` / ``langchain-openai`` clients run their actual retry, timeout and parsing code,
yet they must stay offline and deterministic. ``StubServer`` runs a small FastAPI app under
uvicorn in a background thread on an OS-chosen port; each test scripts what the "model" does::

    with StubServer() as stub:
        stub.script(Step.status(429), Step.reply("hello"))
        client = openai.OpenAI(base_url=stub.base_url, api_key="test")
        ...
        assert len(stub.requests) == 2

Scripted steps are consumed one per chat-completion request (FIFO); once the queue is empty the
optional failure gate (``fail_rate``) and then ``stub.responder`` decide the answer.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import math
import random
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "EMBEDDING_DIM",
    "Responder",
    "Step",
    "StubServer",
    "embed_text",
    "flaky",
]

EMBEDDING_DIM = 8
DEFAULT_MODEL = "stub-model"

StepKind = Literal["reply", "status", "delay", "malformed", "empty", "drop"]

_ERROR_TYPES: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Bad request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    404: ("invalid_request_error", "model_not_found", "The model does not exist."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached (stub)."),
    500: ("server_error", None, "The server had an error while processing your request (stub)."),
    502: ("server_error", None, "Bad gateway (stub)."),
    503: ("server_error", None, "The engine is currently overloaded (stub)."),
}


@dataclass(frozen=True)
class Step:
    """One scripted behaviour of the stub for a single chat-completion request.

    Build steps with the class methods (``Step.reply("hi")``, ``Step.status(429)``, ...) rather
    than the constructor, so each kind only carries the fields it uses.
    """

    kind: StepKind
    text: str = ""
    code: int = 200
    body: dict[str, Any] | str | None = None
    seconds: float = 0.0
    then: Step | None = None

    @classmethod
    def reply(cls, text: str) -> Step:
        """Answer 200 with ``text`` as the assistant message (streamed if the client asks)."""
        return cls("reply", text=text)

    @classmethod
    def status(cls, code: int, body: dict[str, Any] | str | None = None) -> Step:
        """Answer with HTTP ``code`` and an OpenAI-style error body.

        ``body`` may be a full JSON object (sent verbatim), a message string, or ``None`` for a
        realistic default. A 429 also carries ``retry-after: 0`` so retrying clients retry fast.
        """
        return cls("status", code=code, body=body)

    @classmethod
    def delay(cls, seconds: float, then: Step | None = None) -> Step:
        """Wait ``seconds`` (without blocking the server) then answer with ``then``.

        Used to trigger client timeouts; ``then`` defaults to a reply of ``"late"``.
        """
        return cls("delay", seconds=seconds, then=then)

    @classmethod
    def malformed(cls) -> Step:
        """Answer 200 ``application/json`` with a truncated, unparseable body."""
        return cls("malformed")

    @classmethod
    def empty(cls) -> Step:
        """Answer 200 with a valid completion object whose ``choices`` list is empty."""
        return cls("empty")

    @classmethod
    def drop(cls) -> Step:
        """Close the TCP connection without sending a single byte of response."""
        return cls("drop")


Responder = Callable[[dict[str, Any]], "Step | str"]
"""Default behaviour when the script queue is empty: request JSON -> step (a str is a reply)."""


def _default_responder(_request: dict[str, Any]) -> Step | str:
    return "OK"


class _FailGate:
    """Deterministic pseudo-random failure injection: the n-th request fails or not per seed.

    Decisions depend only on the seed and the order of calls, so a batch run sees the same number
    of failures among its first N requests every time (useful for "20 % failures" tests).
    """

    def __init__(self, rate: float, seed: int, codes: Sequence[int]) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be within [0, 1], got {rate}")
        if not codes:
            raise ValueError("codes must not be empty")
        self._rate = rate
        self._codes = tuple(codes)
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.injected = 0

    def draw(self) -> Step | None:
        with self._lock:
            roll = self._rng.random()
            code = self._rng.choice(self._codes)
            if roll < self._rate:
                self.injected += 1
                return Step.status(code)
            return None


def flaky(
    responder: Responder, rate: float, seed: int = 0, codes: Sequence[int] = (429, 500)
) -> Responder:
    """Wrap ``responder`` so a deterministic share ``rate`` of calls fail with one of ``codes``."""
    gate = _FailGate(rate, seed, codes)

    def wrapped(request: dict[str, Any]) -> Step | str:
        return gate.draw() or responder(request)

    return wrapped


def embed_text(value: str | Sequence[int]) -> list[float]:
    """The stub's deterministic embedding of one input (a string or a token-id list).

    Unit-length, ``EMBEDDING_DIM`` wide, and already rounded to float32 so the JSON-list and
    base64 encodings of the stub agree exactly with this function.
    """
    raw = value if isinstance(value, str) else json.dumps(list(value))
    digest = hashlib.sha256(raw.encode("utf-8")).digest()
    ints = struct.unpack(f"<{EMBEDDING_DIM}I", digest[: 4 * EMBEDDING_DIM])
    vec = [(i / 0xFFFFFFFF) * 2.0 - 1.0 for i in ints]
    norm = math.sqrt(sum(v * v for v in vec)) or 1.0
    packed = struct.pack(f"<{EMBEDDING_DIM}f", *(v / norm for v in vec))
    return list(struct.unpack(f"<{EMBEDDING_DIM}f", packed))


def _count_tokens(text: str) -> int:
    """A cheap, deterministic stand-in for tokenisation: about two characters per token."""
    return math.ceil(len(text) / 2)


def _prompt_text(body: dict[str, Any]) -> str:
    parts: list[str] = []
    for message in body.get("messages") or []:
        if not isinstance(message, dict):
            continue
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts.extend(
                str(p.get("text", "")) for p in content if isinstance(p, dict) and "text" in p
            )
    return "\n".join(parts)


def _usage(prompt: str, completion: str) -> dict[str, int]:
    p, c = _count_tokens(prompt), _count_tokens(completion)
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


def _error_response(step: Step) -> JSONResponse:
    err_type, err_code, message = _ERROR_TYPES.get(
        step.code,
        ("server_error" if step.code >= 500 else "invalid_request_error", None, "Stub error."),
    )
    if isinstance(step.body, dict):
        content: dict[str, Any] = step.body
    else:
        msg = step.body if isinstance(step.body, str) else message
        content = {"error": {"message": msg, "type": err_type, "param": None, "code": err_code}}
    headers = {"retry-after": "0"} if step.code == 429 else None
    return JSONResponse(content, status_code=step.code, headers=headers)


# --- dropping a connection -------------------------------------------------------------------
# ASGI has no "abort" message. uvicorn (h11 and httptools alike) closes the transport without
# writing anything when the ASGI callable *returns a value other than None* and has not started
# a response, so ``_DropResponse`` marks the scope and ``_DropMiddleware`` (outermost) returns a
# sentinel. uvicorn logs that as an error; ``_QuietDropFilter`` hides that one message.

_DROP_KEY = "kaoping_stub.drop"
_DROP_LOG_PREFIX = "ASGI callable should return None"


class _DropResponse(Response):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[_DROP_KEY] = True


class _DropMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> Any:
        await self.app(scope, receive, send)
        if scope.get(_DROP_KEY):
            return "drop"  # non-None: uvicorn closes the connection silently
        return None


class _QuietDropFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DROP_LOG_PREFIX)


_quiet_lock = threading.Lock()


def _install_quiet_filter() -> None:
    with _quiet_lock:
        log = logging.getLogger("uvicorn.error")
        if not any(isinstance(f, _QuietDropFilter) for f in log.filters):
            log.addFilter(_QuietDropFilter())


# --- the server --------------------------------------------------------------------------------


class StubServer:
    """A scriptable OpenAI-compatible server on ``127.0.0.1:<free port>`` for one test.

    Use as a context manager; ``base_url`` is ready for ``openai.OpenAI(base_url=...)``.
    All public methods are thread-safe: the server runs its own event loop thread.
    """

    def __init__(
        self,
        responder: Responder | None = None,
        *,
        chunk_size: int = 4,
        startup_timeout: float = 10.0,
    ) -> None:
        self.responder: Responder = responder or _default_responder
        self.chunk_size = chunk_size
        self.startup_timeout = startup_timeout
        self._lock = threading.Lock()
        self._queue: deque[Step] = deque()
        self._requests: list[dict[str, Any]] = []
        self._embedding_requests: list[dict[str, Any]] = []
        self._gate: _FailGate | None = None
        self._closing = threading.Event()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self.port: int = 0

    # -- lifecycle --

    def __enter__(self) -> StubServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Bind a free port, serve in a daemon thread, and return once ``/healthz`` answers."""
        if self._thread is not None:
            raise RuntimeError("StubServer already started")
        _install_quiet_filter()
        # An explicit IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose
        # proto is IPPROTO_TCP, and without it every response stalls ~40 ms (Nagle+delayed ACK).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        self._sock = sock
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            _DropMiddleware(self._build_app()),
            http="h11",
            loop="asyncio",
            lifespan="off",
            log_config=None,  # never reconfigure the test process's logging
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._closing.clear()
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name=f"llm-stub-{self.port}",
            daemon=True,
        )
        self._thread.start()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        with httpx.Client(trust_env=False, timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self._thread is None or not self._thread.is_alive():
                    raise RuntimeError("llm stub server thread died during startup")
                try:
                    if client.get(f"{self.root_url}/healthz").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.02)
        raise TimeoutError(f"llm stub server not ready after {self.startup_timeout}s")

    def stop(self) -> None:
        """Ask uvicorn to exit, cut pending delays short, and join the thread."""
        self._closing.set()
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            if self._thread.is_alive() and self._server is not None:
                self._server.force_exit = True
                self._thread.join(timeout=5.0)
        if self._sock is not None:
            self._sock.close()
        self._thread = None
        self._server = None
        self._sock = None

    # -- addresses --

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no ``/v1``), for ``/healthz`` and raw HTTP."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1``, the ``base_url`` OpenAI clients expect."""
        return f"{self.root_url}/v1"

    # -- scripting and inspection --

    def script(self, *steps: Step | str) -> None:
        """Queue steps, consumed one per chat-completion request (a str means a reply)."""
        with self._lock:
            self._queue.extend(Step.reply(s) if isinstance(s, str) else s for s in steps)

    def fail_rate(self, rate: float, seed: int = 0, codes: Sequence[int] = (429, 500)) -> None:
        """Fail a deterministic share ``rate`` of unscripted requests with one of ``codes``.

        The gate sits between the script queue and ``responder`` (so it survives replacing the
        responder); ``rate=0`` removes it.
        """
        with self._lock:
            self._gate = _FailGate(rate, seed, codes) if rate > 0 else None

    @property
    def injected_failures(self) -> int:
        """How many requests the ``fail_rate`` gate has failed so far."""
        with self._lock:
            return self._gate.injected if self._gate else 0

    @property
    def pending_steps(self) -> int:
        """Scripted steps not yet consumed."""
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Snapshot of chat-completion request bodies received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def embedding_requests(self) -> list[dict[str, Any]]:
        """Snapshot of embeddings request bodies received so far, in arrival order."""
        with self._lock:
            return list(self._embedding_requests)

    def reset(self) -> None:
        """Forget recorded requests and queued steps (the responder and gate stay)."""
        with self._lock:
            self._queue.clear()
            self._requests.clear()
            self._embedding_requests.clear()

    def _next_step(self, body: dict[str, Any]) -> Step:
        with self._lock:
            self._requests.append(body)
            if self._queue:
                return self._queue.popleft()
            gate = self._gate
            responder = self.responder
        injected = gate.draw() if gate else None
        if injected is not None:
            return injected
        result = responder(body)
        return Step.reply(result) if isinstance(result, str) else result

    # -- the app --

    def _build_app(self) -> FastAPI:
        app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

        @app.get("/healthz")
        async def healthz() -> dict[str, str]:
            return {"status": "ok"}

        @app.get("/v1/models")
        async def models() -> dict[str, Any]:
            return {
                "object": "list",
                "data": [
                    {"id": DEFAULT_MODEL, "object": "model", "created": 0, "owned_by": "stub"}
                ],
            }

        @app.post("/v1/chat/completions")
        async def chat_completions(request: Request) -> Response:
            body = await _json_body(request)
            if body is None:
                return _error_response(Step.status(400, "Request body is not a JSON object."))
            step = self._next_step(body)
            return await self._answer(step, body, request)

        @app.post("/v1/embeddings")
        async def embeddings(request: Request) -> Response:
            body = await _json_body(request)
            if body is None:
                return _error_response(Step.status(400, "Request body is not a JSON object."))
            with self._lock:
                self._embedding_requests.append(body)
            return _embeddings_response(body)

        return app

    async def _answer(self, step: Step, body: dict[str, Any], request: Request) -> Response:
        while step.kind == "delay":
            if not await self._sleep(step.seconds, request):
                return _DropResponse()  # client gone or server stopping: nobody to answer
            step = step.then or Step.reply("late")
        model = str(body.get("model") or DEFAULT_MODEL)
        stream = bool(body.get("stream"))
        if step.kind == "status":
            return _error_response(step)
        if step.kind == "drop":
            return _DropResponse()
        if step.kind == "malformed":
            if stream:
                return StreamingResponse(
                    _aiter(['data: {"choices": [\n\n', "data: [DONE]\n\n"]),
                    media_type="text/event-stream",
                )
            return Response('{"choices": [', media_type="application/json")
        text = step.text if step.kind == "reply" else ""
        usage = _usage(_prompt_text(body), text)
        if stream:
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            events = _sse_events(
                model, text if step.kind == "reply" else None, usage, include_usage, self.chunk_size
            )
            return StreamingResponse(_aiter(events), media_type="text/event-stream")
        completion: dict[str, Any] = {
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [],
            "usage": usage,
        }
        if step.kind == "reply":
            completion["choices"] = [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ]
        return JSONResponse(completion)

    async def _sleep(self, seconds: float, request: Request) -> bool:
        """Sleep in small slices; False if the client hung up or the server is stopping."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            await asyncio.sleep(min(0.05, remaining))
            if self._closing.is_set() or await request.is_disconnected():
                return False
        return True


async def _json_body(request: Request) -> dict[str, Any] | None:
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


async def _aiter(items: Iterable[str]) -> AsyncIterator[str]:
    for item in items:
        yield item
        await asyncio.sleep(0)  # let each event go out as its own write


def _sse_events(
    model: str, text: str | None, usage: dict[str, int], include_usage: bool, chunk_size: int
) -> list[str]:
    """OpenAI ``chat.completion.chunk`` events; ``text=None`` means no choices (empty step)."""

    def chunk(choices: list[dict[str, Any]], usage_value: dict[str, int] | None = None) -> str:
        data = {
            "id": "chatcmpl-stub",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": model,
            "choices": choices,
        }
        if include_usage:
            data["usage"] = usage_value
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    def choice(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}

    events: list[str] = []
    if text is not None:
        events.append(chunk([choice({"role": "assistant", "content": ""})]))
        size = max(1, chunk_size)
        events.extend(
            chunk([choice({"content": text[i : i + size]})]) for i in range(0, len(text), size)
        )
        events.append(chunk([choice({}, "stop")]))
    else:
        events.append(chunk([]))
    if include_usage:
        events.append(chunk([], usage))
    events.append("data: [DONE]\n\n")
    return events


def _embeddings_response(body: dict[str, Any]) -> Response:
    raw = body.get("input")
    inputs: list[str | list[int]]
    if isinstance(raw, str):
        inputs = [raw]
    elif isinstance(raw, list) and raw and all(isinstance(x, int) for x in raw):
        inputs = [raw]  # a single pre-tokenised input
    elif isinstance(raw, list) and all(isinstance(x, str | list) for x in raw):
        inputs = raw
    else:
        return _error_response(Step.status(400, "'input' must be a string or a list."))
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for index, item in enumerate(inputs):
        vector = embed_text(item)
        embedding: list[float] | str = (
            base64.b64encode(struct.pack(f"<{EMBEDDING_DIM}f", *vector)).decode("ascii")
            if as_base64
            else vector
        )
        data.append({"object": "embedding", "index": index, "embedding": embedding})
    tokens = sum(_count_tokens(x) if isinstance(x, str) else len(x) for x in inputs)
    return JSONResponse(
        {
            "object": "list",
            "data": data,
            "model": str(body.get("model") or DEFAULT_MODEL),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }
    )
