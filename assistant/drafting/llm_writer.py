"""Goal sections written by a language model, each checked before it may stand.

The model gets the section's data (numbers already formatted by the core), the
deterministic text as verified statements to reword, guideline and exemplar
passages quoted as data, and the rules. Its text is checked by the verifier; a
section that fails is regenerated once with the problems fed back, and if it
fails again (or the endpoint fails) the deterministic text stands in, marked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.drafting.deterministic import DeterministicWriter
from assistant.drafting.document import Check, CheckName, Outcome, Section
from assistant.drafting.grounding import Grounding
from assistant.drafting.verifier import (
    Problem,
    citation_problems,
    cited_numbers,
    coverage_problems,
    describe,
    number_problems,
    review_problems,
    section_metrics,
)
from assistant.drafting.wording import difference, with_unit, year_label
from assistant.i18n import localized
from assistant.llm.types import LLMError, Message
from assistant.model.numbers import format_decimal
from assistant.scoring.framework import Framework
from prompts import PromptFile, load_prompt
from prompts.data import passage_tags

if TYPE_CHECKING:
    from assistant.llm.client import ChatModel

SECTION_PROMPT_ID = "draft.section"
MAX_ATTEMPTS = 2  # the first text, then one regeneration with the problems fed back
Event = Callable[[dict[str, Any]], None]

_FENCE = re.compile(r"^```[a-z]*\s*$", re.M)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.M)


def clean_text(text: str) -> list[str]:
    """The model's answer as plain paragraphs: no code fences, headings or bullets."""
    text = _FENCE.sub("", text)
    text = _HEADING.sub("", text)
    text = _BULLET.sub("", text)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip())]
    paragraphs: list[str] = []
    for block in blocks:
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines:
            paragraphs.append("".join(lines) if _mostly_chinese(block) else " ".join(lines))
    return paragraphs


def _mostly_chinese(text: str) -> bool:
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han * 2 > len(text.strip() or "x")


def _passage_block(grounding: Grounding, numbers: list[int], lang: str, none: str) -> str:
    if not numbers:
        return none
    sources = {n: grounding.by_number(n) for n in numbers}
    return passage_tags(
        ((n, " ".join(p for p in (c.doc, c.section, f"p.{c.page}" if c.page else "") if p),
          grounding.texts[n]) for n, c in sources.items()),
        lang,
    )  # fmt: skip


