"""Guidance library commands: ingest, search, docs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.app import (
    DocKind,
    DocsAction,
    HomeOpt,
    LangOpt,
    ListFormat,
    ListFormatOpt,
    SearchMode,
    _emit_json,
    _h,
    _setup,
    _stderr,
    _stdout,
    app,
    guarded,
)  # fmt: skip
from assistant.i18n import (
    t,
)
from assistant.model import (
    KaopingInputError,
)
from assistant.review.narrative import document_problem
from assistant.settings import Settings


def _library(settings: Settings, *, repair: bool = True) -> Any:
    """The guidance library under the home (or on the Chroma server of KAOPING_CHROMA_URL)."""
    from assistant.documents import open_library

    return open_library(settings, repair=repair)


@app.command("ingest", help=_h("cli.cmd.ingest"))
@guarded
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help=_h("cli.arg.paths"), show_default=False)],
    kind: Annotated[DocKind, typer.Option("--kind", help=_h("cli.opt.kind"))] = DocKind.guideline,
    year: Annotated[
        int | None, typer.Option("--year", help=_h("cli.opt.year"), show_default=False)
    ] = None,
    fmt: ListFormatOpt = ListFormat.table,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    from retrieval.library import expand_paths

    settings = _setup(lang, home)
    files = expand_paths(paths)
    if not files:
        raise KaopingInputError.one("err.no_documents", field="PATH")
    library = _library(settings)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[file]}"),
    )
    with Progress(*columns, console=_stderr, transient=True) as bar:
        task = bar.add_task(t("cli.cmd.ingest"), total=len(files), file="")
        started: list[str] = []

        def advance(path: str) -> None:
            bar.update(task, advance=1 if started else 0, file=Path(path).name)
            started.append(path)

        report = library.ingest(files, kind=kind.value, year=year, progress=advance)
        bar.update(task, completed=len(files))
    counts = {
        s: sum(1 for i in report.items if i.status == s)
        for s in ("added", "updated", "unchanged", "failed")
    }
    if fmt is ListFormat.json:
        _emit_json(
            {
                "documents": [
                    {
                        "path": i.path, "status": i.status, "doc_id": i.doc_id, "title": i.title,
                        "chunks": i.chunks, "pages": i.pages, "same_as": i.same_as,
                        "error": document_problem(i.error).render() if i.error else None,
                    }
                    for i in report.items
                ],
                "summary": {"files": len(report.items), **counts},
            }
        )  # fmt: skip
    else:
        for item in report.items:
            if item.error:
                detail = document_problem(item.error).render()
            elif item.same_as:
                detail = t("ingest.same_content", path=item.same_as)
            else:
                detail = t("ingest.detail", chunks=item.chunks, pages=item.pages)
            _stderr.print(
                t("ingest.line", status=t(f"ingest.{item.status}"), path=item.path, detail=detail),
                markup=False,
            )
        _stderr.print(t("ingest.summary", total=len(report.items), **counts), markup=False)
    if report.failed:
        raise typer.Exit(2 if len(report.failed) == len(report.items) else 1)


@app.command("search", help=_h("cli.cmd.search"))
@guarded
def search_command(
    query: Annotated[str, typer.Argument(help=_h("cli.arg.query"), show_default=False)],
    k: Annotated[int, typer.Option("-k", "--top", min=1, max=100, help=_h("cli.opt.k"))] = 5,
    doc: Annotated[
        str | None, typer.Option("--doc", help=_h("cli.opt.doc"), show_default=False)
    ] = None,
    kind: Annotated[
        DocKind | None, typer.Option("--kind", help=_h("cli.opt.kind"), show_default=False)
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help=_h("cli.opt.year"), show_default=False)
    ] = None,
    mode: Annotated[
        SearchMode, typer.Option("--mode", help=_h("cli.opt.mode"))
    ] = SearchMode.hybrid,
    fmt: ListFormatOpt = ListFormat.table,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    settings = _setup(lang, home)
    library = _library(settings)
    hits = library.search(
        query, k, mode=mode.value, doc=doc, kind=kind.value if kind else None, year=year
    )
    if fmt is ListFormat.json:
        _emit_json({"hits": [h.to_json() for h in hits]})
        return
    if not hits:
        _stderr.print(t("search.none"), markup=False)
        return
    from assistant.terminal import print_rows

    print_rows(
        _stdout,
        [t("col.doc"), t("col.page"), t("col.section"), t("col.score"), t("col.text")],
        [[h.doc, h.page, h.section, f"{h.score:.3f}", h.text[:160]] for h in hits],
    )


@app.command("docs", help=_h("cli.cmd.docs"))
@guarded
def docs_command(
    action: Annotated[DocsAction, typer.Argument(help=_h("cli.arg.docs_action"))] = DocsAction.list,
    doc_id: Annotated[
        str | None, typer.Argument(help=_h("cli.arg.doc_id"), show_default=False)
    ] = None,
    fmt: ListFormatOpt = ListFormat.table,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    settings = _setup(lang, home)
    library = _library(settings)
    if action is DocsAction.list:
        docs = library.catalog.documents()
        if fmt is ListFormat.json:
            _emit_json({"documents": [_doc_json(d) for d in docs]})
        elif not docs:
            _stderr.print(t("docs.none"), markup=False)
        else:
            from assistant.terminal import print_rows

            print_rows(
                _stdout,
                [
                    t("col.id"),
                    t("col.doc"),
                    t("col.kind"),
                    t("col.year"),
                    t("col.pages"),
                    t("col.chunks"),
                ],
                [[d.doc_id, d.title, d.kind, d.year, d.pages, d.chunks] for d in docs],
            )
        return
    if not doc_id:
        raise KaopingInputError.one("err.missing", field="DOC_ID")
    document = library.catalog.document(doc_id)
    if document is None:
        raise KaopingInputError.one("err.unknown_document", field="DOC_ID", id=doc_id)
    if action is DocsAction.remove:
        library.remove(doc_id)
        if fmt is ListFormat.json:
            _emit_json({"removed": _doc_json(document)})
        else:
            _stderr.print(t("docs.removed", title=document.title, id=doc_id), markup=False)
        return
    chunks = library.catalog.chunks(doc_id)
    if fmt is ListFormat.json:
        _emit_json({"document": _doc_json(document), "chunks": [
            {"ord": c.ord, "page": c.page, "section": c.section, "heading": c.heading, "kind": c.kind, "text": c.text}
            for c in chunks
        ]})  # fmt: skip
    else:
        from assistant.terminal import print_rows

        print_rows(
            _stdout,
            ["#", t("col.page"), t("col.section"), t("col.text")],
            [[c.ord, c.page, c.section, c.text[:120]] for c in chunks],
        )


def _doc_json(doc: Any) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id, "title": doc.title, "path": doc.path, "format": doc.format, "kind": doc.kind,
        "year": doc.year, "pages": doc.pages, "chunks": doc.chunks, "state": doc.state,
    }  # fmt: skip
