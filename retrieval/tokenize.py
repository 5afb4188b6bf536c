"""A Chinese-aware tokenizer for BM25: jieba words plus character bigrams, and English words.

bm25s's default tokenizer splits on spaces and so scores every Chinese query 0; character
bigrams catch the terms jieba's dictionary misses (the Lucene CJKAnalyzer idea), and jieba's
words keep precise matches ranked first. Full-width forms are folded for indexing only.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+(?:[.\-][a-z0-9]+)*")
_STOP_CHARS = set("的之與及或和在為是了而且並等其此於以")
_EN_STOP = {"the", "of", "and", "or", "a", "an", "to", "in", "on", "for", "is", "are", "what", "how", "which",
            "does", "do", "by", "with", "as", "at", "be", "it", "its", "that", "this"}  # fmt: skip


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """Index and query tokens of ``text``."""
    norm = normalize(text)
    out: list[str] = []
    for run in _CJK_RUN.findall(norm):
        out += [w for w in _jieba().cut_for_search(run) if len(w) > 1 or w not in _STOP_CHARS]
        out += [run[i : i + 2] for i in range(len(run) - 1)]
    out += [w for w in _WORD.findall(norm) if w not in _EN_STOP]
    return out
