"""The indicators command."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import HomeOpt, LangOpt, _emit_json, _h, _setup, _stderr, app, guarded
from assistant.i18n import t


class IndicatorsFormat(StrEnum):
    md = "md"
    json = "json"


@app.command("indicators", help=_h("cli.cmd.indicators"))
@guarded
def indicators_command(
    catalog: Annotated[Path, typer.Argument(help=_h("cli.arg.catalog"), show_default=False)],
    fmt: Annotated[
        IndicatorsFormat, typer.Option("--format", "-f", help=_h("cli.opt.format"))
    ] = IndicatorsFormat.md,
    heatmap: Annotated[
        Path | None, typer.Option("--heatmap", help=_h("cli.opt.heatmap"), show_default=False)
    ] = None,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    from assistant.fileio import write_bytes_atomic
    from assistant.indicators import analyse, load_catalog, result_json
    from assistant.indicators.report import heatmap_png, report_markdown

    settings = _setup(lang, home)
    loaded = load_catalog(catalog)
    # the bundled embedding model, which the pair model was fitted on
    analysis = analyse(loaded)
    result = result_json(analysis, settings.lang)
    if heatmap is not None:
        write_bytes_atomic(heatmap, heatmap_png(analysis, result, settings.lang))
        _stderr.print(t("draft.wrote", path=str(heatmap)), markup=False)
    if fmt is IndicatorsFormat.json:
        _emit_json(result)
    else:
        names = {i.id: i.name for i in loaded.indicators}
        sys.stdout.write(report_markdown(result, names, settings.lang))
