"""The achievement bar chart (PNG) that the draft exports embed.

Drawn with matplotlib's object API on the Agg canvas, so it needs no display and
leaves pyplot's global state alone (the web face renders in threads). Size, dpi
and metadata are fixed, so one draft always gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from matplotlib import colors as mcolors
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from assistant.i18n import t

CJK_FONT_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKtc-Regular.otf"),
)
CJK_FAMILY = "Noto Sans CJK TC"  # the Traditional Chinese face of the Noto CJK collection

# Light names as pleasant fills; "white" becomes light grey so it shows on white paper.
PALETTE = {"green": "#5CB85C", "yellow": "#F2C037", "red": "#D9534F", "white": "#E6E6E6"}
NO_COLOR = "#BDBDBD"
WHITE_EDGE = "#8C8C8C"
MUTED = "#666666"

DPI = 100
WIDTH_IN = 8.0
LABEL_WIDTH = 34  # display columns; a CJK character takes two


def rating_hex(draft: dict[str, Any], rating: str | None) -> str | None:
    """The fill colour (``#RRGGBB``) of a rating, or None when the framework gives it none."""
    name = (draft.get("colors") or {}).get(rating or "")
    if not name:
        return None
    if name in PALETTE:
        return PALETTE[name]
    try:
        return str(mcolors.to_hex(name)).upper()
    except ValueError:  # a colour name matplotlib does not know: still mark the cell
        return NO_COLOR


@cache
def cjk_font() -> font_manager.FontProperties | None:
    """A CJK-capable font, found by file so it works without a fontconfig cache."""
    for path in CJK_FONT_FILES:
        if path.exists():
            font_manager.fontManager.addfont(str(path))
    font = font_manager.FontProperties(family=CJK_FAMILY)
    try:
        font_manager.findfont(font, fallback_to_default=False)
    except ValueError:
        return None
    return font


def _is_pale(hex_color: str) -> bool:
    return min(mcolors.to_rgb(hex_color)) > 0.85


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int = LABEL_WIDTH) -> str:
    """Cut ``text`` to ``width`` display columns, marking the cut with an ellipsis."""
    if _display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        used += _display_width(ch)
        if used > width - 1:
            break
        out += ch
    return out.rstrip() + "…"


def achievement_chart_png(draft: dict[str, Any], lang: str | None = None) -> bytes:
    """A horizontal bar per indicator: achievement (%), coloured by its light, a line at 100 %.

    Rendering costs about 0.1-0.2 s, and each export of a draft (Markdown, DOCX, ODT) embeds
    the same chart, so the last few charts are kept by the content they depend on.
    """
    shown = {
        "lang": lang or draft.get("lang"),
        "colors": draft.get("colors") or {},
        "cjk": cjk_font() is not None,
        "score": {"indicators": [
            {k: i.get(k) for k in ("id", "name", "achievement", "rating")}
            for i in draft["score"]["indicators"]
        ]},
    }  # fmt: skip
    return _chart_for(json.dumps(shown, ensure_ascii=False, sort_keys=True))


@functools.lru_cache(maxsize=8)
def _chart_for(shown: str) -> bytes:
    """The chart of exactly what it shows (the cache key)."""
    data = json.loads(shown)
    return _render(data, data["lang"])


def _render(draft: dict[str, Any], lang: str | None) -> bytes:
    font = cjk_font()
    # Without a CJK font, DejaVu would draw boxes: label by id and write the words in English.
    lang = (lang or draft.get("lang")) if font is not None else "en"
    indicators = draft["score"]["indicators"]
    values = [float(ind["achievement"]) if ind["achievement"] else None for ind in indicators]
    fills = [rating_hex(draft, ind["rating"]) or NO_COLOR for ind in indicators]
    edges = [WHITE_EDGE if _is_pale(fill) else fill for fill in fills]  # pale bars need an outline
    rows = list(range(len(indicators)))

    height = 1.4 + 0.42 * max(len(rows), 1)
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    # margins from the labels' width, not a layout engine: the engine doubled the cost of a
    # chart, and the batch draws one per agency (CJK label columns are half a 9 pt em each)
    widest = max((_display_width(f"{i['id']} {i['name']}") for i in indicators), default=10)
    left = min(0.5, (min(widest, LABEL_WIDTH) * 5.0 + 18) / 72 / WIDTH_IN)
    fig.subplots_adjust(left=left, right=0.97, bottom=0.55 / height, top=1 - 0.42 / height)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.barh(
        rows,
        [v or 0.0 for v in values],
        height=0.62,
        color=fills,
        edgecolor=edges,
        linewidth=0.8,
    )
    xmax = max([120.0, *(v + 18 for v in values if v is not None)])
    for row, ind, value in zip(rows, indicators, values, strict=True):
        if value is None:
            text, x, style = t("export.not_measurable", lang), 1.5, "italic"
        else:
            text, x, style = f"{ind['achievement']}%", value + 1.5, "normal"
        ax.text(
            x, row, text, va="center", fontsize=8, color=MUTED, style=style, zorder=3,
            fontproperties=font,  # no box behind the label: it cost 12 % of a chart
        )  # fmt: skip
    ax.axvline(100, color=MUTED, linestyle="--", linewidth=1, zorder=2)
    labels = [
        truncate(f"{ind['id']} {ind['name']}") if font is not None else ind["id"]
        for ind in indicators
    ]
    ax.set_yticks(rows, labels, fontsize=9, fontproperties=font)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # first indicator on top, as in the tables
    ax.set_xlim(0, xmax)
    ax.set_xlabel(t("col.achievement", lang), fontproperties=font)
    ax.set_title(t("export.chart_title", lang), fontproperties=font)
    ax.spines[["top", "right"]].set_visible(False)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()
