"""Passages as the answerer sees them: numbered, split into quotable sentences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from retrieval.windows import SENTENCE

_MIN_CHARS = 6


class Hit(Protocol):
    """What a search hit offers (retrieval.library.Hit satisfies it; chat and drafting read it)."""

    @property
    def doc(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def page(self) -> int | None: ...
    @property
    def section(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def heading(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def chunk_id(self) -> str: ...


@dataclass(frozen=True)
class Passage:
    n: int
    hit: Hit

    def citation(self, quote: str) -> dict[str, Any]:
        """Contract §4.4 citation; ``quote`` must be text of this passage."""
        return {
            "n": self.n, "doc": self.hit.doc, "page": self.hit.page, "section": self.hit.section,
            "heading": self.hit.heading, "quote": quote, "path": self.hit.path, "chunk_id": self.hit.chunk_id,
        }  # fmt: skip


def sentences(text: str) -> list[str]:
    """Quotable sentences of a passage, exactly as they appear in it (stripped of edges)."""
    out = []
    for match in SENTENCE.finditer(text):
        sentence = match.group(0).strip().strip("|").strip()
        if len(sentence) >= _MIN_CHARS:
            out.append(sentence)
    return out
