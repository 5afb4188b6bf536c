"""Drafts over HTTP: generate (JSON or SSE), list, read, save edited versions, download.

A draft belongs to its agency: only that agency's officers (and admins) write it; its
reviewers read it. Every saved edit is a new version, checked against the data like a
narrative under review, and every version can be downloaded as Markdown, DOCX or ODT.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.auth import CallerDesk
from assistant.api.errors import responses
from assistant.api.inputs import MAX_ID
from assistant.api.lang import Lang
from assistant.api.routes.scoring import METRICS_EXAMPLE
from assistant.api.streaming import SSE_DOC, stream, wants_stream
from assistant.model import MetricsFile
from assistant.workspace.desk import EXPORTS, Desk, metrics_from_model
from assistant.workspace.schema import DraftRecord, DraftVersion

router = APIRouter(prefix="/v1", tags=["drafts"])

# the 200 of a download per format: the media type (without its charset) and what it holds
DOWNLOAD_CONTENT = {
    media.split(";")[0]: {
        "schema": {"type": "object"} if kind == "json" else {"type": "string", "format": "binary"}
    }
    for kind, media in EXPORTS.items()
}

DraftId = Annotated[int, Path(ge=1, le=MAX_ID)]
VersionNumber = Annotated[int | None, Query(ge=1, le=MAX_ID)]


class DraftRequest(BaseModel):
    metrics: MetricsFile
    framework: str | None = Field(default=None, examples=["tw-kpi"])
    lang: Literal["zh-TW", "en"] = Field(
        default="zh-TW", description="草稿語言 Language of the draft"
    )
    roc_year: bool = Field(default=False, description="民國紀年 Write years as ROC years (112 年)")
    stream: bool = Field(
        default=False, description="Server-sent events (also by `Accept: text/event-stream`)"
    )

    model_config = {"json_schema_extra": {"examples": [{"metrics": METRICS_EXAMPLE}]}}


class SectionEdit(BaseModel):
    index: int = Field(ge=0, description="Which section (0 = the summary)")
    paragraphs: list[str] = Field(
        max_length=200, examples=[["本年度預算執行率為92.3%，未達目標95%。"]]
    )


class VersionRequest(BaseModel):
    model_config = {"json_schema_extra": {"examples": [
        {"sections": [{"index": 1, "paragraphs": ["本年度預算執行率為92.3%，未達目標95%。"]}]}]}}  # fmt: skip

    sections: list[SectionEdit] = Field(min_length=1, max_length=200)


class VersionInfo(BaseModel):
    number: int
    mode: str
    created_by: str
    created_at: datetime


class DraftOut(BaseModel):
    id: int
    agency_id: str
    period: str
    title: str
    version: int
    versions: list[VersionInfo]
    created_by: str
    created_at: datetime
    draft: dict[str, Any] = Field(description="kaoping/draft@1 (docs/draft-format.md)")
    review: dict[str, Any] | None = Field(
        default=None, description="The checker's flags on an edited version"
    )


class DraftSummary(BaseModel):
    id: int
    agency_id: str
    period: str
    title: str
    version: int
    created_by: str
    updated_at: datetime


class DraftList(BaseModel):
    drafts: list[DraftSummary]


def _out(desk: Desk, draft: DraftRecord, version: DraftVersion) -> DraftOut:
    versions = [VersionInfo(number=v.number, mode=v.mode, created_by=v.created_by, created_at=v.created_at)
                for v in desk.versions(draft)]  # fmt: skip
    body = dict(version.body)
    review = body.pop("review", None)
    return DraftOut(id=draft.id, agency_id=draft.agency_id, period=draft.period, title=draft.title,
                    version=version.number, versions=versions, created_by=draft.created_by,
                    created_at=draft.created_at, draft=body, review=review)  # fmt: skip


@router.post(
    "/drafts",
    response_model=DraftOut,
    status_code=201,
    summary="起草 Draft an agency's report",
    responses={**responses(400, 401, 403, 413, 422), 201: {"content": SSE_DOC}},
)
async def create_draft(body: DraftRequest, desk: CallerDesk, lang: Lang,
                       accept: Annotated[str | None, Header()] = None) -> Any:  # fmt: skip
    """Score the metrics and write the narrative: by the model with every number verified,
    or offline by the deterministic drafter (`draft.mode` says which). Saved as version 1."""
    plan = desk.plan_draft(
        metrics_from_model(body.metrics), body.framework
    )  # refusals before a stream

    def work(emit: Any = None) -> dict[str, Any]:
        record = desk.create_draft(plan, lang=body.lang, roc_year=body.roc_year, on_event=emit)
        return _out(desk, record, desk.version(record, 1)).model_dump(mode="json")

    if wants_stream(accept, body.stream):
        return stream(work, "draft", lang)
    return await run_in_threadpool(work)


@router.get(
    "/drafts", response_model=DraftList, summary="草稿清單 List drafts", responses=responses(401)
)
def list_drafts(desk: CallerDesk, agency_id: str | None = None) -> DraftList:
    """Drafts of the agencies the caller may see, newest first."""
    return DraftList(drafts=[
        DraftSummary(id=d.id, agency_id=d.agency_id, period=d.period, title=d.title, version=d.latest,
                     created_by=d.created_by, updated_at=d.updated_at)
        for d in desk.drafts(agency_id)
    ])  # fmt: skip


@router.get("/drafts/{draft_id}", response_model=DraftOut, summary="讀取草稿 Read a draft",
            responses=responses(401, 404))  # fmt: skip
def get_draft(draft_id: DraftId, desk: CallerDesk, version: VersionNumber = None) -> DraftOut:
    """The latest version, or the one asked for."""
    draft = desk.draft(draft_id)
    return _out(desk, draft, desk.version(draft, version))


@router.post("/drafts/{draft_id}/versions", response_model=DraftOut, status_code=201,
             summary="儲存修改 Save an edited version",
             responses=responses(400, 401, 403, 404, 422))  # fmt: skip
def save_version(draft_id: DraftId, body: VersionRequest, desk: CallerDesk, lang: Lang) -> DraftOut:
    """Replace the paragraphs of the sections given; the result is checked against the data
    (flags in `review`) and saved as the next version."""
    version = desk.save_version(draft_id, {e.index: e.paragraphs for e in body.sections}, lang)
    return _out(desk, desk.draft(draft_id), version)


@router.get(
    "/drafts/{draft_id}/download",
    summary="下載草稿 Download as Markdown, DOCX, ODT or JSON",
    responses={**responses(401, 404, 422), 200: {"content": DOWNLOAD_CONTENT}},
)  # fmt: skip
def download_draft(draft_id: DraftId, desk: CallerDesk,
                   format: Literal["md", "docx", "odt", "json"] = "docx",
                   version: VersionNumber = None) -> Response:  # fmt: skip
    from urllib.parse import quote

    content, media, name = desk.export_draft(draft_id, format, version)
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})  # fmt: skip
