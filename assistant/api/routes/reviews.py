"""Reviews over HTTP: check a narrative against the data, keep it, decide each flag.

A review belongs to its agency: its officers and assigned reviewers (and admins) run and read
it; only the assigned reviewers and admins accept or dismiss a flag. Decisions keep their
history (who, when, the comment); the latest one per flag counts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, UploadFile
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.auth import CallerDesk
from assistant.api.errors import ApiError, responses
from assistant.api.inputs import MAX_ID
from assistant.api.lang import Lang
from assistant.api.routes.scoring import METRICS_EXAMPLE
from assistant.api.uploads import read_limited
from assistant.model import MetricsFile
from assistant.workspace.desk import Desk, metrics_from_model
from assistant.workspace.files import (
    METRICS_TYPES,
    NARRATIVE_TYPES,
    display_name,
    staged,
    suffix_for,
)
from assistant.workspace.schema import ReviewRecord

router = APIRouter(prefix="/v1", tags=["reviews"])

ReviewId = Annotated[int, Path(ge=1, le=MAX_ID)]


class ReviewRequest(BaseModel):
    metrics: MetricsFile
    narrative: str | None = Field(default=None, max_length=500_000,
                                  examples=["本年度預算執行率達98%，超越目標。"])  # fmt: skip
    draft_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Review a saved draft instead of a text"
    )
    draft_version: int | None = Field(default=None, ge=1, le=MAX_ID)
    framework: str | None = Field(default=None, examples=["tw-kpi"])

    model_config = {"json_schema_extra": {"examples": [
        {"metrics": METRICS_EXAMPLE, "narrative": "預算執行率達98%，已達成目標。"}]}}  # fmt: skip


class DecisionRequest(BaseModel):
    model_config = {"json_schema_extra": {"examples": [
        {"decision": "dismissed", "comment": "機關已補充說明，同意排除。"}, {"decision": "accepted"}]}}  # fmt: skip

    decision: Literal["accepted", "dismissed"]
    comment: str = Field(default="", max_length=4000, examples=["機關已補充說明，同意排除。"])


class DecisionOut(BaseModel):
    flag_index: int
    decision: Literal["accepted", "dismissed"]
    comment: str
    decided_by: str
    decided_at: datetime


class ReviewOut(BaseModel):
    id: int
    agency_id: str
    period: str
    draft_id: int | None
    created_by: str
    created_at: datetime
    result: dict[str, Any] = Field(description="contract §4.2: flags and summary")
    text: str = Field(description="The narrative's plain text (flag spans index it)")
    decisions: list[DecisionOut] = Field(description="The current decision per decided flag")
    history: list[DecisionOut] = Field(description="Every decision, oldest first")


class ReviewSummary(BaseModel):
    id: int
    agency_id: str
    period: str
    draft_id: int | None
    flags: int
    undecided: int
    created_by: str
    created_at: datetime


class ReviewList(BaseModel):
    reviews: list[ReviewSummary]


def _decision(row: Any) -> DecisionOut:
    return DecisionOut(flag_index=row.flag_index, decision=row.decision, comment=row.comment,
                       decided_by=row.decided_by, decided_at=row.decided_at)  # fmt: skip


def _out(desk: Desk, review: ReviewRecord) -> ReviewOut:
    history = [_decision(d) for d in desk.decisions(review)]
    current = {d.flag_index: d for d in history}
    return ReviewOut(id=review.id, agency_id=review.agency_id, period=review.period,
                     draft_id=review.draft_id, created_by=review.created_by, created_at=review.created_at,
                     result=review.result, text=review.narrative,
                     decisions=[current[i] for i in sorted(current)], history=history)  # fmt: skip


@router.post("/reviews", response_model=ReviewOut, status_code=201,
             summary="審查 Review a narrative or a saved draft",
             responses=responses(400, 401, 403, 404, 413, 422))  # fmt: skip
def create_review(body: ReviewRequest, desk: CallerDesk, lang: Lang) -> ReviewOut:
    """Every gap between what the narrative claims and what the data says, with the sentence."""
    loaded = metrics_from_model(body.metrics)
    if body.draft_id is not None:
        review = desk.review_draft(loaded, body.framework, body.draft_id, body.draft_version, lang)
    elif body.narrative and body.narrative.strip():
        review = desk.create_review(
            loaded, body.framework, body.narrative.replace("\r\n", "\n"), lang
        )
    else:
        raise ApiError(422, "api.err.no_narrative", field="narrative")
    return _out(desk, review)


@router.post("/reviews/upload", response_model=ReviewOut, status_code=201,
             summary="審查（上傳檔案）Review uploaded files",
             responses=responses(400, 401, 403, 413, 415, 422))  # fmt: skip
async def upload_review(
    desk: CallerDesk,
    lang: Lang,
    metrics: Annotated[UploadFile, File(description="metrics: YAML, JSON, CSV or XLSX")],
    narrative: Annotated[UploadFile, File(description="narrative: Markdown, text, DOCX or PDF")],
    framework: Annotated[str | None, Form()] = None,
) -> ReviewOut:
    """The same review from files, as an officer has them."""
    from assistant.model import load_metrics
    from assistant.review import narrative_from_bytes

    limit = int(desk.office.settings.max_upload_mb * 1024 * 1024)
    metrics_name = display_name(metrics.filename, "metrics")
    narrative_name = display_name(narrative.filename, "narrative")
    metrics_bytes = await read_limited(metrics, limit)
    narrative_bytes = await read_limited(narrative, limit)
    suffix = suffix_for(metrics_bytes, METRICS_TYPES, "metrics", metrics_name)
    text_suffix = suffix_for(narrative_bytes, NARRATIVE_TYPES, "narrative")

    def work() -> ReviewOut:
        with staged(metrics_bytes, suffix) as path:
            loaded = load_metrics(path, file=metrics_name)
        text = narrative_from_bytes(narrative_bytes, narrative_name, text_suffix).text
        return _out(desk, desk.create_review(loaded, framework, text, lang))

    return await run_in_threadpool(work)


@router.get(
    "/reviews", response_model=ReviewList, summary="審查清單 List reviews", responses=responses(401)
)
def list_reviews(desk: CallerDesk, agency_id: str | None = None) -> ReviewList:
    reviews = desk.reviews(agency_id)
    decided = desk.decided_flags(reviews)
    return ReviewList(reviews=[
        ReviewSummary(id=r.id, agency_id=r.agency_id, period=r.period, draft_id=r.draft_id,
                      flags=len(r.result.get("flags", [])),
                      undecided=len(r.result.get("flags", [])) - decided.get(r.id, 0),
                      created_by=r.created_by, created_at=r.created_at)
        for r in reviews
    ])  # fmt: skip


@router.get("/reviews/{review_id}", response_model=ReviewOut, summary="讀取審查 Read a review",
            responses=responses(401, 404))  # fmt: skip
def get_review(review_id: ReviewId, desk: CallerDesk) -> ReviewOut:
    return _out(desk, desk.review(review_id))


@router.post("/reviews/{review_id}/flags/{flag_index}/decision", response_model=ReviewOut,
             summary="決定審查意見 Accept or dismiss a flag",
             responses=responses(400, 401, 403, 404, 422))  # fmt: skip
def decide_flag(
    review_id: ReviewId, flag_index: int, body: DecisionRequest, desk: CallerDesk
) -> ReviewOut:
    """Record the reviewer's decision with a comment (who and when are kept)."""
    return _out(desk, desk.decide(review_id, flag_index, body.decision, body.comment))


# `Response`: errors stay documented as JSON, the 200 only as Markdown
@router.get("/reviews/{review_id}/memo", response_class=Response,
            summary="審查意見書 The review memo (Markdown)",
            responses={**responses(401, 404), 200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}})  # fmt: skip
def review_memo(review_id: ReviewId, desk: CallerDesk, lang: Lang) -> PlainTextResponse:
    return PlainTextResponse(desk.memo(review_id, lang), media_type="text/markdown; charset=utf-8")
