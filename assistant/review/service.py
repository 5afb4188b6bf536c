"""Review as a service: metrics + narrative in, flags (contract §4.2) out."""

from __future__ import annotations

from collections import Counter
from typing import Any

from assistant.model.metrics import MetricsFile
from assistant.review.flags import Flag, FlagKind
from assistant.review.narrative import Narrative
from assistant.review.rules import review_text
from assistant.scoring.framework import Framework


def review(metrics: MetricsFile, framework: Framework, narrative: Narrative) -> list[Flag]:
    """All flags for one agency's narrative; the deterministic checker and the drafting verifier."""
    return review_text(metrics, framework, narrative.text)


def review_json(
    flags: list[Flag],
    narrative: Narrative | None = None,
    lang: str | None = None,
    *,
    with_text: bool = False,
) -> dict[str, Any]:
    counts = Counter(f.kind.value for f in flags)
    result: dict[str, Any] = {
        "flags": [f.to_json(lang) for f in flags],
        "summary": {
            "flags": len(flags),
            "by_kind": {k.value: counts[k.value] for k in FlagKind if counts[k.value]},
            "by_severity": {
                s: n
                for s in ("high", "medium", "low")
                if (n := sum(1 for f in flags if f.severity == s))
            },
        },
        "mode": "rules",
    }
    if with_text and narrative is not None:
        result["text"] = narrative.text
    return result
