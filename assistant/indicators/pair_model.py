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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.indicators.features import FEATURES

MODEL_FILE = Path(__file__).with_name("pair_model.json")
REGULARISATION = 1.0  # scikit-learn's C: its default, not tuned


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
        """The probability of one pair, from its named features."""
        return float(self.probabilities(np.array([[values[f] for f in self.features]]))[0])

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """The probability of each row of a feature matrix (columns in FEATURES order)."""
        z = self.intercept + ((x - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(
            self.coef
        )
        p: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return p

    def contributions(self, values: dict[str, float]) -> dict[str, float]:
        """How much each feature moves this pair's log-odds from the average pair's."""
        return {
            f: w * (values[f] - m) / s
            for f, m, s, w in zip(self.features, self.mean, self.scale, self.coef, strict=True)
        }

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


def fit(
    x: np.ndarray, duplicate: np.ndarray, threshold: float = 0.5, meta: dict[str, Any] | None = None
) -> PairModel:
    """Standardise the features, then an L2 logistic regression (scikit-learn's defaults)."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=REGULARISATION, max_iter=5000).fit((x - mean) / scale, duplicate)
    return PairModel(
        FEATURES, tuple(map(float, mean)), tuple(map(float, scale)), tuple(map(float, lr.coef_[0])),
        float(lr.intercept_[0]), threshold, {"regularisation": REGULARISATION, **(meta or {})},
    )  # fmt: skip


@cache
def load() -> PairModel | None:
    """The shipped model, or None before one has been trained."""
    if not MODEL_FILE.is_file():
        return None
    return from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
