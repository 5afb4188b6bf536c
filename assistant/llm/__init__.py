"""The one place that talks to a language model (any OpenAI-compatible endpoint).

Services ask :func:`connect` for a chat model; ``None`` means offline mode, and
the service falls back to its deterministic engine and says so. The client
libraries are imported only when a model is configured, so offline commands
start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.llm.config import LLMConfig, llm_config
from assistant.llm.types import Completion, LLMError, Message, Usage

if TYPE_CHECKING:
    from assistant.llm.client import ChatModel


def connect(config: LLMConfig | None) -> ChatModel | None:
    """A chat model for ``config``, or ``None`` (offline) when nothing is configured."""
    if config is None:
        return None
    from assistant.llm.client import ChatModel

    return ChatModel(config)


__all__ = [
    "ChatModel",
    "Completion",
    "LLMConfig",
    "LLMError",
    "Message",
    "Usage",
    "connect",
    "llm_config",
]


def __getattr__(name: str) -> object:
    if name == "ChatModel":
        from assistant.llm.client import ChatModel

        return ChatModel
    raise AttributeError(name)
