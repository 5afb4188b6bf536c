"""One error shape for every failure: ``{"error": {"code", "message", "field"}}``.

``code`` is the stable message id (clients branch on it), ``message`` is the sentence in the
caller's language (``Accept-Language``: zh-TW by default, en), ``field`` names the input at
fault when there is one. Input problems of the core keep their file, line and field.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.i18n import DEFAULT_LANG, UnknownLanguageError, normalize_lang, t
from assistant.model import KaopingInputError
from assistant.model.errors import format_path
from assistant.model.validation import problems_from_errors
from assistant.workspace.errors import DeskError

log = logging.getLogger("kaoping.api")


class ErrorBody(BaseModel):
    code: str = Field(examples=["api.err.forbidden"])
    message: str = Field(examples=["您沒有權限存取此資源。"])
    field: str | None = Field(default=None, examples=["metrics.goals[0].indicators[0].target"])


class ErrorResponse(BaseModel):
    """What every 4xx and 5xx answer carries."""

    error: ErrorBody


class ApiError(DeskError):
    """A refusal only the HTTP face makes (no key, a form field out of range): any status."""

    def __init__(
        self, http_status: int, code: str, *, field: str | None = None, **params: Any
    ) -> None:
        super().__init__(code, field, **params)
        self.status = http_status


def request_lang(request: Request) -> str:
    """The first language of ``Accept-Language`` (by q) that has a catalog; zh-TW otherwise."""
    header = request.headers.get("accept-language", "")
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and tag != "*":
            choices.append((-q, i, tag))
    for _q, _i, tag in sorted(choices):
        try:
            return normalize_lang(tag)
        except UnknownLanguageError:
            continue
    return DEFAULT_LANG


def error_response(request: Request, status_code: int, code: str, field: str | None = None,
                   message: str | None = None, headers: dict[str, str] | None = None,
                   **params: Any) -> JSONResponse:  # fmt: skip
    lang = request_lang(request)
    body = {"error": {"code": code, "message": message or t(code, lang, **params), "field": field}}
    return JSONResponse(body, status_code=status_code, headers=headers)


SOURCES = ("body", "query", "path", "header", "cookie", "form")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the one shape."""

    @app.exception_handler(DeskError)
    async def desk_error(request: Request, exc: DeskError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(
            request, exc.status, exc.message_id, exc.field, headers=headers, **exc.params
        )

    @app.exception_handler(KaopingInputError)
    async def input_error(request: Request, exc: KaopingInputError) -> JSONResponse:
        lang = request_lang(request)
        problem = exc.problems[0].to_json(lang)
        return error_response(request, 422, problem["code"], problem["field"], exc.render(lang))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors_ = list(exc.errors())
        if not errors_ or errors_[0].get("type") == "json_invalid":
            return error_response(request, 400, "api.err.bad_json", "body")
        first = errors_[0]
        skip = 1 if first["loc"] and first["loc"][0] in SOURCES else 0
        problem = problems_from_errors(errors_[:1], skip=skip)[0]
        field = (
            format_path(problem.path)
            if problem.path
            else (str(first["loc"][0]) if first["loc"] else None)
        )
        lang = request_lang(request)
        return error_response(
            request, 422, problem.message_id, field, t(problem.message_id, lang, **problem.params)
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "api.err.not_found", 405: "api.err.method", 413: "api.err.too_large"}
        code = codes.get(exc.status_code, "api.err.http")
        return error_response(request, exc.status_code, code, status=exc.status_code)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "api.err.internal")


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an endpoint can answer with."""
    described = {
        400: "bad request (malformed JSON, unreadable file)",
        401: "no key, or an unknown or revoked key",
        403: "the key's role or agencies do not allow this",
        404: "no such resource (or not visible to the caller)",
        409: "conflicts with the current state",
        413: "upload larger than the limit",
        415: "file type (by content) not accepted here",
        422: "input that does not validate; `field` names it",
        504: "the request took longer than the time limit",
    }
    return {s: {"model": ErrorResponse, "description": described[s]} for s in statuses}
