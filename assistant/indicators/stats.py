"""Statistical redundancy: do two indicators' values move together across units and periods?

Pearson and Spearman over the keys both indicators have (``unit|period``), sign-insensitive
(an achievement rate and its complement are the same information), and only with enough
shared observations to mean anything. The JRC/OECD composite-indicator audit (COINr's
``get_corr_flags``) flags |r| > 0.9 within a group; that is the default here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

MIN_SHARED = 10
REDUNDANT_R = 0.9


@dataclass(frozen=True)
class Correlation:
    pearson: float
    spearman: float
    shared: int

    @property
    def strength(self) -> float:
        """The larger of |Pearson| and |Spearman|: linear or monotone, either direction."""
        return max(abs(self.pearson), abs(self.spearman))


def correlation(
    a: dict[str, Decimal], b: dict[str, Decimal], min_shared: int = MIN_SHARED
) -> Correlation | None:
    """Both coefficients over shared keys; None when too few are shared or a series is constant."""
    keys = sorted(set(a) & set(b))
    if len(keys) < min_shared:
        return None
    x = np.array([float(a[k]) for k in keys])
    y = np.array([float(b[k]) for k in keys])
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    from scipy.stats import pearsonr, spearmanr

    pearson = float(pearsonr(x, y).statistic)
    spearman = float(spearmanr(x, y).statistic)
    return Correlation(round(pearson, 4), round(spearman, 4), len(keys))
