"""Uploads: a size limit, the file type told by content, and names that never become paths.

The client's filename is only shown back (in messages, listings); the bytes are written to a
fresh temporary file whose suffix comes from what the content is (``filetype`` for binary
formats, a UTF-8 check and a glance at the text for the rest), so the core's loaders read
it exactly as they read a file given on the command line.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath

import filetype
from fastapi import UploadFile
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import ApiError

CHUNK = 1 << 16


class TooLarge(StarletteHTTPException):
    """Raised while the body streams in (FastAPI passes HTTP exceptions through form parsing)."""

    def __init__(self) -> None:
        super().__init__(413)


class BodyLimit:
    """ASGI middleware: 413 for a body over the limit, by Content-Length or as it arrives.

    Starlette's own body limit answers in plain text when Content-Length is over the limit
    (whatever the app answered); this one always answers in the API's error shape."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            from starlette.requests import Request

            from assistant.api.errors import error_response

            await error_response(Request(scope), 413, "api.err.too_large")(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLarge()
            return message

        await self.app(scope, counted, send)


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


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    """The whole upload (already bounded by the body limit; checked again per file)."""
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge()
        parts.append(chunk)
    return b"".join(parts)


def suffix_for(data: bytes, accepted: dict[str, str], field: str) -> str:
    """The suffix the loaders expect for this content, or 415 naming the field."""
    kind = sniff(data)
    if kind not in accepted:
        raise ApiError(415, "api.err.file_type", field=field, kind=kind,
                       accepted=", ".join(sorted(set(accepted.values()))))  # fmt: skip
    return accepted[kind]


@contextmanager
def staged(data: bytes, suffix: str) -> Iterator[Path]:
    """The bytes in a private temporary file (removed afterwards) named by us, not the client."""
    with tempfile.TemporaryDirectory(prefix="kaoping-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        yield path


def safe_stem(name: str) -> str:
    """A file stem for a stored copy: letters, digits, CJK, dot, dash and underscore only."""
    stem = re.sub(r"[^\w.\-]+", "_", Path(display_name(name)).stem, flags=re.UNICODE).strip("._")
    return stem[:80] or "document"
