"""The library's catalog (SQLite): documents, their chunks, and a generation counter.

It is the source of truth the two indexes are checked against: every document row has a
state (``ingesting`` until both indexes hold its chunks, ``removing`` until both dropped
them), and the BM25 index records the generation it was built from.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    format TEXT NOT NULL,
    kind TEXT NOT NULL,
    year INTEGER,
    content_hash TEXT NOT NULL,
    settings_hash TEXT NOT NULL,
    pages INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id),
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    index_text TEXT NOT NULL,
    page INTEGER,
    section TEXT NOT NULL,
    heading TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, ord);
CREATE TABLE IF NOT EXISTS openings (
    key TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS openings_doc ON openings(doc_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str
    path: str
    title: str
    format: str
    kind: str
    year: int | None
    content_hash: str
    settings_hash: str
    pages: int
    chunks: int
    state: str


@dataclass(frozen=True)
class ChunkRow:
    chunk_id: str
    doc_id: str
    ord: int
    text: str
    index_text: str
    page: int | None
    section: str
    heading: str
    kind: str


class Catalog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # one connection shared by the server's threads, used under one lock
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.lock = threading.RLock()
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            else:
                self.db.execute("COMMIT")

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """All rows of one read, under the lock (the connection is shared between threads)."""
        with self.lock:
            return self.db.execute(sql, params).fetchall()

    def generation(self) -> int:
        rows = self.query("SELECT value FROM meta WHERE key='generation'")
        return int(str(rows[0][0])) if rows else 0

    def bump(self, db: sqlite3.Connection) -> None:
        db.execute(
            "INSERT INTO meta(key, value) VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def documents(self) -> list[DocumentRow]:
        rows = self.query("SELECT * FROM documents ORDER BY title, doc_id")
        return [DocumentRow(*row) for row in rows]  # type: ignore[arg-type]

    def document(self, doc_id: str) -> DocumentRow | None:
        rows = self.query("SELECT * FROM documents WHERE doc_id = ?", (doc_id,))
        return DocumentRow(*rows[0]) if rows else None  # type: ignore[arg-type]

    def by_path(self, path: str) -> DocumentRow | None:
        rows = self.query("SELECT * FROM documents WHERE path = ?", (path,))
        return DocumentRow(*rows[0]) if rows else None  # type: ignore[arg-type]

    def by_content(self, content_hash: str, settings_hash: str) -> DocumentRow | None:
        """A ready document with these bytes, ingested with these settings (the first by path)."""
        rows = self.query(
            "SELECT * FROM documents WHERE content_hash = ? AND settings_hash = ? AND state = 'ready' "
            "ORDER BY path LIMIT 1",
            (content_hash, settings_hash),
        )
        return DocumentRow(*rows[0]) if rows else None  # type: ignore[arg-type]

    def move_document(self, doc_id: str, path: str) -> None:
        """The document's file now lives at ``path`` (its content unchanged)."""
        with self.transaction() as db:
            db.execute("UPDATE documents SET path = ? WHERE doc_id = ?", (path, doc_id))

    def chunks(self, doc_id: str | None = None) -> list[ChunkRow]:
        if doc_id is None:
            rows = self.query(
                "SELECT c.* FROM chunks c JOIN documents d USING(doc_id) WHERE d.state = 'ready' "
                "ORDER BY c.doc_id, c.ord"
            )
        else:
            rows = self.query("SELECT * FROM chunks WHERE doc_id = ? ORDER BY ord", (doc_id,))
        return [ChunkRow(*row) for row in rows]  # type: ignore[arg-type]

    def chunk_count(self) -> int:
        return int(str(self.query("SELECT COUNT(*) FROM chunks")[0][0]))

    def put_document(self, doc: DocumentRow, chunks: list[ChunkRow]) -> None:
        """Replace a document and its chunks; it stays ``ingesting`` until the indexes agree."""
        with self.transaction() as db:
            db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc.doc_id,))
            db.execute("DELETE FROM openings WHERE doc_id = ?", (doc.doc_id,))
            db.execute("DELETE FROM documents WHERE doc_id = ? OR path = ?", (doc.doc_id, doc.path))
            db.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)", tuple(doc.__dict__.values())
            )
            db.executemany(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?)",
                [tuple(c.__dict__.values()) for c in chunks],
            )
            self.bump(db)

    def set_state(self, doc_id: str, state: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE documents SET state = ? WHERE doc_id = ?", (state, doc_id))

    def delete_document(self, doc_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM openings WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            self.bump(db)

    def openings(self, keys: Sequence[str], batch: int = 500) -> dict[str, bytes]:
        """The kept window-opening vectors among ``keys`` (retrieval.library.opening_vectors)."""
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), batch):
            part = list(keys[start : start + batch])
            marks = ",".join("?" * len(part))
            rows = self.query(f"SELECT key, vector FROM openings WHERE key IN ({marks})", part)
            found.update((str(key), vector) for key, vector in rows if isinstance(vector, bytes))
        return found

    def keep_openings(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Keep window-opening vectors ``(key, chunk_id, vector)``, under the chunk's document.
        A cache: when another process holds the database too long, or it is read-only, they are
        simply not kept; nor is one whose chunk an ingest replaced meanwhile (no orphans)."""
        try:
            with self.transaction() as db:
                db.executemany(
                    "INSERT OR IGNORE INTO openings SELECT ?, doc_id, ? FROM chunks WHERE chunk_id = ?",
                    [(key, vector, chunk) for key, chunk, vector in rows],
                )
        except sqlite3.OperationalError:
            pass

    def opening_count(self) -> int:
        """How many window openings are kept (what a resident's warming has left to do)."""
        return int(str(self.query("SELECT COUNT(*) FROM openings")[0][0]))

    def forget_openings(self) -> None:
        """Drop every kept opening: the library as if never asked (bench/ask.py)."""
        with self.transaction() as db:
            db.execute("DELETE FROM openings")

    def unfinished(self) -> list[DocumentRow]:
        rows = self.query("SELECT * FROM documents WHERE state != 'ready'")
        return [DocumentRow(*row) for row in rows]  # type: ignore[arg-type]

    def close(self) -> None:
        with self.lock:
            self.db.close()
