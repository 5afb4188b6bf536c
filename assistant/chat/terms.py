"""What a question asks about, as weighted terms, and how much of it a passage covers.

The library's retrieval always returns *something*; whether those passages answer the
question is a separate judgement. Dense similarity does not separate the two (an
unanswerable question about Japan scores as high as an answerable one about Korea, see
evals/retrieval/RESULTS.md), so the judgement rests on lexical evidence: the question's
terms weighted by how rare they are in the library (IDF), and the share of that weight a
passage contains. A term the library never uses weighs as much as the rarest one, so a
question about something absent (日本、天氣) cannot be covered.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from retrieval.tokenize import normalize, tokens

# Words of asking, not of the subject: they carry no evidence either way.
_QUESTION_WORDS = (
    "多少 什麼 甚麼 哪些 哪一 哪個 哪種 哪裡 如何 怎麼 怎樣 為何 為什麼 是否 是不是 有沒有 請問 "
    "規定 說明 可以 需要 應該 多久 幾個 幾項 幾年 幾天 一下 告訴 關於 問題 嗎 呢 "
    "what which how many much when who whom whose where why does did is are was were the "
    "according document documents say says tell me please"
).split()
_QUESTION_BIGRAMS = {w[i : i + 2] for w in _QUESTION_WORDS if len(w) >= 2 for i in range(len(w) - 1)}
_DROP = set(_QUESTION_WORDS) | _QUESTION_BIGRAMS | {"請問", "一下"}
_CJK = re.compile(r"[\u3400-\u9fff]")


def question_lang(question: str) -> str:
    """zh-TW when the question has Chinese characters, else English."""
    return "zh-TW" if _CJK.search(question) else "en"


def question_terms(question: str) -> list[str]:
    """The question's subject terms (jieba words, bigrams, English words), asking words removed."""
    seen: dict[str, None] = {}
    for term in tokens(question):
        if term not in _DROP and not term.isdigit():
            seen.setdefault(term, None)
    return list(seen)


@dataclass(frozen=True)
class WeightedTerms:
    weights: dict[str, float]
    unknown: frozenset[str]  # terms no passage of the library contains

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def coverage(self, text: str) -> float:
        """Share of the question's weight whose terms occur in ``text`` (0..1)."""
        if not self.weights:
            return 0.0
        present = set(tokens(text))
        hit = sum(w for t, w in self.weights.items() if t in present)
        return hit / self.total

    def known_share(self) -> float:
        """Share of the question's weight the library has any passage for."""
        if not self.weights:
            return 0.0
        return sum(w for t, w in self.weights.items() if t not in self.unknown) / self.total


def weigh(terms: list[str], frequencies: dict[str, int], passages: int) -> WeightedTerms:
    """BM25-style IDF per term; unknown terms weigh as much as the rarest known one."""
    idf = {
        t: math.log(1 + (passages - df + 0.5) / (df + 0.5))
        for t, df in frequencies.items()
        if df > 0
    }
    rarest = math.log(1 + (passages + 0.5) / 0.5) if passages else 1.0
    weights = {t: idf.get(t, rarest) for t in terms}
    unknown = frozenset(t for t in terms if frequencies.get(t, 0) == 0)
    return WeightedTerms(weights, unknown)


def squash(text: str) -> str:
    """For matching quotes: full-width folded, case folded, no whitespace."""
    return re.sub(r"\s+", "", normalize(text))
