"""Which indicator a piece of narrative talks about, by character n-gram similarity.

Officers shorten names (財政項目預算執行率 -> 預算執行率, 市民對市政整體滿意度 ->
市民滿意度), so a mention is found by the in-order matching blocks between an
indicator's name (or an alias, or its definition as a fallback) and the text,
not by exact match. A cheap character-bigram filter keeps this fast for long
narratives and many indicators.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from assistant.claims.text import normalize_same_length
from assistant.model.metrics import Indicator, MetricsFile

Scope = Literal["all", "others"]

_ALL_PATTERNS = re.compile(
    r"(各項|所有|全部|全數|整體|各)(績效|關鍵績效)?(指標|目標|KPI)|"
    r"\ball\b[^.;]{0,40}?\b(indicators|targets|kpis|goals)\b|every (indicator|target)|met all",
    re.I,
)
# 均達成 speaks of all indicators only when the sentence names none
_ALL_WEAK = re.compile(r"均(已)?(順利)?達成|全數達成|皆(已)?達成|均達標|全數達標")
_OTHERS_PATTERNS = re.compile(
    r"(其餘|其他|其它|另)(各項|各)?(績效)?(指標|項目)|the (other|remaining) (indicators|targets)",
    re.I,
)
_EN_STOP = {
    "the",
    "of",
    "and",
    "rate",
    "number",
    "per",
    "for",
    "to",
    "in",
    "a",
    "an",
    "on",
    "by",
    "with",
}


@dataclass(frozen=True)
class Mention:
    indicator_id: str
    start: int
    end: int
    score: float


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if not text[i : i + 2].isspace()}


def _key(text: str) -> str:
    return normalize_same_length(text).lower()


@dataclass
class _Entry:
    indicator: Indicator
    names: list[str]
    definition: str
    grams: set[str]
    english: bool


class IndicatorIndex:
    """Finds mentions of a file's indicators in sentences."""

    def __init__(self, metrics: MetricsFile) -> None:
        self.entries: list[_Entry] = []
        for _, _, _, ind in metrics.indicators():
            names = [_key(n) for n in (ind.name, *ind.aliases) if n.strip()]
            grams: set[str] = set()
            for name in names:
                grams |= _bigrams(name)
            self.entries.append(
                _Entry(
                    ind, names, _key(ind.definition or ""), grams, all(n.isascii() for n in names)
                )
            )
        self.ids = [e.indicator.id for e in self.entries]

    def mentions(self, sentence: str) -> list[Mention]:
        """The best mention of each indicator in ``sentence``, overlaps resolved to the best match."""
        text = _key(sentence)
        grams = _bigrams(text)
        found = []
        for entry in self.entries:
            if entry.english:
                mention = self._english(entry, text)
            elif len(entry.grams & grams) >= 1:
                mention = self._chinese(entry, text)
            else:
                mention = None
            # a definition helps only for Chinese: English prose shares letter pairs with anything
            chinese_definition = entry.definition and not entry.definition.isascii()
            if (
                mention is None
                and chinese_definition
                and len(_bigrams(entry.definition) & grams) >= 4
            ):
                mention = _match(entry.indicator.id, entry.definition, text, minimum=5)
            if mention is not None:
                found.append(mention)
        return _resolve_overlaps(found)

    def _chinese(self, entry: _Entry, text: str) -> Mention | None:
        best: Mention | None = None
        for name in entry.names:
            mention = _match(entry.indicator.id, name, text)
            if mention and (best is None or mention.score > best.score):
                best = mention
        return best

    def _english(self, entry: _Entry, text: str) -> Mention | None:
        best: Mention | None = None
        for name in entry.names:
            words = list(
                dict.fromkeys(
                    w for w in re.findall(r"[a-z0-9]+", name) if w not in _EN_STOP and len(w) > 2
                )
            )
            if not words:
                continue
            hits = [
                m
                for w in words
                if (m := re.search(rf"\b{re.escape(w[: max(4, len(w) - 2)])}", text))
            ]
            share = len(hits) / len(words)
            if share >= 0.6 and (len(hits) >= 2 or len(words) == 1):
                start = min(h.start() for h in hits)
                end = max(h.end() for h in hits)
                mention = Mention(entry.indicator.id, start, end, share)
                if best is None or mention.score > best.score:
                    best = mention
        return best

    def scope(self, sentence: str, mentions: list[Mention] | None = None) -> Scope | None:
        """Whether a sentence speaks of all indicators, or of all the others (``mentions``: the
        sentence's mentions when the caller has them, to save finding them again)."""
        if _OTHERS_PATTERNS.search(sentence):
            return "others"
        if _ALL_PATTERNS.search(sentence):
            return "all"
        if _ALL_WEAK.search(sentence) and not (
            self.mentions(sentence) if mentions is None else mentions
        ):
            return "all"
        return None

    def names_spans(self, sentence: str) -> list[tuple[int, int]]:
        """Spans where an indicator's full name is written out (numbers inside are part of names)."""
        text = _key(sentence)
        return [
            (m.start(), m.end()) for pattern in self._name_patterns for m in pattern.finditer(text)
        ]

    @functools.cached_property
    def _name_patterns(self) -> list[re.Pattern[str]]:
        """Each full name as a pattern that allows spaces between characters (built once per
        file, not once per sentence: a review asks for every sentence)."""
        return [
            re.compile(r"\s*".join(re.escape(ch) for ch in name if not ch.isspace()))
            for entry in self.entries
            for name in entry.names
        ]


def _match(indicator_id: str, name: str, text: str, minimum: int = 0) -> Mention | None:
    matcher = SequenceMatcher(None, name, text, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 2]
    if not blocks:
        return None
    limit = 2 * len(name) + 6
    longest = max(blocks, key=lambda b: b.size)
    window = [b for b in blocks if abs(b.b - longest.b) <= limit]
    matched = sum(b.size for b in window)
    ratio = matched / len(name)
    need = max(minimum, 0)
    whole = matched == len(name) and matched >= 2
    # scattered pairs (青年…服務) are not a mention: one run of 3+ characters must match
    anchored = longest.size >= 3 or (len(name) <= 4 and whole)
    accepted = anchored and (
        (matched >= 4 and ratio >= 0.34) or (matched >= 3 and ratio >= 0.4) or whole
    )
    if not accepted or matched < need:
        return None
    start = min(b.b for b in window)
    end = max(b.b + b.size for b in window)
    return Mention(indicator_id, start, end, ratio + matched / 100)


def _resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Where mentions overlap, keep the best-scoring ones (ties kept: the text is ambiguous)."""
    kept = []
    for mention in mentions:
        rivals = [m for m in mentions if m.start < mention.end and mention.start < m.end]
        if all(mention.score >= r.score - 1e-9 for r in rivals):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.indicator_id))
