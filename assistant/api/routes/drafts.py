"""Drafts over HTTP: generate (JSON or SSE), list, read, save edited versions, download.

A draft belongs to its agency: only that agency's officers (and admins) write it; its
reviewers read it. Every saved edit is a new version, checked against the data like a
narrative under review, and every version can be downloaded as Markdown, DOCX or ODT.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.auth import Caller, Svc, require
from assistant.api.errors import ApiError, responses
from assistant.api.inputs import MAX_ID, framework_of, loaded_metrics, metrics_data
from assistant.api.lang import Lang
from assistant.api.routes.scoring import METRICS_EXAMPLE
from assistant.api.streaming import SSE_DOC, stream, wants_stream
from assistant.model import MetricsFile
from assistant.workspace import Principal
from assistant.workspace.schema import DraftRecord, DraftVersion

router = APIRouter(prefix="/v1", tags=["drafts"])

DOWNLOADS = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "json": "application/json",
}
# the 200 of a download per format: the media type (without its charset) and what it holds
DOWNLOAD_CONTENT = {
    media.split(";")[0]: {
        "schema": {"type": "object"} if kind == "json" else {"type": "string", "format": "binary"}
    }
    for kind, media in DOWNLOADS.items()
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


def visible_draft(svc: Svc, principal: Principal, draft_id: int) -> DraftRecord:
    """The draft, or 404 when it does not exist or the caller may not see its agency."""
    draft = svc.workspace.draft(draft_id)
    if draft is None or not principal.sees_agency(draft.agency_id):
        raise ApiError(404, "api.err.no_draft", field="draft_id", id=draft_id)
    return draft


def _version(svc: Svc, draft: DraftRecord, number: int | None) -> DraftVersion:
    version = svc.workspace.version(draft.id, number)
    if version is None:
        raise ApiError(404, "api.err.no_version", field="version", number=number)
    return version


def _out(svc: Svc, draft: DraftRecord, version: DraftVersion) -> DraftOut:
    versions = [VersionInfo(number=v.number, mode=v.mode, created_by=v.created_by, created_at=v.created_at)
                for v in svc.workspace.versions(draft.id)]  # fmt: skip
    body = dict(version.body)
    review = body.pop("review", None)
    return DraftOut(id=draft.id, agency_id=draft.agency_id, period=draft.period, title=draft.title,
                    version=version.number, versions=versions, created_by=draft.created_by,
                    created_at=draft.created_at, draft=body, review=review)  # fmt: skip


def draft_text(body: dict[str, Any]) -> str:
    """The draft's prose as plain text, section by section (what the checker reads)."""
    return "\n\n".join("\n".join([s["title"], *s["paragraphs"]]) for s in body.get("sections", []))


@router.post(
    "/drafts",
    response_model=DraftOut,
    status_code=201,
    summary="起草 Draft an agency's report",
    responses={**responses(400, 401, 403, 413, 422), 201: {"content": SSE_DOC}},
)
async def create_draft(body: DraftRequest, principal: Caller, svc: Svc, lang: Lang,
                       accept: Annotated[str | None, Header()] = None) -> Any:  # fmt: skip
    """Score the metrics and write the narrative: by the model with every number verified,
    or offline by the deterministic drafter (`draft.mode` says which). Saved as version 1."""
    from assistant.documents import library_search
    from assistant.drafting import DraftOptions, draft_json, write_draft

    loaded = loaded_metrics(body.metrics)
    agency = loaded.metrics.agency.id
    require(principal.may_draft(agency))
    fw = framework_of(svc, loaded, body.framework)
    search = library_search(svc.scoped(principal)) if svc.library().catalog.chunk_count() else None  # type: ignore[arg-type]

    def work(emit: Any = None) -> dict[str, Any]:
        draft = write_draft(loaded.metrics, fw, options=DraftOptions(body.lang, body.roc_year),
                            model=svc.model, search=search, on_event=emit)  # fmt: skip
        data = draft_json(draft)
        record = svc.workspace.create_draft(
            agency_id=agency, period=loaded.metrics.period, title=data["title"], mode=data["mode"],
            text=draft_text(data), body=data, metrics=metrics_data(loaded.metrics), actor=principal.name,
        )  # fmt: skip
        return _out(svc, record, _version(svc, record, 1)).model_dump(mode="json")

    if wants_stream(accept, body.stream):
        return stream(work, "draft", lang)
    return await run_in_threadpool(work)


