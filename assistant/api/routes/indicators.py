"""``POST /v1/indicators``: overlapping indicators and a smaller set, from a catalog file."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from assistant.api.auth import CallerDesk
from assistant.api.errors import responses
from assistant.api.lang import Lang
from assistant.api.uploads import read_limited
from assistant.workspace.files import CATALOG_TYPES, display_name, staged, suffix_for

router = APIRouter(prefix="/v1", tags=["indicators"])


RESULT_EXAMPLE = {
    "before": 42, "after": 27,
    "pairs": [{"a": "K1", "b": "K7", "text_similarity": 0.91, "correlation": 0.97,
               "verdict": "duplicate", "reason": "…"}],
    "clusters": [["K1", "K7", "K9"]],
    "recommendations": [{"action": "merge", "indicators": ["K1", "K7"], "keep": "K1", "reason": "…"}],
    "reduced_set": ["K1", "K2", "…"],
}  # fmt: skip


@router.post(
    "/indicators",
    summary="指標精簡 Analyse an indicator catalog",
    responses={
        **responses(400, 401, 413, 415, 422),
        200: {"content": {"application/json": {"example": RESULT_EXAMPLE},
                          "text/markdown": {"schema": {"type": "string"}},
                          "image/png": {"schema": {"type": "string", "format": "binary"}}}},
    },
)  # fmt: skip
async def indicators(
    desk: CallerDesk,
    lang: Lang,
    catalog: Annotated[UploadFile, File(description="catalog: YAML, JSON or CSV (contract §3)")],
    format: Literal["json", "md", "png"] = "json",
) -> Any:
    """Duplicate and overlapping pairs with their evidence, quality flags, clusters and the
    recommendations (keep, merge, drop, reclassify); `md` for the report, `png` for the
    similarity heatmap. Nothing is stored."""
    from assistant.indicators import load_catalog
    from assistant.indicators.report import heatmap_png, report_markdown

    name = display_name(catalog.filename, "catalog")
    data = await read_limited(catalog, int(desk.office.settings.max_upload_mb * 1024 * 1024))
    suffix = suffix_for(data, CATALOG_TYPES, "catalog", name)

    def work() -> Any:
        with staged(data, suffix) as path:
            loaded = load_catalog(path, file=name)
        analysis, result = desk.indicators(loaded, lang)
        if format == "md":
            names = {i.id: i.name for i in loaded.indicators}
            return PlainTextResponse(
                report_markdown(result, names, lang), media_type="text/markdown; charset=utf-8"
            )
        if format == "png":
            return Response(heatmap_png(analysis, result, lang), media_type="image/png")
        return result

    return await run_in_threadpool(work)
