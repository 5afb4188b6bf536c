"""Shared pieces of the CLI: the Typer app, options, settings, error handling, output."""

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

from assistant.i18n import (
    UnknownLanguageError,
    current_lang,
    normalize_lang,
    set_lang,
    t,
)
from assistant.model import (
    KaopingInputError,
)
from assistant.model.tables import AgencyFailure
from assistant.scoring.framework import Framework
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
