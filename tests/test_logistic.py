"""The shared logistic fit (assistant/logistic.py): it reaches the optimum it promises."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.logistic import fit_standardised


@pytest.mark.parametrize("balanced", [False, True])
def test_the_fit_is_the_penalised_optimum(balanced: bool) -> None:
    """At the fitted weights the gradient of the (class-weighted) log-loss plus the L2 penalty
    on the standardised weights vanishes, and the raw-feature form gives the same odds."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, 4)) * [1.0, 3.0, 0.2, 10.0] + [0.0, 5.0, -1.0, 50.0]
    y = (x[:, 0] - 0.8 * x[:, 2] + rng.normal(size=400) > 1.2).astype(float)  # few positives
    c = 2.0
    fitted = fit_standardised(x, y, c=c, balanced=balanced)
    z = (x - fitted.mean) / fitted.scale
    p = 1 / (1 + np.exp(-(fitted.intercept + z @ fitted.coef)))
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean())) if balanced else np.ones(len(y))
    gradient_w = c * z.T @ (weight * (p - y)) + fitted.coef
    gradient_b = c * np.sum(weight * (p - y))  # the intercept is not penalised
    assert np.abs(gradient_w).max() < 1e-3 and abs(gradient_b) < 1e-3
    intercept, weights = fitted.raw()
    assert np.allclose(intercept + x @ weights, fitted.intercept + z @ fitted.coef)
    if balanced:  # both classes weigh alike: the positives are not drowned out
        assert np.mean(p[y == 1]) > 0.5
