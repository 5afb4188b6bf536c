"""The BM25 arm (bm25s) over the catalog's chunks, saved atomically with its generation."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.catalog import ChunkRow
from retrieval.tokenize import TOKENIZER_VERSION, tokens


@dataclass
class BM25Index:
    retriever: object | None  # bm25s.BM25; None when the library is empty
    ids: list[str]
    doc_ids: list[str]
    generation: int
    tokenizer: int = TOKENIZER_VERSION  # the tokenizer that built it (an older one is rebuilt)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        if self.retriever is None or not self.ids:
            return []
        query_tokens = tokens(query)
        if not query_tokens:
            return []
        k = min(k, len(self.ids))
        results, scores = self.retriever.retrieve(  # type: ignore[attr-defined]
            [query_tokens], k=k, show_progress=False, weight_mask=mask, n_threads=1
        )
        return [
            (self.ids[int(i)], float(s))
            for i, s in zip(results[0], scores[0], strict=True)
            if s > 0
        ]

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        """How many passages contain each term (0 for a term the library never uses)."""
        if self.retriever is None:
            return dict.fromkeys(terms, 0)
        vocab: dict[str, int] = self.retriever.vocab_dict  # type: ignore[attr-defined]
        indptr = self.retriever.scores["indptr"]  # type: ignore[attr-defined]
        out = {}
        for term in terms:
            column = vocab.get(term)
            ok = column is not None and column + 1 < len(indptr)
            out[term] = int(indptr[column + 1] - indptr[column]) if ok else 0  # type: ignore[operator]
        return out

    @property
    def size(self) -> int:
        return len(self.ids)


def build(chunks: list[ChunkRow], generation: int) -> BM25Index:
    import bm25s

    if not chunks:
        return BM25Index(None, [], [], generation)
    retriever = bm25s.BM25()
    retriever.index([tokens(c.index_text) or ["∅"] for c in chunks], show_progress=False)
    return BM25Index(
        retriever, [c.chunk_id for c in chunks], [c.doc_id for c in chunks], generation
    )


def save(index: BM25Index, folder: Path) -> None:
    """Write to a temporary folder, then swap it in: a reader never sees half an index."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".bm25-", dir=folder.parent))
    if index.retriever is not None:
        index.retriever.save(str(tmp / "index"), show_progress=False)  # type: ignore[attr-defined]
    (tmp / "ids.json").write_text(
        json.dumps(
            {
                "generation": index.generation,
                "ids": index.ids,
                "doc_ids": index.doc_ids,
                "tokenizer": index.tokenizer,
            }
        ),
        encoding="utf-8",
    )
    old = folder.with_name(folder.name + ".old")
    if folder.exists():
        os.replace(folder, old)
    os.replace(tmp, folder)
    shutil.rmtree(old, ignore_errors=True)


def load(folder: Path) -> BM25Index | None:
    meta_path = folder / "ids.json"
    if not meta_path.exists():
        return None
    import bm25s

    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    retriever = None
    if (folder / "index").exists():
        retriever = bm25s.BM25.load(str(folder / "index"), show_progress=False, mmap=False)
    return BM25Index(retriever, meta["ids"], meta["doc_ids"], int(meta["generation"]),
                     int(meta.get("tokenizer", 1)))  # fmt: skip
