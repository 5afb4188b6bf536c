"""The caller's language as a dependency (``Accept-Language``; zh-TW by default)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.api.errors import request_lang


def _lang(request: Request) -> str:
    return request_lang(request)


Lang = Annotated[str, Depends(_lang)]
