"""Tests of the OpenAI-compatible stub server itself, driven by the real ``openai`` client."""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from tests.support.llm_stub import EMBEDDING_DIM, Step, StubServer, embed_text, flaky

MESSAGES: list[Any] = [{"role": "user", "content": "你好, stub"}]


def make_client(stub: StubServer, timeout: float = 5.0) -> openai.OpenAI:
    """No retries (each request maps to one step) and no env proxies (stay on loopback)."""
    return openai.OpenAI(
        base_url=stub.base_url,
        api_key="test",
        max_retries=0,
        timeout=timeout,
        http_client=openai.DefaultHttpxClient(trust_env=False),
    )


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


@pytest.fixture
def client(stub: StubServer) -> Iterator[openai.OpenAI]:
    with make_client(stub) as c:
        yield c


@pytest.fixture
def http(stub: StubServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stub.base_url, trust_env=False, timeout=5.0) as c:
        yield c


def ask(client: openai.OpenAI, **kwargs: Any) -> Any:
    return client.chat.completions.create(model="m-test", messages=MESSAGES, **kwargs)


def test_plain_reply_has_openai_shape(stub: StubServer, client: openai.OpenAI) -> None:
    stub.script(Step.reply("第一句。"))
    completion = ask(client)
    choice = completion.choices[0]
    assert choice.message.content == "第一句。"
    assert choice.message.role == "assistant"
    assert choice.finish_reason == "stop"
    assert completion.model == "m-test"
    assert completion.object == "chat.completion"
    assert completion.usage is not None
    assert completion.usage.completion_tokens > 0
    assert completion.usage.total_tokens == (
        completion.usage.prompt_tokens + completion.usage.completion_tokens
    )


def test_default_responder_says_ok_and_can_be_replaced(
    stub: StubServer, client: openai.OpenAI
) -> None:
    assert ask(client).choices[0].message.content == "OK"
    stub.responder = lambda body: f"echo:{body['messages'][-1]['content']}"
    assert ask(client).choices[0].message.content == "echo:你好, stub"
    stub.responder = lambda body: Step.status(503)
    with pytest.raises(openai.InternalServerError):
        ask(client)


def test_script_is_fifo_then_falls_back_to_responder(
    stub: StubServer, client: openai.OpenAI
) -> None:
    stub.script(Step.reply("one"), "two")
    assert stub.pending_steps == 2
    got = [ask(client).choices[0].message.content for _ in range(3)]
    assert got == ["one", "two", "OK"]
    assert stub.pending_steps == 0


def test_streaming_reassembles_text_and_reports_usage(
    stub: StubServer, client: openai.OpenAI
) -> None:
    text = "A streamed answer, 分成幾段送出。"
    stub.script(Step.reply(text))
    chunks = list(ask(client, stream=True, stream_options={"include_usage": True}))
    pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert "".join(pieces) == text
    assert len([p for p in pieces if p]) > 1  # really split into several events
    assert chunks[0].choices[0].delta.role == "assistant"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    last = chunks[-1]
    assert last.choices == []
    assert last.usage is not None and last.usage.completion_tokens > 0


