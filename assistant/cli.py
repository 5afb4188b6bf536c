"""The ``kaoping`` command: a thin face that parses, calls a service and renders.

Every command takes ``--format json`` and then prints exactly one JSON document
on stdout; messages go to stderr. Exit 0 on success, 2 on bad input (one line
naming file, line and field; no traceback), 1 when a command over many items
finished some and failed others.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from assistant.export.markdown import ranking_markdown, score_markdown
from assistant.fileio import write_text_atomic
from assistant.i18n import (
    UnknownLanguageError,
    current_lang,
    localized,
    normalize_lang,
    set_lang,
    t,
)
from assistant.model import (
    KaopingInputError,
    dump_metrics_yaml,
    load_metrics,
    load_table,
    metrics_json_schema,
)
from assistant.model.loaders import TABLE_SUFFIXES
from assistant.model.tables import AgencyFailure, LoadedMetrics
from assistant.scoring import list_frameworks, report_json
from assistant.scoring.framework import Framework
from assistant.scoring.service import framework_for, score_and_rank, score_loaded
from assistant.settings import Settings, load_settings


def _help_lang() -> str:
    try:
        return normalize_lang(os.environ.get("KAOPING_LANG"))
    except UnknownLanguageError:
        return "zh-TW"


_H = _help_lang()


def _h(key: str) -> str:
    return t(key, _H)


app = typer.Typer(
    name="kaoping",
    help=_h("cli.help"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    json = "json"
    table = "table"
    md = "md"


class JsonFormat(StrEnum):
    json = "json"


class ReviewFormat(StrEnum):
    json = "json"
    md = "md"


class DocKind(StrEnum):
    guideline = "guideline"
    report = "report"


class SearchMode(StrEnum):
    hybrid = "hybrid"
    bm25 = "bm25"
    dense = "dense"


class DocsAction(StrEnum):
    list = "list"
    show = "show"
    remove = "remove"


class ListFormat(StrEnum):
    json = "json"
    table = "table"


LangOpt = Annotated[str | None, typer.Option("--lang", help=_h("cli.opt.lang"), show_default=False)]
HomeOpt = Annotated[
    Path | None, typer.Option("--home", help=_h("cli.opt.home"), show_default=False)
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=_h("cli.opt.format"))]
ListFormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help=_h("cli.opt.format"))]
FrameworkOpt = Annotated[
    str | None, typer.Option("--framework", help=_h("cli.opt.framework"), show_default=False)
]

F = TypeVar("F", bound=Callable[..., Any])

_stdout = Console(soft_wrap=True)
_stderr = Console(stderr=True, soft_wrap=True, highlight=False)


def _emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _setup(lang: str | None, home: Path | None) -> Settings:
    """Settings for this command; an unknown --lang is itself a bad input."""
    try:
        lang_tag = normalize_lang(lang) if lang is not None else None
    except UnknownLanguageError:
        raise KaopingInputError.one(
            "err.bad_option", option="--lang", value=lang, known="zh-TW, en"
        ) from None
    settings = load_settings(home=home, lang=lang_tag)
    try:
        set_lang(settings.lang)
    except UnknownLanguageError:
        set_lang(None)
    return settings


def guarded(func: F) -> F:
    """Turn input errors into exit 2 with one line on stderr (and a JSON error on stdout)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KaopingInputError as exc:
            lang = current_lang()
            _stderr.print(t("error.prefix", lang) + exc.render(lang), markup=False)
            fmt = kwargs.get("fmt")
            if fmt is not None and getattr(fmt, "value", fmt) == "json":
                _emit_json({"error": exc.problems[0].to_json(lang), "errors": len(exc.problems)})
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _home_for_frameworks(settings: Settings) -> Path | None:
    return settings.home if settings.frameworks_dir.is_dir() else None


def _colors(framework: Framework) -> dict[str, str]:
    scales = (framework.ratings, framework.grades)
    return {b.id: b.color for s in scales for b in s.bands if b.color}


def _failure_json(failure: AgencyFailure) -> dict[str, Any]:
    return {
        "agency_id": failure.agency_id,
        "period": failure.period,
        "error": failure.error.problems[0].to_json(),
    }


