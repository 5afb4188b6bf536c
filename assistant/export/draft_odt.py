"""The draft report as OpenDocument text (ODT), the format government offices must accept.

Same text as the Markdown export, laid out with odfpy: outline headings, tables
whose light cell carries the rating colour and word, the chart as an embedded
picture. odfpy stamps zip entries with the time and declares every namespace
any document in the process has used (a class-level dict), so the zip and the
XML roots are normalised to keep the bytes reproducible.
"""

from __future__ import annotations

import io
from typing import Any

from lxml import etree
from odf import dc, teletype
from odf.draw import Frame, Image
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    FontFace,
    GraphicProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, P
from PIL import Image as PILImage

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
CHART_PATH = "Pictures/achievement.png"  # a fixed name; odfpy's own names are random
CHART_WIDTH_CM = 16.0
BORDER = "0.5pt solid #000000"
NOTE_COLOR = "#9C5700"


def _size(points: str) -> dict[str, str]:
    return {"fontsize": points, "fontsizeasian": points}


class _Styles:
    """The document's named and automatic styles, made once per document."""

    def __init__(self, doc: Any, lang: str) -> None:
        self.doc = doc
        language, _, country = ("zh-TW" if lang == "zh-TW" else "en-US").partition("-")
        doc.fontfacedecls.addElement(
            FontFace(name=CJK_FONT, fontfamily=f"'{CJK_FONT}'", fontfamilygeneric="swiss")
        )
        default = DefaultStyle(family="paragraph")
        default.addElement(
            TextProperties(
                fontnameasian=CJK_FONT, language=language, country=country,
                languageasian="zh", countryasian="TW",
            )
        )  # fmt: skip
        doc.styles.addElement(default)
        bold = {"fontweight": "bold", "fontweightasian": "bold"}
        spaced = {"margintop": "0.2cm", "marginbottom": "0.2cm"}
        self.title = self._paragraph("Title", {**_size("20pt"), **bold}, spaced)
        self.heading = self._paragraph(
            "Heading_20_1", {**_size("15pt"), **bold}, {**spaced, "keepwithnext": "always"}
        )
        self.heading.setAttribute("defaultoutlinelevel", 1)
        self.body = self._paragraph("Text_20_body", {}, spaced)
        self.cell_text = self._paragraph("Table_20_Contents", _size("10pt"), {})
        self.cell_heading = self._paragraph("Table_20_Heading", {**_size("10pt"), **bold}, {})
        italic = {"fontstyle": "italic", "fontstyleasian": "italic", "color": NOTE_COLOR}
        self.note = self._paragraph("Fallback_20_Note", italic, spaced)
        self.cell = self._cell("Cell", None)
        self.lights: dict[str, Any] = {}
        self.chart = Style(name="Chart", family="graphic")
        self.chart.addElement(GraphicProperties(anchortype="as-char", verticalpos="top"))
        doc.automaticstyles.addElement(self.chart)

    def _paragraph(self, name: str, text: dict[str, str], paragraph: dict[str, str]) -> Any:
        """A named paragraph style; ``Heading_20_1`` shows as "Heading 1" in the style list."""
        style = Style(name=name, displayname=name.replace("_20_", " "), family="paragraph")
        style.addElement(TextProperties(**text))
        style.addElement(ParagraphProperties(**paragraph))
        self.doc.styles.addElement(style)
        return style

    def _cell(self, name: str, background: str | None) -> Any:
        style = Style(name=name, family="table-cell")
        props = {"border": BORDER, "padding": "0.08cm"}
        if background:
            props["backgroundcolor"] = background
        style.addElement(TableCellProperties(**props))
        self.doc.automaticstyles.addElement(style)
        return style

    def light(self, hex_color: str) -> Any:
        """One automatic cell style per light colour, named after the colour."""
        if hex_color not in self.lights:
            self.lights[hex_color] = self._cell(f"Light{hex_color.lstrip('#')}", hex_color)
        return self.lights[hex_color]

    def table(self, name: str) -> tuple[Any, list[Any]]:
        """A table style and its column styles, widths from COLUMN_WIDTHS_CM."""
        style = Style(name=name, family="table")
        style.addElement(TableProperties(width=f"{sum(COLUMN_WIDTHS_CM):.2f}cm", align="left"))
        self.doc.automaticstyles.addElement(style)
        columns = []
        for n, width in enumerate(COLUMN_WIDTHS_CM, start=1):
            column = Style(name=f"{name}.C{n}", family="table-column")
            column.addElement(TableColumnProperties(columnwidth=f"{width:.2f}cm"))
            self.doc.automaticstyles.addElement(column)
            columns.append(column)
        return style, columns


