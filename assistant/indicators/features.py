"""What the meaning model reads about a pair of indicators: likeness, neighbourhood, contrasts.

Similarity alone does not tell a renaming (國家公園外來入侵植物移除面積 / 入侵種植物清除公頃數)
from a trap (國產材年供應量 / 進口材年供應量). Several weak signals together do better: how
alike the texts are, whether each is the other's nearest neighbour, whether the numerators
agree, units and direction, and the contrasts of ``contrast`` (a step of a process, a number, a
component added). ``pair_model`` weighs them; the weights are learned from the labelled
catalogs of ``evals/indicators`` (``evals/indicators/train.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.indicators.catalog import TYPE_RANK, CatalogIndicator
from assistant.indicators.contrast import Contrast, quantities, unit_signature
from assistant.indicators.text import counted, normalize_text, polarity, tfidf_similarity

# the contrasts a pair may carry, each a feature of its own (``types`` is left to ``tdiff``)
CONTRAST_KINDS = ("units", "numbers", "swapped", "more", "narrower", "stage")

FEATURES = (
    "sim",  # the combined text similarity (n-grams and embedding)
    "tfidf",
    "dense",
    "tname",  # n-gram similarity of the names alone
    "rank",  # how many indicators are nearer to the closer of the two (0: mutual nearest)
    "rankmax",  # … to the farther of the two
    "num",  # character overlap of the two numerators (-1 when either is not a ratio)
    "conflict",  # both ratios, numerators or denominators far apart
    "same_unit",  # the same kind of unit (percent, time, a count of persons…)
    "same_dir",  # both higher-is-better or both lower
    "tdiff",  # steps apart in the logic model (outcome, output, process, input)
    "same_name",  # the same name once synonyms are folded
    "qdef",  # both definitions state numbers (hours, ages, sizes), not the same ones
    "dmin",  # characters only one name has: the smaller side
    "dmax",  # … the larger side (a qualifier added to one name)
    *(f"c_{kind}" for kind in CONTRAST_KINDS),
)


def char_overlap(a: str, b: str) -> float:
    """Jaccard of characters: 實支數 and 實際支用數 share most, 本年度預算數 and 實支數 little."""
    chars_a, chars_b = set(a), set(b)
    return len(chars_a & chars_b) / len(chars_a | chars_b) if chars_a | chars_b else 1.0


@dataclass(frozen=True)
class Neighbourhood:
    """The catalog-wide matrices a pair's features are read from, computed once per catalog."""

    sim: np.ndarray
    tfidf: np.ndarray
    dense: np.ndarray
    name_tfidf: np.ndarray
    # per indicator, read once rather than for every pair it is part of
    folded: list[str]  # the name with synonyms folded (the same name: one measure)
    name_chars: list[frozenset[str]]  # … and complements read as what they complement
    units: list[str | None]  # unit_signature

    @classmethod
    def of(
        cls,
        inds: list[CatalogIndicator],
        sim: np.ndarray,
        tfidf: np.ndarray,
        dense: np.ndarray,
    ) -> Neighbourhood:
        folded = [normalize_text(i.name) for i in inds]
        names = [polarity(name) for name in folded]
        return cls(sim, tfidf, dense, tfidf_similarity(names), folded,
                   [frozenset(name) for name in names], [unit_signature(i) for i in inds])  # fmt: skip

    def same_name(self, i: int, j: int) -> bool:
        return self.folded[i] == self.folded[j]

    def ranks(self, i: int, j: int) -> tuple[int, int]:
        """How many indicators each of the two has nearer than the other (the diagonal is 0)."""
        return int((self.sim[i] > self.sim[i, j]).sum()), int((self.sim[j] > self.sim[i, j]).sum())


def pair_features(
    hood: Neighbourhood,
    i: int,
    j: int,
    a: CatalogIndicator,
    b: CatalogIndicator,
    *,
    found: Contrast | None,
    conflict: bool,
) -> dict[str, float]:
    """The named features of one pair, in the order of FEATURES."""
    rank_i, rank_j = hood.ranks(i, j)
    ratio_a, ratio_b = counted(a.definition), counted(b.definition)
    qa, qb = quantities(a.definition or ""), quantities(b.definition or "")
    only_a = len(hood.name_chars[i] - hood.name_chars[j])
    only_b = len(hood.name_chars[j] - hood.name_chars[i])
    tdiff = 1.0 if a.type is None or b.type is None else abs(TYPE_RANK[a.type] - TYPE_RANK[b.type])
    values = {
        "sim": float(hood.sim[i, j]),
        "tfidf": float(hood.tfidf[i, j]),
        "dense": float(hood.dense[i, j]),
        "tname": float(hood.name_tfidf[i, j]),
        "rank": float(min(rank_i, rank_j)),
        "rankmax": float(max(rank_i, rank_j)),
        "num": char_overlap(ratio_a[0], ratio_b[0]) if ratio_a and ratio_b else -1.0,
        "conflict": float(conflict),
        "same_unit": float(hood.units[i] == hood.units[j]),
        "same_dir": float(a.direction == b.direction),
        "tdiff": float(tdiff),
        "same_name": float(hood.same_name(i, j)),
        "qdef": float(bool(qa) and bool(qb) and qa != qb),
        "dmin": float(min(only_a, only_b)),
        "dmax": float(max(only_a, only_b)),
        **{f"c_{k}": float(found is not None and found.kind == k) for k in CONTRAST_KINDS},
    }
    return {name: values[name] for name in FEATURES}
