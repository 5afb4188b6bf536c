"""Narrative text from .md, .txt, .docx and .pdf, as the plain text that spans index.

The plain text is Kaoping's own, stable form of the narrative: Markdown and
text as written; DOCX paragraphs and table cells in document order, one per
line; PDF pages with wrapped lines joined back into sentences. ``--with-text``
returns it so that every span can be checked against it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assistant.model.errors import WHOLE_FILE, KaopingInputError
from assistant.model.source import read_input_bytes

NARRATIVE_SUFFIXES = (".md", ".markdown", ".txt", ".docx", ".pdf")


@dataclass(frozen=True)
class Narrative:
    text: str
    file: str
    format: str


def _decode(data: bytes, file: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise KaopingInputError.one("err.not_utf8", file=file, line=line, field="encoding") from exc


def _docx_text(data: bytes, file: str) -> str:
    from docx import Document  # python-docx, imported only for DOCX
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise KaopingInputError.one(
            "err.docx_unreadable", file=file, field=WHOLE_FILE, problem=str(exc)
        ) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell repeats itself across the row
                    seen.add(id(cell._tc))
                    lines.append(cell.text.replace("\n", " ").strip())
        else:
            lines.append(block.text)
    return "\n".join(lines)


_SENTENCE_END = re.compile(r"[。！？!?；;:：」）)]\s*$")


def _join_wrapped(page: str) -> str:
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
    return "\n".join(out)


def _pdf_text(data: bytes, file: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise KaopingInputError.one("err.pdf_encrypted", file=file, field=WHOLE_FILE)
        pages = [page.extract_text() or "" for page in reader.pages]
    except KaopingInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise KaopingInputError.one(
            "err.pdf_unreadable", file=file, field=WHOLE_FILE, problem=str(exc)
        ) from exc
    text = "\n".join(_join_wrapped(p) for p in pages)
    if not text.strip() and pages:
        raise KaopingInputError.one("err.pdf_no_text", file=file, field=WHOLE_FILE)
    return text


def narrative_from_bytes(data: bytes, file: str, suffix: str) -> Narrative:
    suffix = suffix.lower()
    if suffix == ".docx":
        text, kind = _docx_text(data, file), "docx"
    elif suffix == ".pdf":
        text, kind = _pdf_text(data, file), "pdf"
    elif suffix in (".md", ".markdown", ".txt"):
        text, kind = _decode(data, file).replace("\r\n", "\n"), suffix.lstrip(".")
    else:
        raise KaopingInputError.one(
            "err.narrative_type", file=file, field=WHOLE_FILE, suffix=suffix or "?"
        )
    if not re.search(r"\w", text):
        raise KaopingInputError.one("err.narrative_empty", file=file, line=1, field=WHOLE_FILE)
    return Narrative(text, file, kind)


def load_narrative(path: Path, file: str | None = None) -> Narrative:
    """Read a narrative file; bad files give one clear input error."""
    file = file or str(path)
    return narrative_from_bytes(read_input_bytes(path, file), file, path.suffix)
