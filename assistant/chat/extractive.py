"""Offline answers: the sentences of the top passages that best answer the question, quoted.

Nothing is written that the documents do not say: the answer is a one-line lead that
says these are quotations, then the chosen sentences, each with its citation. A quote is
always a substring of its passage, so citation precision is 1 by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.chat.passages import Passage, sentences
from assistant.chat.terms import WeightedTerms

MAX_QUOTES = 3
_RANK_DECAY = 0.92  # a sentence of the first passage beats an equal one of the fifth


@dataclass(frozen=True)
class Quote:
    passage: Passage
    text: str
    score: float


def best_quotes(terms: WeightedTerms, passages: list[Passage], limit: int = MAX_QUOTES) -> list[Quote]:
    """The highest-covering sentences, at most one near-duplicate, in order of score."""
    scored: list[Quote] = []
    for rank, passage in enumerate(passages):
        for sentence in sentences(passage.hit.text):
            coverage = terms.coverage(sentence)
            if coverage > 0:
                scored.append(Quote(passage, sentence, coverage * _RANK_DECAY**rank))
    scored.sort(key=lambda q: (-q.score, q.passage.n, q.text))
    chosen: list[Quote] = []
    for quote in scored:
        if any(quote.text in c.text or c.text in quote.text for c in chosen):
            continue
        if chosen and quote.score < chosen[0].score * 0.5:
            break  # far weaker than the best: noise, not an answer
        chosen.append(quote)
        if len(chosen) == limit:
            break
    return chosen
