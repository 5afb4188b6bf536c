"""Pieces several pages show: messages for refusals and bad input, the score table with lights
and sparklines, the achievement chart, a narrative with its flags highlighted, citations."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from assistant.model import KaopingInputError
from assistant.workspace.errors import DeskError
from ui.state import lang, tr

T = TypeVar("T")

LIGHT_EMOJI = {"green": "🟢", "yellow": "🟡", "red": "🔴", "white": "⚪"}
FLAG_COLORS = {
    "number_mismatch": "#f8d7da",
    "target_misstatement": "#fde2c8",
    "status_overclaim": "#ffe69c",
    "grade_inflation": "#e2d9f3",
    "trend_mismatch": "#cfe2ff",
    "omitted_shortfall": "#d1e7dd",
    "unsupported_claim": "#e9ecef",
}


def problem_text(error: BaseException) -> str:
    """The one-line message a user should see for a refusal or bad input."""
    if isinstance(error, KaopingInputError):
        return error.render(lang())
    if isinstance(error, DeskError):
        return tr(error.message_id, **error.params)
    return tr("ui.error.unexpected", kind=type(error).__name__)


def attempt(work: Callable[[], T]) -> T | None:
    """``work()``, or None after showing its problem (the page goes on)."""
    try:
        return work()
    except (KaopingInputError, DeskError) as error:
        st.error(problem_text(error), icon="⚠️")
        return None


def _number(value: str | None) -> float | None:
    return float(Decimal(value)) if value not in (None, "") else None


def score_table(report: dict[str, Any], history: dict[str, dict[str, Any]] | None = None) -> None:
    """Indicators with their light, achievement and (where the metrics have it) a sparkline."""
    rows = []
    for ind in report["indicators"]:
        past = (history or {}).get(ind["id"], {})
        trend = [_number(str(v)) for _, v in sorted(past.items())] + [_number(ind.get("actual"))]
        rows.append({
            tr("ui.col.light"): f"{LIGHT_EMOJI.get(ind['rating'], '▫️')} {ind.get('rating_label') or ind['rating']}",
            tr("ui.col.id"): ind["id"],
            tr("ui.col.indicator"): ind["name"],
            tr("ui.col.target"): ind.get("target") or "—",
            tr("ui.col.actual"): ind.get("actual") or "—",
            tr("ui.col.unit"): ind.get("unit"),
            tr("ui.col.achievement"): _number(ind.get("achievement")),
            tr("ui.col.trend"): [v for v in trend if v is not None],
        })  # fmt: skip
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        placeholder="—",  # a not-measurable indicator has no achievement, not "None"
        column_config={
            tr("ui.col.achievement"): st.column_config.NumberColumn(format="%.2f%%"),
            tr("ui.col.trend"): st.column_config.LineChartColumn(width="small"),
        },
    )


def achievement_chart(report: dict[str, Any]) -> None:
    """Achievement by indicator against the 100 % line, bars coloured by light."""
    import altair as alt

    palette = {"green": "#5CB85C", "yellow": "#F2C037", "red": "#D9534F", "white": "#BDBDBD"}
    data = [
        {"indicator": f"{i['id']} {i['name']}", "achievement": _number(i.get("achievement")) or 0.0,
         "light": i.get("rating_label") or i["rating"], "color": palette.get(i["rating"], "#BDBDBD")}
        for i in report["indicators"]
    ]  # fmt: skip
    bars = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("achievement:Q", title=tr("ui.col.achievement")),
            # whole names: the default limit cut them to "G1.1 市區公車準…"
            y=alt.Y("indicator:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color("color:N", scale=None),
            tooltip=["indicator:N", "achievement:Q", "light:N"],
        )
    )
    rule = alt.Chart(alt.Data(values=[{"x": 100}])).mark_rule(strokeDash=[4, 3]).encode(x="x:Q")
    st.altair_chart(bars + rule, width="stretch")


def highlighted(text: str, flags: list[dict[str, Any]], selected: int | None = None) -> str:
    """The narrative as HTML with every flagged span marked in its first kind's colour, numbered
    with every flag on it (¹˒³ when two flags share a sentence)."""
    spans: dict[tuple[int, int], list[int]] = {}
    for i, f in enumerate(flags):
        if f.get("span"):
            spans.setdefault((f["span"][0], f["span"][1]), []).append(i)
    out, at = [], 0
    for (start, end), indexes in sorted(spans.items()):
        if start < at:
            continue  # a span overlapping the one before: that one marks the text
        kinds = [flags[i]["kind"] for i in indexes]
        out.append(html.escape(text[at:start]))
        border = "2px solid #333" if selected in indexes else "none"
        title = "、".join(dict.fromkeys(tr("kind." + k) for k in kinds))
        numbers = ",".join(str(i + 1) for i in indexes)
        out.append(
            f'<mark title="{html.escape(title)}" '
            f'style="background:{FLAG_COLORS.get(kinds[0], "#eee")};outline:{border};padding:0 2px">'
            f"{html.escape(text[start:end])}<sup>{numbers}</sup></mark>"
        )
        at = end
    out.append(html.escape(text[at:]))
    lines = [_heading(line) for line in "".join(out).split("\n")]
    return f'<div class="kaoping-narrative" style="line-height:1.9">{"<br>".join(lines)}</div>'


def _heading(line: str) -> str:
    """A Markdown heading line shown as a heading, without its ``#`` markers."""
    found = re.match(r"^(#{1,6})\s+(.*)$", line)
    return f"<strong>{found.group(2)}</strong>" if found else line


