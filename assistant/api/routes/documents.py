"""The guidance library over HTTP: upload (ingest), list, show, delete, and search.

Uploads are an admin's job; each document carries a visibility (public, or a list of agency
ids) kept in the workspace, and every listing and search shows a caller only what they may
see. A document the caller may not see answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.auth import CallerDesk
from assistant.api.errors import responses
from assistant.api.uploads import read_limited
from assistant.workspace.desk import DocumentView
from assistant.workspace.files import DOCUMENT_TYPES, display_name, suffix_for

router = APIRouter(prefix="/v1", tags=["documents"])


class DocumentOut(BaseModel):
    doc_id: str = Field(examples=["a1b2c3d4e5f60718"])
    title: str = Field(examples=["韓國政府績效管理制度報告"])
    filename: str = Field(examples=["seed.pdf"])
    format: str = Field(examples=["pdf"])
    kind: str = Field(examples=["report"])
    year: int | None = Field(default=None, examples=[2024])
    pages: int = Field(examples=[42])
    chunks: int = Field(examples=[180])
    state: str = Field(examples=["ready"])
    public: bool = Field(examples=[True])
    agencies: list[str] = Field(default_factory=list, examples=[[]])


class DocumentList(BaseModel):
    documents: list[DocumentOut]


class ChunkOut(BaseModel):
    ord: int
    page: int | None
    section: str
    heading: str
    text: str


class DocumentDetail(BaseModel):
    document: DocumentOut
    chunks: list[ChunkOut]


class UploadResult(BaseModel):
    status: Literal["added", "updated", "unchanged"]
    document: DocumentOut


class SearchRequest(BaseModel):
    model_config = {
        "json_schema_extra": {"examples": [{"query": "首爾市政府對所屬機關評級的比例", "k": 5}]}
    }

    query: str = Field(min_length=1, max_length=2000, examples=["首爾市政府對所屬機關評級的比例"])
    k: int = Field(default=5, ge=1, le=50)
    mode: Literal["hybrid", "bm25", "dense"] = "hybrid"
    kind: Literal["guideline", "report"] | None = None
    year: int | None = None


class HitOut(BaseModel):
    doc: str
    path: str
    page: int | None
    section: str
    text: str
    score: float
    doc_id: str


class SearchResult(BaseModel):
    hits: list[HitOut]


def _out(view: DocumentView) -> DocumentOut:
    doc = view.row
    return DocumentOut(
        doc_id=doc.doc_id, title=doc.title, filename=view.filename, format=doc.format, kind=doc.kind,
        year=doc.year, pages=doc.pages, chunks=doc.chunks, state=doc.state, public=view.public,
        agencies=view.agencies,
    )  # fmt: skip


@router.get("/documents", response_model=DocumentList, summary="文件清單 List documents",
            responses=responses(401))  # fmt: skip
def list_documents(desk: CallerDesk) -> DocumentList:
    """The documents the caller may see, with their ingestion state."""
    return DocumentList(documents=[_out(v) for v in desk.documents()])


@router.post("/documents", response_model=UploadResult, status_code=201,
             summary="上傳文件 Upload and ingest a document (admin)",
             responses=responses(400, 401, 403, 413, 415, 422))  # fmt: skip
async def upload_document(
    desk: CallerDesk,
    file: Annotated[UploadFile, File(description="PDF, DOCX, HTML, Markdown or text")],
    kind: Annotated[Literal["guideline", "report"], Form()] = "guideline",
    year: Annotated[int | None, Form(ge=1900, le=2200)] = None,
    visibility: Annotated[
        str, Form(description="`public`, or agency ids separated by commas", examples=["public"])
    ] = "public",
) -> UploadResult:
    """Ingest a document into the library with who may see it. The file type is told by
    content; the filename is only a label. Re-uploading the same name replaces it."""
    desk.require_admin()  # before reading the upload
    agencies = [a.strip() for a in visibility.split(",") if a.strip() and a.strip() != "public"]
    public = visibility.strip() in ("", "public")
    name = display_name(file.filename, "document")
    data = await read_limited(file, int(desk.office.settings.max_upload_mb * 1024 * 1024))
    suffix = suffix_for(data, DOCUMENT_TYPES, "file")

    def ingest() -> UploadResult:
        status, view = desk.upload_document(data, name, suffix, kind=kind, year=year, public=public,
                                            agencies=agencies)  # fmt: skip
        return UploadResult(status=status, document=_out(view))

    return await run_in_threadpool(ingest)


@router.get("/documents/{doc_id}", response_model=DocumentDetail, summary="文件內容 Show a document",
            responses=responses(401, 404))  # fmt: skip
def show_document(doc_id: str, desk: CallerDesk) -> DocumentDetail:
    view = desk.document(doc_id)
    return DocumentDetail(
        document=_out(view),
        chunks=[ChunkOut(ord=c.ord, page=c.page, section=c.section, heading=c.heading, text=c.text)
                for c in desk.chunks(doc_id)],
    )  # fmt: skip


@router.delete("/documents/{doc_id}", response_model=DocumentOut, summary="刪除文件 Remove a document (admin)",
               responses=responses(401, 403, 404))  # fmt: skip
def delete_document(doc_id: str, desk: CallerDesk) -> DocumentOut:
    return _out(desk.remove_document(doc_id))


@router.post("/search", response_model=SearchResult, summary="檢索 Search the library",
             responses=responses(400, 401, 422))  # fmt: skip
def search(body: SearchRequest, desk: CallerDesk) -> SearchResult:
    """Passages by hybrid (BM25 + dense) search, among the documents the caller may see."""
    hits = desk.search(body.query, body.k, mode=body.mode, kind=body.kind, year=body.year)
    return SearchResult(hits=[HitOut(doc=h.doc, path=h.path, page=h.page, section=h.section, text=h.text,
                                     score=h.score, doc_id=h.doc_id) for h in hits])  # fmt: skip
