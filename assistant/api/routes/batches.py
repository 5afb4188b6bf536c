"""The auto-report batch over HTTP (admin): submit a table, poll progress, download a zip."""

from __future__ import annotations

import shutil
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from assistant.api.auth import CallerDesk
from assistant.api.errors import ApiError, responses
from assistant.api.uploads import read_limited
from assistant.workspace.files import TABLE_TYPES, display_name, suffix_for
from assistant.workspace.schema import BatchRun

router = APIRouter(prefix="/v1", tags=["batches"])


class BatchOut(BaseModel):
    id: str = Field(examples=["5f1c0e9a2b7d4c8e9f00112233445566"])
    status: Literal["queued", "running", "done", "failed"]
    table: str
    done: int = Field(description="Agencies finished so far")
    total: int = Field(description="Agencies to do (0 until the table is read)")
    options: dict[str, Any]
    summary: dict[str, Any] | None = Field(default=None, description="summary.json once done")
    error: str | None = None
    created_by: str
    created_at: datetime
    finished_at: datetime | None = None


class BatchList(BaseModel):
    batches: list[BatchOut]


def _out(run: BatchRun) -> BatchOut:
    options = {k: v for k, v in run.options.items() if k != "suffix"}
    return BatchOut(id=run.id, status=run.status, table=run.table_name, done=run.done, total=run.total,
                    options=options, summary=run.summary, error=run.error, created_by=run.created_by,
                    created_at=run.created_at, finished_at=run.finished_at)  # fmt: skip


@router.post("/batches", response_model=BatchOut, status_code=202, summary="送出批次 Submit a batch (admin)",
             responses=responses(400, 401, 403, 413, 415, 422))  # fmt: skip
async def submit_batch(
    desk: CallerDesk,
    table: Annotated[UploadFile, File(description="the whole government's table: CSV or XLSX")],
    formats: Annotated[str, Form(description="md, docx, odt (comma-separated)")] = "md,docx",
    lang: Annotated[Literal["zh-TW", "en"], Form()] = "zh-TW",
    roc_year: Annotated[bool, Form()] = False,
    quota: Annotated[str | None, Form(examples=["seoul-units"])] = None,
) -> BatchOut:
    """Queue the table; the worker writes every agency's report, the ranking and the
    dashboard. Poll `GET /v1/batches/{id}`; the run goes on if the client goes away."""
    from assistant.batch import FORMATS

    desk.require_admin()  # before reading the upload
    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
    if not chosen or any(f not in FORMATS for f in chosen):
        raise ApiError(422, "api.err.formats", field="formats", known=", ".join(FORMATS))
    name = display_name(table.filename, "table")
    data = await read_limited(table, int(desk.office.settings.max_upload_mb * 1024 * 1024))
    suffix = suffix_for(data, TABLE_TYPES, "table")
    run = desk.submit_batch(
        data, name, suffix, formats=chosen, lang=lang, roc_year=roc_year, quota=quota
    )
    return _out(run)


@router.get("/batches", response_model=BatchList, summary="批次清單 List batches (admin)",
            responses=responses(401, 403))  # fmt: skip
def list_batches(desk: CallerDesk) -> BatchList:
    return BatchList(batches=[_out(r) for r in desk.batches()])


@router.get("/batches/{batch_id}", response_model=BatchOut, summary="批次進度 A batch's status (admin)",
            responses=responses(401, 403, 404))  # fmt: skip
def get_batch(batch_id: str, desk: CallerDesk) -> BatchOut:
    return _out(desk.batch(batch_id))


@router.get(
    "/batches/{batch_id}/download",
    summary="下載批次結果 Download a finished batch as a zip (admin)",
    responses={**responses(401, 403, 404, 409),
               200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}},
)  # fmt: skip
def download_batch(batch_id: str, desk: CallerDesk) -> FileResponse:
    archive = desk.batch_archive(batch_id)
    return FileResponse(archive, media_type="application/zip", filename=f"batch-{batch_id}.zip",
                        background=BackgroundTask(shutil.rmtree, archive.parent, ignore_errors=True))  # fmt: skip
