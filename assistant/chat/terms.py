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

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.claims.quantities import find_quantities
from assistant.fileio import read_yaml
from retrieval.tokenize import _CJK_RUN, _EN_STOP, _WORD, _jieba, normalize, simplified, tagger

_EN_WORD = _WORD

# Words of asking, not of the subject: they carry no evidence either way.
_QUESTION_WORDS = [
    "多少",
    "什麼",
    "甚麼",
    "哪些",
    "哪一",
    "哪個",
    "哪種",
    "哪裡",
    "如何",
    "怎麼",
    "怎樣",
    "為何",
    "為什麼",
    "是否",
    "是不是",
    "有沒有",
    "請問",
    "規定",
    "說明",
    "可以",
    "需要",
    "應該",
    "多久",
    "時候",  # 什麼時候
    "幾個",
    "幾項",
    "幾年",
    "幾天",
    "一下",
    "告訴",
    "關於",
    "問題",
    "東西",  # 「要交什麼東西」: things, not the place 東西 jieba tags it as
    "我們",
    "你們",
    "他們",
    "大家",
    "您",
    "嗎",
    "呢",
    "what",
    "which",
    "how",
    "many",
    "much",
    "when",
    "who",
    "whom",
    "whose",
    "where",
    "why",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "the",
    "according",
    "document",
    "documents",
    "say",
    "says",
    "tell",
    "me",
    "please",
]
_QUESTION_BIGRAMS = {
    w[i : i + 2] for w in _QUESTION_WORDS if len(w) >= 2 for i in range(len(w) - 1)
}
_DROP = set(_QUESTION_WORDS) | _QUESTION_BIGRAMS | {"請問", "一下"}
_CJK = re.compile(r"[\u3400-\u9fff]")
# a bigram with one of these is grammar, not subject (這次、一個、還有、已經、總共、之間、做到)
_FUNCTION_CHARS = set(
    "的了麼裡這那還已個種次共每哪什嗎呢就都也被把讓給從向於及與或和其此該些並且而若則仍又再很更最之一不啊吧"
)
# the document asked about, not the subject: 手冊裡、文件中、指引對於
_DOCUMENT_WORDS = {
    "手冊",
    "文件",
    "指引",
    "規範",
    "要點",
    "報告裡",
    "document",
    "handbook",
    "guideline",
    "guidelines",
}


# one character, two spellings (臺/台): a question in either must find a document in the other
_VARIANTS = str.maketrans({"台": "臺"})


def fold(text: str) -> str:
    """normalize() plus one spelling for variant characters (台 → 臺)."""
    return normalize(text).translate(_VARIANTS)


def spellings(term: str) -> list[str]:
    """A folded term and the other ways documents write it (臺灣 → 臺灣, 台灣)."""
    return list(dict.fromkeys([term, term.replace("臺", "台")]))


def question_lang(question: str) -> str:
    """zh-TW when the question has Chinese characters, else English."""
    return "zh-TW" if _CJK.search(question) else "en"


_LATIN_LETTER = re.compile(r"[A-Za-z]")


def mostly_english(text: str) -> bool:
    """English prose (a document's English summary), not a Chinese clause naming KPI or PDF."""
    return len(_LATIN_LETTER.findall(text)) > 3 * len(_CJK.findall(text))


CROSS_WORD_WEIGHT = 0.3


def bigrams(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(len(text) - 1)]


def question_terms(question: str) -> list[str]:
    """The question's subject as index terms: character bigrams of its Chinese (those with a
    grammar character left out, 的計、什麼) and its English words with their glossary terms."""
    norm = fold(question)
    seen: dict[str, None] = {}
    for run in _CJK_RUN.findall(norm):
        for word in _DOCUMENT_WORDS:
            run = run.replace(word, "|")
        for part in run.split("|"):
            for bigram in bigrams(part):
                if bigram not in _DROP and not (set(bigram) & _FUNCTION_CHARS):
                    seen.setdefault(bigram, None)
    for said in document_wording(norm):
        for bigram in bigrams(said):
            if not (set(bigram) & _FUNCTION_CHARS):
                seen.setdefault(bigram, None)
    for word in _EN_WORD.findall(norm):
        if (
            word in _DROP
            or word in _EN_STOP
            or word in _DOCUMENT_WORDS
            or len(word) < 2  # the s of "ministry's", a lone digit
        ):
            continue
        seen.setdefault(word, None)
        for zh in translations(word):
            for bigram in bigrams(zh):
                seen.setdefault(bigram, None)
    return list(seen)


