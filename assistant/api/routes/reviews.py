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

from assistant.api.auth import Caller, Svc, require
from assistant.api.errors import ApiError, responses
from assistant.api.inputs import MAX_ID, framework_of, loaded_metrics, metrics_data
from assistant.api.lang import Lang
from assistant.api.routes.drafts import visible_draft
from assistant.api.routes.scoring import METRICS_EXAMPLE
from assistant.api.uploads import display_name, read_limited, staged, suffix_for
from assistant.model import MetricsFile
from assistant.model.tables import LoadedMetrics
from assistant.workspace import Principal
from assistant.workspace.schema import ReviewRecord

router = APIRouter(prefix="/v1", tags=["reviews"])

METRICS_TYPES = {"text": ".yaml", "json": ".json", "xlsx": ".xlsx"}
NARRATIVE_TYPES = {"text": ".md", "docx": ".docx", "pdf": ".pdf"}
CSV_HINT = (".csv",)

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


def _out(svc: Svc, review: ReviewRecord) -> ReviewOut:
    history = [_decision(d) for d in svc.workspace.decisions(review.id)]
    current = {d.flag_index: d for d in history}
    return ReviewOut(id=review.id, agency_id=review.agency_id, period=review.period,
                     draft_id=review.draft_id, created_by=review.created_by, created_at=review.created_at,
                     result=review.result, text=review.narrative,
                     decisions=[current[i] for i in sorted(current)], history=history)  # fmt: skip


def visible_review(svc: Svc, principal: Principal, review_id: int) -> ReviewRecord:
    review = svc.workspace.review(review_id)
    if review is None or not principal.sees_agency(review.agency_id):
        raise ApiError(404, "api.err.no_review", field="review_id", id=review_id)
    return review


def _run(svc: Svc, principal: Principal, loaded: LoadedMetrics, framework: str | None,
         text: str, lang: str, draft_id: int | None = None) -> ReviewOut:  # fmt: skip
    from assistant.review import review_json
    from assistant.review.rules import review_text

    agency = loaded.metrics.agency.id
    require(principal.may_review(agency))
    fw = framework_of(svc, loaded, framework)
    result = review_json(review_text(loaded.metrics, fw, text), lang=lang)
    record = svc.workspace.create_review(agency_id=agency, period=loaded.metrics.period, narrative=text,
                                         metrics=metrics_data(loaded.metrics), result=result,
                                         actor=principal.name, draft_id=draft_id)  # fmt: skip
    return _out(svc, record)


@router.post("/reviews", response_model=ReviewOut, status_code=201,
             summary="審查 Review a narrative or a saved draft",
             responses=responses(400, 401, 403, 404, 413, 422))  # fmt: skip
def create_review(body: ReviewRequest, principal: Caller, svc: Svc, lang: Lang) -> ReviewOut:
    """Every gap between what the narrative claims and what the data says, with the sentence."""
    from assistant.api.routes.drafts import draft_text

    loaded = loaded_metrics(body.metrics)
    draft_id = None
    if body.draft_id is not None:
        draft = visible_draft(svc, principal, body.draft_id)
        version = svc.workspace.version(draft.id, body.draft_version)
        if version is None:
            raise ApiError(
                404, "api.err.no_version", field="draft_version", number=body.draft_version
            )
        text, draft_id = draft_text(version.body), draft.id
    elif body.narrative and body.narrative.strip():
        text = body.narrative.replace("\r\n", "\n")
    else:
        raise ApiError(422, "api.err.no_narrative", field="narrative")
    return _run(svc, principal, loaded, body.framework, text, lang, draft_id)


@router.post("/reviews/upload", response_model=ReviewOut, status_code=201,
             summary="審查（上傳檔案）Review uploaded files",
             responses=responses(400, 401, 403, 413, 415, 422))  # fmt: skip
