"""The rationalisation report as Markdown, and the similarity heatmap of the indicators in pairs."""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from assistant.export.markdown import table
from assistant.i18n import t
from assistant.indicators.service import Analysis

MAX_HEATMAP = 60


def report_markdown(result: dict[str, Any], names: dict[str, str], lang: str | None = None) -> str:
    out = [
        f"# {t('indicators.md.title', lang)}", "",
        f"- {t('indicators.md.before', lang)}：{result['before']}　{t('indicators.md.after', lang)}：{result['after']}",
        f"- {t('indicators.md.burden', lang)}：{result['burden']['before']} → {result['burden']['after']}",
        f"- {t('indicators.md.outcome_share', lang)}：{result['outcome_share']['by_count']:.0%}",
        "",
    ]  # fmt: skip
    pairs = [[p["a"], names[p["a"]], p["b"], names[p["b"]], p["verdict"], p["text_similarity"],
              "—" if p["correlation"] is None else p["correlation"], p["reason"]]
             for p in result["pairs"]]  # fmt: skip
    recommendations = [
        [r["action"], "、".join(r["indicators"]), r["keep"] or "—", r["reason"]]
        for r in result["recommendations"]
    ]
    lookalikes = [[p["a"], names[p["a"]], p["b"], names[p["b"]], p["text_similarity"], p["reason"]]
                  for p in result.get("lookalikes", [])]  # fmt: skip
    quality = [
        [q["id"], names[q["id"]], "；".join(q["messages"]) or "—", q["inferred_type"] or "—"]
        for q in result["quality"]
    ]
    sections = [
        ("indicators.md.pairs", ["A", "", "B", "", "verdict", "text", "|r|", "reason"], pairs),
        (
            "indicators.md.recommendations",
            ["action", "indicators", "keep", "reason"],
            recommendations,
        ),
        # only when there are some: most catalogs have nothing to say about them
        *([("indicators.md.lookalikes", ["A", "", "B", "", "text", "reason"], lookalikes)]
          if lookalikes else []),
        ("indicators.md.quality", ["id", "", "flags", "type (inferred)"], quality),
    ]  # fmt: skip
    for title, headers, rows in sections:
        out += [f"## {t(title, lang)}", "", table(headers, rows), ""]
    return "\n".join(out)


def heatmap_png(analysis: Analysis, result: dict[str, Any], lang: str | None = None) -> bytes:
    """Text similarity among the indicators that appear in a judged pair (at most 60)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from assistant.export.charts import cjk_font

    index = {i.id: n for n, i in enumerate(analysis.catalog.indicators)}
    ids = list(dict.fromkeys(x for p in result["pairs"] for x in (p["a"], p["b"])))[:MAX_HEATMAP]
    if not ids:
        ids = [i.id for i in analysis.catalog.indicators][:MAX_HEATMAP]
    rows = [index[i] for i in ids]
    matrix = analysis.similarity[np.ix_(rows, rows)]
    size = 2 + 0.22 * len(ids)
    fig = Figure(figsize=(size + 1, size), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    image = ax.imshow(matrix, vmin=0, vmax=1, cmap="viridis")
    font = cjk_font()
    ax.set_xticks(range(len(ids)), ids, rotation=90, fontsize=6)
    ax.set_yticks(range(len(ids)), ids, fontsize=6)
    ax.set_title(t("indicators.heatmap_title", lang), fontproperties=font)
    fig.colorbar(image, ax=ax, fraction=0.04)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