# place, person and organisation names (jieba's tags) and years: when the library never names
# them, the documents are about something else (日本、新加坡、2025 年)
# places and organisations; jieba tags unknown words as person names (nr) too often to trust (同仁、施政)
_NAMED_FLAGS = ("ns", "nt")
_YEAR = re.compile(r"^(19|20)\d\d$")
_ROC_YEAR = re.compile(r"(?<![\d.])(\d{2,3})\s*年")  # 114 年、民國113年度
# the ROC year in English: the 114 evaluation year, ROC year 113, fiscal year 112
_ROC_YEAR_EN = re.compile(
    r"\b(\d{2,3})\s+(?:evaluation|review|fiscal|budget|assessment)\s+year\b"
    r"|\b(?:ROC|Minguo|fiscal|evaluation|review)\s+year\s+(\d{2,3})\b",
    re.IGNORECASE,
)


def named_words(question: str) -> list[str]:
    """Names and years in the question (jieba's part-of-speech tags). A name never runs into a
    number as written: 「連六成都不到」 says 六成, not the city 成都."""
    norm = fold(question)
    numbers = [(q.start, q.end) for q in find_quantities(norm)]
    names, at = [], 0
    for pair in tagger().cut(simplified(norm)):
        word = norm[at : at + len(pair.word)]  # the question's own characters
        start, at = at, at + len(pair.word)
        inside_number = any(a < at and start < b for a, b in numbers)
        asking = word in _DROP
        if len(word) >= 2 and pair.flag in _NAMED_FLAGS and not inside_number and not asking:
            names.append(word)
    return names + years_named(question)


def years_named(question: str) -> list[str]:
    """The years a question names, as written: 2024, and the ROC year of 113年度."""
    norm = fold(question)
    years = [w for w in _EN_WORD.findall(norm) if _YEAR.match(w)]
    roc = [m.group(1) for m in _ROC_YEAR.finditer(norm)]
    roc += [m.group(1) or m.group(2) for m in _ROC_YEAR_EN.finditer(norm)]
    return years + [year for year in roc if 70 <= int(year) <= 150]


@functools.cache
def vocabulary() -> tuple[str, ...]:
    """The officers' words jieba's dictionary lacks (黃燈、達成度), longest first: the zh-TW terms
    of the glossary and the paraphrases."""
    words = {w for ws in glossary().values() for w in ws}
    words |= set(paraphrases()) | {w for ws in paraphrases().values() for w in ws}
    return tuple(sorted((fold(w) for w in words if len(w) >= 2), key=len, reverse=True))


def segment(run: str) -> list[str]:
    """A run of Chinese cut into words by jieba (on its Simplified form, cut back into the run's
    own characters), except that a word of the officers' vocabulary jieba cuts through is kept
    whole (黃燈要寫 is 黃燈 / 要 / 寫, not 黃 / 燈要 / 寫); one jieba keeps inside a longer word
    stays there (目標 in 目標值)."""
    if not run:
        return []
    spans = [(start, end) for _, start, end in _jieba().tokenize(simplified(run))]
    cut = [run[a:b] for a, b in spans]
    for word in vocabulary():
        start = run.find(word)
        if start < 0:
            continue
        end = start + len(word)
        if not any(a <= start and end <= b for a, b in spans):
            return [*segment(run[:start]), word, *segment(run[end:])]
    return cut


def question_words(question: str, wording: bool = True) -> list[str]:
    """The question's Chinese words (jieba) and English words: the units of "is it in the library";
    with ``wording``, also how the documents may word them (上下限 → 不得超過, paraphrases.yaml)."""
    norm = fold(question)
    words = dict.fromkeys(_chinese_words(norm))
    for said in document_wording(norm) if wording else ():
        words.setdefault(said, None)
    for word in _EN_WORD.findall(norm):
        if (
            word not in _DROP
            and word not in _EN_STOP
            and word not in _DOCUMENT_WORDS
            and not word.isdigit()
            and len(word) > 1
        ):
            words.setdefault(word, None)
    return list(words)


