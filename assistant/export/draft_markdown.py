"""The draft report (``kaoping/draft@1``) as Markdown, and the text pieces every export shares.

DOCX and ODT lay out the same strings (table cells, fallback note, citations,
overall score) that this module builds, so the three formats never disagree.
"""

from __future__ import annotations

from typing import Any

from assistant.export.markdown import grouped, light, table
from assistant.i18n import t

LIGHT_COLUMN = 6  # index of the light (rating) column in table_headers / indicator_cells
COLUMN_WIDTHS_CM = (1.4, 4.8, 1.3, 1.9, 1.9, 1.9, 1.8, 1.6)  # for the paged formats
EMPTY = "—"


def table_headers(lang: str | None) -> list[str]:
    return [
        t("col.id", lang), t("col.indicator", lang), t("col.unit", lang), t("col.target", lang),
        t("col.actual", lang), t("col.achievement", lang), t("col.rating", lang),
        t("col.points", lang),
    ]  # fmt: skip


def indicator_cells(ind: dict[str, Any]) -> list[str]:
    """One scoring-table row as display strings: 千分位 on values, a dash for nothing."""
    cells = [
        ind["id"], ind["name"], ind["unit"], grouped(ind["target"]), grouped(ind["actual"]),
        ind["achievement"], ind["rating_label"], ind["points"],
    ]  # fmt: skip
    return [EMPTY if c is None or c == "" else str(c) for c in cells]


def goal_indicators(draft: dict[str, Any], section: dict[str, Any]) -> list[dict[str, Any]]:
    """The score rows of a goal section's indicators, in the section's order."""
    if section.get("kind") != "goal":
        return []
    by_id = {ind["id"]: ind for ind in draft["score"]["indicators"]}
    return [by_id[i] for i in section.get("indicators", []) if i in by_id]


def mode_text(draft: dict[str, Any], lang: str | None) -> str:
    """How the draft was written, stated in every format (offline mode must say so)."""
    if draft.get("mode") == "llm":
        model = (draft.get("llm") or {}).get("model") or "?"
        return t("export.mode.llm", lang, model=model)
    return t("export.mode.offline", lang)


def fallback_text(section: dict[str, Any], lang: str | None) -> str | None:
    """The visible note on a section whose model text was replaced, or None."""
    if section.get("source") != "fallback":
        return None
    label = t("export.fallback", lang)
    note = section.get("note")
    return "⚠ " + (t("export.fallback_note", lang, label=label, note=note) if note else label)


def citation_text(citation: dict[str, Any], lang: str | None) -> str:
    """``［n］ doc，p. page，section：「quote」``, leaving out the parts a citation lacks."""
    parts = [str(citation["doc"])]
    if citation.get("page") is not None:
        parts.append(t("export.cite_page", lang, page=citation["page"]))
    if citation.get("section"):
        parts.append(str(citation["section"]))
    source = t("export.cite_sep", lang).join(parts)
    if citation.get("quote"):
        source = t("export.cite_quote", lang, source=source, quote=citation["quote"])
    return f"［{citation['n']}］ {source}"


def overall_lines(draft: dict[str, Any], lang: str | None, *, emoji: bool = False) -> list[str]:
    """The overall score and grade as ``label：value`` lines (``emoji`` adds the light)."""
    overall = draft["score"]["overall"]
    score = EMPTY if overall.get("score") is None else str(overall["score"])
    grade = str(overall.get("grade_label") or EMPTY)
    if emoji:
        grade = f"{light((draft.get('colors') or {}).get(overall.get('grade')))} {grade}"
    return [
        t("export.item", lang, label=t("col.score", lang), value=score),
        t("export.item", lang, label=t("col.grade", lang), value=grade),
    ]


def draft_markdown(draft: dict[str, Any], chart_name: str | None = None) -> str:
    """The whole draft as Markdown; ``chart_name`` links the achievement chart after the summary."""
    lang = draft.get("lang")
    colors = draft.get("colors") or {}
    chart = f"![{t('export.chart_title', lang)}]({chart_name})" if chart_name else None
    out = [f"# {draft['title']}", "", f"> {mode_text(draft, lang)}", ""]
    for section in draft["sections"]:
        out += [f"## {section['title']}", ""]
        note = fallback_text(section, lang)
        if note:
            out += [f"> {note}", ""]
        for paragraph in section["paragraphs"]:
            out += [paragraph, ""]
        rows = []
        for ind in goal_indicators(draft, section):
            cells: list[object] = list(indicator_cells(ind))
            cells[LIGHT_COLUMN] = f"{light(colors.get(ind['rating']))} {cells[LIGHT_COLUMN]}"
            rows.append(cells)
        if rows:
            out += [table(table_headers(lang), rows), ""]
        if chart and section.get("kind") == "summary":
            out += [chart, ""]
            chart = None
    if chart:  # no summary section: the chart still belongs in the report
        out += [chart, ""]
    out += [f"## {t('export.overall', lang)}", ""]
    out += [f"- {line}" for line in overall_lines(draft, lang, emoji=True)] + [""]
    if draft.get("citations"):
        out += [f"## {t('export.references', lang)}", ""]
        out += [f"- {citation_text(c, lang)}" for c in draft["citations"]] + [""]
    return "\n".join(out)
