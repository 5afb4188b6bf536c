"""Which endpoint, model and limits to use, from the one settings object."""

from __future__ import annotations

import os
from dataclasses import dataclass

from assistant.settings import Settings

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
# vLLM and Ollama accept any key; the OpenAI client insists on one being present.
PLACEHOLDER_KEY = "not-needed"


@dataclass(frozen=True)
class LLMConfig:
    base_url: str | None
    model: str
    api_key: str
    timeout: float
    max_attempts: int
    backoff: float
    temperature: float
    rate: float = 0.0  # requests per second at most (0: no limit)


def llm_config(settings: Settings) -> LLMConfig | None:
    """The endpoint to use, or ``None`` for offline mode (no base URL and no key configured)."""
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    key = key or os.environ.get("OPENAI_API_KEY") or None
    if not settings.llm_base_url and not key:
        return None
    model = settings.llm_model or DEFAULT_OPENAI_MODEL
    return LLMConfig(
        base_url=settings.llm_base_url,
        model=model,
        api_key=key or PLACEHOLDER_KEY,
        timeout=settings.llm_timeout,
        max_attempts=max(1, settings.llm_max_attempts),
        backoff=max(0.0, settings.llm_backoff),
        temperature=settings.llm_temperature,
        rate=max(0.0, settings.llm_rate),
    )
