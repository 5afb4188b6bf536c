"""A chat model behind any OpenAI-compatible endpoint, with bounded retries and usage counts.

langchain-openai speaks the protocol; this module adds what every caller needs
the same way: one timeout per request, retries with exponential backoff and
jitter (tenacity) on 429, 5xx, timeouts and refused connections, streaming with
a token callback, token usage added up per model, and every failure turned into
one :class:`LLMError` with a kind a service can record (never a traceback).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import openai
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from assistant.llm.config import LLMConfig
from assistant.llm.types import RETRYABLE, Completion, ErrorKind, LLMError, Message, Usage


def classify(error: BaseException) -> LLMError:
    """Map a client exception to an error kind; anything unexpected is a malformed answer."""
    if isinstance(error, LLMError):
        return error
    kind: ErrorKind
    if isinstance(error, openai.APITimeoutError):
        kind = "timeout"
    elif isinstance(error, openai.APIConnectionError):
        kind = "connection"
    elif isinstance(error, openai.RateLimitError):
        kind = "rate_limited"
    elif isinstance(error, openai.APIStatusError):
        kind = "server_error" if error.status_code >= 500 else "rejected"
    else:
        kind = "malformed"
    return LLMError(kind, f"{type(error).__name__}: {str(error)[:300]}")


def _to_langchain(messages: Iterable[Message]) -> list[BaseMessage]:
    kinds: dict[str, type[BaseMessage]] = {
        "system": SystemMessage,
        "user": HumanMessage,
        "assistant": AIMessage,
    }
    return [kinds[role](content=text) for role, text in messages]


def _text(content: object) -> str:
    """Message content as text: a string, or the text parts of a list of content blocks."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in content
            if isinstance(part, str | dict)
        )
    raise LLMError("malformed", f"unexpected content type {type(content).__name__}")


class ChatModel:
    """One configured endpoint; thread-safe usage counters; fails fast once the endpoint is gone."""

    def __init__(self, config: LLMConfig, *, client: Any | None = None) -> None:
        from langchain_openai import ChatOpenAI

        self.config = config
        self.usage = Usage()
        self._lock = threading.Lock()
        self._unavailable: LLMError | None = None
        self._next_start = 0.0  # monotonic time before which no request may start (rate limit)
        self._chat = client or ChatOpenAI(
            model=config.model,
            base_url=config.base_url,
            api_key=config.api_key,
            timeout=config.timeout,
            max_retries=0,  # tenacity below owns retries, so they are counted and bounded once
            temperature=config.temperature,
            stream_usage=True,
        )

    @property
    def name(self) -> str:
        return self.config.model

    def complete(
        self,
        messages: Iterable[Message],
        *,
        on_token: Callable[[str], None] | None = None,
        on_restart: Callable[[], None] | None = None,
    ) -> Completion:
        """One answer; streamed to ``on_token`` when given (``on_restart`` when a retry starts over)."""
        if self._unavailable is not None:
            self._count(failure="unavailable")
            raise LLMError("unavailable", self._unavailable.detail)
        prompt = _to_langchain(messages)
        attempts = 0

        def attempt() -> Completion:
            nonlocal attempts
            attempts += 1
            if attempts > 1 and on_token is not None and on_restart is not None:
                on_restart()
            self._wait_for_turn()
            try:
                return self._stream(prompt, on_token) if on_token else self._invoke(prompt)
            except LLMError:
                raise
            except Exception as error:  # the client's whole error surface becomes LLMError
                raise classify(error) from None

        def before_sleep(state: RetryCallState) -> None:
            self._count(retry=True)

        retrying = Retrying(
            stop=stop_after_attempt(self.config.max_attempts),
            wait=wait_exponential_jitter(
                multiplier=self.config.backoff, max=max(self.config.backoff * 16, 0.001), jitter=self.config.backoff
            ),
            retry=retry_if_exception(lambda e: isinstance(e, LLMError) and e.kind in RETRYABLE),
            before_sleep=before_sleep,
            reraise=True,
        )  # fmt: skip
        try:
            result = retrying(attempt)
        except LLMError as error:
            error.attempts = attempts
            self._count(failure=error.kind, requests=attempts)
            if error.kind == "connection":
                self._unavailable = error
            raise
        self._count(requests=attempts, completion=result)
        return Completion(result.text, result.prompt_tokens, result.completion_tokens, attempts)

    def _wait_for_turn(self) -> None:
        """Space request starts by 1/rate seconds across every thread sharing this model."""
        if self.config.rate <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + 1 / self.config.rate
        if start > now:
            time.sleep(start - now)

    def _invoke(self, prompt: list[BaseMessage]) -> Completion:
        message = self._chat.invoke(prompt)
        text = _text(message.content)
        if not text.strip():
            raise LLMError("malformed", "empty answer")
        usage = getattr(message, "usage_metadata", None) or {}
        return Completion(text, usage.get("input_tokens", 0), usage.get("output_tokens", 0), 1)

    def _stream(self, prompt: list[BaseMessage], on_token: Callable[[str], None]) -> Completion:
        parts: list[str] = []
        prompt_tokens = completion_tokens = 0
        for chunk in self._chat.stream(prompt):
            piece = _text(chunk.content)
            if piece:
                parts.append(piece)
                on_token(piece)
            usage = getattr(chunk, "usage_metadata", None)
            if usage:
                prompt_tokens = usage.get("input_tokens", prompt_tokens)
                completion_tokens = usage.get("output_tokens", completion_tokens)
        text = "".join(parts)
        if not text.strip():
            raise LLMError("malformed", "empty answer")
        return Completion(text, prompt_tokens, completion_tokens, 1)

    def _count(
        self,
        *,
        retry: bool = False,
        failure: str | None = None,
        requests: int = 0,
        completion: Completion | None = None,
    ) -> None:
        with self._lock:
            u = self.usage
            u.requests += requests
            if retry:
                u.retries += 1
            if failure is not None:
                u.failures += 1
                u.errors[failure] = u.errors.get(failure, 0) + 1
            if completion is not None:
                u.prompt_tokens += completion.prompt_tokens
                u.completion_tokens += completion.completion_tokens
