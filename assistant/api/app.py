"""The FastAPI application: every capability under ``/v1``, one error shape, keys and roles.

``create_app`` builds it from the settings (the workspace database is opened and migrated,
unfinished batch runs are resumed by the worker); ``kaoping serve`` runs it under uvicorn.
Endpoints are thin: they check access, call the same services as the CLI, and store the
work in the workspace.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant import __version__
from assistant.api import errors
from assistant.api.uploads import BodyLimit
from assistant.settings import Settings
from assistant.workspace import Workspace
from assistant.workspace.office import Office

DESCRIPTION = """考評 Kaoping：政府施政績效報告的起草、審查、指標精簡與指引問答。
Kaoping drafts and checks government performance-evaluation reports.

Every request but `/healthz` and `/readyz` carries an API key
(`Authorization: Bearer kp_…` or `X-API-Key: kp_…`); `kaoping keys create` makes one.
Errors always have the shape `{"error": {"code", "message", "field"}}`, in zh-TW or en by
`Accept-Language`. Numbers in metrics are exact decimals (send them as JSON numbers or strings).
"""


class ExactJSONRequest(Request):
    """Parses JSON numbers as decimals, so 92.3 stays 92.3 all the way to the scoring core."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json.loads(await self.body(), parse_float=Decimal)
        return self._json


class ExactJSONRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def exact(request: Request) -> Response:
            return await handler(ExactJSONRequest(request.scope, request.receive))

        return exact


class Timeout:
    """ASGI middleware: 504 when no response has started within the limit.

    Streams (SSE) and downloads start their response early and are not cut off afterwards;
    a batch runs in the worker, not in the request."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            await self.app(scope, receive, send)
            return
        started = asyncio.Event()

        async def watched(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.set()
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, watched))
        waiter = asyncio.ensure_future(started.wait())
        done, _ = await asyncio.wait({task, waiter}, timeout=self.seconds,
                                     return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
        if not done:
            task.cancel()
            waiter.cancel()
            request = Request(scope)
            response = errors.error_response(request, 504, "api.err.timeout", seconds=self.seconds)
            await response(scope, receive, send)
            return
        waiter.cancel()
        await task


def create_app(settings: Settings, *, auth: bool = True, workspace: Workspace | None = None,
               start_worker: bool = True) -> FastAPI:  # fmt: skip
    """The application for these settings; ``auth=False`` is the single local user."""
    from assistant.api.routes import ROUTERS

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        here: Office = app.state.office
        if start_worker and here.worker is not None:
            here.worker.start()
        if here.warmer is not None:
            here.warmer.start()
        yield
        here.close()

    app = FastAPI(
        title="Kaoping 考評 API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "meta", "description": "健康檢查與評分架構 Health and frameworks"},
            {"name": "scoring", "description": "評分 Deterministic scores"},
            {"name": "drafts", "description": "起草 Drafts and their versions"},
            {"name": "reviews", "description": "審查 Reviews and flag decisions"},
            {"name": "indicators", "description": "指標精簡 Indicator rationalisation"},
            {"name": "documents", "description": "文件庫 The guidance library"},
            {"name": "ask", "description": "問答 Questions to the guidance documents"},
            {"name": "batches", "description": "批次 The auto-report batch"},
            {"name": "keys", "description": "金鑰 API keys (admin)"},
        ],
    )
    app.router.route_class = ExactJSONRoute
    app.state.office = Office.open(settings, workspace)
    app.state.auth = auth
    errors.install(app)
    for router in ROUTERS:
        router.route_class = ExactJSONRoute
        app.include_router(router)
    _document_errors(app)
    app.add_middleware(Timeout, seconds=settings.request_timeout)
    app.add_middleware(BodyLimit, limit=int(settings.max_upload_mb * 1024 * 1024))
    return app


def _document_errors(app: FastAPI) -> None:
    """FastAPI documents request validation errors as its own ``HTTPValidationError``; this
    API answers them in the one error shape, and the schema says so."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        ref = {"$ref": "#/components/schemas/ErrorResponse"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                invalid = operation.get("responses", {}).get("422")
                if invalid is not None:
                    invalid["content"] = {"application/json": {"schema": ref}}
                    invalid["description"] = "input that does not validate; `field` names it"
        components = schema.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        components.setdefault("ErrorResponse", errors.ErrorResponse.model_json_schema(
            ref_template="#/components/schemas/{model}"))  # fmt: skip
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