@functools.lru_cache(maxsize=256)
def _chinese_words(norm: str) -> tuple[str, ...]:
    """The subject words of a folded question's Chinese (jieba, once per question: the answer
    asks for them with and without the documents' wordings)."""
    words: dict[str, None] = {}
    for run in _CJK_RUN.findall(norm):
        for word in segment(run):
            if (
                len(word) >= 2
                and word not in _DROP
                and word not in _DOCUMENT_WORDS
                and not (set(word) & _FUNCTION_CHARS)
            ):
                words.setdefault(word, None)
    return tuple(words)


@functools.cache
def chat_data(name: str) -> Any:
    """A data file of this package (glossary.yaml, paraphrases.yaml, scope.yaml), read once."""
    return read_yaml(Path(__file__).with_name(name))


@functools.cache
def _word_map(name: str) -> dict[str, tuple[str, ...]]:
    """A word -> the words it also stands for (keys case-folded)."""
    return {str(k).lower(): tuple(str(v) for v in vs) for k, vs in chat_data(name).items()}


def paraphrases() -> dict[str, tuple[str, ...]]:
    return _word_map("paraphrases.yaml")


# a step not taken, as a question says it (忘了上傳, 沒有繳交, never uploaded, was not submitted)
_NOT_DONE = re.compile(r"(?:忘了|忘記|(?<!有)沒有?|未曾|不曾|未能)([\u4e00-\u9fff]{2})")
_EN_NOT_DONE = re.compile(
    r"\b(?:never|not|n't|failed to|fails to|without)\s+(?:been\s+|be\s+)?([a-z]{3,})", re.I
)


def _not_done(question: str) -> list[str]:
    """A step the question says was not taken, as rules word it: 未 and the step (未上傳).

    「佐證資料忘了上傳，會怎樣？」 and "…supporting documents were never uploaded" are answered
    by 「佐證資料未上傳…者，判定為白燈」, which says neither 忘了 nor never."""
    steps = [m.group(1) for m in _NOT_DONE.finditer(question)]
    steps += [
        zh for m in _EN_NOT_DONE.finditer(question) for zh in translations(m.group(1).lower())
    ]
    tags = tagger().dt.word_tag_tab
    return [
        "未" + step[:2]
        for step in steps
        # a step is a verb; 上限 in 「沒有上限」 is a way of asking (paraphrases.yaml), not a step
        if tags.get(simplified(step[:2]), "").startswith("v") and step[:2] not in paraphrases()
    ]


def document_wording(question: str) -> list[str]:
    """How the documents may word what the question asks (上限 → 不得超過, from
    paraphrases.yaml; 忘了上傳 → 未上傳)."""
    said = [w for key, ws in paraphrases().items() if key in question for w in ws]
    return list(dict.fromkeys(said + _not_done(question)))


def glossary() -> dict[str, tuple[str, ...]]:
    return _word_map("glossary.yaml")


# English endings folded off a word not in the glossary as written: (ending, what replaces it)
_EN_ENDINGS = (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
               ("ing", ""), ("ing", "e"))  # fmt: skip


def translations(word: str) -> tuple[str, ...]:
    """The zh-TW terms of an English word: as written (members → member, renewed → renew,
    chairing → chair when only the base form is listed); a compound not listed as a whole
    (main-policy, schedule-progress) has its parts' terms."""
    entries = glossary()
    if word in entries:
        return entries[word]
    if "-" in word.strip("-"):
        parts = [translations(part) for part in word.split("-") if len(part) >= 3]
        return tuple(dict.fromkeys(zh for terms in parts for zh in terms))
    for ending, base in _EN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)] + base
            if stem in entries:
                return entries[stem]
    return ()


def is_latin(term: str) -> bool:
    return term.isascii()


