"""The verifier: checks a model-written section against the data before it may stand.

Two checks, both deterministic. The review rules (the same code as
``kaoping review``) catch wrong values, overclaimed status, false trends and
shortfalls left unexplained; the number check is stricter than review, because
a draft may only state what the data supports: every number must be a value of
the section's indicators (actual, target, baseline, history), a value the core
computed (achievement, points, score, a change) or a count, and every citation
marker must point at a passage the model was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assistant.claims.linking import IndicatorIndex
from assistant.claims.quantities import Quantity, find_quantities
from assistant.claims.text import split_sentences
from assistant.claims.units import in_indicator_unit
from assistant.model.metrics import Goal, MetricsFile
from assistant.review.facts import Facts, build_facts
from assistant.review.rules import consistent, review_text
from assistant.scoring.engine import ScoreReport
from assistant.scoring.framework import Framework

CITATION_MARK = re.compile(r"[［\[]\s*(\d{1,3})\s*[］\]]")


@dataclass(frozen=True)
class Problem:
    """One reason a section's text may not stand, in the shape of a review flag."""

    kind: str
    quote: str
    claimed: str | None
    objective: str | None
    indicator_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "indicator_id": self.indicator_id, "quote": self.quote,
            "claimed": self.claimed, "objective": self.objective,
        }  # fmt: skip


def section_metrics(metrics: MetricsFile, goal_ids: list[str]) -> MetricsFile:
    """The metrics of some goals only, without self-ratings (a draft states computed lights)."""
    goals: list[Goal] = []
    for goal in metrics.goals:
        if goal.id in goal_ids:
            indicators = [i.model_copy(update={"self_rating": None}) for i in goal.indicators]
            goals.append(goal.model_copy(update={"indicators": indicators}))
    return metrics.model_copy(update={"goals": goals})


def review_problems(metrics: MetricsFile, framework: Framework, text: str) -> list[Problem]:
    return [
        Problem(f.kind.value, f.quote or "", f.claimed, f.objective, f.indicator_id)
        for f in review_text(metrics, framework, text)
    ]


def _known_values(facts: Facts, period: str) -> list[Decimal]:
    ind = facts.indicator
    values = [*facts.reference_values()]
    if ind.actual is not None:
        values.append(ind.actual)
        values.append(abs(ind.actual - ind.target))
        previous = facts.previous(period)
        if previous is not None:
            values.append(abs(ind.actual - previous))
    if ind.baseline is not None and ind.actual is not None:
        values.append(abs(ind.actual - ind.baseline))
    return values


def _percent_values(facts: Facts, period: str) -> list[Decimal]:
    """Percentages a sentence may state: achievement, and relative changes of the actual."""
    ind, score = facts.indicator, facts.score
    values: list[Decimal] = []
    if score.achievement is not None:
        values.append(score.achievement)
    if score.points is not None:
        values.append(score.points)
    if ind.actual is not None:
        for ref in (facts.previous(period), ind.baseline, ind.target):
            if ref:
                values.append(abs((ind.actual - ref) / ref * 100))
    if facts.percent:
        values += _known_values(facts, period)
    return values


def _supported(q: Quantity, facts: list[Facts], extra: list[Decimal], period: str) -> bool:
    if q.points:
        pool = [v for f in facts if f.percent for v in _known_values(f, period)]
        return any(consistent(q.value, q.precision, q.qualifier, v) for v in pool)
    if q.percent:
        pool = [v for f in facts for v in _percent_values(f, period)]
        return any(consistent(q.value, q.precision, q.qualifier, v) for v in pool)
    for f in facts:
        converted = in_indicator_unit(q, f.indicator.unit)
        if converted is None:
            continue
        value, precision = converted
        if any(consistent(value, precision, q.qualifier, v) for v in _known_values(f, period)):
            return True
    # a goal or overall score (分), a count of indicators (項, "4 key performance indicators")
    return any(consistent(q.value, q.precision, q.qualifier, v) for v in extra)


def number_problems(
    metrics: MetricsFile, report: ScoreReport, indicator_ids: list[str], text: str
) -> list[Problem]:
    """Numbers in ``text`` that no value of these indicators (or their goal's score) supports."""
    facts_all = build_facts(metrics, report)
    facts = [facts_all[i] for i in indicator_ids if i in facts_all]
    goal_ids = {f.score.goal_id for f in facts}
    extra = [g.score for g in report.goals if g.id in goal_ids and g.score is not None]
    if report.overall_score is not None:
        extra.append(report.overall_score)
    met = sum(1 for f in facts if f.met is True)
    missed = sum(1 for f in facts if f.met is False)
    extra += [Decimal(n) for n in (len(facts), met, missed, len(facts) - met - missed)]
    # the agency's own explanation is data too: its numbers (2處基地、流標2次) may be repeated
    explained = "".join(f.indicator.explanation or "" for f in facts)
    index = IndicatorIndex(metrics)
    units = tuple(sorted({f.indicator.unit for f in facts if f.indicator.unit}))
    problems: list[Problem] = []
    for sentence in split_sentences(text):
        names = index.names_spans(sentence.text)
        for q in find_quantities(sentence.text, units):
            if any(start <= q.start < end for start, end in names):
                continue  # PM2.5, A1類, 5G: part of a name
            if q.text.strip() and q.text.strip() in explained:
                continue
            if not _supported(q, facts, extra, metrics.period):
                problems.append(
                    Problem("unsupported_number", sentence.quote(text), q.text.strip(), None)
                )
    return problems


def citation_problems(text: str, allowed: set[int]) -> list[Problem]:
    """Citation markers that point at no passage the model was given (a fabricated source)."""
    return [
        Problem("unknown_citation", match.group(0), match.group(1), None)
        for match in CITATION_MARK.finditer(text)
        if int(match.group(1)) not in allowed
    ]


def cited_numbers(text: str) -> list[int]:
    return sorted({int(m.group(1)) for m in CITATION_MARK.finditer(text)})


def describe(problems: list[Problem]) -> list[str]:
    """One line per problem, for feeding back to the model on its second attempt."""
    out = []
    for p in problems:
        parts = [p.kind, f"「{p.quote}」"]
        if p.claimed is not None:
            parts.append(f"claimed={p.claimed}")
        if p.objective is not None:
            parts.append(f"data={p.objective}")
        out.append(" ".join(parts))
    return out


def coverage_problems(metrics: MetricsFile, text: str) -> list[Problem]:
    """Indicators of the section the text never names (a model may drop one quietly)."""
    index = IndicatorIndex(metrics)
    named = {m.indicator_id for s in split_sentences(text) for m in index.mentions(s.text)}
    return [
        Problem("missing_indicator", "", None, ind.name, ind.id)
        for _, _, _, ind in metrics.indicators()
        if ind.id not in named and ind.id not in text
    ]
