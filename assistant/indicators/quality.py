"""Quality checks per indicator: SMART and the World Bank's CREAM criteria, made concrete.

Each check is a rule a reviewer can verify by reading the indicator: a unit exists; a rate is
defined with what is counted over what; a data source is named (when the catalog names any);
the name is a measure, not an intention (提升、強化、推動 with nothing to count); the logic-model
type is given, or inferred from the words; a target does not merely repeat the baseline or fall
below last year's actual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.indicators.catalog import CatalogIndicator
from assistant.indicators.text import counted, normalize_text

_VAGUE = re.compile(r"^(提升|強化|推動|加強|促進|落實|精進|深化|健全|營造|改善|優化|擴大|持續)")
# a name that ends in something countable is a measure: 滿意度、件數、處理天數、人次、排名
_MEASURE = re.compile(r"(率|數|人次|量|額|比|值|天|日|時|元|次|人|家|處|場|分|度|指數|排名|%)$")
_RATE = re.compile(r"率|比例|比率|百分比|%")
# words that say what an indicator counts: the type follows from them (most specific first)
_TYPE_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "outcome",
        re.compile(
            r"滿意度|發生率|死亡|傷亡|事故|存活|就業率|降低|減少|排放|濃度|品質|信任|改善率"
        ),
    ),
    ("input", re.compile(r"預算|經費|執行率|人力|投入|補助金額|編列")),
    ("process", re.compile(r"進度|時程|如期|辦理完成|審查|處理天數|作業|流程|查核點")),
    ("output", re.compile(r"件數|人次|場次|家數|處數|參與人|培訓人|輔導家|核發|建置完成|完成數")),
]


@dataclass(frozen=True)
class Quality:
    id: str
    flags: list[str] = field(default_factory=list)
    inferred_type: str | None = None

    @property
    def score(self) -> int:
        """Fewer flags is better; used to choose which indicator of a cluster to keep."""
        return -len(self.flags)


def infer_type(ind: CatalogIndicator) -> str | None:
    """The type the indicator's words say, from its name first (synonyms folded)."""
    name = normalize_text(ind.name)
    text = f"{name}{normalize_text(ind.definition or '')}"
    for kind, words in _TYPE_WORDS:
        if words.search(name):
            return kind
    for kind, words in _TYPE_WORDS:
        if words.search(text):
            return kind
    return None


def check(ind: CatalogIndicator, *, sources_expected: bool) -> Quality:
    flags: list[str] = []
    if not ind.unit.strip():
        flags.append("no_unit")
    if (_RATE.search(ind.name) or ind.unit.strip() in ("%", "％")) and counted(
        ind.definition
    ) is None:
        flags.append("rate_without_definition")
    if sources_expected and not (ind.data_source or "").strip():
        flags.append("no_data_source")
    if _VAGUE.search(ind.name) and not _MEASURE.search(ind.name) and not ind.unit.strip():
        flags.append("vague_no_measure")
    inferred = infer_type(ind)
    if ind.type is None and inferred is None:
        flags.append("no_type")
    if ind.target is not None and ind.baseline is not None and ind.target == ind.baseline:
        flags.append("target_equals_baseline")
    if ind.target is not None and ind.last_actual is not None:
        worse = (
            ind.target < ind.last_actual
            if ind.direction == "higher"
            else ind.target > ind.last_actual
        )
        if worse:
            flags.append("target_below_last_actual")
    return Quality(ind.id, flags, inferred)
