"""A value in the question that falls inside a band a passage states.

Guidance is written in bands (「80%以上未達90%者，得該項配分之85%」, 「百分之九十以上未達百分之
一百」); officers ask with their own value (「執行率84%可以拿幾成？」, 「達成度九成二亮什麼燈？」).
The sentence whose band holds the asked value answers the question even when it shares few of
its words, so it is found by arithmetic. Numbers are read by the review's own reader
(assistant.claims), so Chinese numerals and full-width digits count too.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from assistant.claims.quantities import Quantity, find_quantities

# what joins the two ends of a band: 以上未達 (upper end excluded), 至 / ～ / - (included)
_EXCLUSIVE = re.compile(r"^\s*(以上)?\s*[，,]?\s*(未達|未滿|不足|未超過)\s*$")
_INCLUSIVE = re.compile(r"^\s*(以上)?\s*(至|到|～|~|－|-|—)\s*$")

Value = tuple[Decimal, str]


def _unit(q: Quantity) -> str:
    return "個百分點" if q.points else "%" if q.percent else q.unit


def question_values(question: str) -> list[Value]:
    """The numbers the question states, with their unit (九成二 → (92, "%"))."""
    return [(q.value, _unit(q)) for q in find_quantities(question)]


def bands_holding(text: str, values: list[Value]) -> list[tuple[int, int]]:
    """Where ``text`` states a band that one of ``values`` falls in (units agreeing): the
    offsets from its low end to its high end. Read once per passage, matched per quote."""
    if not values:
        return []
    held = []
    found = find_quantities(text)
    for low, high in itertools.pairwise(found):
        between = text[low.end : high.start]
        inclusive = bool(_INCLUSIVE.match(between))
        if not (inclusive or _EXCLUSIVE.match(between)):
            continue
        unit = _unit(low) or _unit(high)
        for value, value_unit in values:
            if unit and value_unit and unit != value_unit:
                continue
            inside = value <= high.value if inclusive else value < high.value
            if low.value <= value and inside:
                held.append((low.start, high.end))
                break
    return held


def holds(text: str, values: list[Value]) -> bool:
    """Whether ``text`` states a band that one of ``values`` falls in (units agreeing)."""
    return bool(bands_holding(text, values))
