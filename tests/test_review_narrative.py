"""Narrative text from .md/.txt/.docx/.pdf, and clear errors for bad files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from assistant.model.errors import KaopingInputError
from assistant.review import load_narrative

TEXT = "預算執行率為 92.3%，已達成年度目標。"


def make_pdf(path: Path, lines: list[str]) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))
    page = canvas.Canvas(str(path))
    page.setFont("MSung-Light", 12)
    for number, line in enumerate(lines):
        page.drawString(40, 800 - 18 * number, line)
    page.save()
    return path


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("壹、績效說明")
    document.add_paragraph(TEXT)
    table = document.add_table(rows=2, cols=3)
    for col, value in enumerate(["指標", "目標值", "實際值"]):
        table.cell(0, col).text = value
    for col, value in enumerate(["預算執行率", "95", "92.3"]):
        table.cell(1, col).text = value
    document.add_paragraph("其餘指標均達成。")
    document.save(path)
    return path


def test_markdown_and_text_keep_the_text(tmp_path):
    md = tmp_path / "n.md"
    md.write_text("# 標題\n\n" + TEXT, encoding="utf-8")
    assert load_narrative(md).text == "# 標題\n\n" + TEXT
    txt = tmp_path / "n.txt"
    txt.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert load_narrative(txt).text == TEXT
    utf16 = tmp_path / "u.txt"
    utf16.write_bytes(TEXT.encode("utf-16"))
    assert load_narrative(utf16).text == TEXT


def test_docx_paragraphs_and_table_rows_in_order(tmp_path):
    narrative = load_narrative(make_docx(tmp_path / "n.docx"))
    assert narrative.text.split("\n") == [
        "壹、績效說明", TEXT, "指標\t目標值\t實際值", "預算執行率\t95\t92.3", "其餘指標均達成。"
    ]  # fmt: skip
    assert narrative.format == "docx"


def test_pdf_text_with_wrapped_lines_joined(tmp_path):
    long_line = "預算執行率為 92.3%，較去年提升 1.9 個百分點，惟仍未達年度目標，主因部分採購"
    path = make_pdf(tmp_path / "n.pdf", [long_line, "案流標，已檢討招標條件。", "表 1", "已達成。"])
    text = load_narrative(path).text
    assert "部分採購案流標" in text
    assert text.split("\n")[1:] == ["表 1", "已達成。"]


@pytest.mark.system("libreoffice-writer")
def test_pdf_made_by_an_office_suite(tmp_path):
    """A DOCX saved as PDF by LibreOffice (as agencies publish them) reads back sentence by sentence."""
    source = make_docx(tmp_path / "n.docx")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = load_narrative(tmp_path / "n.pdf").text
    assert "預算執行率為" in text and "92.3%" in text and "已達成年度目標。" in text


def test_encrypted_pdf(tmp_path):
    writer = PdfWriter()
    writer.append(PdfReader(make_pdf(tmp_path / "plain.pdf", [TEXT])))
    writer.encrypt("secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(KaopingInputError) as info:
        load_narrative(path)
    assert info.value.problems[0].message_id == "err.pdf_encrypted"


@pytest.mark.parametrize(
    ("name", "data", "message_id"),
    [
        ("broken.pdf", b"%PDF-1.7\nthis is not really a pdf", "err.pdf_unreadable"),
        ("broken.docx", b"PK\x03\x04 not a zip", "err.docx_unreadable"),
        ("empty.md", b"   \n\n", "err.narrative_empty"),
        ("big5.txt", TEXT.encode("big5"), "err.not_utf8"),
        ("notes.rtf", b"{\\rtf1}", "err.narrative_type"),
    ],
)
def test_bad_narratives(tmp_path, name, data, message_id):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(KaopingInputError) as info:
        load_narrative(path)
    assert info.value.problems[0].message_id == message_id


def test_image_only_pdf(tmp_path):
    page = canvas.Canvas(str(tmp_path / "scan.pdf"))
    page.rect(100, 100, 200, 200, fill=1)
    page.save()
    with pytest.raises(KaopingInputError) as info:
        load_narrative(tmp_path / "scan.pdf")
    assert info.value.problems[0].message_id == "err.pdf_no_text"


def test_pdf_bytes_in_memory_match_file(tmp_path):
    path = make_pdf(tmp_path / "n.pdf", [TEXT])
    from assistant.review import narrative_from_bytes

    assert (
        narrative_from_bytes(path.read_bytes(), "n.pdf", ".pdf").text == load_narrative(path).text
    )
