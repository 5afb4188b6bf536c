"""Quote windows: the runs of sentences of a chunk that an answer may quote, and their openings.

A window is one to four consecutive sentences (by offset) of at most MAX_QUOTE_CHARS. The
opening of a window (its first OPENING_CHARS characters) carries its topic: the answerer ranks
windows by the similarity of their openings to the question, and the library embeds each
opening the first time a question needs it and keeps it (retrieval.library.opening_vectors).
"""

from __future__ import annotations

import functools
import re

# a sentence ends at 。！？；, at a line break (table rows and list items are lines) or, in
# English, at a full stop before the next sentence's capital (NT$1.5 and e.g. a do not end one)
SENTENCE = re.compile(r"(?:[^。！？；!?\n.]|\.(?!\s+[A-Z(“\"]))+[。！？；!?.]?")
MAX_QUOTE_CHARS = 260
MAX_QUOTE_SENTENCES = 4
OPENING_CHARS = 120

# a reference list cites other works; a source line says where a table came from: neither answers
_REFERENCES = re.compile(r"(參考文獻|參考資料|引用文獻|references|bibliography)\s*$", re.I)
_SOURCE_LINE = re.compile(r"^\s*(資料來源|來源|source|sources)\s*[:：]", re.I)
_ASKING = re.compile(r"[？?]\s*$")
# a caption (表2　年度評核作業時程表) or a line ending in a colon (評核作業時程如下：) announces
# what follows: a quote may start on it, never end on it
_CAPTION = re.compile(r"^\s*(表|圖|Table|Figure)\s*[\d一二三四五六七八九十]+", re.I)
_ANNOUNCING = re.compile(r"[:：]\s*$")


def quotable(heading: str | None) -> bool:
    """Whether a chunk under ``heading`` can answer at all (a reference list cannot)."""
    return not _REFERENCES.search(heading or "")


@functools.lru_cache(maxsize=1024)
def text_windows(text: str) -> tuple[tuple[int, int], ...]:
    """The windows of a chunk's text as (start, end) offsets, cut once per text: every clause
    of a question, and every question a resident answers, looks at the same passages again.

    A sentence that asks (an interview's list of questions) or names a source does not answer,
    so no window starts or ends on one; a sentence that only announces what follows never
    ends one."""
    spans = []
    for m in SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in " \t|":
            start += 1
        while end > start and text[end - 1] in " \t|":
            end -= 1
        if end - start >= 4:
            spans.append((start, end))
    answering = [not (_ASKING.search(text[a:b]) or _SOURCE_LINE.match(text[a:b])) for a, b in spans]
    closing = [not _announces(text, a, b) for a, b in spans]
    windows = []
    for i in range(len(spans)):
        if not answering[i]:
            continue
        for j in range(i, min(i + MAX_QUOTE_SENTENCES, len(spans))):
            if spans[j][1] - spans[i][0] > MAX_QUOTE_CHARS and j > i:
                break
            if answering[j] and closing[j]:
                windows.append((spans[i][0], spans[j][1]))
    return tuple(windows)


def _announces(text: str, start: int, end: int) -> bool:
    """Whether the sentence at ``start:end`` only announces what follows: a caption, a line
    ending in a colon, or a table's header row (the first of its tab-separated lines)."""
    sentence = text[start:end]
    if _CAPTION.match(sentence) or _ANNOUNCING.search(sentence):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    previous_end = max(line_start - 1, 0)  # the line break before this line, if any
    previous = text[text.rfind("\n", 0, previous_end) + 1 : previous_end]
    return "\t" in line and "\t" not in previous and line.strip() == sentence.strip()


def opening(text: str, start: int, end: int) -> str:
    """The opening of the window ``start:end`` of ``text``: what is embedded for it."""
    return text[start:end][:OPENING_CHARS]


def openings(text: str, heading: str | None) -> list[str]:
    """Every distinct window opening of a chunk, in order (none for a chunk that cannot answer)."""
    if not quotable(heading):
        return []
    return list(dict.fromkeys(opening(text, a, b) for a, b in text_windows(text)))
