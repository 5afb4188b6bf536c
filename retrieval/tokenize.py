"""A Chinese-aware tokenizer for BM25: jieba words plus character bigrams, and English words.

bm25s's default tokenizer splits on spaces and so scores every Chinese query 0; character
bigrams catch the terms jieba's dictionary misses (the Lucene CJKAnalyzer idea), and jieba's
words keep precise matches ranked first. Full-width forms are folded for indexing only.
"""

from __future__ import annotations

import logging
import marshal
import re
import tempfile
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+(?:[.\-][a-z0-9]+)*")
# 2: jieba cuts the Simplified form of the text (indexes built by an older tokenizer are rebuilt)
TOKENIZER_VERSION = 2
_STOP_CHARS = set("的之與及或和在為是了而且並等其此於以")
_EN_STOP = {"the", "of", "and", "or", "a", "an", "to", "in", "on", "for", "is", "are", "what", "how", "which",
            "does", "do", "by", "with", "as", "at", "be", "it", "its", "that", "this"}  # fmt: skip


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    _read_dictionary_cache(jieba.dt)
    jieba.initialize()  # builds and caches the dictionary when no cache could be read
    return jieba


def _read_dictionary_cache(tokenizer: Any) -> None:
    """Load jieba's default dictionary from the cache jieba itself writes, as jieba would, but
    from the file's bytes: jieba's ``marshal.load`` on the open file reads it a piece at a time,
    1.2 s for its 9 MB here against 0.3 s for ``marshal.loads``, and every cold command pays it.
    Anything unexpected leaves the tokenizer untouched for ``jieba.initialize``."""
    if tokenizer.initialized or tokenizer.dictionary is not None:  # None: jieba's own dictionary
        return
    cache = Path(tokenizer.tmp_dir or tempfile.gettempdir()) / (
        tokenizer.cache_file or "jieba.cache"
    )
    try:
        freq, total = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return
    if not isinstance(freq, dict) or not isinstance(total, int):
        return
    with tokenizer.lock:
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True


def tagger() -> Any:
    """jieba's part-of-speech tagger (``jieba.posseg``), on the dictionary loaded once."""
    _jieba()
    import jieba.posseg

    return jieba.posseg


@cache
def _to_simplified() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """The text in Simplified characters, one for one, for jieba: its dictionary is Simplified
    (绩效、预算 are words to it, 績效、預算 are not, and it cuts unknown runs by guesswork:
    月報晚交 became 報晚 / 交幾天會). The text itself when the conversion changes its length."""
    simple: str = _to_simplified().convert(text)
    return simple if len(simple) == len(text) else text


def words_for_search(run: str) -> list[str]:
    """jieba's search-mode words of a run of Chinese (long words and the words inside them), cut
    from the run's Simplified form and given back in the run's own characters."""
    return [run[start:end] for _, start, end in _jieba().tokenize(simplified(run), mode="search")]


def words(text: str) -> list[str]:
    """jieba's words of ``text`` (its default cut, no overlaps), cut from the Simplified form and
    given back in the text's own characters."""
    return [text[start:end] for _, start, end in _jieba().tokenize(simplified(text))]


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """Index and query tokens of ``text``."""
    norm = normalize(text)
    out: list[str] = []
    for run in _CJK_RUN.findall(norm):
        out += [w for w in words_for_search(run) if len(w) > 1 or w not in _STOP_CHARS]
        out += [run[i : i + 2] for i in range(len(run) - 1)]
    out += [w for w in _WORD.findall(norm) if w not in _EN_STOP]
    return out
