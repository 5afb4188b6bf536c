"""What every request shares: settings, the workspace, the library, the model, the batch worker.

One ``Services`` per server process, built at start-up and handed to endpoints through a
dependency. The library is opened on first use (it loads the embedding model) and kept open;
its catalog and writers are thread-safe, so the endpoints' worker threads share it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from fastapi import Request

from assistant.documents import open_library
from assistant.settings import Settings
from assistant.workspace import Principal, Workspace

if TYPE_CHECKING:
    from assistant.api.batches_worker import BatchWorker
    from retrieval.library import Hit, Library


@dataclass
class Services:
    settings: Settings
    workspace: Workspace
    auth: bool = True
    model: Any = None  # assistant.llm.ChatModel when a model is configured
    worker: BatchWorker | None = None
    _library: Library | None = None
    _opening: threading.Lock = field(default_factory=threading.Lock)

    def library(self) -> Library:
        if self._library is None:
            with self._opening:
                if self._library is None:
                    self._library = open_library(self.settings)
        return self._library

    def visible(self, principal: Principal) -> set[str] | None:
        """Documents the caller may see (None: all of them, for an admin)."""
        if principal.is_admin:
            return None
        docs = [d.doc_id for d in self.library().catalog.documents()]
        return self.workspace.visible_documents(principal, docs)

    def scoped(self, principal: Principal) -> ScopedLibrary:
        names = {doc_id: row.filename for doc_id, row in self.workspace.document_access().items()}
        return ScopedLibrary(self.library(), self.visible(principal), names)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        if self._library is not None:
            self._library.close()
        self.workspace.close()


class ScopedLibrary:
    """The library as one caller sees it: searches never return a hidden document, nor
    where the server keeps its files.

    It stands in for :class:`retrieval.library.Library` wherever a service searches (chat,
    drafting); term statistics stay library-wide (counts only, no text)."""

    def __init__(self, library: Library, visible: set[str] | None, names: dict[str, str]) -> None:
        self.library = library
        self.visible = visible
        self.names = names
        self.embedder = library.embedder

    def search(self, query: str, k: int = 5, **filters: Any) -> list[Hit]:
        """Visible hits, each ``path`` the document's file name (never a path on the server)."""
        hits = self.library.search(query, k, visible=self.visible, **filters)
        return [replace(h, path=self.names.get(h.doc_id) or PurePath(h.path).name) for h in hits]

    def term_statistics(self, terms: list[str]) -> tuple[dict[str, int], int]:
        return self.library.term_statistics(terms)


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found
