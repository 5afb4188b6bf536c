"""Documents to text blocks in reading order: PDF pages, DOCX headings and tables, Markdown,
TXT (UTF-8, UTF-8-BOM, Big5/CP950) and HTML.

A block keeps the document's own text (full-width forms and all; normalisation is for
indexing only), its page (1-based for PDF, None otherwise) and, where the format says so,
that it is a heading (with its level) or a table row. This is also where the review's
narrative text comes from, so both read documents the same way.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar, Literal

from retrieval.errors import DocumentError

BlockKind = Literal["text", "heading", "row"]
SUFFIXES = (".pdf", ".docx", ".md", ".markdown", ".txt", ".html", ".htm")


@dataclass(frozen=True)
class Block:
    text: str
    page: int | None = None
    kind: BlockKind = "text"
    level: int = (
        0  # heading level when the format marks headings (DOCX styles, Markdown #, HTML h1-h6)
    )


@dataclass(frozen=True)
class LoadedDocument:
    path: str
    title: str
    format: str
    blocks: list[Block]
    pages: int


def decode_text(data: bytes, file: str, *, legacy: bool = True) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, and (when ``legacy``) Big5/CP950."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if legacy:
            for codec in ("cp950", "big5hkscs"):
                try:
                    return data.decode(codec)
                except UnicodeDecodeError:
                    continue
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentError("err.not_utf8", file, line=line) from exc


_SENTENCE_END = re.compile(r"[。！？!?；;:：」）)]\s*$")


def join_wrapped_lines(page: str) -> list[str]:
    """PDF lines break mid-sentence: join a full-width line to the next unless it ends a sentence.

    Short lines (headings, table rows) stay lines of their own.
    """
    lines = [raw.strip() for raw in page.splitlines()]
    widest = max((len(line) for line in lines), default=0)
    out: list[str] = []
    joinable = False
    for line in lines:
        if not line:
            joinable = False
            continue
        if out and joinable:
            joiner = " " if out[-1][-1:].isascii() and line[:1].isascii() else ""
            out[-1] = out[-1] + joiner + line
        else:
            out.append(line)
        joinable = len(line) >= 0.8 * widest and not _SENTENCE_END.search(line)
    return out


def pdf_pages(data: bytes, file: str) -> list[str]:
    """Text of each page; encrypted, corrupt and image-only PDFs raise :class:`DocumentError`."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError("err.pdf_encrypted", file)
        pages = ["\n".join(join_wrapped_lines(page.extract_text() or "")) for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise DocumentError("err.pdf_unreadable", file, problem=str(exc)[:200]) from exc
    if not any(p.strip() for p in pages):
        raise DocumentError("err.pdf_no_text", file)
    return pages


def docx_blocks(data: bytes, file: str) -> list[Block]:
    """Paragraphs (headings by style) and table rows, in document order."""
    from docx import Document
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError("err.docx_unreadable", file, problem=str(exc)[:200]) from exc
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell repeats itself across the row
                    seen.add(id(cell._tc))
                    cells.append(cell.text.replace("\n", " ").strip())
                blocks.append(Block("\t".join(cells), kind="row"))
        else:
            style = (item.style.name if item.style is not None else "") or ""
            match = re.match(r"(?i)heading\s*(\d)|標題\s*(\d)", style)
            if match and item.text.strip():
                level = int(match.group(1) or match.group(2))
                blocks.append(Block(item.text, kind="heading", level=level))
            else:
                blocks.append(Block(item.text))
    return blocks


def markdown_blocks(text: str) -> list[Block]:
    blocks = []
    for line in text.splitlines():
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if heading:
            blocks.append(Block(heading.group(2), kind="heading", level=len(heading.group(1))))
        elif line.lstrip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                blocks.append(Block("\t".join(cells), kind="row"))
        else:
            blocks.append(Block(line))
    return blocks


class _HtmlText(HTMLParser):
    SKIP: ClassVar[set[str]] = {"script", "style", "nav", "header", "footer", "noscript"}
    BLOCKS: ClassVar[set[str]] = {
        "p",
        "div",
        "li",
        "br",
        "section",
        "article",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "title",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.cells: list[str] | None = None
        self.skip = 0
        self.heading = 0
        self.title = ""
        self.in_title = False

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buffer)).strip()
        self.buffer = []
        if not text:
            return
        if self.cells is not None:
            self.cells.append(text)
        elif self.heading:
            self.blocks.append(Block(text, kind="heading", level=self.heading))
        else:
            self.blocks.append(Block(text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "tr":
            self.flush()
            self.cells = []
        elif tag in ("td", "th"):
            self.flush()
        elif tag in self.BLOCKS:
            self.flush()
            if re.fullmatch(r"h[1-6]", tag):
                self.heading = int(tag[1])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = False
        elif tag in ("td", "th"):
            self.flush()
        elif tag == "tr":
            self.flush()
            if self.cells:
                self.blocks.append(Block("\t".join(self.cells), kind="row"))
            self.cells = None
        elif tag in self.BLOCKS:
            self.flush()
            self.heading = 0

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.buffer.append(data)


def html_blocks(text: str) -> tuple[list[Block], str]:
    parser = _HtmlText()
    parser.feed(text)
    parser.flush()
    return parser.blocks, parser.title.strip()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentError("err.file_not_found", str(path)) from None
    except OSError as exc:
        raise DocumentError("err.file_unreadable", str(path), problem=exc.strerror) from None


def load_document(path: Path, data: bytes | None = None) -> LoadedDocument:
    """Read one document into blocks; unusable files raise :class:`DocumentError`."""
    file = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError("err.document_type", file, suffix=suffix or "?")
    data = _read(path) if data is None else data
    title = path.stem
    pages = 1
    if suffix == ".pdf":
        page_texts = pdf_pages(data, file)
        pages = len(page_texts)
        blocks = [
            Block(line, page=n) for n, text in enumerate(page_texts, 1) for line in text.split("\n")
        ]
    elif suffix == ".docx":
        blocks = docx_blocks(data, file)
    elif suffix in (".md", ".markdown"):
        blocks = markdown_blocks(decode_text(data, file))
    elif suffix in (".html", ".htm"):
        blocks, html_title = html_blocks(decode_text(data, file))
        title = html_title or title
    else:
        text = decode_text(data, file)
        # plain text exported from Markdown keeps its # headings: read them as headings
        markdown_like = len(re.findall(r"(?m)^#{1,6}\s+\S", text)) >= 2
        blocks = (
            markdown_blocks(text) if markdown_like else [Block(line) for line in text.splitlines()]
        )
    blocks = [b for b in blocks if b.text.strip()]
    if not blocks:
        raise DocumentError("err.document_empty", file)
    first_heading = next((b.text for b in blocks[:8] if b.kind == "heading"), None)
    if first_heading is None and len(blocks[0].text.strip()) <= 40:
        first_heading = blocks[0].text  # a PDF or text file opens with its title
    if suffix != ".html" and first_heading and len(first_heading.strip()) <= 60:
        title = re.sub(r"</?[a-zA-Z][^>]*>|\*\*", "", first_heading).strip()
    return LoadedDocument(
        path=file, title=title, format=suffix.lstrip("."), blocks=blocks, pages=pages
    )
