"""``POST /v1/score``: the deterministic scores of one agency's metrics (contract §4.1)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assistant.api.auth import CallerDesk
from assistant.api.errors import responses
from assistant.api.lang import Lang
from assistant.model import MetricsFile
from assistant.workspace.desk import metrics_from_model

router = APIRouter(prefix="/v1", tags=["scoring"])

METRICS_EXAMPLE: dict[str, Any] = {
    "schema": "kaoping/metrics@1",
    "agency": {"id": "moef-demo", "name": "示範部會"},
    "period": "2023",
    "framework": "tw-kpi",
    "goals": [
        {
            "id": "G1",
            "name": "提升預算執行效能",
            "weight": 1,
            "indicators": [
                {"id": "G1.1", "name": "預算執行率", "unit": "%", "direction": "higher",
                 "target": 95, "actual": 92.3, "weight": 1}
            ],
        }
    ],
}  # fmt: skip


class ScoreRequest(BaseModel):
    metrics: MetricsFile = Field(description="一個機關的指標檔 One agency's metrics (contract §1)")
    framework: str | None = Field(
        default=None,
        description="覆寫評分架構 Framework id overriding the metrics' own",
        examples=["tw-kpi"],
    )

    model_config = {"json_schema_extra": {"examples": [{"metrics": METRICS_EXAMPLE}]}}


SCORE_EXAMPLE = {
    "agency_id": "moef-demo", "period": "2023", "framework": "tw-kpi",
    "indicators": [{"id": "G1.1", "achievement": "97.16", "rating": "yellow", "points": "…"}],
    "goals": [{"id": "G1", "score": "…"}], "overall": {"score": "…", "grade": "…"},
}  # fmt: skip


@router.post("/score", summary="評分 Score one agency",
             responses={**responses(400, 401, 413, 422),
                        200: {"content": {"application/json": {"example": SCORE_EXAMPLE}}}})  # fmt: skip
def score(body: ScoreRequest, desk: CallerDesk, lang: Lang) -> dict[str, Any]:
    """Achievement, rating and points per indicator, goal scores and the overall grade.

    Any caller may score: the metrics are the caller's own and nothing is stored."""
    return desk.score(metrics_from_model(body.metrics), body.framework, lang)
