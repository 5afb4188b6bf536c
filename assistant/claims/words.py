"""Status words (達成、未達成 …), trend words (成長、逐年提升 …) and light words, with negation.

Each finder returns positions inside a sentence so that a claim can be tied to
the indicator mentioned nearest to it. Intentions (為達成目標、將持續提升) are
not claims and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Polarity = Literal["met", "not_met"]
TrendDirection = Literal["up", "down", "better", "worse"]

_NEGATION = re.compile(
    r"(未能|尚未|並未|仍未|沒有|無法|未|不|not|didn't|did not|failed to|yet to|short of)\s*$", re.I
)
_INTENTION = re.compile(
    r"(為了?|以|(?<![如預])期|期能|期望|將|預計|力求|朝|努力|持續|俾|確保|可望|有望|希望|目標在於|to|will|aim to|expected to|plan to)\s*$",
    re.I,
)
_MET = re.compile(
    r"超越(年度)?目標|超過(年度)?目標|優於(年度)?目標|超前|超標|如期完成|順利完成|提前完成|"
    r"達成(?!度|率|情形|值|狀況|比率|比例|數)|達標|"
    r"\b(achieved|achieving|met|exceeded|exceeding|surpassed)\b(?! by| with)|"
    r"\b(meeting|meets|meet)\s+(the\s+|its\s+|their\s+|all\s+)?(annual\s+)?(targets?|goals?)\b|\bon schedule|\bon target|\bahead of (schedule|target)",
    re.I,
)
_NOT_MET = re.compile(
    r"未達(?![成標])|不如預期|落後|低於(年度)?目標|shortfall|fell short|below (the )?target|missed|"
    r"(did not|didn't|failed to) meet",
    re.I,
)

_UP = (
    r"成長|提升|增加|上升|增長|提高|攀升|增為|增至|擴大|"
    r"\b(?:increased|increases|increase|grew|grown|grow|rose|risen|rise)\b|higher than last"
)
_DOWN = (
    r"下降|減少|降低|縮短|降至|減為|減至|下滑|衰退|"
    r"\b(?:decreased|decrease|declined|decline|fell|fall|dropped|drop|reduced)\b|lower than last"
)
_BETTER = r"改善|進步|好轉|\b(?:improved|improvement)\b"
_WORSE = r"惡化|退步|\b(?:worsened|deteriorated)\b"
_TREND = re.compile(
    rf"(?P<up>{_UP})|(?P<down>{_DOWN})|(?P<better>{_BETTER})|(?P<worse>{_WORSE})", re.I
)
_STEADY = re.compile(r"逐年|年年|連續|持續|steadily|every year|year after year|consecutive", re.I)
_COMPARE_LAST = re.compile(
    r"較(去年|上年|前一年|上一年|前年度|上年度|\d{2,4}\s*年)|與(去年|上年度)相比|比去年|than last year|year[- ]on[- ]year|from last year|"
    r"與\s*\d{2,4}\s*年[^，。；]{0,24}相比|\b(up|down)\b[^.;]{0,40}\bfrom\b[^.;]{0,40}\bin (19|20)\d\d\b",
    re.I,
)
_FUTURE = re.compile(
    r"(將|預計|未來|期|力求|以|為|俾|可望|will|to|expected to|aim to)\s*(持續|逐年|進一步|大幅|延續)?\s*$",
    re.I,
)


@dataclass(frozen=True)
class StatusWord:
    start: int
    end: int
    polarity: Polarity
    text: str


@dataclass(frozen=True)
class TrendWord:
    start: int
    end: int
    direction: TrendDirection
    steady: bool  # 逐年 / 持續: every step, not only against last year
    text: str


def find_status(sentence: str) -> list[StatusWord]:
    """達成 / 未達成 style claims in a sentence; intentions are skipped."""
    found: list[StatusWord] = []
    for match in _MET.finditer(sentence):
        if _quoted(sentence, match.start()):
            continue
        before = sentence[max(0, match.start() - 6) : match.start()]
        if _INTENTION.search(before):
            continue
        following = sentence[match.end() : match.end() + 16]
        value_follows = re.match(r"^\s*(了|到|至|of|to)?\s*[-\d０-９]", following)
        target_follows = re.match(r"^[^，,。;；]*?(目標|target|goal)", following, re.I)
        names_target = re.search(r"目標|target|goal", match.group(0), re.I)
        if value_follows and not target_follows and not names_target:
            continue  # 達成 92.3%、achieved 92.3%: a value, not a status claim
        polarity: Polarity = "not_met" if _NEGATION.search(before) else "met"
        found.append(StatusWord(match.start(), match.end(), polarity, match.group(0)))
    for match in _NOT_MET.finditer(sentence):
        found.append(StatusWord(match.start(), match.end(), "not_met", match.group(0)))
    return sorted(found, key=lambda w: w.start)


def _quoted(sentence: str, position: int) -> bool:
    """Inside 「…」 or “…”: a title or a slogan, not a claim."""
    before = sentence[:position]
    return before.count("「") > before.count("」") or before.count("“") > before.count("”")


def find_trends(sentence: str) -> list[TrendWord]:
    """Direction-over-time claims; negated, future and quoted ones are skipped."""
    found: list[TrendWord] = []
    for match in _TREND.finditer(sentence):
        if _quoted(sentence, match.start()):
            continue
        before = sentence[max(0, match.start() - 8) : match.start()]
        past = re.search(
            r"continue[sd] to\s*$|持續\s*$",
            sentence[max(0, match.start() - 16) : match.start()],
            re.I,
        )
        if _NEGATION.search(before) or (_FUTURE.search(before) and not past):
            continue
        after = sentence[match.end() : match.end() + 2]
        if after.startswith(("率", "幅度", "計畫", "措施", "方案")):
            continue  # 成長率、提升計畫: nouns, not claims
        kind = next(k for k, v in match.groupdict().items() if v)
        steady = bool(_STEADY.search(sentence[max(0, match.start() - 6) : match.start()]))
        found.append(TrendWord(match.start(), match.end(), kind, steady, match.group(0)))  # type: ignore[arg-type]
    return found


def compares_with_last_year(sentence: str) -> bool:
    return bool(_COMPARE_LAST.search(sentence))


_LIGHT = re.compile(
    r"(綠|黃|紅|白)燈|\b(green|yellow|red|white) light|rated (green|yellow|red|white)", re.I
)
_LIGHT_IDS = {"綠": "green", "黃": "yellow", "紅": "red", "白": "white"}


@dataclass(frozen=True)
class LightWord:
    start: int
    end: int
    rating: str


def find_lights(sentence: str) -> list[LightWord]:
    """燈號 claimed in the text (評為綠燈, rated green)."""
    found = []
    for match in _LIGHT.finditer(sentence):
        word = match.group(1) or match.group(2) or match.group(3)
        rating = _LIGHT_IDS.get(word, word.lower())
        before = sentence[max(0, match.start() - 4) : match.start()]
        if _NEGATION.search(before):
            continue
        found.append(LightWord(match.start(), match.end(), rating))
    return found
