"""Liveness, readiness and the scoring frameworks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from assistant.api.auth import Caller, Svc
from assistant.api.errors import responses
from assistant.api.inputs import frameworks_home
from assistant.scoring import list_frameworks
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
def readyz(svc: Svc) -> Any:
    """The workspace database answers and the library opens (no key needed)."""
    try:
        svc.workspace.counts()
    except Exception:
        return JSONResponse({"status": "unavailable", "problem": "database"}, status_code=503)
    try:
        documents = len(svc.library().catalog.documents())
    except Exception:
        return JSONResponse({"status": "unavailable", "problem": "library"}, status_code=503)
    return {
        "status": "ready",
        "database": svc.workspace.engine.dialect.name,
        "documents": documents,
    }


FRAMEWORKS_EXAMPLE = {
    "frameworks": [{"id": "tw-kpi", "name": "臺灣施政績效 KPI 燈號", "source": "…"}]
}


@router.get("/v1/frameworks", tags=["meta"], summary="評分架構 Scoring frameworks",
            responses={**responses(401), 200: {"content": {"application/json": {"example": FRAMEWORKS_EXAMPLE}}}})  # fmt: skip
def frameworks(principal: Caller, svc: Svc) -> dict[str, Any]:
    """Every framework the scoring core knows (built in, and the home's own)."""
    items = list_frameworks(frameworks_home(svc))
    return {"frameworks": [framework_json(f) for f in items]}
