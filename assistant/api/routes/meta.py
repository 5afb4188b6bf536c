"""Liveness, readiness and the scoring frameworks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from assistant.api.auth import CallerDesk, OfficeDep
from assistant.api.errors import responses
from assistant.scoring.service import framework_json

router = APIRouter()


class NotReady(BaseModel):
    status: str
    problem: str


@router.get("/healthz", tags=["meta"], summary="存活檢查 Liveness",
            responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}})  # fmt: skip
def healthz() -> dict[str, str]:
    """The process answers (no key needed)."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    tags=["meta"],
    summary="就緒檢查 Readiness",
    responses={
        200: {"content": {"application/json": {"example": {"status": "ready", "database": "sqlite", "documents": 3}}}},
        503: {"model": NotReady, "content": {"application/json": {"example": {"status": "unavailable", "problem": "database"}}}},
    },
)  # fmt: skip
def readyz(office: OfficeDep) -> Any:
    """The workspace database answers and the library opens (no key needed)."""
    try:
        office.workspace.ping()
    except Exception:
        return JSONResponse({"status": "unavailable", "problem": "database"}, status_code=503)
    try:
        documents = len(office.library().catalog.documents())
    except Exception:
        return JSONResponse({"status": "unavailable", "problem": "library"}, status_code=503)
    return {
        "status": "ready",
        "database": office.workspace.engine.dialect.name,
        "documents": documents,
    }


FRAMEWORKS_EXAMPLE = {
    "frameworks": [{"id": "tw-kpi", "name": "臺灣施政績效 KPI 燈號", "source": "…"}]
}


@router.get("/v1/frameworks", tags=["meta"], summary="評分架構 Scoring frameworks",
            responses={**responses(401), 200: {"content": {"application/json": {"example": FRAMEWORKS_EXAMPLE}}}})  # fmt: skip
def frameworks(desk: CallerDesk) -> dict[str, Any]:
    """Every framework the scoring core knows (built in, and the home's own)."""
    return {"frameworks": [framework_json(f) for f in desk.frameworks()]}