async def upload_review(
    principal: Caller,
    svc: Svc,
    lang: Lang,
    metrics: Annotated[UploadFile, File(description="metrics: YAML, JSON, CSV or XLSX")],
    narrative: Annotated[UploadFile, File(description="narrative: Markdown, text, DOCX or PDF")],
    framework: Annotated[str | None, Form()] = None,
) -> ReviewOut:
    """The same review from files, as an officer has them."""
    from starlette.concurrency import run_in_threadpool

    from assistant.model import load_metrics
    from assistant.review import narrative_from_bytes

    limit = int(svc.settings.max_upload_mb * 1024 * 1024)
    metrics_name = display_name(metrics.filename, "metrics")
    narrative_name = display_name(narrative.filename, "narrative")
    metrics_bytes = await read_limited(metrics, limit)
    narrative_bytes = await read_limited(narrative, limit)
    suffix = suffix_for(metrics_bytes, METRICS_TYPES, "metrics")
    if suffix == ".yaml" and metrics_name.lower().endswith(CSV_HINT):
        suffix = ".csv"  # text either way; the name only chooses between two text readers
    text_suffix = suffix_for(narrative_bytes, NARRATIVE_TYPES, "narrative")

    def work() -> ReviewOut:
        with staged(metrics_bytes, suffix) as path:
            loaded = load_metrics(path, file=metrics_name)
        text = narrative_from_bytes(narrative_bytes, narrative_name, text_suffix).text
        return _run(svc, principal, loaded, framework, text, lang)

    return await run_in_threadpool(work)


@router.get(
    "/reviews", response_model=ReviewList, summary="審查清單 List reviews", responses=responses(401)
)
def list_reviews(principal: Caller, svc: Svc, agency_id: str | None = None) -> ReviewList:
    agencies = None if principal.is_admin else principal.agencies
    out = []
    for r in svc.workspace.reviews(agencies):
        if agency_id is not None and r.agency_id != agency_id:
            continue
        decided = {d.flag_index for d in svc.workspace.decisions(r.id)}
        flags = len(r.result.get("flags", []))
        out.append(ReviewSummary(id=r.id, agency_id=r.agency_id, period=r.period, draft_id=r.draft_id,
                                 flags=flags, undecided=flags - len(decided), created_by=r.created_by,
                                 created_at=r.created_at))  # fmt: skip
    return ReviewList(reviews=out)


@router.get("/reviews/{review_id}", response_model=ReviewOut, summary="讀取審查 Read a review",
            responses=responses(401, 404))  # fmt: skip
def get_review(review_id: ReviewId, principal: Caller, svc: Svc) -> ReviewOut:
    return _out(svc, visible_review(svc, principal, review_id))


@router.post("/reviews/{review_id}/flags/{flag_index}/decision", response_model=ReviewOut,
             summary="決定審查意見 Accept or dismiss a flag",
             responses=responses(400, 401, 403, 404, 422))  # fmt: skip
def decide_flag(review_id: ReviewId, flag_index: int, body: DecisionRequest, principal: Caller,
                svc: Svc) -> ReviewOut:  # fmt: skip
    """Record the reviewer's decision with a comment (who and when are kept)."""
    review = visible_review(svc, principal, review_id)
    require(principal.may_decide(review.agency_id))
    if not 0 <= flag_index < len(review.result.get("flags", [])):
        raise ApiError(404, "api.err.no_flag", field="flag_index", index=flag_index)
    svc.workspace.decide(review_id, flag_index, body.decision, body.comment, principal.name)
    return _out(svc, review)


# `Response`: errors stay documented as JSON, the 200 only as Markdown
@router.get("/reviews/{review_id}/memo", response_class=Response,
            summary="審查意見書 The review memo (Markdown)",
            responses={**responses(401, 404), 200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}})  # fmt: skip
def review_memo(review_id: ReviewId, principal: Caller, svc: Svc, lang: Lang) -> PlainTextResponse:
    from assistant.export.review_memo import review_memo as memo

    review = visible_review(svc, principal, review_id)
    metrics = MetricsFile.model_validate(review.metrics)
    return PlainTextResponse(
        memo(review.result, metrics, lang), media_type="text/markdown; charset=utf-8"
    )
