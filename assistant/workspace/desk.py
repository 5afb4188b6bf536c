"""A caller's desk: every shared-service operation, with the access rules applied.

The API and the UI are faces over this one class: they parse input, call a desk method and
render what it returns; none of them decides access. A refusal is a
:class:`~assistant.workspace.errors.DeskError` (forbidden, not found, …) that each face turns
into its own answer; bad input is the core's :class:`~assistant.model.KaopingInputError`.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import tempfile
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from assistant.model import KaopingInputError, MetricsFile
from assistant.model.metrics import consistency_problems
from assistant.model.source import SourceMap
from assistant.model.tables import LoadedMetrics
from assistant.scoring.engine import ScoreReport
from assistant.scoring.framework import Framework
from assistant.workspace.access import Principal, Role
from assistant.workspace.errors import Conflict, Forbidden, Invalid, NotFound
from assistant.workspace.office import Office
from assistant.workspace.schema import (
    ApiKey,
    AuditEntry,
    BatchRun,
    DocumentAccess,
    DraftRecord,
    DraftVersion,
    ReviewRecord,
)

Event = Callable[[dict[str, Any]], None]
EXPORTS = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "json": "application/json",
}


def metrics_from_model(metrics: MetricsFile, field: str = "metrics") -> LoadedMetrics:
    """Metrics that arrived as data (not a file), with the checks a file gets beyond its schema."""
    source = SourceMap(field)
    problems = consistency_problems(metrics)
    if problems:
        raise KaopingInputError([source.locate(p) for p in problems])
    return LoadedMetrics(metrics, source)


def draft_text(body: Mapping[str, Any]) -> str:
    """A draft's prose as plain text, section by section (what the checker reads)."""
    return "\n\n".join("\n".join([s["title"], *s["paragraphs"]]) for s in body.get("sections", []))


@dataclass(frozen=True)
class DraftPlan:
    """What a draft is written from: the metrics, the framework and the scores under it."""

    loaded: LoadedMetrics
    framework: Framework
    report: ScoreReport


@dataclass(frozen=True)
class DocumentView:
    """A library document with who may see it."""

    row: Any  # retrieval.catalog.DocumentRow
    access: DocumentAccess | None

    @property
    def filename(self) -> str:
        return self.access.filename if self.access else Path(self.row.path).name

    @property
    def public(self) -> bool:
        return self.access.public if self.access else True

    @property
    def agencies(self) -> list[str]:
        return list(self.access.agencies) if self.access else []


