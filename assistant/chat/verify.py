"""Checking a model's answer against the passages it was given, sentence by sentence.

A sentence stands only if it cites at least one passage it was given, every text it
quotes in 「」 occurs in a cited passage (whitespace and full-width forms folded), and every
number it states occurs in a cited passage. Anything else is dropped from the answer
and listed as unsupported with the reason: never shown as supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.chat.passages import Passage
from assistant.chat.terms import squash

CITATION = re.compile(r"[［\[]\s*(\d{1,3})\s*[］\]]")
_QUOTED = re.compile(r"「([^」]{2,})」")
_NUMBER = re.compile(r"\d[\d,，]*(?:[.．]\d+)?")
_SENTENCE = re.compile(r".+?(?:[。！？!?]|\.(?=\s|$)|$)(?:\s*[［\[]\s*\d{1,3}\s*[］\]])*", re.S)


@dataclass(frozen=True)
class Checked:
    text: str
    cited: tuple[int, ...]
    quotes: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def supported(self) -> bool:
        return not self.problems and bool(self.cited)


def split_answer(answer: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(answer.strip()) if s.strip()]


def _digits(text: str) -> str:
    return squash(text).replace(",", "").replace("，", "")


def check_sentence(sentence: str, passages: dict[int, Passage]) -> Checked:
    cited = tuple(dict.fromkeys(int(n) for n in CITATION.findall(sentence)))
    problems: list[str] = []
    if not cited:
        problems.append("no_citation")
    unknown = [n for n in cited if n not in passages]
    if unknown:
        problems.append("unknown_citation")
    sources = [passages[n].hit.text for n in cited if n in passages]
    folded = [squash(s) for s in sources]
    quotes = tuple(_QUOTED.findall(sentence))
    if any(not any(squash(q) in f for f in folded) for q in quotes):
        problems.append("quote_not_found")
    body = CITATION.sub("", sentence)
    numbers = [_digits(n) for n in _NUMBER.findall(body)]
    plain = [_digits(s) for s in sources]
    if any(n and not any(n in p for p in plain) for n in numbers):
        problems.append("number_not_in_passage")
    return Checked(sentence, tuple(n for n in cited if n in passages), quotes, tuple(problems))


def check_answer(answer: str, passages: dict[int, Passage]) -> list[Checked]:
    return [check_sentence(s, passages) for s in split_answer(answer)]
