"""The draft command."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.app import (
    FrameworkOpt,
    HomeOpt,
    LangOpt,
    _emit_json,
    _h,
    _setup,
    _stderr,
    app,
    guarded,
)  # fmt: skip
from assistant.i18n import t
from assistant.model import KaopingInputError, load_metrics
from assistant.scoring.service import framework_for, score_loaded
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.drafting.grounding import Search


class DraftFormat(StrEnum):
    md = "md"
    json = "json"


def _search(settings: Settings, use_library: bool) -> Search | None:
    """The library's search when one exists under the home (or a Chroma server is configured)."""
    from assistant.documents import library_exists, library_search, open_library

    if not use_library or not (library_exists(settings) or settings.chroma_url):
        return None
    return library_search(open_library(settings))


def _progress(event: dict[str, Any]) -> None:
    if event["event"] == "section_done":
        _stderr.print(
            t("draft.progress", section=event["section"], source=event["source"]), markup=False
        )


@app.command("draft", help=_h("cli.cmd.draft"))
@guarded
def draft_command(
    metrics: Annotated[Path, typer.Argument(help=_h("cli.arg.metrics"), show_default=False)],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=_h("cli.opt.draft_out"), show_default=False)
    ] = None,
    framework: FrameworkOpt = None,
    fmt: Annotated[
        DraftFormat, typer.Option("--format", "-f", help=_h("cli.opt.format"))
    ] = DraftFormat.md,
    roc_year: Annotated[bool, typer.Option("--roc-year", help=_h("cli.opt.roc_year"))] = False,
    use_library: Annotated[
        bool, typer.Option("--library/--no-library", help=_h("cli.opt.use_library"))
    ] = True,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    from assistant.drafting import DraftOptions, draft_json, write_draft
    from assistant.export.draft_files import SUFFIXES
    from assistant.export.draft_files import write_draft as write_draft_files
    from assistant.export.draft_markdown import draft_markdown
    from assistant.llm import connect, llm_config

    settings = _setup(lang, home)
    if out is not None and out.suffix.lower() not in SUFFIXES:
        raise KaopingInputError.one(
            "export.err.out_suffix", field="--out", suffix=out.suffix or out.name,
            allowed=", ".join(SUFFIXES),
        )  # fmt: skip
    loaded = load_metrics(metrics)
    fw = framework_for(loaded, framework, settings.frameworks_home)
    report = score_loaded(loaded, fw)
    model = connect(llm_config(settings))
    if model is None:
        _stderr.print(t("draft.mode.offline"), markup=False)
    else:
        _stderr.print(t("draft.mode.llm", model=model.name), markup=False)
    draft = write_draft(
        loaded.metrics, fw,
        options=DraftOptions(lang=settings.lang, roc_year=roc_year),
        model=model, search=_search(settings, use_library), report=report,
        on_event=_progress if model is not None else None,
    )  # fmt: skip
    document = draft_json(draft)
    if out is not None:
        for path in write_draft_files(document, out):
            _stderr.print(t("draft.wrote", path=str(path)), markup=False)
    if fmt is DraftFormat.json:
        _emit_json(document)
    elif out is None:
        sys.stdout.write(draft_markdown(document))
