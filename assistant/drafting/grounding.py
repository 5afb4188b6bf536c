"""Passages from the library a draft may rest on: what a report must contain, how past ones read.

Guideline passages (``kind: guideline``) tell the model what each section must
say; exemplar passages (``kind: report``, past reports) show tone and structure.
Each passage gets a citation number once per draft, so the model can cite
``［n］`` and the verifier can reject a number it was never given. An empty or
missing library gives an empty grounding, and the drafter works the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.chat.passages import Hit as Passage
from assistant.drafting.document import Citation
from assistant.model.metrics import MetricsFile

QUOTE_CHARS = 240
# a passage is a basis for the report's structure only if it speaks of what a report states
_REPORTING_TERMS = re.compile(
    r"績效報告|自評|評核|未達|原因|改善|目標值|實際值|達成|指標|performance report|self-evaluation|"
    r"target|indicator|shortfall|improvement",
    re.I,
)
GUIDELINE_QUERY = {
    "zh-TW": "施政績效報告 撰寫 目標值 實際值 達成情形 未達成原因 改善措施 績效指標 評核",
    "en": "performance report writing targets actual values achievement shortfall causes improvement measures indicators",
}


Search = Callable[[str, int, str], list[Passage]]  # (query, k, kind) -> passages


@dataclass
class Grounding:
    citations: list[Citation] = field(default_factory=list)
    guidelines: list[int] = field(default_factory=list)
    exemplars: dict[str, list[int]] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)

    def by_number(self, n: int) -> Citation:
        return self.citations[n - 1]

    def basis(self) -> Citation | None:
        """The guideline passage the report's structure follows, if one speaks of reporting."""
        for n in self.guidelines:
            if _REPORTING_TERMS.search(self.texts[n]):
                return self.by_number(n)
        return None

    def _add(self, role: str, hit: Passage) -> int:
        for c in self.citations:
            if c.chunk_id == hit.chunk_id:
                return c.n
        n = len(self.citations) + 1
        quote = " ".join(hit.text.split())
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1] + "…"
        self.citations.append(
            Citation(n, "guideline" if role == "guideline" else "exemplar", hit.doc, hit.page,
                     hit.section, quote, hit.chunk_id)
        )  # fmt: skip
        self.texts[n] = hit.text
        return n


def gather(
    search: Search | None,
    metrics: MetricsFile,
    lang: str,
    *,
    guidelines: int = 3,
    exemplars: int = 2,
) -> Grounding:
    """Retrieve guideline passages once and exemplar passages per goal."""
    grounding = Grounding()
    if search is None:
        return grounding
    for hit in search(GUIDELINE_QUERY.get(lang, GUIDELINE_QUERY["zh-TW"]), guidelines, "guideline"):
        grounding.guidelines.append(grounding._add("guideline", hit))
    for goal in metrics.goals:
        query = " ".join([goal.name, *(i.name for i in goal.indicators)])
        numbers = [grounding._add("exemplar", hit) for hit in search(query, exemplars, "report")]
        grounding.exemplars[goal.id] = numbers
    return grounding
