"""Logistic regression on standardised features (scikit-learn), for the models Kaoping ships as
plain numbers: the indicator pair model and the chat answerability calibration.

Features are standardised before the fit so the L2 penalty treats them alike; the result is
returned in that standardised space (mean, scale, weights, intercept) for the caller to keep
or to fold back into raw-feature weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Standardised:
    """p = σ(intercept + Σ coefᵢ (xᵢ − meanᵢ) / scaleᵢ)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def raw(self) -> tuple[float, np.ndarray]:
        """The same model on raw features: (intercept, weights)."""
        weights = self.coef / self.scale
        return self.intercept - float(np.sum(weights * self.mean)), weights


def fit_standardised(
    x: np.ndarray, y: np.ndarray, c: float = 1.0, balanced: bool = False
) -> Standardised:
    """An L2 logistic regression (inverse strength ``c``, intercept not penalised); with
    ``balanced`` both classes weigh alike, however few one of them is."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(
        C=c, class_weight="balanced" if balanced else None, max_iter=5000, tol=1e-8
    ).fit((x - mean) / scale, y)
    return Standardised(mean, scale, lr.coef_[0], float(lr.intercept_[0]))
