"""``POST /v1/ask``: answers from the guidance documents the caller may see, with citations."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.auth import CallerDesk
from assistant.api.errors import responses
from assistant.api.lang import Lang
from assistant.api.streaming import SSE_DOC, stream, wants_stream

router = APIRouter(prefix="/v1", tags=["ask"])


class AskRequest(BaseModel):
    model_config = {"json_schema_extra": {"examples": [
        {"question": "韓國財政項目自評的執行效率配分是多少？"},
        {"question": "那乙等呢？", "conversation_id": "3f2a9c0d11be"},
    ]}}  # fmt: skip

    question: str = Field(
        min_length=1, max_length=2000, examples=["韓國財政項目自評的執行效率配分是多少？"]
    )
    conversation_id: str | None = Field(
        default=None, pattern=r"^[a-f0-9]{12}$", description="續問 Continue a conversation",
        examples=["3f2a9c0d11be"],
    )  # fmt: skip
    k: int = Field(default=5, ge=1, le=20)
    stream: bool = Field(
        default=False, description="Server-sent events (also by `Accept: text/event-stream`)"
    )


class CitationOut(BaseModel):
    n: int
    doc: str
    page: int | None
    section: str
    heading: str = ""
    quote: str
    path: str | None = None


class AnswerOut(BaseModel):
    answer: str
    mode: Literal["llm", "extractive"]
    found: bool
    citations: list[CitationOut]
    see_also: list[dict[str, Any]]
    question: str
    standalone_question: str
    lang: str
    conversation_id: str | None
    out_of_scope: bool
    confidence: float | None
    evidence: dict[str, Any] | None
    unsupported: list[dict[str, Any]]
    prompts: list[dict[str, str]]
    llm: dict[str, Any] | None


@router.post(
    "/ask",
    response_model=AnswerOut,
    summary="問答 Ask the guidance documents",
    responses={**responses(400, 401, 422), 200: {"content": SSE_DOC}},
)
async def ask(body: AskRequest, desk: CallerDesk, lang: Lang,
              accept: Annotated[str | None, Header()] = None) -> Any:  # fmt: skip
    """Retrieve among visible documents, then answer: by the model with every citation and
    number checked, or offline by quoting the passages. `found: false` says the documents do
    not hold the answer. A `conversation_id` continues the caller's own conversation."""

    def work(emit: Any = None) -> dict[str, Any]:
        return desk.ask(body.question, body.conversation_id, body.k, on_event=emit)

    if wants_stream(accept, body.stream):
        return stream(work, "answer", lang)
    return await run_in_threadpool(work)
