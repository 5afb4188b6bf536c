"""Uploads: a size limit for the whole body and for each file. (What a file is, is told by its
content in assistant/workspace/files.py; its name is only ever a label.)
"""

from __future__ import annotations

from fastapi import UploadFile
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
