"""Narrative text from .md, .txt, .docx and .pdf, as the plain text that spans index.

The plain text is Kaoping's own, stable form of the narrative: Markdown and
text as written; DOCX paragraphs one per line and each table row as its cells
joined by tabs, in document order; PDF pages with wrapped lines joined back
into sentences (the readers are :mod:`retrieval.loaders`, shared with the library). ``--with-text``
returns it so that every span can be checked against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.model.errors import WHOLE_FILE, InputProblem, KaopingInputError
from assistant.model.source import read_input_bytes
from retrieval.errors import DocumentError
from retrieval.loaders import decode_text, docx_blocks, pdf_pages

NARRATIVE_SUFFIXES = (".md", ".markdown", ".txt", ".docx", ".pdf")


@dataclass(frozen=True)
class Narrative:
    text: str
    file: str
    format: str


def document_problem(error: DocumentError) -> InputProblem:
    """A library reader's error as a located input problem (the line, when there is one, and the field)."""
    params = {k: v for k, v in error.params.items() if k != "line"}
    field = "encoding" if error.message_id == "err.not_utf8" else WHOLE_FILE
    return InputProblem(error.message_id, params, error.file, error.params.get("line"), field)


def narrative_from_bytes(data: bytes, file: str, suffix: str) -> Narrative:
    suffix = suffix.lower()
    if suffix not in NARRATIVE_SUFFIXES:
        raise KaopingInputError.one(
            "err.narrative_type", file=file, field=WHOLE_FILE, suffix=suffix or "?"
        )
    try:
        if suffix == ".docx":
            text = "\n".join(block.text for block in docx_blocks(data, file))
        elif suffix == ".pdf":
            text = "\n".join(pdf_pages(data, file))
        else:  # a narrative is UTF-8: spans must mean the same to every reader
            text = decode_text(data, file, legacy=False).replace("\r\n", "\n")
    except DocumentError as exc:
        raise KaopingInputError([document_problem(exc)]) from None
    if not re.search(r"\w", text):
        raise KaopingInputError.one("err.narrative_empty", file=file, line=1, field=WHOLE_FILE)
    return Narrative(text, file, suffix.lstrip("."))


def load_narrative(path: Path, file: str | None = None) -> Narrative:
    """Read a narrative file; bad files give one clear input error."""
    file = file or str(path)
    return narrative_from_bytes(read_input_bytes(path, file), file, path.suffix)