def test_streaming_without_include_usage_sends_no_usage(
    stub: StubServer, client: openai.OpenAI
) -> None:
    chunks = list(ask(client, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "OK"
    assert all(c.usage is None for c in chunks)


def test_streaming_raw_sse_ends_with_done(stub: StubServer, http: httpx.Client) -> None:
    response = http.post("/chat/completions", json={"model": "m", "messages": [], "stream": True})
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [line for line in response.text.splitlines() if line]
    assert events[-1] == "data: [DONE]"
    assert all(e.startswith("data: ") for e in events)


def test_429_raises_rate_limit_error_with_retry_after(
    stub: StubServer, client: openai.OpenAI
) -> None:
    stub.script(Step.status(429))
    with pytest.raises(openai.RateLimitError) as info:
        ask(client)
    assert info.value.status_code == 429
    assert info.value.response.headers["retry-after"] == "0"
    assert info.value.code == "rate_limit_exceeded"


@pytest.mark.parametrize("code", [500, 502, 503])
def test_5xx_raises_internal_server_error(
    stub: StubServer, client: openai.OpenAI, code: int
) -> None:
    stub.script(Step.status(code, "kaput"))
    with pytest.raises(openai.InternalServerError) as info:
        ask(client)
    assert info.value.status_code == code
    assert info.value.message.endswith("kaput")
    assert info.value.type == "server_error"


def test_status_with_custom_json_body(stub: StubServer, http: httpx.Client) -> None:
    body = {"error": {"message": "nope", "type": "custom", "code": "x"}}
    stub.script(Step.status(400, body))
    response = http.post("/chat/completions", json={"model": "m", "messages": []})
    assert response.status_code == 400
    assert response.json() == body


def test_delay_longer_than_timeout_raises_timeout(stub: StubServer) -> None:
    stub.script(Step.delay(3.0))
    with make_client(stub, timeout=0.3) as slow_client:
        with pytest.raises(openai.APITimeoutError):
            ask(slow_client)
        # The server is not wedged by the abandoned request.
        assert ask(slow_client).choices[0].message.content == "OK"


def test_delay_shorter_than_timeout_then_answers(stub: StubServer, client: openai.OpenAI) -> None:
    stub.script(Step.delay(0.05), Step.delay(0.05, then=Step.reply("after")))
    assert ask(client).choices[0].message.content == "late"
    assert ask(client).choices[0].message.content == "after"


def test_malformed_json_raises_json_decode_error(stub: StubServer, client: openai.OpenAI) -> None:
    # openai 3.x does not wrap this: the body is parsed lazily with json.loads, so the caller
    # sees a bare JSONDecodeError (a ValueError), not an openai.APIError.
    stub.script(Step.malformed())
    with pytest.raises(json.JSONDecodeError):
        ask(client)


def test_malformed_body_is_not_json(stub: StubServer, http: httpx.Client) -> None:
    stub.script(Step.malformed())
    response = http.post("/chat/completions", json={"model": "m", "messages": []})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_empty_gives_no_choices(stub: StubServer, client: openai.OpenAI) -> None:
    stub.script(Step.empty())
    assert ask(client).choices == []


def test_drop_closes_connection_without_response(
    stub: StubServer, client: openai.OpenAI, http: httpx.Client
) -> None:
    stub.script(Step.drop(), Step.drop())
    with pytest.raises(openai.APIConnectionError):
        ask(client)
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        http.post("/chat/completions", json={"model": "m", "messages": []})
    assert ask(client).choices[0].message.content == "OK"


def test_requests_are_recorded_in_order(stub: StubServer, client: openai.OpenAI) -> None:
    for n in range(3):
        client.chat.completions.create(
            model=f"m{n}", messages=[{"role": "user", "content": f"q{n}"}], temperature=0
        )
    recorded = stub.requests
    assert [r["model"] for r in recorded] == ["m0", "m1", "m2"]
    assert recorded[1]["messages"] == [{"role": "user", "content": "q1"}]
    assert recorded[0]["temperature"] == 0
    recorded.clear()  # a snapshot: clearing it leaves the stub's record alone
    assert len(stub.requests) == 3
    stub.reset()
    assert stub.requests == []


def test_embeddings_base64_decode_to_float32(stub: StubServer, http: httpx.Client) -> None:
    response = http.post(
        "/embeddings",
        json={"model": "e", "input": ["alpha", "beta"], "encoding_format": "base64"},
    )
    data = response.json()["data"]
    assert [d["index"] for d in data] == [0, 1]
    vectors = []
    for item, text in zip(data, ["alpha", "beta"], strict=True):
        raw = base64.b64decode(item["embedding"])
        assert len(raw) == 4 * EMBEDDING_DIM
        vector = list(struct.unpack(f"<{EMBEDDING_DIM}f", raw))
        assert vector == embed_text(text)
        vectors.append(vector)
    assert vectors[0] != vectors[1]
    assert sum(v * v for v in vectors[0]) == pytest.approx(1.0, rel=1e-5)
    assert len(stub.embedding_requests) == 1


def test_embeddings_float_lists_and_openai_client(
    stub: StubServer, client: openai.OpenAI, http: httpx.Client
) -> None:
    floats = http.post("/embeddings", json={"model": "e", "input": "alpha"}).json()
    assert floats["data"][0]["embedding"] == embed_text("alpha")
    assert floats["usage"]["prompt_tokens"] > 0
    result = client.embeddings.create(model="e", input=["alpha", "gamma"])
    assert [d.embedding for d in result.data] == [embed_text("alpha"), embed_text("gamma")]
    assert stub.requests == []  # embeddings are recorded separately from chat completions


def test_models_and_healthz(stub: StubServer, client: openai.OpenAI, http: httpx.Client) -> None:
    assert [m.id for m in client.models.list()] == ["stub-model"]
    assert httpx.get(f"{stub.root_url}/healthz", trust_env=False).json() == {"status": "ok"}


def test_fail_rate_is_deterministic_and_near_rate(stub: StubServer, http: httpx.Client) -> None:
    def run(server: StubServer, client: httpx.Client) -> list[int]:
        server.fail_rate(0.2, seed=7)
        body = {"model": "m", "messages": []}
        return [client.post("/chat/completions", json=body).status_code for _ in range(100)]

    first = run(stub, http)
    with StubServer() as other, httpx.Client(base_url=other.base_url, trust_env=False) as c2:
        assert run(other, c2) == first
    failures = [code for code in first if code != 200]
    assert set(failures) <= {429, 500}
    assert 10 <= len(failures) <= 30
    assert stub.injected_failures == len(failures)
    stub.script(Step.reply("scripted wins"))  # scripted steps bypass the gate
    stub.fail_rate(1.0)
    assert http.post("/chat/completions", json={"messages": []}).status_code == 200
    assert http.post("/chat/completions", json={"messages": []}).status_code in {429, 500}
    stub.fail_rate(0)
    assert http.post("/chat/completions", json={"messages": []}).status_code == 200


def test_flaky_wraps_a_responder(stub: StubServer, client: openai.OpenAI) -> None:
    stub.responder = flaky(lambda body: "fine", rate=0.5, seed=1, codes=(503,))
    outcomes = []
    for _ in range(20):
        try:
            outcomes.append(ask(client).choices[0].message.content)
        except openai.InternalServerError:
            outcomes.append("503")
    assert set(outcomes) == {"fine", "503"}


def test_two_servers_run_at_once() -> None:
    with StubServer() as a, StubServer() as b:
        assert a.port != b.port
        a.script("from a")
        b.script("from b")
        with make_client(a) as ca, make_client(b) as cb:
            assert ask(cb).choices[0].message.content == "from b"
            assert ask(ca).choices[0].message.content == "from a"
        assert len(a.requests) == len(b.requests) == 1


def test_stop_frees_the_port_even_with_a_pending_delay() -> None:
    server = StubServer()
    with server:
        server.script(Step.delay(30))
        with make_client(server, timeout=0.2) as c, pytest.raises(openai.APITimeoutError):
            ask(c)
        url = f"{server.root_url}/healthz"
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, trust_env=False, timeout=1.0)


def test_langchain_chat_openai_talks_to_stub(stub: StubServer) -> None:
    from langchain_openai import ChatOpenAI

    stub.script("from langchain")
    llm = ChatOpenAI(
        model="m-lc",
        base_url=stub.base_url,
        api_key="test",  # type: ignore[arg-type]
        max_retries=0,
        timeout=5,
        http_client=httpx.Client(trust_env=False),
    )
    assert llm.invoke("hi").content == "from langchain"
    assert stub.requests[-1]["model"] == "m-lc"
