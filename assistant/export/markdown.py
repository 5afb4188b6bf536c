"""Markdown renderings of score and ranking results, read from their JSON form.

Rendering from the JSON keeps one source of truth: every number shown is the
string the scoring core produced.
"""

from __future__ import annotations

from typing import Any

from assistant.i18n import t

LIGHTS = {"green": "🟢", "yellow": "🟡", "red": "🔴", "white": "⚪"}


def light(color: str | None) -> str:
    return LIGHTS.get(color or "", "▫️")


def grouped(value: str | None) -> str | None:
    """Display form with 千分位 commas (12000 -> 12,000); JSON keeps the plain string."""
    if value is None or not value.lstrip("-").replace(".", "", 1).isdigit():
        return value
    whole, dot, fraction = value.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{dot}{fraction}"


def _cell(value: object) -> str:
    text = "—" if value is None or value == "" else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(["---"] * len(headers)) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def score_markdown(result: dict[str, Any], colors: dict[str, str], lang: str | None = None) -> str:
    """A score report as Markdown: per goal, a KPI table with lights; then the overall."""
    out = [
        f"# {result['agency_name']}（{result['period']}）",
        "",
        f"{t('txt.framework', lang)}：{result['framework']}",
        "",
    ]
    headers = [
        t("col.id", lang), t("col.indicator", lang), t("col.unit", lang), t("col.target", lang),
        t("col.actual", lang), t("col.achievement", lang), t("col.rating", lang), t("col.points", lang),
    ]  # fmt: skip
    for goal in result["goals"]:
        score = goal["score"] if goal["score"] is not None else goal["rating_label"]
        out += [f"## {goal['id']} {goal['name']}（{t('col.score', lang)} {score}）", ""]
        rows = [
            [
                ind["id"], ind["name"], ind["unit"], grouped(ind["target"]), grouped(ind["actual"]),
                ind["achievement"],
                f"{light(colors.get(ind['rating']))} {ind['rating_label']}", ind["points"],
            ]
            for ind in result["indicators"]
            if ind["goal_id"] == goal["id"]
        ]  # fmt: skip
        out += [table(headers, rows), ""]
    if result.get("sections"):
        out += [f"## {t('col.section', lang)}", ""]
        rows = [[s["id"], s["name"], s["weight"], s["score"]] for s in result["sections"]]
        out += [
            table(
                [
                    t("col.id", lang),
                    t("col.name", lang),
                    t("col.weight", lang),
                    t("col.score", lang),
                ],
                rows,
            ),
            "",
        ]
    overall = result["overall"]
    grade = f"{light(colors.get(overall['grade']))} {overall['grade_label']}"
    out += [
        f"## {t('txt.overall', lang)}",
        "",
        f"- {t('col.score', lang)}：{_cell(overall['score'])}",
        f"- {t('col.grade', lang)}：{grade}",
    ]
    if overall.get("consequence"):
        out.append(f"- {t('txt.consequence', lang)}：{overall['consequence']}")
    if result["notes"]:
        out += ["", f"### {t('txt.notes', lang)}", ""]
        out += [f"- {n['message']}" for n in result["notes"]]
    return "\n".join(out) + "\n"


def ranking_markdown(result: dict[str, Any], lang: str | None = None) -> str:
    headers = [
        t("col.rank", lang),
        t("col.agency", lang),
        t("col.name", lang),
        t("col.score", lang),
        t("col.grade", lang),
    ]
    rows = [
        [u["rank"], u["agency_id"], u["agency_name"], u["score"], u["grade"]]
        for u in result["units"]
    ]
    out = [f"# {t('col.rank', lang)}（{result['framework']}）", "", table(headers, rows), ""]
    out.append(f"- {t('txt.rule', lang)}：{result['rule_text']}")
    if result.get("seats"):
        seats = "、".join(f"{k} {v}" for k, v in result["seats"].items())
        out.append(f"- {t('txt.seats', lang)}：{seats}")
    for group in result.get("ties_at_boundary", []):
        out.append(f"- {t('txt.ties', lang, units='、'.join(group))}")
    return "\n".join(out) + "\n"
