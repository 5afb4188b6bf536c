"""Drafting as a service: a metrics file in, a grounded and checked draft out.

Offline (no model configured) every section comes from the deterministic
drafter. With a model, each goal section is written by the model and checked by
the verifier; the overall summary stays deterministic, because its numbers are
counts and totals that the core states best. The draft records its mode, the
prompts it used, every check and the model's token usage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.drafting.deterministic import SENTENCES_ID, DeterministicWriter, DraftOptions
from assistant.drafting.document import Check, Citation, Draft, Section
from assistant.drafting.grounding import Grounding, Search, gather
from assistant.drafting.llm_writer import SECTION_PROMPT_ID, Event, LLMSectionWriter
from assistant.drafting.verifier import Problem, section_metrics
from assistant.model.metrics import MetricsFile
from assistant.review.rules import review_text
from assistant.scoring.engine import ScoreReport, score_metrics
from assistant.scoring.framework import Framework
from prompts import load_prompt

if TYPE_CHECKING:
    from assistant.llm.client import ChatModel


def write_draft(
    metrics: MetricsFile,
    framework: Framework,
    *,
    options: DraftOptions | None = None,
    model: ChatModel | None = None,
    search: Search | None = None,
    report: ScoreReport | None = None,
    on_event: Event | None = None,
) -> Draft:
    """The draft of one agency's report; ``model=None`` is offline mode."""
    options = options or DraftOptions()
    report = report or score_metrics(metrics, framework)
    writer = DeterministicWriter(metrics, report, options)
    grounding = gather(search, metrics, options.lang)
    basis = grounding.basis()
    sections: list[Section] = [writer.summary_section(basis)]
    checks: list[Check] = []
    prompts = [load_prompt(SENTENCES_ID, options.lang).meta()]
    if model is None:
        sections += [writer.goal_section(i) for i in range(len(report.goals))]
    else:
        prompts.append(load_prompt(SECTION_PROMPT_ID, options.lang).meta())
        llm = LLMSectionWriter(model, framework, writer, grounding, on_event=on_event)
        for i in range(len(report.goals)):
            section, section_checks = llm.goal_section(writer.goal_section(i))
            sections.append(section)
            checks += section_checks
        checks += _whole_report_gate(metrics, framework, writer, llm, sections)
    return Draft(
        report=report,
        lang=options.lang,
        period_label=writer.period,
        mode="offline" if model is None else "llm",
        title=writer.title(),
        sections=sections,
        citations=_used(grounding, sections),
        checks=checks,
        prompts=prompts,
        llm=None if model is None else {"model": model.name, "usage": model.usage.to_json()},
    )


def _used(grounding: Grounding, sections: list[Section]) -> list[Citation]:
    """The passages some section cites, in citation-number order."""
    cited = {n for s in sections for n in s.citations}
    return [c for c in grounding.citations if c.n in cited]


def _whole_report_gate(
    metrics: MetricsFile,
    framework: Framework,
    writer: DeterministicWriter,
    llm: LLMSectionWriter,
    sections: list[Section],
) -> list[Check]:
    """Review the assembled report as a reviewer would; a model section still flagged falls back.

    Each section passed its own checks, but a reader sees the whole report: a sentence may link
    to an indicator through the heading or a neighbouring section. Deterministic sections pass
    this review by construction (the drafting eval shows it), so the loop ends.
    """
    checks: list[Check] = []
    everything = section_metrics(metrics, [g.id for g in metrics.goals])
    for _ in range(len(sections)):
        text, spans = _assembled(sections)
        flagged: dict[int, list[Problem]] = {}
        for flag in review_text(everything, framework, text):
            start = flag.span[0] if flag.span else -1
            index = next((i for i, (a, b) in enumerate(spans) if a <= start < b), None)
            if index is not None and sections[index].source == "llm":
                problem = Problem(flag.kind.value, flag.quote or "", flag.claimed, flag.objective,
                                  flag.indicator_id)  # fmt: skip
                flagged.setdefault(index, []).append(problem)
        if not flagged:
            break
        for index, problems in flagged.items():
            section = sections[index]
            checks.append(
                Check(section.id, 0, "review", "fail", tuple(p.to_json() for p in problems),
                      detail="whole report")
            )  # fmt: skip
            deterministic = writer.goal_section(writer.report_index(section.id))
            sections[index] = llm.fallback(deterministic, "fallback_reason_checks", None)
    return checks


def _assembled(sections: list[Section]) -> tuple[str, list[tuple[int, int]]]:
    """The report's text as Draft.text() builds it, with each section's span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for section in sections:
        block = f"{section.title}\n\n{section.text}"
        if parts:
            position += 2
        spans.append((position, position + len(block)))
        parts.append(block)
        position += len(block)
    return "\n\n".join(parts), spans
