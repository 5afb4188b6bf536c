"""The deterministic drafter: data-to-text from the scored metrics, in zh-TW or English.

It is the offline default and the stand-in for any section whose model text
fails its checks. Every number it writes comes from the scoring core or the
metrics file, in the agency's unit (see :mod:`assistant.drafting.wording`), and
every shortfall gets the agency's own explanation or a marked placeholder.
Sentences come from ``prompts/draft/sentences.<lang>.yaml``; the variant of
each sentence is picked by a stable hash of the indicator, so a report reads
varied while the same input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from decimal import Decimal

from assistant.drafting.document import Citation, Section
from assistant.drafting.wording import (
    chinese_ordinal,
    difference,
    period_label,
    with_unit,
    year_label,
)
from assistant.i18n import localized
from assistant.model.metrics import MetricsFile
from assistant.model.numbers import format_decimal
from assistant.review.facts import Facts, build_facts
from assistant.scoring.engine import GoalScore, IndicatorScore, ScoreReport
from prompts import PromptFile, load_prompt

SENTENCES_ID = "draft.sentences"
_END = ("。", "！", "？", ".", "!", "?", "」", "）", ")")


@dataclass(frozen=True)
class DraftOptions:
    lang: str = "zh-TW"
    roc_year: bool = False


def _end_sentence(text: str, lang: str) -> str:
    text = text.strip()
    if text and not text.endswith(_END):
        text += "。" if lang == "zh-TW" else "."
    return text


class DeterministicWriter:
    """Writes every section of one agency's draft from its metrics and score report."""

    def __init__(self, metrics: MetricsFile, report: ScoreReport, options: DraftOptions) -> None:
        self.metrics = metrics
        self.report = report
        self.options = options
        self.lang = options.lang
        self.sentences: PromptFile = load_prompt(SENTENCES_ID, options.lang)
        self.facts: dict[str, Facts] = build_facts(metrics, report)
        self.period = period_label(metrics.period, self.lang, roc=options.roc_year)

    # --- helpers ------------------------------------------------------------------------

    def say(self, kind: str, key: str = "", **slots: object) -> str:
        """One sentence of ``kind``; the variant depends only on (agency, key, kind)."""
        variants = self.sentences.variants(kind)
        seed = f"{self.report.agency_id}|{key}|{kind}".encode()
        index = int(hashlib.sha1(seed).hexdigest(), 16) % len(variants)
        return self.sentences.text_of(variants[index], **slots)

    def _value(self, value: Decimal, unit: str) -> str:
        return with_unit(value, unit, self.lang)

    # --- indicators ---------------------------------------------------------------------

    def indicator_paragraph(self, score: IndicatorScore) -> str:
        facts = self.facts[score.id]
        ind = facts.indicator
        slots: dict[str, object] = {
            "name": ind.name,
            "target": self._value(ind.target, ind.unit),
            "light": localized(score.rating.label, self.lang),
            "period": self.period,
        }
        if score.achievement is None or ind.actual is None:
            parts = [self.say("not_measurable", ind.id, **slots)]
            if ind.explanation:
                parts.append(_end_sentence(ind.explanation, self.lang))
            else:
                parts.append(self.say("not_measurable_placeholder", ind.id))
            return "".join(parts) if self.lang == "zh-TW" else " ".join(parts)
        slots["actual"] = self._value(ind.actual, ind.unit)
        slots["achievement"] = format_decimal(score.achievement)
        if score.achievement < 100:
            kind = "missed"
        elif ind.actual == ind.target:
            kind = "met"
        else:
            kind = "exceeded"
        parts = [self.say(kind, ind.id, **slots)]
        parts += self._history_sentences(facts, ind.unit)
        if kind == "missed":
            if ind.explanation and ind.explanation.strip():
                explanation = _end_sentence(ind.explanation, self.lang)
                parts.append(self.say("shortfall_explained", ind.id, explanation=explanation))
            else:
                parts.append(self.say("shortfall_placeholder", ind.id))
        return "".join(parts) if self.lang == "zh-TW" else " ".join(parts)

    def _history_sentences(self, facts: Facts, unit: str) -> list[str]:
        ind = facts.indicator
        out: list[str] = []
        earlier = facts.earlier(self.metrics.period)
        previous = earlier[-1] if earlier else None
        if ind.baseline is not None and (previous is None or previous[1] != ind.baseline):
            out.append(self.say("baseline", ind.id, baseline=self._value(ind.baseline, unit)))
        if previous is None or ind.actual is None:
            return out
        label, value = previous
        delta = ind.actual - value
        slots = {
            "prev_year": year_label(label, self.lang, roc=self.options.roc_year),
            "prev": self._value(value, unit),
            "diff": difference(abs(delta), unit, self.lang),
        }
        kind = "change_up" if delta > 0 else "change_down" if delta < 0 else "change_same"
        out.append(self.say(kind, ind.id, **slots))
        series = facts.series(self.metrics.period)
        first = earlier[0][0]
        if len(series) >= 3:
            steps = [b - a for a, b in itertools.pairwise(series)]
            first_year = year_label(first, self.lang, roc=self.options.roc_year)
            if all(s > 0 for s in steps):
                out.append(self.say("trend_up", ind.id, first_year=first_year))
            elif all(s < 0 for s in steps):
                out.append(self.say("trend_down", ind.id, first_year=first_year))
        return out

    # --- sections -----------------------------------------------------------------------

    def goal_title(self, index: int, goal: GoalScore) -> str:
        ordinal = chinese_ordinal(index + 1) if self.lang == "zh-TW" else str(index + 1)
        return self.sentences.text("goal_title", ordinal=ordinal, goal=goal.name)

    def report_index(self, goal_id: str) -> int:
        return next(i for i, g in enumerate(self.report.goals) if g.id == goal_id)

    def goal_section(self, index: int) -> Section:
        goal = self.report.goals[index]
        scores = [s for s in self.report.indicators if s.goal_id == goal.id]
        if goal.score is None:
            intro = self.say("goal_unscored", goal.id, count=len(scores))
        else:
            intro = self.say(
                "goal_scored",
                goal.id,
                count=len(scores),
                score=format_decimal(goal.score),
                light=localized(goal.rating.label, self.lang),
            )
        paragraphs = [intro, *(self.indicator_paragraph(s) for s in scores)]
        return Section(
            id=goal.id,
            kind="goal",
            title=self.goal_title(index, goal),
            paragraphs=paragraphs,
            indicators=[s.id for s in scores],
        )

    def summary_section(self, basis: Citation | None = None) -> Section:
        report = self.report
        scores = report.indicators
        met = [s for s in scores if s.achievement is not None and s.achievement >= 100]
        missed = [s for s in scores if s.achievement is not None and s.achievement < 100]
        unmeasured = [s for s in scores if s.achievement is None]
        common = {
            "period": self.period,
            "goals": len(report.goals),
            "indicators": len(scores),
            "framework": localized(report.framework.name, self.lang),
        }
        if report.overall_score is None:
            first = self.sentences.text("summary_unscored", **common)
        else:
            first = self.sentences.text(
                "summary_scored",
                **common,
                score=format_decimal(report.overall_score),
                grade=localized(report.grade.label, self.lang),
            )
        paragraphs = [first]
        tally = self.sentences.text(
            "summary_tally", met=len(met), missed=len(missed), unmeasured=len(unmeasured)
        )
        if missed:
            quote_open = self.sentences.text("quote_open")
            quote_close = self.sentences.text("quote_close")
            names = self.sentences.text("list_separator").join(
                f"{quote_open}{s.name}{quote_close}" for s in missed
            )
            tally += self._join(self.sentences.text("summary_missed", names=names))
            pending = [
                s for s in missed if not (self.facts[s.id].indicator.explanation or "").strip()
            ]
            if pending:
                tally += self._join(self.sentences.text("summary_placeholders", count=len(pending)))
        elif met:
            tally += self._join(self.sentences.text("summary_all_met"))
        paragraphs.append(tally)
        citations: list[int] = []
        if basis is not None:
            where = "、".join(p for p in (basis.section, self._page(basis.page)) if p)
            paragraphs.append(
                self.sentences.text(
                    "summary_basis",
                    doc=basis.doc,
                    where=where or basis.doc,
                    marker=f"［{basis.n}］",
                )
            )
            citations.append(basis.n)
        return Section(
            id="summary",
            kind="summary",
            title=self.sentences.text("summary_title"),
            paragraphs=paragraphs,
            indicators=[],
            citations=citations,
        )

    def _page(self, page: int | None) -> str:
        if page is None:
            return ""
        return f"第{page}頁" if self.lang == "zh-TW" else f"p. {page}"

    def _join(self, sentence: str) -> str:
        return sentence if self.lang == "zh-TW" else " " + sentence

    def title(self) -> str:
        return self.sentences.text(
            "report_title", agency=self.report.agency_name, period=self.period
        )

    def sections(self, basis: Citation | None = None) -> list[Section]:
        return [self.summary_section(basis)] + [
            self.goal_section(i) for i in range(len(self.report.goals))
        ]
