"""The draft report as a Word document (DOCX), for agencies that edit in Word.

Same text as the Markdown export; tables shade each light cell in its colour
and also write the word, so the rating survives greyscale printing. The bytes
are reproducible: fixed core-property dates and a normalised zip.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from assistant.export.charts import achievement_chart_png, rating_hex
from assistant.export.draft_markdown import (
    COLUMN_WIDTHS_CM,
    LIGHT_COLUMN,
    citation_text,
    fallback_text,
    goal_indicators,
    indicator_cells,
    mode_text,
    overall_lines,
    table_headers,
)
from assistant.export.zipfix import normalize_zip
from assistant.i18n import t

CJK_FONT = "Noto Sans CJK TC"
FIXED_TIME = dt.datetime(2000, 1, 1)  # core dates must not depend on when we rendered
NOTE_COLOR = RGBColor(0x9C, 0x57, 0x00)
CHART_WIDTH = Cm(16)
TABLE_FONT_SIZE = Pt(10)


def _use_cjk_font(doc: DocxDocument, lang: str) -> None:
    """Name a CJK East Asian font and language everywhere the template names a theme font."""
    styles = doc.styles.element
    for fonts in styles.xpath(".//w:rFonts"):
        if fonts.get(qn("w:eastAsiaTheme")) is not None:
            del fonts.attrib[qn("w:eastAsiaTheme")]
        fonts.set(qn("w:eastAsia"), CJK_FONT)
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    normal.get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    for tag in styles.xpath("./w:docDefaults//w:lang"):
        tag.set(qn("w:val"), "zh-TW" if lang == "zh-TW" else "en-US")
        tag.set(qn("w:eastAsia"), "zh-TW")


def _shade(cell: _Cell, hex_color: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_color.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shd)


def _write(cell: _Cell, text: str, *, bold: bool = False) -> None:
    run = cell.paragraphs[0].add_run(text)
    run.font.size = TABLE_FONT_SIZE
    run.bold = bold


def _table(doc: DocxDocument, draft: dict[str, Any], inds: list[dict[str, Any]], lang: str) -> None:
    table = doc.add_table(rows=1, cols=len(COLUMN_WIDTHS_CM))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on each page
    widths = [Cm(w) for w in COLUMN_WIDTHS_CM]
    for cell, text, width in zip(header.cells, table_headers(lang), widths, strict=True):
        _write(cell, text, bold=True)
        cell.width = width  # the cells, which Word reads
    for ind in inds:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, indicator_cells(ind), widths, strict=True):
            _write(cell, text)
            cell.width = width
        fill = rating_hex(draft, ind["rating"])
        if fill:
            _shade(cells[LIGHT_COLUMN], fill)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice reads


def _note(doc: DocxDocument, text: str) -> None:
    run = doc.add_paragraph().add_run(text)
    run.italic = True
    run.font.color.rgb = NOTE_COLOR


def _fix_core_properties(doc: DocxDocument, draft: dict[str, Any], lang: str) -> None:
    props = doc.core_properties
    props.title = draft["title"]
    props.language = lang
    props.author = ""
    props.comments = ""
    props.last_modified_by = ""
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME


def draft_docx(draft: dict[str, Any]) -> bytes:
    """The whole draft as DOCX bytes, the achievement chart after the summary section."""
    lang = str(draft.get("lang") or "zh-TW")
    doc = Document()
    _use_cjk_font(doc, lang)
    doc.add_heading(draft["title"], level=0)
    _note(doc, mode_text(draft, lang))
    chart: bytes | None = achievement_chart_png(draft, lang)
    for section in draft["sections"]:
        doc.add_heading(section["title"], level=1)
        note = fallback_text(section, lang)
        if note:
            _note(doc, note)
        for paragraph in section["paragraphs"]:
            doc.add_paragraph(paragraph)
        inds = goal_indicators(draft, section)
        if inds:
            _table(doc, draft, inds, lang)
        if chart and section.get("kind") == "summary":
            doc.add_picture(io.BytesIO(chart), width=CHART_WIDTH)
            chart = None
    if chart:
        doc.add_picture(io.BytesIO(chart), width=CHART_WIDTH)
    doc.add_heading(t("export.overall", lang), level=1)
    for line in overall_lines(draft, lang):
        doc.add_paragraph(line)
    if draft.get("citations"):
        doc.add_heading(t("export.references", lang), level=1)
        for citation in draft["citations"]:
            doc.add_paragraph(citation_text(citation, lang))
    _fix_core_properties(doc, draft, lang)
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())
