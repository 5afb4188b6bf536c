"""Files from users: their type told by content, their names only ever labels.

The client's filename is only shown back (in messages, listings); the bytes are written to a
fresh temporary file whose suffix comes from what the content is (``filetype`` for binary
formats, a UTF-8 check and a glance at the text for the rest), so the core's loaders read it
exactly as they read a file given on the command line. The API and the UI both use this.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath

import filetype

from assistant.workspace.errors import Unsupported

# content kind -> the suffix the loaders read it as, per kind of upload
DOCUMENT_TYPES = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".md", "json": ".txt"}
METRICS_TYPES = {"text": ".yaml", "json": ".json", "xlsx": ".xlsx"}
NARRATIVE_TYPES = {"text": ".md", "docx": ".docx", "pdf": ".pdf"}
CATALOG_TYPES = {"text": ".yaml", "json": ".json"}
TABLE_TYPES = {"text": ".csv", "xlsx": ".xlsx"}


def display_name(name: str | None, fallback: str = "upload") -> str:
    """The last part of a client's filename, printable and short: for messages only."""
    if not name:
        return fallback
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[:120] or fallback


def sniff(data: bytes) -> str:
    """What the bytes are: pdf, docx, xlsx, odt, ods, html, json, text or an unknown kind."""
    kind = filetype.guess(data[:8192])
    if kind is not None:
        return str(kind.extension)
    if b"\x00" in data[:8192]:
        return "binary"
    try:
        text = data[:8192].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 8188:  # not a character cut at the window's end
            return "binary"
        text = data[: exc.start].decode("utf-8")
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith(("{", "[")):
        return "json"
    return "text"


def suffix_for(data: bytes, accepted: dict[str, str], field: str, name: str = "") -> str:
    """The suffix the loaders expect for this content (415 naming the field otherwise).

    Text is text whatever its name; only between two text formats (YAML or CSV) does the
    name's extension choose."""
    kind = sniff(data)
    if kind not in accepted:
        raise Unsupported("api.err.file_type", field, kind=kind,
                          accepted=", ".join(sorted(set(accepted.values()))))  # fmt: skip
    suffix = accepted[kind]
    if kind == "text" and suffix == ".yaml" and name.lower().endswith(".csv"):
        return ".csv"
    return suffix


@contextmanager
def staged(data: bytes, suffix: str) -> Iterator[Path]:
    """The bytes in a private temporary file (removed afterwards) named by us, not the client."""
    with tempfile.TemporaryDirectory(prefix="kaoping-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        yield path
