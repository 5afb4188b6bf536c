"""The review command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import (
    FrameworkOpt,
    HomeOpt,
    LangOpt,
    ReviewFormat,
    _emit_json,
    _h,
    _setup,
    app,
    guarded,
)  # fmt: skip
from assistant.model import (
    load_metrics,
)
from assistant.scoring.service import framework_for, score_loaded


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
    fw = framework_for(loaded, framework, settings.frameworks_home)
    score_loaded(loaded, fw)  # scoring problems name their line before any review
    text = load_narrative(narrative)
    result = review_json(review(loaded.metrics, fw, text), text, with_text=with_text)
    if fmt is ReviewFormat.json:
        _emit_json(result)
    else:
        sys.stdout.write(review_memo(result, loaded.metrics))