@router.get(
    "/drafts", response_model=DraftList, summary="草稿清單 List drafts", responses=responses(401)
)
def list_drafts(principal: Caller, svc: Svc, agency_id: str | None = None) -> DraftList:
    """Drafts of the agencies the caller may see, newest first."""
    agencies = None if principal.is_admin else principal.agencies
    rows = svc.workspace.drafts(agencies)
    return DraftList(drafts=[
        DraftSummary(id=d.id, agency_id=d.agency_id, period=d.period, title=d.title, version=d.latest,
                     created_by=d.created_by, updated_at=d.updated_at)
        for d in rows if agency_id is None or d.agency_id == agency_id
    ])  # fmt: skip


@router.get("/drafts/{draft_id}", response_model=DraftOut, summary="讀取草稿 Read a draft",
            responses=responses(401, 404))  # fmt: skip
def get_draft(draft_id: DraftId, principal: Caller, svc: Svc,
              version: VersionNumber = None) -> DraftOut:  # fmt: skip
    """The latest version, or the one asked for."""
    draft = visible_draft(svc, principal, draft_id)
    return _out(svc, draft, _version(svc, draft, version))


@router.post("/drafts/{draft_id}/versions", response_model=DraftOut, status_code=201,
             summary="儲存修改 Save an edited version",
             responses=responses(400, 401, 403, 404, 422))  # fmt: skip
def save_version(draft_id: DraftId, body: VersionRequest, principal: Caller, svc: Svc,
                 lang: Lang) -> DraftOut:  # fmt: skip
    """Replace the paragraphs of the sections given; the result is checked against the data
    (flags in `review`) and saved as the next version."""
    from assistant.review import review_json
    from assistant.review.rules import review_text
    from assistant.scoring.framework import get_framework

    draft = visible_draft(svc, principal, draft_id)
    require(principal.may_draft(draft.agency_id))
    latest = _version(svc, draft, None)
    edited = copy.deepcopy(latest.body)
    edited.pop("review", None)
    sections = edited.get("sections", [])
    for change in body.sections:
        if change.index >= len(sections):
            raise ApiError(422, "api.err.no_section", field=f"sections[{change.index}]",
                           index=change.index, count=len(sections))  # fmt: skip
        sections[change.index]["paragraphs"] = [p.strip() for p in change.paragraphs if p.strip()]
        sections[change.index]["source"] = "edited"
    metrics = MetricsFile.model_validate(latest.metrics)
    fw = get_framework(edited.get("framework") or metrics.framework)
    text = draft_text(edited)
    edited["review"] = review_json(review_text(metrics, fw, text), lang=lang)
    version = svc.workspace.add_version(
        draft_id, text=text, body=edited, mode="edited", actor=principal.name
    )
    return _out(svc, draft, version)


@router.get(
    "/drafts/{draft_id}/download",
    summary="下載草稿 Download as Markdown, DOCX, ODT or JSON",
    responses={**responses(401, 404, 422), 200: {"content": DOWNLOAD_CONTENT}},
)  # fmt: skip
def download_draft(draft_id: DraftId, principal: Caller, svc: Svc,
                   format: Literal["md", "docx", "odt", "json"] = "docx",
                   version: VersionNumber = None) -> Response:  # fmt: skip
    import json

    from assistant.export.draft_docx import draft_docx
    from assistant.export.draft_markdown import draft_markdown
    from assistant.export.draft_odt import draft_odt

    draft = visible_draft(svc, principal, draft_id)
    chosen = _version(svc, draft, version)
    body = {k: v for k, v in chosen.body.items() if k != "review"}
    if format == "md":
        content: bytes = draft_markdown(body).encode()
    elif format == "docx":
        content = draft_docx(body)
    elif format == "odt":
        content = draft_odt(body)
    else:
        content = json.dumps(body, ensure_ascii=False, indent=2).encode()
    name = f"draft-{draft.agency_id}-{draft.period}-v{chosen.number}.{format}"
    from urllib.parse import quote

    return Response(content, media_type=DOWNLOADS[format],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})  # fmt: skip
