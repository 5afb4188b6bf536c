"""One running Kaoping for many users: settings, workspace, library, model and batch worker.

The API server and the UI each build one ``Office`` at start-up and share it between their
threads. The library is opened on first use (it loads the embedding model) and kept open; its
catalog and writers are thread-safe. A caller's view of it is a :class:`Desk`
(assistant/workspace/desk.py), which applies the access rules.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from assistant.documents import open_library
from assistant.settings import Settings
from assistant.workspace.access import Principal
from assistant.workspace.schema import DocumentAccess
from assistant.workspace.store import Workspace

if TYPE_CHECKING:
    import numpy as np

    from assistant.workspace.batches import BatchWorker
    from assistant.workspace.warming import OpeningWarmer
    from retrieval.library import Hit, Library


@dataclass
class Office:
    settings: Settings
    workspace: Workspace
    model: Any = None  # assistant.llm.ChatModel when a model is configured
    worker: BatchWorker | None = None
    warmer: OpeningWarmer | None = None  # embeds window openings while the server is quiet
    last_search: float = 0.0  # time.monotonic() of the latest search (the warmer waits)
    _library: Library | None = None
    _opening: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, settings: Settings, workspace: Workspace | None = None) -> Office:
        """The office for these settings: the workspace migrated, the model connected."""
        from assistant.llm import connect, llm_config
        from assistant.workspace.batches import BatchWorker
        from assistant.workspace.warming import OpeningWarmer

        office = cls(settings, workspace or Workspace.open(settings.home, settings.database_url))
        office.model = connect(llm_config(settings))
        office.worker = BatchWorker(office)
        office.warmer = OpeningWarmer(office)
        return office

    def library(self) -> Library:
        if self._library is None:
            with self._opening:
                if self._library is None:
                    self._library = open_library(self.settings)
        return self._library

    def opened_library(self) -> Library | None:
        """The library if a request has opened it (None before: opening loads the model)."""
        return self._library

    def visible(
        self, principal: Principal, access: dict[str, DocumentAccess] | None = None
    ) -> set[str] | None:
        """Documents the caller may see (None: all, for an admin). One the workspace does not
        know is public: put in the library from the command line by whoever runs the server.
        ``access``: the workspace's access rows when the caller has read them already."""
        if principal.is_admin:
            return None
        access = self.workspace.document_access() if access is None else access
        return {
            d.doc_id for d in self.library().catalog.documents()
            if d.doc_id not in access or principal.sees_document(access[d.doc_id].public, access[d.doc_id].agencies)
        }  # fmt: skip

    def scoped(self, principal: Principal) -> ScopedLibrary:
        self.last_search = time.monotonic()
        access = self.workspace.document_access()  # read once per search
        names = {doc_id: row.filename for doc_id, row in access.items()}
        return ScopedLibrary(self.library(), self.visible(principal, access), names)

    def close(self) -> None:
        if self.warmer is not None:
            self.warmer.stop()  # before the library closes under it
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

    def titles(self) -> list[str]:
        """Titles of the documents this caller may see."""
        return self.library.titles(self.visible)

    def opening_vectors(self, wanted: Sequence[tuple[str, str]]) -> np.ndarray:
        """Window openings of visible hits' chunks (the caller only asks for those)."""
        return self.library.opening_vectors(wanted)