def _para(style: Any, text: str) -> Any:
    paragraph = P(stylename=style)
    teletype.addTextToElement(paragraph, text)  # keeps runs of spaces and line breaks
    return paragraph


def _cell(style: Any, paragraph_style: Any, text: str) -> Any:
    cell = TableCell(stylename=style, valuetype="string")
    cell.addElement(_para(paragraph_style, text))
    return cell


def _table(
    styles: _Styles, name: str, draft: dict[str, Any], inds: list[dict[str, Any]], lang: str
) -> Any:
    table_style, column_styles = styles.table(name)
    table = Table(name=name, stylename=table_style)
    for column in column_styles:
        table.addElement(TableColumn(stylename=column))
    header_rows = TableHeaderRows()
    header = TableRow()
    for text in table_headers(lang):
        header.addElement(_cell(styles.cell, styles.cell_heading, text))
    header_rows.addElement(header)
    table.addElement(header_rows)
    for ind in inds:
        row = TableRow()
        fill = rating_hex(draft, ind["rating"])
        for n, text in enumerate(indicator_cells(ind)):
            style = styles.light(fill) if n == LIGHT_COLUMN and fill else styles.cell
            row.addElement(_cell(style, styles.cell_text, text))
        table.addElement(row)
    return table


def _chart(doc: Any, styles: _Styles, png: bytes) -> Any:
    href = doc.addPicture(CHART_PATH, "image/png", png)
    with PILImage.open(io.BytesIO(png)) as image:
        width_px, height_px = image.size
    height = CHART_WIDTH_CM * height_px / width_px
    frame = Frame(
        stylename=styles.chart, name="achievement", anchortype="as-char",
        width=f"{CHART_WIDTH_CM:.2f}cm", height=f"{height:.2f}cm",
    )  # fmt: skip
    frame.addElement(Image(href=href))
    paragraph = P()
    paragraph.addElement(frame)
    return paragraph


def _tidy_namespaces(name: str, data: bytes) -> bytes:
    """Declare only the namespaces this XML uses, sorted, on its root."""
    if not name.endswith(".xml"):
        return data
    root = etree.fromstring(data)
    etree.cleanup_namespaces(root)
    tidy = etree.Element(root.tag, dict(root.attrib), nsmap=dict(sorted(root.nsmap.items())))
    tidy.text = root.text
    tidy.extend(list(root))
    return bytes(etree.tostring(tidy, xml_declaration=True, encoding="UTF-8"))


def draft_odt(draft: dict[str, Any]) -> bytes:
    """The whole draft as ODT bytes, the achievement chart after the summary section."""
    lang = str(draft.get("lang") or "zh-TW")
    doc = OpenDocumentText()
    styles = _Styles(doc, lang)
    doc.meta.addElement(dc.Title(text=draft["title"]))
    doc.meta.addElement(dc.Language(text=lang))
    body = doc.text
    body.addElement(_para(styles.title, draft["title"]))
    body.addElement(_para(styles.note, mode_text(draft, lang)))
    chart: bytes | None = achievement_chart_png(draft, lang)
    tables = 0
    for section in draft["sections"]:
        body.addElement(H(outlinelevel=1, stylename=styles.heading, text=section["title"]))
        note = fallback_text(section, lang)
        if note:
            body.addElement(_para(styles.note, note))
        for paragraph in section["paragraphs"]:
            body.addElement(_para(styles.body, paragraph))
        inds = goal_indicators(draft, section)
        if inds:
            tables += 1
            body.addElement(_table(styles, f"Table{tables}", draft, inds, lang))
        if chart and section.get("kind") == "summary":
            body.addElement(_chart(doc, styles, chart))
            chart = None
    if chart:
        body.addElement(_chart(doc, styles, chart))
    body.addElement(H(outlinelevel=1, stylename=styles.heading, text=t("export.overall", lang)))
    for line in overall_lines(draft, lang):
        body.addElement(_para(styles.body, line))
    if draft.get("citations"):
        references = t("export.references", lang)
        body.addElement(H(outlinelevel=1, stylename=styles.heading, text=references))
        for citation in draft["citations"]:
            body.addElement(_para(styles.body, citation_text(citation, lang)))
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue(), _tidy_namespaces)
