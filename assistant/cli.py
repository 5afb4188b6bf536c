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


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
