"""The run's dashboard: a self-contained index.html and its charts, from summary.json alone.

The page needs no server and no network: styles are inline, charts are PNGs embedded as data
URIs, and every agency links to its own report files by relative path. It carries no time, so
the same run gives the same bytes.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

from assistant.i18n import t

LIGHT_HEX = {"green": "#4caf50", "yellow": "#f2c037", "red": "#e05252", "white": "#e0e0e0"}


def lights_chart_png(summary: dict[str, Any], lang: str | None = None) -> bytes:
    """Lights per agency as stacked horizontal bars (agencies in ranking order)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from assistant.export.charts import cjk_font

    agencies = summary["agencies_detail"]
    ratings = summary["rating_order"]
    font = cjk_font()
    height = 1.2 + 0.24 * max(len(agencies), 1)
    fig = Figure(figsize=(8, min(height, 60)), dpi=90)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    left = [0] * len(agencies)
    rows = list(range(len(agencies)))
    for rating in ratings:
        counts = [a["lights"].get(rating, 0) for a in agencies]
        color = LIGHT_HEX.get(summary["colors"].get(rating, ""), "#b0b0b0")
        ax.barh(
            rows, counts, left=left, color=color, edgecolor="#888888", linewidth=0.4, label=rating
        )
        left = [x + c for x, c in zip(left, counts, strict=True)]
    labels = [a["agency_name"] if font is not None else a["agency_id"] for a in agencies]
    ax.set_yticks(rows, labels, fontsize=7, fontproperties=font)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_title(t("batch.lights_title", lang), fontproperties=font)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def flags_chart_png(summary: dict[str, Any], lang: str | None = None) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    kinds = summary["flags_by_kind"]
    fig = Figure(figsize=(6, 2.6), dpi=90)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.bar(list(kinds) or ["—"], list(kinds.values()) or [0], color="#5b7fb5")
    ax.tick_params(axis="x", labelrotation=30, labelsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _img(png: bytes, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def index_html(
    summary: dict[str, Any], lights_png: bytes, flags_png: bytes, lang: str | None = None
) -> str:
    e = html.escape
    rows = []
    for unit in summary["ranking"].get("units", []):
        agency = unit["agency_id"]
        files = summary["files"].get(agency, [])
        links = " ".join(
            f'<a href="agencies/{e(agency)}/{e(f)}">{e(f)}</a>'
            for f in files
            if not f.endswith(".png")
        )
        rows.append(
            f"<tr><td>{unit['rank'] if unit['rank'] is not None else '—'}</td><td>{e(agency)}</td>"
            f"<td>{e(unit['agency_name'])}</td><td>{e(unit['score'] or '—')}</td>"
            f'<td class="grade">{e(unit.get("grade_label") or unit["grade"])}</td><td>{links}</td></tr>'
        )
    failures = (
        "".join(
            f"<li><b>{e(f['agency_id'])}</b>：{e(f['error'])}</li>" for f in summary["failures"]
        )
        or f"<li>{e(t('batch.no_failures', lang))}</li>"
    )
    title = e(t("batch.title", lang, table=summary["table"]))
    return f"""<!DOCTYPE html>
<html lang="{e(lang or "zh-TW")}"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{{font-family:"Noto Sans CJK TC","Noto Sans TC",sans-serif;margin:2rem;color:#222}}
table{{border-collapse:collapse;margin:1rem 0}}td,th{{border:1px solid #ccc;padding:.3rem .6rem;font-size:.9rem}}
th{{background:#f3f3f3}}td.grade{{font-weight:bold}}img{{max-width:100%}}
</style></head><body>
<h1>{title}</h1>
<p>{e(t("batch.counts", lang, agencies=summary["agencies"], completed=len(summary["completed"]), failed=len(summary["failures"])))}</p>
<h2>{e(t("batch.ranking", lang))}</h2>
<p>{e(summary["ranking"].get("rule_text", ""))}</p>
<table id="ranking"><thead><tr><th>{e(t("col.rank", lang))}</th><th>{e(t("col.agency", lang))}</th>
<th>{e(t("col.name", lang))}</th><th>{e(t("col.score", lang))}</th><th>{e(t("col.grade", lang))}</th>
<th>{e(t("batch.reports", lang))}</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table>
<h2>{e(t("batch.lights_title", lang))}</h2>{_img(lights_png, t("batch.lights_title", lang))}
<h2>{e(t("batch.flags_title", lang))}</h2>{_img(flags_png, t("batch.flags_title", lang))}
<h2>{e(t("batch.failures", lang))}</h2><ul>{failures}</ul>
</body></html>
"""
