"""Chunks that follow the document's own structure.

Taiwan government documents number their headings 壹、 / 一、 / (一) / 1. / (1); Markdown
and DOCX mark them too. A chunk stays inside one section, carries its heading path
(``參、二、(二)``) and page, keeps table rows together (the header row repeated when a
table is split) and respects a size limit in characters suited to Chinese. Table-of-
contents lines with dot leaders are boilerplate and never become chunks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from retrieval.loaders import Block, LoadedDocument

CHUNKER_VERSION = "3"
DEFAULT_MAX_CHARS = 450

_NUMBERING: tuple[tuple[int, re.Pattern[str], str], ...] = (
    (1, re.compile(r"^([壹貳參肆伍陸柒捌玖拾]+)\s*[、.．]\s*"), "{}、"),
    (2, re.compile(r"^([一二三四五六七八九十]+)\s*[、．]\s*"), "{}、"),
    (3, re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*"), "({})"),
    (4, re.compile(r"^(\d{1,2})\s*[、.．](?!\d)\s*"), "{}."),
    (5, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*"), "({})"),
)
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>|\*\*|__")
_DOT_LEADER = re.compile(r"(\.{4,}|…{2,}|‧{3,}|·{3,}|(\s?\.){4,})\s*(\d+|[IVXivx]+)?\s*$")
_TOC_TITLES = re.compile(r"^(目次|目錄|表次|圖次|table of contents|contents)$", re.I)
_SENTENCE = re.compile(r"(?<=[。！？；!?;])")
# a numbered heading that states something (「（一）加分項目，合計最高加3分：」), not only names a
# section (「四、加分及減分」): its words are quoted as the first line of the section's text too
_STATES = re.compile(r"[，,]|\d")


@dataclass(frozen=True)
class Chunk:
    ord: int
    text: str
    page: int | None
    section: str
    heading: str
    kind: Literal["text", "table"]

    def index_text(self) -> str:
        """What is indexed: the heading path gives short passages their context."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


def _clean(text: str) -> str:
    return _TAGS.sub("", text).strip()


def _unnumbered(title: str) -> str:
    """A heading's words without its number (「（一）」, 「1.」)."""
    for _, pattern, _ in _NUMBERING:
        if pattern.match(title):
            return pattern.sub("", title, count=1)
    return title


def heading_of(block: Block) -> tuple[int, str, str] | None:
    """(level, label, title) when a block is a heading, by its numbering or its format."""
    text = _clean(block.text)
    for level, pattern, label in _NUMBERING:
        match = pattern.match(text)
        if match:
            short = len(text) <= 40 and not re.search(r"[。；;！？]$|[。]", text)
            if block.kind == "heading" or (short and level <= 3) or (short and len(text) <= 24):
                return level, label.format(match.group(1)), text
            return None
    if block.kind == "heading":
        return min(block.level, 6), "", text
    return None


def _is_row(block: Block) -> bool:
    return block.kind == "row" or block.text.count("\t") >= 2


def _split_long(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE.split(text) if s):
        while len(sentence) > limit:  # a sentence longer than the limit: hard cut
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:limit])
            sentence = sentence[limit:]
        if len(current) + len(sentence) > limit and current:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


class _Builder:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[Chunk] = []
        self.parts: list[str] = []
        self.page: int | None = None
        self.section = ""
        self.heading = ""

    def flush(self) -> None:
        text = "\n".join(self.parts).strip()
        if text:
            self.chunks.append(
                Chunk(len(self.chunks), text, self.page, self.section, self.heading, "text")
            )
        self.parts = []
        self.page = None

    def add_text(self, text: str, page: int | None) -> None:
        for piece in _split_long(text, self.limit) if len(text) > self.limit else [text]:
            size = sum(len(p) + 1 for p in self.parts)
            if self.parts and size + len(piece) > self.limit:
                self.flush()
            if not self.parts:
                self.page = page
            self.parts.append(piece)

    def add_table(self, rows: list[tuple[str, int | None]]) -> None:
        self.flush()
        header = rows[0][0]
        current: list[str] = []
        page = rows[0][1]
        for text, row_page in rows:
            if current and sum(len(r) + 1 for r in current) + len(text) > self.limit:
                self.chunks.append(
                    Chunk(
                        len(self.chunks),
                        "\n".join(current),
                        page,
                        self.section,
                        self.heading,
                        "table",
                    )
                )
                current, page = [header], row_page
            current.append(text)
        if current:
            self.chunks.append(
                Chunk(
                    len(self.chunks), "\n".join(current), page, self.section, self.heading, "table"
                )
            )


def chunk_document(document: LoadedDocument, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """Structure-following chunks of one document."""
    builder = _Builder(max_chars)
    stack: list[tuple[int, str, str]] = []
    in_toc = False
    blocks = document.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        text = _clean(block.text)
        if not text or _DOT_LEADER.search(text):
            index += 1
            continue  # 目次 lines with dot leaders are boilerplate
        if _is_row(block):
            rows = []
            while index < len(blocks) and _is_row(blocks[index]):
                rows.append((blocks[index].text.strip(), blocks[index].page))
                index += 1
            if not in_toc:
                builder.add_table(rows)
            continue
        heading = heading_of(block)
        if heading:
            builder.flush()
            level, label, title = heading
            in_toc = bool(_TOC_TITLES.match(title.replace(" ", "")))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, label, title))
            builder.section = "".join(lbl for _, lbl, _ in stack if lbl)
            builder.heading = " > ".join(t for _, _, t in stack)
            if not in_toc and _STATES.search(_unnumbered(title)):
                builder.add_text(title, block.page)  # a lead-in that states a rule is text too
            index += 1
            continue
        if not in_toc:
            builder.add_text(block.text.strip(), block.page)
        index += 1
    builder.flush()
    return builder.chunks
