"""Readable terminal tables (rich) for the CLI, drawn from the JSON results."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from assistant.export.markdown import grouped
from assistant.i18n import t

STYLES = {"green": "bold green", "yellow": "bold yellow", "red": "bold red", "white": "bold white"}


def _light(color: str | None, label: str) -> str:
    style = STYLES.get(color or "")
    return f"[{style}]●[/] {label}" if style else label


def _text(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def print_score(console: Console, result: dict[str, Any], colors: dict[str, str]) -> None:
    console.print(
        f"[bold]{result['agency_name']}[/]（{result['period']}） {t('txt.framework')}：{result['framework']}"
    )
    for goal in result["goals"]:
        table = Table(title=f"{goal['id']} {goal['name']}", title_justify="left", expand=False)
        for key in ("col.id", "col.indicator", "col.unit", "col.target", "col.actual"):
            table.add_column(t(key), overflow="fold")
        table.add_column(t("col.achievement"), justify="right")
        table.add_column(t("col.rating"))
        table.add_column(t("col.points"), justify="right")
        for ind in result["indicators"]:
            if ind["goal_id"] != goal["id"]:
                continue
            table.add_row(
                ind["id"], ind["name"], _text(ind["unit"]), _text(grouped(ind["target"])),
                _text(grouped(ind["actual"])),
                _text(ind["achievement"]), _light(colors.get(ind["rating"]), ind["rating_label"]),
                _text(ind["points"]),
            )  # fmt: skip
        table.caption = f"{t('col.score')} {_text(goal['score'])}"
        console.print(table)
    overall = result["overall"]
    console.print(
        f"[bold]{t('txt.overall')}[/] {t('col.score')} {_text(overall['score'])}  "
        f"{t('col.grade')} {_light(colors.get(overall['grade']), overall['grade_label'])}"
    )
    if overall.get("consequence"):
        console.print(f"{t('txt.consequence')}：{overall['consequence']}")
    for note in result["notes"]:
        console.print(f"[dim]• {note['message']}[/]")


def print_rows(console: Console, headers: list[str], rows: list[list[object]]) -> None:
    table = Table()
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*[_text(c) for c in row])
    console.print(table)
