"""Flag kinds (contract §4.2) and the flag record: the one place a kind is defined."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from assistant.i18n import localized, t

Severity = Literal["high", "medium", "low"]


class FlagKind(StrEnum):
    number_mismatch = "number_mismatch"
    target_misstatement = "target_misstatement"
    status_overclaim = "status_overclaim"
    grade_inflation = "grade_inflation"
    trend_mismatch = "trend_mismatch"
    omitted_shortfall = "omitted_shortfall"
    unsupported_claim = "unsupported_claim"


@dataclass(frozen=True)
class Flag:
    """One gap between the narrative and the data, with where it is and what to ask."""

    kind: FlagKind
    indicator_id: str | None
    severity: Severity
    span: tuple[int, int] | None
    quote: str | None
    claimed: str | None
    objective: str | None
    message_id: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        params = {
            k: localized(v, lang) if isinstance(v, dict) else v for k, v in self.params.items()
        }
        return {
            "kind": self.kind.value,
            "indicator_id": self.indicator_id,
            "severity": self.severity,
            "span": list(self.span) if self.span else None,
            "quote": self.quote,
            "claimed": self.claimed,
            "objective": self.objective,
            "message": t(self.message_id, lang, **params),
            "ask": t(f"ask.{self.kind.value}", lang, **params),
        }