@dataclass(frozen=True)
class WeightedTerms:
    weights: dict[str, float]
    unknown: frozenset[str]  # the question's words no passage of the library contains
    words: int = 0  # how many words the question has

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def coverage(self, text: str) -> float:
        """Share of the question's weight whose terms occur in ``text`` (0..1)."""
        if not self.weights:
            return 0.0
        present = text_terms(text)
        hit = sum(w for t, w in self.weights.items() if t in present)
        return hit / self.total

    def known_share(self) -> float:
        """Share of the question's words the library has any passage for."""
        if not self.words:
            return 0.0 if not self.weights else 1.0
        return 1 - len(self.unknown) / self.words


def weigh(terms: list[str], frequencies: dict[str, int], passages: int,
          words: list[str] | None = None, said: list[str] | None = None) -> WeightedTerms:  # fmt: skip
    """BM25-style IDF per term the library uses; ``unknown`` holds the question's subject words
    that no passage contains (a word is absent when one of its bigrams is: 日本、省廳、採購; a
    verb the documents word otherwise, 換人、更換, does not count). Only the words the question
    ``said`` (default: ``words``) can be unknown: one of the wordings ``words`` adds for it
    (上下限 → 不低於) the documents need not use.

    Terms the library never uses are left out of the weights: most are bigrams across a word
    boundary (畫下、算會) that say nothing; the words they might belong to are judged instead.
    """
    idf = {
        t: math.log(1 + (passages - df + 0.5) / (df + 0.5))
        for t, df in frequencies.items()
        if df > 0
    }
    inside = {b for w in words or [] if not w.isascii() for b in bigrams(w)}
    # a bigram across two words (畫下、算會) is weak evidence; one inside a word is the subject
    weights = {
        t: idf[t] * (1.0 if t.isascii() or t in inside or not words else CROSS_WORD_WEIGHT)
        for t in terms
        if t in idf
    }
    said = words if said is None else said
    missing = {
        word for word in said or [] if not is_used(word, frequencies) and is_subject_word(word)
    }
    return WeightedTerms(weights, frozenset(missing), len(said or []))


# jieba's tags of words that say how, not what: verbs (not verbal nouns), adverbs, adjectives,
# conjunctions, prepositions, particles, pronouns
_NOT_SUBJECT_TAGS = ("v", "d", "a", "c", "p", "u", "r")


def is_subject_word(word: str) -> bool:
    """Whether a word names what is asked about (a noun, a name, a verbal noun, an English word,
    a number or an officers' term jieba does not know) rather than how it is asked (更換、申請、
    改): only the former, missing from the library, says the question is about something the
    documents do not hold. A Chinese pair jieba's dictionary lacks is its guess across a word
    boundary (「幾天內去系統上改」 gives 內去, 上改), not a word of the subject."""
    tag: str | None = tagger().dt.word_tag_tab.get(simplified(word))
    if tag is None:  # a pair jieba guessed across two words (內去、市幫), unless it is ours
        return (
            len(word) > 2
            or word.isascii()
            or any(c.isdigit() for c in word)
            or fold(word) in vocabulary()
        )
    return tag == "vn" or not tag.startswith(_NOT_SUBJECT_TAGS)


def pieces(word: str) -> list[str]:
    """What the index counts of a word: the word itself in English, its bigrams in Chinese."""
    return [word] if word.isascii() else bigrams(word)


def wordings(word: str) -> list[str]:
    """A word and how the documents may write it instead (國發會 → 國家發展委員會; an English
    word's glossary terms, committee → 委員會: Chinese documents hold it in those)."""
    others = translations(word) if word.isascii() else ()
    return [word, *paraphrases().get(word, ()), *others]


def is_used(word: str, frequencies: dict[str, int]) -> bool:
    """Whether some passage has the word, or one of its other wordings (every piece of it)."""
    return any(
        all(frequencies.get(p, 0) > 0 for p in pieces(wording)) for wording in wordings(word)
    )


def text_terms(text: str) -> set[str]:
    """Every character bigram and English word of ``text``: what a question's terms can match
    (no segmentation needed, so checking a sentence costs microseconds)."""
    norm = fold(text)
    found = {run[i : i + 2] for run in _CJK_RUN.findall(norm) for i in range(len(run) - 1)}
    found.update(_EN_WORD.findall(norm))
    return found


def squash(text: str) -> str:
    """For matching quotes: full-width folded, case folded, no whitespace."""
    return re.sub(r"\s+", "", normalize(text))
