"""Whether the retrieved passages answer the question: a small calibrated model.

Features of the best quote windows: lexical coverage of the question's weighted terms, the
share of the question's weight in terms the library never uses,
dense similarity (question vs the window, not the whole passage), whether a window holds
the kind of value the question asks for (an amount, a time, a number), and whether the
question is English (cross-lingual similarities run lower). The weights and threshold
come from ``calibration.yaml``, written by ``evals/chat/calibrate.py`` on a development
set of answerable and unanswerable questions; they are data, not tuned constants in code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from assistant.fileio import read_yaml

CALIBRATION = Path(__file__).with_name("calibration.yaml")
FEATURES = ("lexical", "dense", "typed", "english", "unknown", "unknown_name")


@dataclass(frozen=True)
class Evidence:
    lexical: float
    dense: float
    typed: bool
    english: bool
    unknown: float = 0.0  # share of the question's words no passage of the library has
    unknown_name: bool = False  # a place, person, organisation or year the library never names

    def vector(self) -> list[float]:
        return [self.lexical, self.dense, float(self.typed), float(self.english), self.unknown,
                float(self.unknown_name)]  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        return {"lexical": round(self.lexical, 4), "dense": round(self.dense, 4),
                "typed": self.typed, "english": self.english,
                "unknown": round(self.unknown, 4), "unknown_name": self.unknown_name}  # fmt: skip


@cache
def calibration() -> dict[str, Any]:
    data: dict[str, Any] = read_yaml(CALIBRATION)
    return data


def confidence(evidence: Evidence, model: dict[str, Any] | None = None) -> float:
    """Probability that the passages answer the question (logistic model)."""
    model = model or calibration()
    weights = model["weights"]
    z = model["bias"] + sum(
        weights[name] * x for name, x in zip(FEATURES, evidence.vector(), strict=True)
    )
    return 1 / (1 + math.exp(-z))


def answers(evidence: Evidence, model: dict[str, Any] | None = None) -> bool:
    model = model or calibration()
    return confidence(evidence, model) >= float(model["threshold"])