def _print_failures(failures: list[AgencyFailure]) -> None:
    for failure in failures:
        message = t("cli.failed_agency", agency=failure.agency_id, error=failure.error.render())
        _stderr.print(message, markup=False)


def _framework_json(f: Framework) -> dict[str, Any]:
    return {
        "id": f.id,
        "name": f.title(),
        "description": localized(f.description),
        "sources": [s.model_dump(exclude_none=True) for s in f.sources],
        "conventions": [{"field": c.field, "note": localized(c.note)} for c in f.conventions],
        "sections": [
            {"id": s.id, "name": localized(s.name), "weight": str(s.weight)} for s in f.sections
        ],
        "ratings": [b.id for b in f.ratings.bands] + [f.ratings.not_measurable.id],
        "grades": [b.id for b in f.grades.bands] + [f.grades.not_measurable.id],
        "quota": f.ranking.quota,
    }


@app.command("frameworks", help=_h("cli.cmd.frameworks"))
@guarded
def frameworks_command(
    fmt: ListFormatOpt = ListFormat.table,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    settings = _setup(lang, home)
    items = list_frameworks(_home_for_frameworks(settings))
    if fmt is ListFormat.json:
        _emit_json({"frameworks": [_framework_json(f) for f in items]})
        return
    from assistant.terminal import print_rows

    print_rows(
        _stdout,
        [t("col.id"), t("col.name"), t("col.source")],
        [[f.id, f.title(), f.sources[0].title] for f in items],
    )


@app.command("score", help=_h("cli.cmd.score"))
@guarded
def score_command(
    metrics: Annotated[Path, typer.Argument(help=_h("cli.arg.metrics"), show_default=False)],
    framework: FrameworkOpt = None,
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    settings = _setup(lang, home)
    loaded = load_metrics(metrics)
    fw = framework_for(loaded, framework, _home_for_frameworks(settings))
    result = report_json(score_loaded(loaded, fw))
    if fmt is Format.json:
        _emit_json(result)
    elif fmt is Format.md:
        sys.stdout.write(score_markdown(result, _colors(fw)))
    else:
        from assistant.terminal import print_score

        print_score(_stdout, result, _colors(fw))


@app.command("schema", help=_h("cli.cmd.schema"))
@guarded
def schema_command(
    name: Annotated[str, typer.Argument(help=_h("cli.arg.schema_name"))] = "metrics",
    fmt: Annotated[
        JsonFormat, typer.Option("--format", "-f", help=_h("cli.opt.format"))
    ] = JsonFormat.json,
    lang: LangOpt = None,
) -> None:
    _setup(lang, None)
    if name != "metrics":
        raise KaopingInputError.one("err.bad_option", option="NAME", value=name, known="metrics")
    _emit_json(metrics_json_schema())


@app.command("convert", help=_h("cli.cmd.convert"))
@guarded
def convert_command(
    table: Annotated[Path, typer.Argument(help=_h("cli.arg.table"), show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("cli.opt.out"), show_default=False)],
    fmt: ListFormatOpt = ListFormat.table,
    lang: LangOpt = None,
) -> None:
    _setup(lang, None)
    if out.exists() and not out.is_dir():
        raise KaopingInputError.one("err.out_exists", field="--out", path=str(out))
    loaded = load_table(table)
    written = []
    for item in loaded.agencies:
        target = out / f"{item.metrics.agency.id}-{item.metrics.period}.yaml"
        write_text_atomic(target, dump_metrics_yaml(item.metrics))
        written.append(
            {
                "agency_id": item.metrics.agency.id,
                "period": item.metrics.period,
                "path": str(target),
            }
        )
    if fmt is ListFormat.json:
        _emit_json({"written": written, "failures": [_failure_json(f) for f in loaded.failures]})
    else:
        _stderr.print(t("cli.converted", count=len(written), out=str(out)), markup=False)
        _print_failures(loaded.failures)
    if loaded.failures:
        raise typer.Exit(1)


@app.command("rank", help=_h("cli.cmd.rank"))
@guarded
def rank_command(
    inputs: Annotated[list[Path], typer.Argument(help=_h("cli.arg.inputs"), show_default=False)],
    framework: FrameworkOpt = None,
    quota: Annotated[
        str | None, typer.Option("--quota", help=_h("cli.opt.quota"), show_default=False)
    ] = None,
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    settings = _setup(lang, home)
    agencies: list[LoadedMetrics] = []
    failures: list[AgencyFailure] = []
    for path in inputs:
        if path.suffix.lower() in TABLE_SUFFIXES:
            loaded_table = load_table(path)
            agencies += loaded_table.agencies
            failures += loaded_table.failures
        else:
            agencies.append(load_metrics(path))
    result, scoring_failures = score_and_rank(
        agencies, framework_id=framework, quota_id=quota, home=_home_for_frameworks(settings)
    )
    failures += scoring_failures
    result["failures"] = [_failure_json(f) for f in failures]
    if fmt is Format.json:
        _emit_json(result)
    elif fmt is Format.md:
        sys.stdout.write(ranking_markdown(result))
    else:
        from assistant.terminal import print_rows

        units: list[dict[str, Any]] = result["units"]  # type: ignore[assignment]
        print_rows(
            _stdout,
            [t("col.rank"), t("col.agency"), t("col.name"), t("col.score"), t("col.grade")],
            [
                [u["rank"], u["agency_id"], u["agency_name"], u["score"], u["grade_label"]]
                for u in units
            ],
        )
        _stderr.print(f"{t('txt.rule')}：{result['rule_text']}", markup=False)
    _print_failures(failures)
    if failures:
        raise typer.Exit(1)


@app.command("review", help=_h("cli.cmd.review"))
@guarded
def review_command(
    metrics: Annotated[Path, typer.Argument(help=_h("cli.arg.metrics"), show_default=False)],
    narrative: Annotated[Path, typer.Argument(help=_h("cli.arg.narrative"), show_default=False)],
    framework: FrameworkOpt = None,
    fmt: Annotated[
        ReviewFormat, typer.Option("--format", "-f", help=_h("cli.opt.format"))
    ] = ReviewFormat.md,
    with_text: Annotated[bool, typer.Option("--with-text", help=_h("cli.opt.with_text"))] = False,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    from assistant.export.review_memo import review_memo
    from assistant.review import load_narrative, review, review_json

    settings = _setup(lang, home)
    loaded = load_metrics(metrics)
    fw = framework_for(loaded, framework, _home_for_frameworks(settings))
    score_loaded(loaded, fw)  # scoring problems name their line before any review
    text = load_narrative(narrative)
    result = review_json(review(loaded.metrics, fw, text), text, with_text=with_text)
    if fmt is ReviewFormat.json:
        _emit_json(result)
    else:
        sys.stdout.write(review_memo(result, loaded.metrics))


def _library(settings: Settings, *, repair: bool = True) -> Any:
    """The guidance library under the home (or on the Chroma server of KAOPING_CHROMA_URL)."""
    from retrieval.embeddings import embedding_function
    from retrieval.library import Library

    key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else None
    embedder = embedding_function(settings.embedding_base_url, settings.embedding_model, key)
    return Library(settings.home, chroma_url=settings.chroma_url, embedder=embedder, repair=repair)


def _document_problem(error: Any) -> str:
    params = dict(error.params)
    line = params.pop("line", None)
    field = "encoding" if error.message_id == "err.not_utf8" else "@field.whole_file"
    from assistant.model.errors import InputProblem

    return InputProblem(error.message_id, params, error.file, line, field).render()


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
                        "chunks": i.chunks, "pages": i.pages,
                        "error": _document_problem(i.error) if i.error else None,
                    }
                    for i in report.items
                ],
                "summary": {"files": len(report.items), **counts},
            }
        )  # fmt: skip
    else:
        for item in report.items:
            detail = (
                _document_problem(item.error)
                if item.error
                else t("ingest.detail", chunks=item.chunks, pages=item.pages)
            )
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


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
