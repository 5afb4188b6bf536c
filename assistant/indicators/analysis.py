"""Pairs of indicators and their verdicts: duplicate, overlap, or left out.

``duplicate`` needs agreement of meaning: the words' evidence that the two measure one thing
*and* no sign that they count different things. Those signs are read from the words themselves
(``contrast``: one template with the counted thing exchanged, a component added, different
steps of a process, types far apart, different units, or definitions with a different
numerator or denominator) and veto a duplicate. Without values, the evidence for one is
weighed by the learned pair model (``pair_model``: likeness, nearest neighbours, numerators,
units, direction, types). Correlation, where values exist, confirms or refutes: values that do
not move together refute a duplicate of similar wording (預算執行率 vs 預算編列成長率); values
that move together never make a duplicate of unrelated meanings on their own (both driven by
population). Pairs are found among each indicator's nearest neighbours by text, so the work
grows with n × k, not n².
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.indicators.catalog import Catalog, CatalogIndicator
from assistant.indicators.contrast import contrast, units_differ
from assistant.indicators.features import Neighbourhood, char_overlap, pair_features
from assistant.indicators.pair_model import PairModel, calls_duplicate
from assistant.indicators.stats import MIN_SHARED, REDUNDANT_R, Correlation, SeriesTable
from assistant.indicators.text import (
    Embed,
    counted,
    dense_similarity,
    indicator_text,
    normalize_text,
    polarity,
    tfidf_similarity,
)

DEFINITION_CHARS = 30


@dataclass(frozen=True)
class Thresholds:
    duplicate_text: float = 0.62  # text similarity at which two indicators may mean the same
    text_only_duplicate: float = 0.58  # … when no values can confirm it (and contrasts guard it)
    overlap_text: float = 0.48  # … largely the same thing
    correlated_text: float = 0.35  # … related enough for correlation to make an overlap
    redundant_r: float = REDUNDANT_R  # |r| that confirms a duplicate (JRC/OECD, COINr)
    confirming_r: float = 0.95  # |r| that makes a duplicate of partly alike wording
    overlap_r: float = 0.7  # |r| of an overlap
    refute_r: float = 0.5  # |r| below which values refute shared wording
    min_shared: int = MIN_SHARED
    neighbours: int = 15


@dataclass
class Pair:
    a: str
    b: str
    text_similarity: float
    tfidf: float
    dense: float
    correlation: Correlation | None
    verdict: str | None
    reason: str
    params: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)
    meaning: float | None = None  # the pair model's probability that the two are one measure


SAME_COUNT = (
    0.25  # character overlap below which two numerators (or denominators) count different things
)


_FORMULA = re.compile(r"÷|/|／|除以")


def definitions_conflict(a: CatalogIndicator, b: CatalogIndicator) -> bool:
    """Both are ratios and count different things (numerators or denominators far apart)."""
    if not (_FORMULA.search(a.definition or "") and _FORMULA.search(b.definition or "")):
        return False
    ra, rb = counted(a.definition), counted(b.definition)
    if ra is None or rb is None:
        return False
    return char_overlap(ra[0], rb[0]) < SAME_COUNT or char_overlap(ra[1], rb[1]) < SAME_COUNT


# readings that the two count different things (a template with the counted thing exchanged, a
# different step of a process, a result against the work towards it, numerators or denominators
# far apart): never an overlap by text
_APART = {"definitions", "swapped", "stage", "numbers", "grades", "basis", "types", "directions"}
# readings that one is part of the other: an overlap, never a duplicate
_PART = {"more", "narrower", "excluded"}


def _verdict(
    pair: Pair,
    t: Thresholds,
    *,
    conflict: str | None,
    same_name: bool = False,
    parts: str = "",
    model: PairModel | None = None,
) -> None:
    r = pair.correlation.strength if pair.correlation is not None else None
    # without values nothing confirms a duplicate later; the contrasts guard it instead
    duplicate_at = t.duplicate_text if r is not None else t.text_only_duplicate
    # the same name once synonyms are folded (預算執行率 / 預算執行比率) means the same thing
    sim = max(pair.text_similarity, duplicate_at) if same_name else pair.text_similarity
    params = {
        "sim": f"{sim:.2f}",
        "r": f"{r:.2f}" if r is not None else "",
        "n": pair.correlation.shared if pair.correlation else 0,
        "parts": parts,
        "p": f"{pair.meaning:.2f}" if pair.meaning is not None else "",
    }
    pair.params = params
    if r is None and model is not None and pair.meaning is not None and conflict is None:
        # without values the model weighs the words' evidence; a contrast vetoes it (below)
        if calls_duplicate(pair.meaning, same_name, model.threshold):
            pair.verdict, pair.reason = "duplicate", "pair.duplicate.meaning"
            pair.evidence["because"] = model.because(pair.features)
            return
        if sim >= duplicate_at:  # alike wording the evidence does not make one measure
            pair.verdict, pair.reason = "overlap", "pair.overlap.text"
            return
    if (
        conflict is None
        and t.overlap_text <= sim < duplicate_at
        and r is not None
        and r >= t.confirming_r
    ):
        # wording only partly alike, values that are one series: the same measure, renamed
        pair.verdict, pair.reason = "duplicate", "pair.duplicate.confirmed"
    elif sim >= duplicate_at and conflict is None:
        if r is None:
            pair.verdict, pair.reason = "duplicate", "pair.duplicate.text"
        elif r >= t.redundant_r:
            pair.verdict, pair.reason = "duplicate", "pair.duplicate.confirmed"
        elif r >= t.overlap_r:
            pair.verdict, pair.reason = "overlap", "pair.overlap.partial_values"
        else:
            pair.verdict, pair.reason = None, "pair.refuted"
    elif conflict in _PART and sim >= t.overlap_text:
        # one counts a component the other leaves out, or a part of what the other counts
        if r is not None and r < t.refute_r:
            pair.verdict, pair.reason = None, "pair.refuted"
        else:
            pair.verdict, pair.reason = "overlap", f"pair.overlap.{conflict}"
    elif sim >= duplicate_at and conflict is not None:
        pair.verdict = "overlap" if (r is not None and r >= t.overlap_r) else None
        pair.reason = f"pair.{'overlap' if pair.verdict else 'not'}.{conflict}"
    elif sim >= t.overlap_text and conflict not in _APART:
        if r is None or r >= t.refute_r:
            pair.verdict, pair.reason = "overlap", "pair.overlap.text"
        else:
            pair.verdict, pair.reason = None, "pair.refuted"
    elif sim >= t.overlap_text and conflict is not None:
        # alike enough to be taken for one, told apart by its words: say so, not "unrelated"
        pair.verdict, pair.reason = None, f"pair.not.{conflict}"
    elif sim >= t.correlated_text and r is not None and r >= t.redundant_r and conflict is None:
        pair.verdict, pair.reason = "overlap", "pair.overlap.correlated"
    else:
        pair.verdict, pair.reason = None, "pair.unrelated"


def find_pairs(
    catalog: Catalog, embed: Embed | None, t: Thresholds, model: PairModel | None = None
) -> tuple[list[Pair], np.ndarray]:
    """Every judged pair among nearest neighbours by text, and the text similarity matrix.

    Pairs without values are judged by ``model`` (see ``pair_model``); without one, by the
    text similarity thresholds alone. Their features are computed either way."""
    inds = catalog.indicators
    texts = [indicator_text(i) for i in inds]
    tfidf = tfidf_similarity(texts)
    # the embedding reads what is measured: the name and the opening of the definition
    short = [
        polarity(
            f"{normalize_text(i.name)} {normalize_text(i.definition or '')[:DEFINITION_CHARS]}"
        ).strip()
        for i in inds
    ]
    dense = dense_similarity(short, embed) if embed is not None else tfidf
    sim = (tfidf + dense) / 2
    np.fill_diagonal(sim, 0.0)
    k = min(t.neighbours, len(inds) - 1)
    candidates: set[tuple[int, int]] = set()
    if k > 0:
        nearest = np.argpartition(-sim, kth=k - 1, axis=1)[:, :k]
        for i, row in enumerate(nearest):
            for j in row:
                if sim[i, j] >= t.correlated_text:
                    candidates.add((min(i, int(j)), max(i, int(j))))
    table = SeriesTable([catalog.series(i) for i in inds], t.min_shared)
    hood = Neighbourhood.of(inds, sim, tfidf, dense)
    pairs = []
    for i, j in sorted(candidates):
        a, b = inds[i], inds[j]
        corr = table.pair(i, j)
        # with values, correlation confirms or refutes what the definitions' wording suggests;
        # without them, the words' own signs of counting different things are the evidence
        found = contrast(a, b) if corr is None else units_differ(a, b)
        conflict: str | None = found.kind if found else None
        differ = corr is None and definitions_conflict(a, b)
        if differ:
            conflict = "definitions"
        parts = " ↔ ".join(p for p in (found.a, found.b) if p) if found else ""
        pair = Pair(a.id, b.id, round(float(sim[i, j]), 4), round(float(tfidf[i, j]), 4),
                    round(float(dense[i, j]), 4), corr, None, "")  # fmt: skip
        same_name = hood.same_name(i, j)
        if corr is None:
            pair.features = pair_features(hood, i, j, a, b, found=found, conflict=differ)
            pair.meaning = model.probability(pair.features) if model else None
        _verdict(pair, t, conflict=conflict, same_name=same_name, parts=parts, model=model)
        pair.evidence |= {"units": [a.unit, b.unit], "definitions_differ": conflict == "definitions",
                          "units_differ": conflict == "units",
                          "contrast": {"kind": found.kind, "a": found.a, "b": found.b} if found else None,
                          "meaning": None if pair.meaning is None else round(pair.meaning, 4)}  # fmt: skip
        pairs.append(pair)
    np.fill_diagonal(sim, 1.0)
    return pairs, sim
