"""A value in the question that falls inside a band a passage states.

Guidance is written in bands (「80%以上未達90%者，得該項配分之85%」, 「百分之九十以上未達百分之
一百」); officers ask with their own value (「執行率84%可以拿幾成？」, 「達成度九成二亮什麼燈？」).
The sentence whose band holds the asked value answers the question even when it shares few of
its words, so it is found by arithmetic. Numbers are read by the review's own reader
(assistant.claims), so Chinese numerals and full-width digits count too.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal, NamedTuple

from assistant.claims.quantities import Quantity, find_quantities
from assistant.scoring.achievement import achievement, round_half_up

# what joins the two ends of a band: 以上未達 (upper end excluded), 至 / ～ / - (included)
_EXCLUSIVE = re.compile(r"^\s*(以上)?\s*[，,]?\s*(未達|未滿|不足|未超過)\s*$")
_INCLUSIVE = re.compile(r"^\s*(以上)?\s*(至|到|～|~|－|-|—)\s*$")

Value = tuple[Decimal, str]

# 「目標80%、實際做到76%，會亮什麼燈？」: the officer's own target and actual make an achievement,
# and the band that holds it is the answer; what comes just before a number says which it is
_TARGET = re.compile(r"(目標值?|預定|預計|target(ed)?)\D{0,6}$", re.I)
_ACTUAL = re.compile(
    r"(實際值?|做到|達到|只有|結果|花了|完成|實績|actual(ly)?|achieved|reached|got)\D{0,6}$", re.I
)
_LOWER = re.compile(
    r"越(少|小|低|短)越好|反向|天數|處理時間|lower is better|fewer is better|\bdays\b"
    r"|(handling|processing|turnaround) time",
    re.I,
)
_CEILING = Decimal(1000)

# a value asked strictly below or above (「連六成都不到」, "below 60 percent", 「超過150%」) lies
# just inside the open band that guidance writes 未達60% or 150%以上
_BELOW_BEFORE = re.compile(
    r"(below|under|less than|lower than|fewer than|低於|未達|未滿|少於|不足|不到)\s*$", re.I
)
_BELOW_AFTER = re.compile(r"^\s*(都|也|還)?\s*(不到|未滿)")
_ABOVE_BEFORE = re.compile(
    r"(above|over|more than|higher than|exceeds?|exceeding|超過|高於|大於|逾)\s*$", re.I
)
_ABOVE_AFTER = re.compile(r"^\s*(多|以上而?未)")
_NUDGE = Decimal("0.001")
# the two ends of a range asked share a unit: "between 80 and 90 percent", 「80到90%」
_RANGE_JOIN = re.compile(r"^\s*(and|to|至|到|-|~|～)\s*$", re.I)
# an open band: 未達60%, 60%以上 (with no upper end after it)
_OPEN_BELOW = re.compile(r"(未達|未滿|不足|低於|少於)\s*$")
_OPEN_ABOVE = re.compile(r"^\s*(以上|或以上)(?!\s*[，,]?\s*(未達|未滿|不足|未超過|至|到))")
# a limit: 「達成度以110%為上限」「最高加3分」 answers a value beyond it (「達成度衝到125%」), as
# the band past the limit; 「不得少於6小時」 one short of it
_CAP_BEFORE = re.compile(
    r"(上限(為|是)?|最高(為|得|可)?(加|給|核給|減)?|不得超過|至多|最多|capped at|at most|up to|no more than)\s*$",
    re.I,
)
_CAP_AFTER = re.compile(r"^\s*(為上限|為限|封頂)")
_FLOOR_BEFORE = re.compile(
    r"(下限(為|是)?|最低(為)?|不得(低|少)於|至少|at least|no less than|no fewer than)\s*$", re.I
)
_FLOOR_AFTER = re.compile(r"^\s*(為下限)")


def unit_of(q: Quantity) -> str:
    """The kind of a stated number: 個百分點, %, or the unit written after it."""
    return "個百分點" if q.points else "%" if q.percent else q.unit


def question_values(question: str) -> list[Value]:
    """The numbers the question states, with their unit (九成二 → (92, "%")); a target and an
    actual stated together count as the achievement they make instead."""
    found = find_quantities(question)
    made, used = achieved(question, found)
    units = [unit_of(q) for q in found]
    for n, (first, second) in enumerate(itertools.pairwise(found)):
        if not units[n] and units[n + 1] and _RANGE_JOIN.match(question[first.end : second.start]):
            units[n] = units[n + 1]
    values = []
    for q, unit in zip(found, units, strict=True):
        if q in used:
            continue
        before, after = question[max(0, q.start - 12) : q.start], question[q.end : q.end + 6]
        if _BELOW_BEFORE.search(before) or _BELOW_AFTER.match(after):
            values.append((q.value - _NUDGE, unit))
        elif _ABOVE_BEFORE.search(before) or _ABOVE_AFTER.match(after):
            values.append((q.value + _NUDGE, unit))
        else:
            values.append((q.value, unit))
    return values + made


def achieved(question: str, found: list[Quantity]) -> tuple[list[Value], list[Quantity]]:
    """The achievement (%) of the question's last stated target and actual, by the scoring
    core's methods: actual ÷ target, or for a lower-is-better measure (days, 越少越好) both
    target ÷ actual and 1 + (target − actual) ÷ target, the two ways guidance writes it; and
    the two quantities it was made of."""
    target = actual = None
    for quantity in found:
        # wide enough for English (「we actually took 23」); the patterns bound the distance
        before = question[max(0, quantity.start - 16) : quantity.start]
        if _TARGET.search(before):
            target = quantity
        elif _ACTUAL.search(before):
            actual = quantity
    if target is None or actual is None or unit_of(target) != unit_of(actual) or target.value <= 0:
        return [], []
    if _LOWER.search(question):
        methods: tuple[Literal["ratio", "complement"], ...] = ("ratio", "complement")
        direction: Literal["higher", "lower"] = "lower"
    else:
        methods, direction = ("ratio",), "higher"
    made = [
        (
            round_half_up(achievement(m, direction, actual.value, target.value, None, _CEILING), 1),
            "%",
        )
        for m in methods
    ]
    return made, [target, actual]


class Band(NamedTuple):
    """A band a text states: its ends (None where it is open), whether the high end is
    included, its unit, and where it is written."""

    low: Decimal | None
    high: Decimal | None
    inclusive: bool
    unit: str
    start: int
    end: int

    def holds(self, value: Decimal) -> bool:
        above = self.low is None or self.low <= value
        below = self.high is None or (value <= self.high if self.inclusive else value < self.high)
        return above and below


@functools.lru_cache(maxsize=256)
def _bands(text: str) -> tuple[Band, ...]:
    """The bands ``text`` states, closed (80%以上未達90%, 80至90%) and open (未達60%, 150%以上,
    and past a limit: beyond 「以110%為上限」, short of 「不得少於6小時」), read once per passage
    however many clauses of a question look at it."""
    bands: list[Band] = []
    found = find_quantities(text)
    closed: set[int] = set()  # the quantities that end a closed band
    for n, (low, high) in enumerate(itertools.pairwise(found)):
        between = text[low.end : high.start]
        inclusive = bool(_INCLUSIVE.match(between))
        if inclusive or _EXCLUSIVE.match(between):
            unit = unit_of(low) or unit_of(high)
            bands.append(Band(low.value, high.value, inclusive, unit, low.start, high.end))
            closed |= {n, n + 1}
    for n, q in enumerate(found):
        if n in closed:
            continue
        before, after = text[max(0, q.start - 12) : q.start], text[q.end : q.end + 12]
        if _OPEN_BELOW.search(text[max(0, q.start - 4) : q.start]):
            bands.append(Band(None, q.value, False, unit_of(q), max(0, q.start - 2), q.end))
        elif _OPEN_ABOVE.match(after):
            bands.append(Band(q.value, None, False, unit_of(q), q.start, q.end + 2))
        elif _CAP_BEFORE.search(before) or _CAP_AFTER.match(after):
            bands.append(Band(q.value + _NUDGE, None, False, unit_of(q), q.start, q.end))
        elif _FLOOR_BEFORE.search(before) or _FLOOR_AFTER.match(after):
            bands.append(Band(None, q.value, False, unit_of(q), q.start, q.end))
    return tuple(bands)


def bands_holding(text: str, values: Sequence[Value]) -> list[tuple[int, int]]:
    """Where ``text`` states a band that one of ``values`` falls in (units agreeing): the
    offsets from its low end to its high end. Read once per passage, matched per quote."""
    if not values:
        return []
    return [
        (band.start, band.end)
        for band in _bands(text)
        if any(
            band.holds(value)
            for value, value_unit in values
            if not (band.unit and value_unit and band.unit != value_unit)
        )
    ]


def holds(text: str, values: list[Value]) -> bool:
    """Whether ``text`` states a band that one of ``values`` falls in (units agreeing)."""
    return bool(bands_holding(text, values))
