"""Whether two indicators without values measure the same thing: a learned weighing of evidence.

Hand-set similarity thresholds did not carry over to catalogs they were not tuned on (blind
catalogs found a fifth of their duplicates at a third's precision). A logistic regression over
``features.FEATURES``, trained on the labelled catalogs of ``evals/indicators`` and checked
catalog by catalog on catalogs it did not see (``evals/indicators/train.py``), weighs the same
signals with weights fit to data. The weights ship as JSON (``pair_model.json``): readable,
no pickles, the same on every machine. The contrasts still veto: a pair with a sign that the
two count different things is never a duplicate, whatever the model says.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from assistant.indicators.features import FEATURES

MODEL_FILE = Path(__file__).with_name("pair_model.json")


@dataclass(frozen=True)
class PairModel:
    """A standardised logistic regression: p = σ(b + Σ wᵢ (xᵢ − μᵢ) / σᵢ)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float  # p at or above which a pair is a duplicate
    meta: dict[str, Any]

    def probability(self, values: dict[str, float]) -> float:
        z = self.intercept + sum(
            w * (values[f] - m) / s
            for f, m, s, w in zip(self.features, self.mean, self.scale, self.coef, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "meta": self.meta,
        }


def from_json(data: dict[str, Any]) -> PairModel:
    model = PairModel(
        tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]),
        float(data["intercept"]), float(data["threshold"]), dict(data.get("meta", {})),
    )  # fmt: skip
    if model.features != FEATURES:
        # a feature added, removed or renamed since training: the weights no longer fit
        raise ValueError(
            f"{MODEL_FILE.name} was trained on other features; run evals/indicators/train.py"
        )
    return model


@cache
def load() -> PairModel | None:
    """The shipped model, or None before one has been trained."""
    if not MODEL_FILE.is_file():
        return None
    return from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
