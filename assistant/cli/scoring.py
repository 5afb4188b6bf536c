"""Scoring commands: frameworks, score, schema, convert, rank."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.app import (
    Format,
    FormatOpt,
    FrameworkOpt,
    HomeOpt,
    JsonFormat,
    LangOpt,
    ListFormat,
    ListFormatOpt,
    _colors,
    _emit_json,
    _failure_json,
    _h,
    _print_failures,
    _setup,
    _stderr,
    _stdout,
    app,
    guarded,
)  # fmt: skip
from assistant.export.markdown import ranking_markdown, score_markdown
from assistant.fileio import write_text_atomic
from assistant.i18n import (
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
from assistant.scoring.service import framework_for, framework_json, score_and_rank, score_loaded


@app.command("frameworks", help=_h("cli.cmd.frameworks"))
@guarded
def frameworks_command(
    fmt: ListFormatOpt = ListFormat.table,
    lang: LangOpt = None,
    home: HomeOpt = None,
) -> None:
    settings = _setup(lang, home)
    items = list_frameworks(settings.frameworks_home)
    if fmt is ListFormat.json:
        _emit_json({"frameworks": [framework_json(f) for f in items]})
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
    fw = framework_for(loaded, framework, settings.frameworks_home)
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
        agencies, framework_id=framework, quota_id=quota, home=settings.frameworks_home
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
