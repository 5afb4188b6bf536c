"""Server-sent events from a service that reports through an ``on_event`` callback.

The service runs in a worker thread; its events cross to the event loop through a queue and
go out as SSE (``event: token`` pieces while a model writes, then one ``event: answer`` or
``event: draft`` with the whole result, or ``event: error``). A client that disconnects does
not stop the work, which still ends and is saved.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from sse_starlette.sse import EventSourceResponse

from assistant.i18n import t
from assistant.model import KaopingInputError
from assistant.workspace.errors import DeskError

log = logging.getLogger("kaoping.api")

log = logging.getLogger("kaoping.api")

Work = Callable[[Callable[[dict[str, Any]], None]], dict[str, Any]]

# Open API 3.1 has no way to describe a stream's events: `schema` here describes one event, as
# tools read it (and as Open API 3.2 names it, `itemSchema`); `data` is the event's JSON.
SSE_DOC = {
    "text/event-stream": {
        "example": 'event: token\ndata: {"text": "依"}\n\nevent: answer\ndata: {"answer": "…"}\n\n',
        "schema": {
            "type": "object",
            "required": ["event", "data"],
            "properties": {
                "event": {"type": "string", "enum": ["token", "answer", "draft", "error"]},
                "data": {"type": "string", "contentMediaType": "application/json"},
            },
        },
    }
}


def stream(work: Work, final: str, lang: str) -> EventSourceResponse:
    """Run ``work(emit)`` in a thread; emitted events and its result stream to the client."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()

    def emit(event: dict[str, Any]) -> None:
        if event.get("event") == "token":
            loop.call_soon_threadsafe(queue.put_nowait, event)

    def run() -> None:
        try:
            event = {"event": final, final: work(emit)}
        except KaopingInputError as exc:
            problem = exc.problems[0].to_json(lang)
            event = {"event": "error", "error": {"code": problem["code"], "message": exc.render(lang),
                                                 "field": problem["field"]}}  # fmt: skip
        except DeskError as exc:
            event = {"event": "error", "error": {"code": exc.message_id, "field": exc.field,
                                                 "message": t(exc.message_id, lang, **exc.params)}}  # fmt: skip
        except Exception:  # reported to the client, never a broken stream
            log.exception("stream failed")
            event = {"event": "error", "error": {"code": "api.err.internal", "field": None,
                                                 "message": t("api.err.internal", lang)}}  # fmt: skip
        loop.call_soon_threadsafe(queue.put_nowait, event)
        loop.call_soon_threadsafe(queue.put_nowait, None)

    task = loop.run_in_executor(None, run)

    async def events() -> AsyncIterator[dict[str, str]]:
        while (event := await queue.get()) is not None:
            name = event.pop("event")
            payload = event.get(name, event) if name != "token" else event
            yield {"event": name, "data": json.dumps(payload, ensure_ascii=False)}
        await task

    return EventSourceResponse(events(), ping=15)


def wants_stream(accept: str | None, flag: bool) -> bool:
    return flag or "text/event-stream" in (accept or "")
