"""The guidance library over HTTP: upload (ingest), list, show, delete, and search.

Uploads are an admin's job; each document carries a visibility (public, or a list of agency
ids) kept in the workspace, and every listing and search shows a caller only what they may
see. A document the caller may not see answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, Field

from assistant.api.auth import Caller, Svc, require_admin
from assistant.api.errors import ApiError, responses
from assistant.api.lang import Lang
from assistant.api.uploads import display_name, read_limited, staged, suffix_for
from assistant.model import KaopingInputError
from assistant.review.narrative import document_problem
from assistant.workspace import Principal

router = APIRouter(prefix="/v1", tags=["documents"])

# content kind -> the suffix the library's loaders read it as
DOCUMENT_TYPES = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".md", "json": ".txt"}


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


def _out(svc: Svc, doc: Any, access: Any) -> DocumentOut:
    return DocumentOut(
        doc_id=doc.doc_id, title=doc.title, filename=access.filename if access else doc.path.rsplit("/", 1)[-1],
        format=doc.format, kind=doc.kind, year=doc.year, pages=doc.pages, chunks=doc.chunks, state=doc.state,
        public=access.public if access else True, agencies=list(access.agencies) if access else [],
    )  # fmt: skip


def _visible_document(svc: Svc, principal: Principal, doc_id: str) -> tuple[Any, Any]:
    doc = svc.library().catalog.document(doc_id)
    access = svc.workspace.document_access().get(doc_id)
    seen = doc is not None and (
        access is None or principal.sees_document(access.public, access.agencies)
    )
    if not seen:
        raise ApiError(404, "api.err.no_document", field="doc_id", id=doc_id)
    return doc, access


@router.get("/documents", response_model=DocumentList, summary="文件清單 List documents",
            responses=responses(401))  # fmt: skip
def list_documents(principal: Caller, svc: Svc) -> DocumentList:
    """The documents the caller may see, with their ingestion state."""
    docs = svc.library().catalog.documents()
    access = svc.workspace.document_access()
    visible = svc.visible(principal)
    return DocumentList(documents=[_out(svc, d, access.get(d.doc_id)) for d in docs
                                   if visible is None or d.doc_id in visible])  # fmt: skip


@router.post("/documents", response_model=UploadResult, status_code=201,
             summary="上傳文件 Upload and ingest a document (admin)",
             responses=responses(400, 401, 403, 413, 415, 422))  # fmt: skip
async def upload_document(
    principal: Caller,
    svc: Svc,
    lang: Lang,
    file: Annotated[UploadFile, File(description="PDF, DOCX, HTML, Markdown or text")],
    kind: Annotated[Literal["guideline", "report"], Form()] = "guideline",
    year: Annotated[int | None, Form(ge=1900, le=2200)] = None,
    visibility: Annotated[
        str, Form(description="`public`, or agency ids separated by commas", examples=["public"])
    ] = "public",
) -> UploadResult:
    """Ingest a document into the library with who may see it. The file type is told by
    content; the filename is only a label. Re-uploading the same name replaces it."""
    from starlette.concurrency import run_in_threadpool

    require_admin(principal)
    agencies = [a.strip() for a in visibility.split(",") if a.strip() and a.strip() != "public"]
    public = visibility.strip() in ("", "public")
    name = display_name(file.filename, "document")
    data = await read_limited(file, int(svc.settings.max_upload_mb * 1024 * 1024))
    suffix = suffix_for(data, DOCUMENT_TYPES, "file")

    def ingest() -> UploadResult:
        store = svc.settings.home / "uploads"
        store.mkdir(parents=True, exist_ok=True)
        library = svc.library()
        with staged(data, suffix) as path:
            # the library keys a document by its path: one stable path per uploaded name
            target = store / f"{_key(name)}{suffix}"
            target.write_bytes(path.read_bytes())
        report = library.ingest([target], kind=kind, year=year)
        item = report.items[0]
        if item.error is not None:
            target.unlink(missing_ok=True)
            problem = replace(document_problem(item.error), file=name, field="file")
            raise KaopingInputError([problem])  # names the uploaded file, never our copy
        assert item.doc_id is not None
        access = svc.workspace.set_document_access(
            item.doc_id, name, public, agencies, principal.name
        )
        doc = library.catalog.document(item.doc_id)
        return UploadResult(status=item.status, document=_out(svc, doc, access))

    return await run_in_threadpool(ingest)


def _key(name: str) -> str:
    import hashlib

    return hashlib.sha1(name.encode()).hexdigest()[:16]


@router.get("/documents/{doc_id}", response_model=DocumentDetail, summary="文件內容 Show a document",
            responses=responses(401, 404))  # fmt: skip
def show_document(doc_id: str, principal: Caller, svc: Svc) -> DocumentDetail:
    doc, access = _visible_document(svc, principal, doc_id)
    chunks = svc.library().catalog.chunks(doc_id)
    return DocumentDetail(
        document=_out(svc, doc, access),
        chunks=[ChunkOut(ord=c.ord, page=c.page, section=c.section, heading=c.heading, text=c.text)
                for c in chunks],
    )  # fmt: skip


@router.delete("/documents/{doc_id}", response_model=DocumentOut, summary="刪除文件 Remove a document (admin)",
               responses=responses(401, 403, 404))  # fmt: skip
def delete_document(doc_id: str, principal: Caller, svc: Svc) -> DocumentOut:
    require_admin(principal)
    doc, access = _visible_document(svc, principal, doc_id)
    out = _out(svc, doc, access)
    svc.library().remove(doc_id)
    svc.workspace.forget_document(doc_id, principal.name)
    return out


@router.post("/search", response_model=SearchResult, summary="檢索 Search the library",
             responses=responses(400, 401, 422))  # fmt: skip
def search(body: SearchRequest, principal: Caller, svc: Svc) -> SearchResult:
    """Passages by hybrid (BM25 + dense) search, among the documents the caller may see."""
    hits = svc.scoped(principal).search(
        body.query, body.k, mode=body.mode, kind=body.kind, year=body.year
    )
    return SearchResult(hits=[HitOut(doc=h.doc, path=h.path, page=h.page, section=h.section, text=h.text,
                                     score=h.score, doc_id=h.doc_id) for h in hits])  # fmt: skip