def citations(items: list[dict[str, Any]], label: str) -> None:
    """Each citation as an expandable quote with document, page and section."""
    if not items:
        return
    st.markdown(f"**{label}**")
    for c in items:
        heading = c.get("heading") or ""
        # a numbered heading (貳、二、) reads better whole: "貳、二、評核方式" rather than "貳、二、"
        section = heading if heading.startswith(c.get("section") or "\0") else c.get("section")
        page = f"p. {c['page']}" if c.get("page") else ""
        where = "，".join(str(x) for x in (c.get("doc"), page, section) if x)
        with st.expander(f"［{c.get('n', '')}］ {where}"):
            st.markdown(f"> {' '.join(str(c.get('quote', '')).split())}")


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def example_files(pattern: str) -> list[Path]:
    return sorted(EXAMPLES.glob(pattern)) if EXAMPLES.is_dir() else []


def metrics_input(key: str) -> Any:
    """Metrics from an uploaded file (YAML, JSON, XLSX, CSV; told by content) or an example;
    None until there is one. Bad files show their file, line and field."""
    from assistant.model import load_metrics
    from assistant.workspace.files import METRICS_TYPES, display_name, staged, suffix_for

    examples = example_files("*.yaml")
    # labels made now, in this run's language (a format_func may be called outside the run)
    labels = {s: tr(f"ui.metrics.{s}_choice") for s in ("upload", "example")}
    source = st.radio(tr("ui.metrics.source"), list(labels), horizontal=True, key=f"{key}_source",
                      format_func=labels.__getitem__)  # fmt: skip
    if source == "example":
        chosen = st.selectbox(tr("ui.metrics.example"), examples, format_func=lambda p: p.name,
                              key=f"{key}_example", index=None, placeholder=tr("ui.metrics.pick"))  # fmt: skip
        if chosen is None:
            return None
        return attempt(lambda: load_metrics(chosen, file=chosen.name))
    upload = st.file_uploader(tr("ui.metrics.upload"), type=["yaml", "yml", "json", "xlsx", "csv"],
                              key=f"{key}_file")  # fmt: skip
    if upload is None:
        return None
    data, name = upload.getvalue(), display_name(upload.name, "metrics")

    def load() -> Any:
        with staged(data, suffix_for(data, METRICS_TYPES, "metrics", name)) as path:
            return load_metrics(path, file=name)

    return attempt(load)
