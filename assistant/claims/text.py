"""Plain text, sentences and clauses, with code-point spans into the original text.

Normalisation (full-width digits and punctuation to ASCII) is done character
by character and only where it maps one character to one character, so an
offset in the normalised text is the same offset in the original: every span
Kaoping reports points at the user's own characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=4096)
def _norm_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def normalize_same_length(text: str) -> str:
    """Full-width forms to ASCII, one character for one: offsets are preserved."""
    if text.isascii():
        return text
    return "".join(_norm_char(ch) for ch in text)


@dataclass(frozen=True)
class Sentence:
    """A sentence: its span in the narrative, the normalised text and its paragraph."""

    start: int
    end: int
    text: str  # normalised, same length as the original slice
    paragraph: int
    heading: bool

    def quote(self, original: str) -> str:
        return original[self.start : self.end]


_TERMINATORS = re.compile(
    r"[。！？!?；;]+|(?<!\bNo)(?<!\bno)(?<!\bMr)(?<!\bDr)(?<!\bSt)(?<!\bvs)(?<!\betc)(?<!\bInc)"
    r"(?<=[a-z0-9\)\"'%])\.(?=\s+[A-Z\"(]|\s*$)"
)
_HEADING = re.compile(
    r"^\s*(#{1,6}\s|[壹貳參肆伍陸柒捌玖拾]+\s*[、.．]|[一二三四五六七八九十]+\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d+(\.\d+)*\s*[、.．]\s*\S)"
)


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith("#"):
        return True
    return (
        bool(_HEADING.match(stripped))
        and len(stripped) <= 40
        and not re.search(r"[。！？!?；;]", stripped)
    )


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of the normalised text; every line is its own paragraph."""
    norm = normalize_same_length(text)
    sentences: list[Sentence] = []
    paragraph = 0
    position = 0
    for line in norm.splitlines(keepends=True):
        line_start = position
        position += len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        heading = _is_heading(body)
        cursor = 0
        for match in _TERMINATORS.finditer(body):
            _add(sentences, norm, line_start + cursor, line_start + match.end(), paragraph, heading)
            cursor = match.end()
        _add(sentences, norm, line_start + cursor, line_start + len(body), paragraph, heading)
        paragraph += 1
    return sentences


def _add(
    out: list[Sentence], norm: str, start: int, end: int, paragraph: int, heading: bool
) -> None:
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    if end > start and re.search(r"\w", norm[start:end]):
        out.append(Sentence(start, end, norm[start:end], paragraph, heading))


# a comma inside 6,500 is a thousands separator, not a clause break (full-width commas fold to ",")
_CLAUSE = re.compile(r"[，、：:（）()]|(?<!\d),|,(?!\d{3})")


def clause_bounds(sentence: str, position: int) -> tuple[int, int]:
    """The clause (between commas) around ``position`` in a sentence."""
    start = 0
    for match in _CLAUSE.finditer(sentence):
        if match.start() < position:
            start = match.end()
        else:
            return start, match.start()
    return start, len(sentence)
