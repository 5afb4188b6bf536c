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


class SeriesTable:
    """Every indicator's values standardised once, so a pair's coefficients are one dot product.

    Most catalogs key every indicator to the same units and periods; for two such series the
    Pearson coefficient is the mean product of their z-scores and Spearman's the same on ranks.
    Pairs whose keys differ fall back to :func:`correlation`.
    """

    def __init__(self, series: list[dict[str, Decimal]], min_shared: int = MIN_SHARED) -> None:
        from scipy.stats import rankdata

        self.series = series
        self.min_shared = min_shared
        self.keys: list[tuple[str, ...]] = [tuple(sorted(s)) for s in series]
        self.z: list[np.ndarray | None] = []
        self.zr: list[np.ndarray | None] = []
        for s, keys in zip(series, self.keys, strict=True):
            x = np.array([float(s[k]) for k in keys])
            if len(x) < min_shared or np.ptp(x) == 0:
                self.z.append(None)
                self.zr.append(None)
                continue
            r = rankdata(x)
            self.z.append((x - x.mean()) / x.std())
            self.zr.append((r - r.mean()) / r.std())

    def pair(self, i: int, j: int) -> Correlation | None:
        if not self.series[i] or not self.series[j]:
            return None
        if self.keys[i] != self.keys[j]:
            return correlation(self.series[i], self.series[j], self.min_shared)
        zi, zj, ri, rj = self.z[i], self.z[j], self.zr[i], self.zr[j]
        if zi is None or zj is None or ri is None or rj is None:
            return None
        n = len(zi)
        pearson = float(np.clip(zi @ zj / n, -1, 1))
        spearman = float(np.clip(ri @ rj / n, -1, 1))
        return Correlation(round(pearson, 4), round(spearman, 4), n)