class Desk:
    def __init__(self, office: Office, principal: Principal) -> None:
        self.office = office
        self.principal = principal
        self.ws = office.workspace

    @property
    def actor(self) -> str:
        return self.principal.name

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise Forbidden()

    def require_admin(self) -> None:
        """Library, batches and keys are an admin's (faces call it to refuse before reading an upload)."""
        self.require(self.principal.is_admin)

    def frameworks(self) -> list[Framework]:
        """Every framework the scoring core knows (built in, and the home's own)."""
        from assistant.scoring import list_frameworks

        return list_frameworks(self.office.settings.frameworks_home)

    def scored(self, loaded: LoadedMetrics, override: str | None) -> tuple[Framework, ScoreReport]:
        """The framework asked for (or the metrics' own) and the scores under it; scoring
        problems are raised here, naming their field, before anything else is done."""
        from assistant.scoring.service import framework_for, score_loaded

        fw = framework_for(loaded, override, self.office.settings.frameworks_home)
        return fw, score_loaded(loaded, fw)

    # --- scoring --------------------------------------------------------------------

    def score(self, loaded: LoadedMetrics, framework: str | None, lang: str) -> dict[str, Any]:
        """Anyone may score: the metrics are the caller's own and nothing is stored."""
        from assistant.scoring import report_json

        return report_json(self.scored(loaded, framework)[1], lang)

    # --- drafts ---------------------------------------------------------------------

    def plan_draft(self, loaded: LoadedMetrics, framework: str | None) -> DraftPlan:
        """Whether the caller may draft for this agency, and the scores the draft tells: every
        refusal and scoring problem comes here, before any writing (or a stream) starts."""
        self.require(self.principal.may_draft(loaded.metrics.agency.id))
        return DraftPlan(loaded, *self.scored(loaded, framework))

    def create_draft(self, plan: DraftPlan, *, lang: str = "zh-TW", roc_year: bool = False,
                     on_event: Event | None = None) -> DraftRecord:  # fmt: skip
        """Write and save version 1 (the model's, checked, or the deterministic drafter's)."""
        from assistant.documents import library_search
        from assistant.drafting import DraftOptions, draft_json, write_draft

        metrics = plan.loaded.metrics
        library = self.office.library()
        search = (
            library_search(self.office.scoped(self.principal))
            if library.catalog.chunk_count()
            else None
        )
        draft = write_draft(metrics, plan.framework, options=DraftOptions(lang, roc_year), model=self.office.model,
                            search=search, report=plan.report, on_event=on_event)  # fmt: skip
        data = draft_json(draft)
        return self.ws.create_draft(
            agency_id=metrics.agency.id, period=metrics.period, title=data["title"], mode=data["mode"],
            text=draft_text(data), body=data,
            metrics=metrics.model_dump(mode="json", by_alias=True, exclude_none=True), actor=self.actor,
        )  # fmt: skip

    def draft(self, draft_id: int) -> DraftRecord:
        """The draft, or not found when it does not exist or its agency is not the caller's."""
        draft = self.ws.draft(draft_id)
        if draft is None or not self.principal.sees_agency(draft.agency_id):
            raise NotFound("api.err.no_draft", "draft_id", id=draft_id)
        return draft

    def version(self, draft: DraftRecord, number: int | None = None) -> DraftVersion:
        version = self.ws.version(draft.id, number)
        if version is None:
            raise NotFound("api.err.no_version", "version", number=number)
        return version

    def versions(self, draft: DraftRecord) -> list[DraftVersion]:
        return self.ws.versions(draft.id)

    def drafts(self, agency_id: str | None = None) -> list[DraftRecord]:
        agencies = None if self.principal.is_admin else self.principal.agencies
        return [
            d for d in self.ws.drafts(agencies) if agency_id is None or d.agency_id == agency_id
        ]

    def save_version(
        self, draft_id: int, edits: Mapping[int, list[str]], lang: str
    ) -> DraftVersion:
        """Replace the paragraphs of the sections edited; check the text against the data
        (the flags go with the version) and save it as the next version."""
        from assistant.review import review_json
        from assistant.review.rules import review_text
        from assistant.scoring.framework import get_framework

        draft = self.draft(draft_id)
        self.require(self.principal.may_draft(draft.agency_id))
        latest = self.version(draft)
        edited = copy.deepcopy(latest.body)
        edited.pop("review", None)
        sections = edited.get("sections", [])
        for index, paragraphs in edits.items():
            if not 0 <= index < len(sections):
                raise Invalid(
                    "api.err.no_section", f"sections[{index}]", index=index, count=len(sections)
                )
            sections[index]["paragraphs"] = [p.strip() for p in paragraphs if p.strip()]
            sections[index]["source"] = "edited"
        metrics = MetricsFile.model_validate(latest.metrics)
        fw = get_framework(edited.get("framework") or metrics.framework)
        text = draft_text(edited)
        edited["review"] = review_json(review_text(metrics, fw, text), lang=lang)
        return self.ws.add_version(
            draft_id, text=text, body=edited, mode="edited", actor=self.actor
        )

    def export_draft(
        self, draft_id: int, fmt: str, number: int | None = None
    ) -> tuple[bytes, str, str]:
        """(content, media type, file name) of a version as Markdown, DOCX, ODT or JSON."""
        import json

        from assistant.export.draft_docx import draft_docx
        from assistant.export.draft_markdown import draft_markdown
        from assistant.export.draft_odt import draft_odt

        draft = self.draft(draft_id)
        chosen = self.version(draft, number)
        body = {k: v for k, v in chosen.body.items() if k != "review"}
        renders: dict[str, Callable[[dict[str, Any]], bytes]] = {
            "md": lambda b: draft_markdown(b).encode(),
            "docx": draft_docx,
            "odt": draft_odt,
            "json": lambda b: json.dumps(b, ensure_ascii=False, indent=2).encode(),
        }
        name = f"draft-{draft.agency_id}-{draft.period}-v{chosen.number}.{fmt}"
        return renders[fmt](body), EXPORTS[fmt], name

    # --- reviews --------------------------------------------------------------------

    def create_review(self, loaded: LoadedMetrics, framework: str | None, text: str, lang: str,
                      draft_id: int | None = None) -> ReviewRecord:  # fmt: skip
        from assistant.review import review_json
        from assistant.review.rules import review_text

        agency = loaded.metrics.agency.id
        self.require(self.principal.may_review(agency))
        fw, _ = self.scored(loaded, framework)
        result = review_json(review_text(loaded.metrics, fw, text), lang=lang)
        return self.ws.create_review(
            agency_id=agency, period=loaded.metrics.period, narrative=text,
            metrics=loaded.metrics.model_dump(mode="json", by_alias=True, exclude_none=True),
            result=result, actor=self.actor, draft_id=draft_id,
        )  # fmt: skip

    def review_draft(self, loaded: LoadedMetrics, framework: str | None, draft_id: int,
                     number: int | None, lang: str) -> ReviewRecord:  # fmt: skip
        draft = self.draft(draft_id)
        version = self.ws.version(draft.id, number)
        if version is None:
            raise NotFound("api.err.no_version", "draft_version", number=number)
        return self.create_review(loaded, framework, draft_text(version.body), lang, draft.id)

    def review(self, review_id: int) -> ReviewRecord:
        review = self.ws.review(review_id)
        if review is None or not self.principal.sees_agency(review.agency_id):
            raise NotFound("api.err.no_review", "review_id", id=review_id)
        return review

    def reviews(self, agency_id: str | None = None) -> list[ReviewRecord]:
        agencies = None if self.principal.is_admin else self.principal.agencies
        return [
            r for r in self.ws.reviews(agencies) if agency_id is None or r.agency_id == agency_id
        ]

    def decisions(self, review: ReviewRecord) -> list[Any]:
        return self.ws.decisions(review.id)

    def decided_flags(self, reviews: list[ReviewRecord]) -> dict[int, int]:
        """Decided flags per review of a listing (reviews the caller has already been given)."""
        return self.ws.decided_flags([r.id for r in reviews])

    def decide(self, review_id: int, flag_index: int, decision: str, comment: str) -> ReviewRecord:
        review = self.review(review_id)
        self.require(self.principal.may_decide(review.agency_id))
        if not 0 <= flag_index < len(review.result.get("flags", [])):
            raise NotFound("api.err.no_flag", "flag_index", index=flag_index)
        self.ws.decide(review_id, flag_index, decision, comment, self.actor)
        return review

    def memo(self, review_id: int, lang: str) -> str:
        from assistant.export.review_memo import review_memo

        review = self.review(review_id)
        decided = {
            d.flag_index: {
                "decision": d.decision,
                "comment": d.comment,
                "decided_by": d.decided_by,
                "decided_at": d.decided_at.strftime("%Y-%m-%d %H:%M UTC"),
            }
            for d in self.decisions(review)
        }  # fmt: skip  (the last decision per flag wins)
        return review_memo(review.result, MetricsFile.model_validate(review.metrics), lang, decided)

    # --- indicators -----------------------------------------------------------------

    def indicators(self, catalog: Any, lang: str) -> tuple[Any, dict[str, Any]]:
        """The analysis and its contract JSON (§4.3); anyone may run it, nothing is stored."""
        from assistant.indicators import analyse, result_json

        # the bundled embedding model, which the pair model was fitted on
        analysis = analyse(catalog)
        return analysis, result_json(analysis, lang)

    # --- the library ----------------------------------------------------------------

    def documents(self) -> list[DocumentView]:
        access = self.ws.document_access()
        visible = self.office.visible(self.principal, access)
        return [DocumentView(d, access.get(d.doc_id)) for d in self.office.library().catalog.documents()
                if visible is None or d.doc_id in visible]  # fmt: skip

    def document(self, doc_id: str) -> DocumentView:
        row = self.office.library().catalog.document(doc_id)
        access = self.ws.document_access().get(doc_id)
        if row is None or (
            access is not None and not self.principal.sees_document(access.public, access.agencies)
        ):
            raise NotFound("api.err.no_document", "doc_id", id=doc_id)
        return DocumentView(row, access)

    def chunks(self, doc_id: str) -> list[Any]:
        self.document(doc_id)
        return self.office.library().catalog.chunks(doc_id)

    def upload_document(self, data: bytes, name: str, suffix: str, *, kind: str = "guideline",
                        year: int | None = None, public: bool = True,
                        agencies: list[str] | tuple[str, ...] = ()) -> tuple[str, DocumentView]:  # fmt: skip
        """Ingest (admin): kept under the home by a name derived from the upload's name, so
        uploading the same name again replaces it. Returns (added|updated|unchanged, the view)."""
        from assistant.review.narrative import document_problem

        self.require_admin()
        from assistant.fileio import write_bytes_atomic

        target = (
            self.office.settings.home
            / "uploads"
            / f"{hashlib.sha1(name.encode()).hexdigest()[:16]}{suffix}"
        )
        previous = (
            target.read_bytes() if target.is_file() else None
        )  # an earlier upload of the name
        library = self.office.library()
        write_bytes_atomic(target, data)
        item = library.ingest([target], kind=kind, year=year).items[0]
        if item.error is not None:
            if previous is None:
                target.unlink(missing_ok=True)
            else:  # a bad new version leaves the ingested one as it was
                write_bytes_atomic(target, previous)
            problem = replace(document_problem(item.error), file=name, field="file")
            raise KaopingInputError([problem])  # names the uploaded file, never our copy
        assert item.doc_id is not None
        if item.same_as is not None:
            # the same file under another name: the document already there, its access as set
            if previous is None:
                target.unlink(missing_ok=True)
            return item.status, self.document(item.doc_id)
        access = self.ws.set_document_access(item.doc_id, name, public, agencies, self.actor)
        return item.status, DocumentView(library.catalog.document(item.doc_id), access)

    def remove_document(self, doc_id: str) -> DocumentView:
        self.require_admin()
        view = self.document(doc_id)
        self.office.library().remove(doc_id)
        self.ws.forget_document(doc_id, self.actor)
        return view

    def search(self, query: str, k: int = 5, **filters: Any) -> list[Any]:
        return self.office.scoped(self.principal).search(query, k, **filters)

    def ask(self, question: str, conversation_id: str | None = None, k: int = 5,
            on_event: Event | None = None) -> dict[str, Any]:  # fmt: skip
        """An answer from the documents the caller may see, in the caller's conversation."""
        from assistant.chat import answer_json, ask
        from assistant.workspace.store import WorkspaceConversations

        store = WorkspaceConversations(self.ws, self.principal.owner)
        result = ask(question, self.office.scoped(self.principal), model=self.office.model, store=store,
                     conversation_id=conversation_id, k=k, on_event=on_event)  # fmt: skip
        return answer_json(result)

    # --- batches --------------------------------------------------------------------

    def submit_batch(self, data: bytes, name: str, suffix: str, *, formats: list[str],
                     lang: str = "zh-TW", roc_year: bool = False, quota: str | None = None) -> BatchRun:  # fmt: skip
        """Queue a table (admin); the worker runs it whether or not anyone waits."""
        from assistant.workspace.batches import run_folder

        self.require_admin()
        run_id = uuid.uuid4().hex
        folder = run_folder(self.office.settings.home, run_id)
        folder.mkdir(parents=True)
        (folder / f"input{suffix}").write_bytes(data)
        options = {
            "formats": formats,
            "lang": lang,
            "roc_year": roc_year,
            "quota": quota,
            "suffix": suffix,
        }
        run = self.ws.create_batch(run_id, name, options, self.actor)
        if self.office.worker is not None:
            self.office.worker.submit(run_id)
        return run

    def batches(self) -> list[BatchRun]:
        self.require_admin()
        return self.ws.batches()

    def batch(self, run_id: str) -> BatchRun:
        self.require_admin()
        run = self.ws.batch(run_id)
        if run is None:
            raise NotFound("api.err.no_batch", "batch_id", id=run_id)
        return run

    def batch_folder(self, run_id: str) -> Path:
        """The finished run's output folder (its index.html and every agency's reports)."""
        from assistant.workspace.batches import run_folder

        run = self.batch(run_id)
        out = run_folder(self.office.settings.home, run_id) / "out"
        if run.status != "done" or not out.is_dir():
            raise Conflict("api.err.batch_not_done", "batch_id", status=run.status)
        return out

    def batch_archive(self, run_id: str) -> Path:
        """A zip of the finished run in a fresh temporary folder (the caller removes it)."""
        out = self.batch_folder(run_id)
        scratch = Path(tempfile.mkdtemp(prefix="kaoping-zip-"))
        return Path(shutil.make_archive(str(scratch / f"batch-{run_id}"), "zip", out))

    # --- keys and audit (admin) ------------------------------------------------------

    def create_key(self, name: str, role: Role, agencies: list[str]) -> tuple[str, ApiKey]:
        self.require_admin()
        return self.ws.create_key(name, role, agencies, self.actor)

    def api_keys(self) -> list[ApiKey]:
        self.require_admin()
        return self.ws.api_keys()

    def revoke_key(self, key_id: int) -> ApiKey:
        self.require_admin()
        row = self.ws.revoke_key(key_id, self.actor)
        if row is None:
            raise NotFound("api.err.no_key_id", "key_id", id=key_id)
        return row

    def audit(self, limit: int = 100) -> list[AuditEntry]:
        self.require_admin()
        return self.ws.audit_log(max(1, min(limit, 1000)))
