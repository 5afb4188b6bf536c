"""The one place that talks to a language model (any OpenAI-compatible endpoint).

Services ask :func:`connect` for a :class:`ChatModel`; ``None`` means offline
mode, and the service falls back to its deterministic engine and says so.
"""

from assistant.llm.client import ChatModel, Completion, LLMError, Message, Usage, connect
from assistant.llm.config import LLMConfig, llm_config

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
