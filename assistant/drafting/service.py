"""Drafting as a service: a metrics file in, a grounded and checked draft out.

Offline (no model configured) every section comes from the deterministic
drafter. With a model, each goal section is written by the model and checked by
the verifier; the overall summary stays deterministic, because its numbers are
counts and totals that the core states best. The draft records its mode, the
prompts it used, every check and the model's token usage.
"""

from __future__ import annotations

from assistant.drafting.deterministic import SENTENCES_ID, DeterministicWriter, DraftOptions
from assistant.drafting.document import Check, Citation, Draft, Section
from assistant.drafting.grounding import Grounding, Search, gather
from assistant.drafting.llm_writer import SECTION_PROMPT_ID, Event, LLMSectionWriter
from assistant.llm import ChatModel
from assistant.model.metrics import MetricsFile
from assistant.scoring.engine import ScoreReport, score_metrics
from assistant.scoring.framework import Framework
from prompts import load_prompt


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