class LLMSectionWriter:
    """Writes goal sections with a model, verifying each against the data."""

    def __init__(
        self,
        model: ChatModel,
        framework: Framework,
        writer: DeterministicWriter,
        grounding: Grounding,
        *,
        on_event: Event | None = None,
    ) -> None:
        self.model = model
        self.framework = framework
        self.writer = writer
        self.grounding = grounding
        self.lang = writer.lang
        self.prompt: PromptFile = load_prompt(SECTION_PROMPT_ID, writer.lang)
        self.on_event = on_event

    # --- prompt -------------------------------------------------------------------------

    def facts_block(self, goal_id: str) -> str:
        w = self.writer
        lines = []
        for score in (s for s in w.report.indicators if s.goal_id == goal_id):
            ind = w.facts[score.id].indicator
            zh = self.lang == "zh-TW"
            items: dict[str, str] = {
                ("指標" if zh else "indicator"): f"{ind.id} {ind.name}",
                ("方向" if zh else "direction"): (
                    ("越高越好" if ind.direction == "higher" else "越低越好")
                    if zh else ("higher is better" if ind.direction == "higher" else "lower is better")
                ),
                ("目標值" if zh else "target"): with_unit(ind.target, ind.unit, self.lang),
            }  # fmt: skip
            if ind.actual is not None and score.achievement is not None:
                items["實際值" if zh else "actual"] = with_unit(ind.actual, ind.unit, self.lang)
                items["達成度" if zh else "achievement"] = f"{format_decimal(score.achievement)}%"
                met = score.achievement >= 100
                items["是否達成" if zh else "met target"] = (
                    ("是" if met else "否（未達目標）") if zh else ("yes" if met else "NO (missed)")
                )
            else:
                items["實際值" if zh else "actual"] = (
                    "尚無（無法衡量）" if zh else "none yet (not measurable)"
                )
            items["燈號" if zh else "rating"] = localized(score.rating.label, self.lang)
            if ind.baseline is not None:
                items["基準值" if zh else "baseline"] = with_unit(ind.baseline, ind.unit, self.lang)
            earlier = w.facts[score.id].earlier(w.metrics.period)
            if earlier and ind.actual is not None:
                label, value = earlier[-1]
                delta = ind.actual - value
                word = ("增加" if delta > 0 else "減少" if delta < 0 else "持平") if zh else (
                    "up" if delta > 0 else "down" if delta < 0 else "unchanged")  # fmt: skip
                year = year_label(label, self.lang, roc=w.options.roc_year)
                items["前一年" if zh else "previous year"] = (
                    f"{year} {with_unit(value, ind.unit, self.lang)}（{word} "
                    f"{difference(abs(delta), ind.unit, self.lang)}）"
                )
            if ind.explanation and ind.explanation.strip():
                items["機關說明" if zh else "agency explanation"] = ind.explanation.strip()
            lines.append("- " + "；".join(f"{k}：{v}" for k, v in items.items()))
        return "\n".join(lines)

    def messages(self, section: Section, problems: list[Problem]) -> list[Message]:
        none = self.prompt.text("none")
        feedback = (
            self.prompt.text("feedback", problems="\n".join(f"- {d}" for d in describe(problems)))
            if problems
            else ""
        )
        user = self.prompt.text(
            "user",
            agency=self.writer.report.agency_name,
            period=self.writer.period,
            goal=section.title,
            facts=self.facts_block(section.id),
            reference=section.text,
            guidelines=_passage_block(self.grounding, self.grounding.guidelines, self.lang, none),
            exemplars=_passage_block(
                self.grounding, self.grounding.exemplars.get(section.id, []), self.lang, none
            ),
            feedback=feedback,
        )
        return [("system", self.prompt.text("system")), ("user", user)]

    # --- checks -------------------------------------------------------------------------

    def checks_of(self, section: Section, text: str) -> list[tuple[CheckName, list[Problem]]]:
        """Each check's problems with one section's text (an empty list: it passed)."""
        w = self.writer
        sub = section_metrics(w.metrics, [section.id])
        allowed = set(self.grounding.guidelines) | set(self.grounding.exemplars.get(section.id, []))
        groups: list[tuple[CheckName, list[Problem]]] = [
            ("review", review_problems(sub, self.framework, text)),
            ("numbers", number_problems(w.metrics, w.report, section.indicators, text)
             + coverage_problems(sub, text)),
            ("citations", citation_problems(text, allowed)),
        ]  # fmt: skip
        return groups

    # --- writing ------------------------------------------------------------------------

    def goal_section(self, fallback: Section) -> tuple[Section, list[Check]]:
        """The model's section if it passes its checks, else ``fallback`` marked, with every check."""
        checks: list[Check] = []
        problems: list[Problem] = []
        emit = self.on_event or (lambda event: None)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            emit({"event": "section_start", "section": fallback.id, "attempt": attempt})
            try:
                completion = self.model.complete(
                    self.messages(fallback, problems),
                    on_token=(lambda piece: emit({"event": "token", "section": fallback.id, "text": piece}))
                    if self.on_event else None,
                    on_restart=lambda: emit({"event": "restart", "section": fallback.id}),
                )  # fmt: skip
            except LLMError as error:
                checks.append(
                    Check(fallback.id, attempt, "endpoint", "error", detail=f"{error.kind} ({error.attempts})")
                )  # fmt: skip
                return self.fallback(fallback, "fallback_reason_error", error.kind), checks
            paragraphs = clean_text(completion.text)
            text = "\n\n".join(paragraphs)
            empty: list[tuple[CheckName, list[Problem]]] = [
                ("review", [Problem("empty_answer", "", None, None)])
            ]
            groups = self.checks_of(fallback, text) if paragraphs else empty
            problems = [p for _, found in groups for p in found]
            for name, found in groups:
                outcome: Outcome = "fail" if found else "pass"
                checks.append(
                    Check(fallback.id, attempt, name, outcome, tuple(p.to_json() for p in found))
                )
            if not problems:
                section = Section(
                    id=fallback.id, kind=fallback.kind, title=fallback.title, paragraphs=paragraphs,
                    indicators=fallback.indicators, source="llm", citations=cited_numbers(text),
                )  # fmt: skip
                emit({"event": "section_done", "section": fallback.id, "source": "llm"})
                return section, checks
        return self.fallback(fallback, "fallback_reason_checks", None), checks

    def fallback(self, section: Section, reason_id: str, error: str | None) -> Section:
        sentences = self.writer.sentences
        reason = sentences.text(reason_id, error=error) if error else sentences.text(reason_id)
        note = sentences.text("fallback_note", reason=reason)
        if self.on_event:
            self.on_event({"event": "section_done", "section": section.id, "source": "fallback"})
        return Section(
            id=section.id, kind=section.kind, title=section.title, paragraphs=section.paragraphs,
            indicators=section.indicators, source="fallback", citations=section.citations, note=note,
        )  # fmt: skip
