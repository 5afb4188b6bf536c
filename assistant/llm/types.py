"""The LLM layer's plain types: messages, errors, usage (no client library imported here).

Services import these to handle a model's answers and failures without paying for
importing the OpenAI and langchain clients when no model is configured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["system", "user", "assistant"]
Message = tuple[Role, str]
ErrorKind = Literal[
    "rate_limited", "server_error", "timeout", "connection", "rejected", "malformed", "unavailable"
]
RETRYABLE: frozenset[str] = frozenset({"rate_limited", "server_error", "timeout", "connection"})


class LLMError(Exception):
    """A request that failed for good (after retries when the failure was transient)."""

    def __init__(self, kind: ErrorKind, detail: str, attempts: int = 1) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind: ErrorKind = kind
        self.detail = detail
        self.attempts = attempts


@dataclass
class Usage:
    """Totals over every request a model made, for the draft's metadata and the batch manifest."""

    requests: int = 0
    retries: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "retries": self.retries,
            "failures": self.failures,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.prompt_tokens + self.completion_tokens,
            "errors": dict(sorted(self.errors.items())),
        }


@dataclass(frozen=True)
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int
    attempts: int
