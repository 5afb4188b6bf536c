"""The draft as data (``kaoping/draft@1``, docs/draft-format.md): sections, citations, checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.scoring.engine import ScoreReport, report_json

SCHEMA_ID = "kaoping/draft@1"
Source = Literal["deterministic", "llm", "fallback"]
Outcome = Literal["pass", "fail", "error", "skipped"]
CheckName = Literal["review", "numbers", "citations", "endpoint"]


@dataclass(frozen=True)
class Citation:
    """A passage of the library a sentence rests on (contract §4.4 fields plus its role)."""

    n: int
    role: Literal["guideline", "exemplar"]
    doc: str
    page: int | None
    section: str
    quote: str
    chunk_id: str

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n, "role": self.role, "doc": self.doc, "page": self.page,
            "section": self.section, "quote": self.quote, "chunk_id": self.chunk_id,
        }  # fmt: skip


@dataclass
class Section:
    id: str
    kind: Literal["summary", "goal"]
    title: str
    paragraphs: list[str]
    indicators: list[str]
    source: Source = "deterministic"
    citations: list[int] = field(default_factory=list)
    note: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "title": self.title, "paragraphs": self.paragraphs,
            "indicators": self.indicators, "source": self.source, "citations": self.citations,
            "note": self.note,
        }  # fmt: skip


@dataclass(frozen=True)
class Check:
    """One verification of one section's text: what was checked, on which attempt, and the result."""

    section: str
    attempt: int
    check: CheckName
    outcome: Outcome
    flags: tuple[dict[str, Any], ...] = ()
    detail: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section, "attempt": self.attempt, "check": self.check,
            "outcome": self.outcome, "flags": list(self.flags), "detail": self.detail,
        }  # fmt: skip


@dataclass
class Draft:
    report: ScoreReport
    lang: str
    period_label: str
    mode: Literal["offline", "llm"]
    title: str
    sections: list[Section]
    citations: list[Citation] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    prompts: list[dict[str, str]] = field(default_factory=list)
    llm: dict[str, Any] | None = None

    def text(self) -> str:
        """Every section's text, as the review checker reads a whole narrative."""
        return "\n\n".join(f"{s.title}\n\n{s.text}" for s in self.sections)


def _colors(report: ScoreReport) -> dict[str, str]:
    return {b.id: b.color for b in report.framework.ratings.bands if b.color}


def draft_json(draft: Draft) -> dict[str, Any]:
    """The draft document; the same bytes for the same input (no timestamps, stable order)."""
    report = draft.report
    return {
        "schema": SCHEMA_ID,
        "agency_id": report.agency_id,
        "agency_name": report.agency_name,
        "period": report.period,
        "period_label": draft.period_label,
        "framework": report.framework.id,
        "lang": draft.lang,
        "mode": draft.mode,
        "title": draft.title,
        "sections": [s.to_json() for s in draft.sections],
        "score": report_json(report, draft.lang),
        "colors": _colors(report),
        "citations": [c.to_json() for c in draft.citations],
        "checks": [c.to_json() for c in draft.checks],
        "prompts": draft.prompts,
        "llm": draft.llm,
    }
