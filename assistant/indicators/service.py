"""Indicator rationalisation as a service: a catalog in, pairs, clusters and a smaller set out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from assistant.i18n import t
from assistant.indicators.analysis import Pair, Thresholds, find_pairs
from assistant.indicators.catalog import Catalog
from assistant.indicators.pair_model import load as load_pair_model
from assistant.indicators.quality import Quality, check
from assistant.indicators.reduce import Recommendation, reduce
from assistant.indicators.text import Embed, bundled_embed


@dataclass
class Analysis:
    catalog: Catalog
    pairs: list[Pair]
    clusters: list[list[str]]
    recommendations: list[Recommendation]
    reduced: list[str]
    quality: dict[str, Quality]
    similarity: np.ndarray
    thresholds: Thresholds


def analyse(
    catalog: Catalog, embed: Embed | None = None, thresholds: Thresholds | None = None
) -> Analysis:
    """Duplicates and overlaps, quality flags and the smaller set for one catalog.

    ``embed`` defaults to the bundled offline model, whatever embedding endpoint the library
    is configured with: the pair model and the dense floor were fitted on its similarities,
    and another model's cosines sit on another scale (its verdicts would be wrong)."""
    embed = embed or bundled_embed()
    t_ = thresholds or Thresholds()
    sources_expected = any((i.data_source or "").strip() for i in catalog.indicators)
    quality = {i.id: check(i, sources_expected=sources_expected) for i in catalog.indicators}
    pairs, similarity = find_pairs(catalog, embed, t_, load_pair_model())
    clusters, recommendations, reduced = reduce(catalog, pairs, quality)
    return Analysis(catalog, pairs, clusters, recommendations, reduced, quality, similarity, t_)


def _burden(analysis: Analysis, ids: list[str]) -> int:
    """Indicators × units to be reported (an indicator without values counts once)."""
    by_id = {i.id: i for i in analysis.catalog.indicators}
    total = 0
    for i in ids:
        units = {k.partition("|")[0] for k in by_id[i].values}
        total += max(1, len(units))
    return total


def _outcome_share(analysis: Analysis, ids: list[str]) -> dict[str, Any]:
    by_id = {i.id: i for i in analysis.catalog.indicators}
    kinds = {i: by_id[i].type or analysis.quality[i].inferred_type for i in ids}
    share = sum(1 for k in kinds.values() if k == "outcome") / len(ids) if ids else 0.0
    weights = [by_id[i].weight for i in ids]
    weighted = None
    if ids and all(w is not None for w in weights):
        total = sum((w for w in weights if w is not None), Decimal(0))
        if total > 0:
            outcome = sum(
                (by_id[i].weight or Decimal(0) for i in ids if kinds[i] == "outcome"), Decimal(0)
            )
            weighted = round(float(outcome / total), 4)
    return {"by_count": round(share, 4), "by_weight": weighted}


def _reason_params(pair: Pair, lang: str | None) -> dict[str, Any]:
    """The pair's reason parameters in the reader's language: indicator types named, and
    what the model's judgement rests on."""
    params = dict(pair.params)
    if "because" in pair.evidence:  # only the model's duplicates say what they rest on
        because = pair.evidence["because"] or ["overall"]
        params["because"] = t("pair.because.joiner", lang).join(
            t(f"pair.because.{name}", lang) for name in because
        )
    contrast = pair.evidence.get("contrast")
    if contrast and contrast["kind"] == "types":
        named = (t(f"ui.indicators.type.{contrast[side]}", lang) for side in ("a", "b"))
        params["parts"] = " ↔ ".join(named)
    return params


def _told_apart(pair: Pair) -> bool:
    """Judged not the same by a sign in its words or its values, rather than unrelated."""
    return pair.reason.startswith("pair.not.") or pair.reason == "pair.refuted"


def _pair_json(pair: Pair, lang: str | None) -> dict[str, Any]:
    """What every reported pair says: the two, their likeness, and why."""
    strength = None if pair.correlation is None else round(pair.correlation.strength, 4)
    return {"a": pair.a, "b": pair.b, "text_similarity": round(pair.text_similarity, 4),
            "correlation": strength, "reason": t(pair.reason, lang, **_reason_params(pair, lang))}  # fmt: skip


def result_json(analysis: Analysis, lang: str | None = None) -> dict[str, Any]:
    """Contract §4.3, plus quality flags, outcome share and the evaluation burden removed."""
    before = [i.id for i in analysis.catalog.indicators]
    judged = [p for p in analysis.pairs if p.verdict is not None]
    burden_before, burden_after = _burden(analysis, before), _burden(analysis, analysis.reduced)
    return {
        "before": len(before),
        "after": len(analysis.reduced),
        "pairs": [
            {
                **_pair_json(p, lang), "verdict": p.verdict,
                "evidence": {"tfidf": p.tfidf, "dense": p.dense,
                             "pearson": p.correlation.pearson if p.correlation else None,
                             "spearman": p.correlation.spearman if p.correlation else None,
                             "shared_observations": p.correlation.shared if p.correlation else 0,
                             **p.evidence},
            }
            for p in judged
        ],
        "clusters": analysis.clusters,
        "recommendations": [
            {"action": r.action, "indicators": r.indicators, "keep": r.keep,
             "reason": t(r.reason, lang, **r.params)}
            for r in analysis.recommendations
        ],
        "reduced_set": analysis.reduced,
        # alike enough to be taken for one, judged apart: what a reviewer should see was checked
        "lookalikes": [
            {**_pair_json(p, lang), "evidence": p.evidence}
            for p in analysis.pairs if p.verdict is None and _told_apart(p)
        ],
        "quality": [
            {"id": q.id, "flags": q.flags, "messages": [t(f"quality.{f}", lang) for f in q.flags],
             "inferred_type": q.inferred_type}
            for q in analysis.quality.values() if q.flags or q.inferred_type
        ],
        "outcome_share": _outcome_share(analysis, analysis.reduced),
        "burden": {"before": burden_before, "after": burden_after, "removed": burden_before - burden_after},
        "thresholds": analysis.thresholds.__dict__,
    }  # fmt: skip
