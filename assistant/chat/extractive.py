"""Offline answers: the sentences of the top passages that best answer the question, quoted.

Nothing is written that the documents do not say: the answer is a one-line lead that
says these are quotations, then the chosen passages' sentences, each with its citation.
A quote is a contiguous run of one to four sentences cut from its passage by offset (a
question's words are often in one sentence and its answer in the next, or in the table
row under a header), so every quote is a substring of its passage and citation precision
is 1 by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.chat.passages import Passage
from assistant.chat.terms import WeightedTerms

MAX_QUOTES = 2
MAX_QUOTE_CHARS = 260
MAX_QUOTE_SENTENCES = 4
_RANK_DECAY = 0.9  # a sentence of the first passage beats an equal one of the fifth
_TYPE_BONUS = 0.15
_SENTENCE = re.compile(r"[^。！？；!?\n]+[。！？；!?]?")

# what kind of answer the question asks for, and how such an answer looks in a document
_EXPECTED = [
    (re.compile(r"多少錢|多少元|幾元|(費|金額|經費|獎金)[^，。？?]{0,4}(是|為|有)?多少|how much money|how much (is|are|does)[^?]*(fee|cost|paid|bonus)|what (is|are) the (fee|amount|bonus)", re.I),
     re.compile(r"\d[\d,]*(\.\d+)?\s*(萬|億)?\s*元|新臺幣|NT\$", re.I)),
    (re.compile(r"哪一年|哪年|何時|什麼時候|幾月|幾日|多久|幾天|幾個工作天|(期限|截止)[^，。？?]{0,4}(是|為)?(何時|哪天)|which year|\bwhen\b|how often|how long|what deadline|by what date|how many days", re.I),
     re.compile(r"\d{2,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|每\s*\d+\s*年|\d+\s*(天|日|年|個月|個工作天)|[一二三四五六七八九十兩]+\s*(年|個月|天|日)")),
    (re.compile(r"多少|幾(個|項|分|成|人|份|次|名|位|%|％|級|等)|(比例|比率|權重|配分|分數|占比)[^，。？?]{0,3}(是|為)?(多少|幾)|how many|how much|what percentage|what share|what weight|how many points", re.I),
     re.compile(r"\d|[一二三四五六七八九十百千兩]+\s*(成|分|%|％|人|項|年|日|天|個|份|次|名|位|級|等)|百分之")),
]  # fmt: skip


def expected_answer(question: str) -> re.Pattern[str] | None:
    """The shape the answer must have (money, a time, a number), or None for any."""
    for asks, looks in _EXPECTED:
        if asks.search(question):
            return looks
    return None


@dataclass(frozen=True)
class Quote:
    passage: Passage
    start: int
    end: int
    score: float
    typed: bool  # holds the kind of value the question asks for

    @property
    def text(self) -> str:
        return self.passage.hit.text[self.start : self.end]


def _windows(passage: Passage) -> list[tuple[int, int]]:
    """Runs of one to four consecutive sentences (by offset) of at most MAX_QUOTE_CHARS."""
    text = passage.hit.text
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in " \t|":
            start += 1
        while end > start and text[end - 1] in " \t|":
            end -= 1
        if end - start >= 4:
            spans.append((start, end))
    windows = []
    for i in range(len(spans)):
        for j in range(i, min(i + MAX_QUOTE_SENTENCES, len(spans))):
            if spans[j][1] - spans[i][0] > MAX_QUOTE_CHARS and j > i:
                break
            windows.append((spans[i][0], spans[j][1]))
    return windows


def candidate_windows(
    question: str, terms: WeightedTerms, passages: list[Passage], per_passage: int = 3
) -> list[Quote]:
    """The best few windows of every passage (so a lower-ranked passage still offers its best)."""
    out: list[Quote] = []
    for passage in passages:
        out += best_quotes(question, terms, [passage], limit=per_passage, cutoff=0.0)
    return out


def best_quotes(
    question: str,
    terms: WeightedTerms,
    passages: list[Passage],
    limit: int = MAX_QUOTES,
    cutoff: float = 0.6,
) -> list[Quote]:
    """The best-covering windows, not overlapping, in order of score."""
    looks = expected_answer(question)
    scored: list[Quote] = []
    for rank, passage in enumerate(passages):
        for start, end in _windows(passage):
            text = passage.hit.text[start:end]
            coverage = terms.coverage(text)
            if coverage <= 0:
                continue
            typed = looks is None or bool(looks.search(text))
            score = coverage * _RANK_DECAY**rank + (
                _TYPE_BONUS if looks is not None and typed else 0
            )
            score -= (end - start) / 10_000  # the shorter of two equal windows
            scored.append(Quote(passage, start, end, score, typed))
    scored.sort(key=lambda q: (-q.score, q.passage.n, q.start))
    chosen: list[Quote] = []
    for quote in scored:
        if any(q.passage.n == quote.passage.n and q.start < quote.end and quote.start < q.end
               for q in chosen):  # fmt: skip
            continue
        if chosen and quote.score < chosen[0].score * cutoff:
            break  # far weaker than the best: noise, not an answer
        chosen.append(quote)
        if len(chosen) == limit:
            break
    return chosen
