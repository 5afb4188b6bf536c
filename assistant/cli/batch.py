"""The batch command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from assistant.cli.app import (
    HomeOpt,
    JsonFormat,
    LangOpt,
    _emit_json,
    _h,
    _setup,
    _stderr,
    app,
    guarded,
)
from assistant.i18n import t
from assistant.model import KaopingInputError


@app.command("batch", help=_h("cli.cmd.batch"))
@guarded
def batch_command(
    table: Annotated[Path, typer.Argument(help=_h("cli.arg.table"), show_default=False)],
    out: Annotated[
        Path, typer.Option("--out", "-o", help=_h("cli.opt.batch_out"), show_default=False)
    ],
    formats: Annotated[str, typer.Option("--formats", help=_h("cli.opt.formats"))] = "md,docx",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help=_h("cli.opt.jobs"), min=1, max=32)] = 1,
    force: Annotated[bool, typer.Option("--force", help=_h("cli.opt.force"))] = False,
    roc_year: Annotated[bool, typer.Option("--roc-year", help=_h("cli.opt.roc_year"))] = False,
    quota: Annotated[
        str | None, typer.Option("--quota", help=_h("cli.opt.quota"), show_default=False)
    ] = None,
    narratives: Annotated[
        Path | None, typer.Option("--narratives", help=_h("cli.opt.narratives"), show_default=False)
    ] = None,
    fmt: Annotated[
        JsonFormat | None, typer.Option("--format", "-f", help=_h("cli.opt.format"))
    ] = None,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    from assistant.batch import FORMATS, run_batch
    from assistant.llm import connect, llm_config

    settings = _setup(lang, home)
    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise KaopingInputError.one(
            "err.bad_option", option="--formats", value=",".join(unknown), known=", ".join(FORMATS)
        )
    model = connect(llm_config(settings))
    _stderr.print(
        t("draft.mode.offline") if model is None else t("draft.mode.llm", model=model.name),
        markup=False,
    )
    with Progress(console=_stderr, transient=True) as bar:
        task = bar.add_task(t("batch.progress"), total=None)

        def progress(agency: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=agency)

        result = run_batch(table, out, formats=chosen, jobs=jobs, force=force, lang=settings.lang,
                           roc_year=roc_year, quota=quota, narratives=narratives, progress=progress,
                           model=model, concurrency=settings.llm_concurrency)  # fmt: skip
    _stderr.print(
        t(
            "batch.done",
            done=len(result.done),
            skipped=len(result.skipped),
            failed=len(result.failures),
            out=str(out),
        ),
        markup=False,
    )
    for failure in result.summary["failures"]:
        _stderr.print(
            t("cli.failed_agency", agency=failure["agency_id"], error=failure["error"]),
            markup=False,
        )
    if fmt is not None:
        _emit_json(result.summary)
    if result.failures:
        raise typer.Exit(1)
