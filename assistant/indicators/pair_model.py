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
from assistant.logistic import fit_standardised

MODEL_FILE = Path(__file__).with_name("pair_model.json")
REGULARISATION = 1.0  # scikit-learn's C: its default, not tuned
# features a reviewer can check by reading the two indicators, named when they speak for a
# duplicate (absent contrasts and scales of similarity are left to the evidence)
READABLE_EVIDENCE = ("rank", "rankmax", "dense", "tfidf", "tname", "num", "same_unit",
                     "same_dir", "tdiff", "same_name", "dmin")  # fmt: skip
EVIDENCE_NAMED = 3


def calls_duplicate(probability: Any, same_name: Any, threshold: float) -> Any:
    """Whether a pair no contrast vetoed is a duplicate: likely enough, or the same name once
    synonyms are folded. One pair (floats and bools) or many (arrays): the analysis and the
    training script (``evals/indicators/train.py``) call duplicates by this one rule."""
    return (probability >= threshold) | same_name


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

    def because(self, values: dict[str, float]) -> list[str]:
        """The readable features that most raised this pair's probability, strongest first."""
        pulls = self.contributions(values)
        named = sorted((f for f in READABLE_EVIDENCE if pulls[f] > 0), key=lambda f: -pulls[f])
        # two ranks say one thing: each is the other's nearest
        return [f for f in named if not (f == "rankmax" and "rank" in named)][:EVIDENCE_NAMED]

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
    """Standardise the features, then an L2 logistic regression (assistant.logistic)."""
    fitted = fit_standardised(x, duplicate, c=REGULARISATION)
    return PairModel(
        FEATURES, tuple(map(float, fitted.mean)), tuple(map(float, fitted.scale)),
        tuple(map(float, fitted.coef)), fitted.intercept, threshold,
        {"regularisation": REGULARISATION, **(meta or {})},
    )  # fmt: skip


@cache
def load() -> PairModel | None:
    """The shipped model, or None before one has been trained."""
    if not MODEL_FILE.is_file():
        return None
    return from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
