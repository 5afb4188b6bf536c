"""The draft exports (Markdown, DOCX, ODT, chart) show the draft's strings and are reproducible.

Each format is opened with its own reader (python-docx, odfpy) rather than
grepped, and rendered twice to check the bytes match: archived reports are
compared byte for byte.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from odf import opendocument, teletype
from odf.table import Table, TableRow
from odf.text import H, P

from assistant.export.charts import achievement_chart_png
from assistant.export.draft_docx import draft_docx
from assistant.export.draft_files import OutSuffixError, write_draft
from assistant.export.draft_markdown import draft_markdown
from assistant.export.draft_odt import draft_odt
from assistant.export.zipfix import FIXED_DATE_TIME

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _ind(
    id_: str, name: str, unit: str, target: str, actual: str | None, achievement: str | None,
    rating: str, label: str, points: str | None,
) -> dict[str, Any]:  # fmt: skip
    return {
        "id": id_, "goal_id": id_.split(".")[0], "name": name, "unit": unit,
        "direction": "higher", "method": "ratio", "baseline": None, "target": target,
        "actual": actual, "achievement": achievement, "rating": rating, "rating_label": label,
        "points": points, "weight": "25", "self_rating": None,
    }  # fmt: skip


def zh_draft() -> dict[str, Any]:
    """A realistic zh-TW draft: summary, two goals (one fallback), a white unmeasured KPI."""
    indicators = [
        _ind("G1.1", "A1類道路交通事故件數", "件", "2600", "2717", "95.69", "yellow", "黃燈", "95.69"),
        _ind("G1.2", "鐵路行車重大事故件數", "件", "5", "4", "125.00", "green", "綠燈", "100.00"),
        _ind("G2.1", "道路安全宣導及駕訓參與人次", "人次", "120000", "131452", "109.54", "green",
             "綠燈", "100.00"),
        _ind("G2.2", "監理業務申辦案件平均處理天數", "天", "3.0", "3.6", "83.33", "red", "紅燈",
             "83.33"),
        _ind("G2.3", "服務對象滿意度", "%", "87.0", None, None, "white", "未能評估", None),
    ]  # fmt: skip
    return {
        "schema": "kaoping/draft@1",
        "agency_id": "motc-demo",
        "agency_name": "交通部（示範）",
        "period": "2023",
        "period_label": "112年度",
        "framework": "tw-kpi",
        "lang": "zh-TW",
        "mode": "llm",
        "title": "交通部（示範）112年度施政績效自評報告（草稿）",
        "sections": [
            {
                "id": "summary",
                "kind": "summary",
                "title": "壹、整體執行情形",
                "paragraphs": [
                    "本年度共設定 2 項策略目標、5 項關鍵績效指標，整體分數 94.47 分［1］。",
                    "其中 1 項指標因資料未到位而無法衡量。",
                ],
                "indicators": [],
                "source": "deterministic",
                "citations": [1],
                "note": None,
            },
            {
                "id": "G1",
                "kind": "goal",
                "title": "貳、一、強化運輸安全，降低事故傷亡",
                "paragraphs": ["A1類道路交通事故件數為 2,717 件，未達目標值 2,600 件。"],
                "indicators": ["G1.1", "G1.2"],
                "source": "llm",
                "citations": [],
                "note": None,
            },
            {
                "id": "G2",
                "kind": "goal",
                "title": "貳、二、提升運輸服務效能",
                "paragraphs": ["監理業務平均處理天數為 3.6 天，【待機關補充：未達原因】［2］。"],
                "indicators": ["G2.1", "G2.2", "G2.3"],
                "source": "fallback",
                "citations": [2],
                "note": "模型文字兩次未通過數字檢核，改用依數據產生之文字",
            },
        ],
        "score": {
            "agency_id": "motc-demo",
            "agency_name": "交通部（示範）",
            "period": "2023",
            "framework": "tw-kpi",
            "indicators": indicators,
            "goals": [
                {
                    "id": "G1",
                    "name": "強化運輸安全，降低事故傷亡",
                    "weight": "50",
                    "section": None,
                    "score": "97.85",
                    "rating": "yellow",
                    "rating_label": "黃燈",
                    "measured": 2,
                    "indicators": 2,
                },
                {
                    "id": "G2",
                    "name": "提升運輸服務效能",
                    "weight": "50",
                    "section": None,
                    "score": "91.67",
                    "rating": "yellow",
                    "rating_label": "黃燈",
                    "measured": 2,
                    "indicators": 3,
                },
            ],
            "overall": {"score": "94.47", "grade": "yellow", "grade_label": "黃燈"},
            "notes": [],
        },
        "colors": {"green": "green", "yellow": "yellow", "red": "red", "white": "white"},
        "citations": [
            {
                "n": 1,
                "role": "guideline",
                "doc": "績效報告撰寫指引",
                "page": 3,
                "section": "參、二",
                "quote": "未達目標者應說明原因及改善措施",
            },
            {
                "n": 2,
                "role": "report",
                "doc": "111年度施政績效報告",
                "page": 12,
                "section": "貳、二",
                "quote": "監理服務將持續簡化流程",
            },
        ],
        "checks": [],
        "prompts": [{"id": "draft.section", "version": "1", "lang": "zh-TW"}],
        "llm": None,
    }


def en_draft() -> dict[str, Any]:
    draft = copy.deepcopy(zh_draft())
    draft["lang"] = "en"
    draft["title"] = "Ministry of Transportation (demo) 2023 self-evaluation (draft)"
    for ind, name in zip(
        draft["score"]["indicators"],
        ["A1 road accidents", "Major rail accidents", "Road-safety course attendance",
         "Average licensing processing days", "Service satisfaction"],
        strict=True,
    ):  # fmt: skip
        ind["name"] = name
        ind["rating_label"] = {"yellow": "yellow", "green": "green", "red": "red"}.get(
            ind["rating"], "not rated"
        )
    return draft


def _md_row(md: str, indicator_id: str) -> list[str]:
    line = next(x for x in md.splitlines() if x.startswith(f"| {indicator_id} |"))
    return [c.strip() for c in line.strip("|").split("|")]


def test_markdown_shows_sections_tables_lights_fallback_and_citations() -> None:
    md = draft_markdown(zh_draft())
    assert md.startswith("# 交通部（示範）112年度施政績效自評報告（草稿）\n")
    for heading in [
        "壹、整體執行情形",
        "貳、一、強化運輸安全，降低事故傷亡",
        "貳、二、提升運輸服務效能",
    ]:
        assert f"\n## {heading}\n" in md
    assert "| 代碼 | 指標 | 單位 | 目標值 | 實際值 | 達成度(%) | 燈號 | 得分 |" in md
    assert _md_row(md, "G1.1") == [
        "G1.1", "A1類道路交通事故件數", "件", "2,600", "2,717", "95.69", "🟡 黃燈", "95.69",
    ]  # fmt: skip
    assert _md_row(md, "G2.1")[3:5] == ["120,000", "131,452"]
    assert _md_row(md, "G2.3") == [
        "G2.3",
        "服務對象滿意度",
        "%",
        "87.0",
        "—",
        "—",
        "⚪ 未能評估",
        "—",
    ]
    assert "🔴 紅燈" in md and "🟢 綠燈" in md
    # the G1 table sits in the G1 section, after its text
    g1, g2 = md.index("## 貳、一"), md.index("## 貳、二")
    assert g1 < md.index("| G1.1 |") < g2 < md.index("| G2.1 |")
    assert "> ⚠ 備援文字：模型文字兩次未通過數字檢核，改用依數據產生之文字" in md
    assert md.count("> ⚠") == 1
    assert "## 整體評分\n\n- 分數：94.47\n- 等級：🟡 黃燈\n" in md
    refs = md[md.index("## 參考資料") :]
    assert "- ［1］ 績效報告撰寫指引，p. 3，參、二：「未達目標者應說明原因及改善措施」" in refs
    assert "- ［2］ 111年度施政績效報告，p. 12，貳、二：「監理服務將持續簡化流程」" in refs
    assert "![" not in md


def test_markdown_links_the_chart_after_the_summary() -> None:
    md = draft_markdown(zh_draft(), chart_name="report.achievement.png")
    link = "![各指標達成度](report.achievement.png)"
    assert md.count(link) == 1
    assert md.index("其中 1 項指標") < md.index(link) < md.index("## 貳、一")


@pytest.mark.system("fonts-noto-cjk")  # without the font both charts are the fallback one
def test_chart_is_a_png_and_survives_a_missing_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    png = achievement_chart_png(zh_draft())
    assert png.startswith(PNG_MAGIC)
    assert b"tEXtSoftware" not in png  # no library version stamped in
    monkeypatch.setattr("assistant.export.charts.cjk_font", lambda: None)
    fallback = achievement_chart_png(zh_draft())
    assert fallback.startswith(PNG_MAGIC) and fallback != png


def _docx_cells(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_docx_has_title_tables_shaded_lights_chart_and_citations() -> None:
    doc = Document(io.BytesIO(draft_docx(zh_draft())))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paragraphs[0] == ("Title", "交通部（示範）112年度施政績效自評報告（草稿）")
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [
        "壹、整體執行情形", "貳、一、強化運輸安全，降低事故傷亡", "貳、二、提升運輸服務效能",
        "整體評分", "參考資料",
    ]  # fmt: skip
    texts = [text for _, text in paragraphs]
    assert "⚠ 備援文字：模型文字兩次未通過數字檢核，改用依數據產生之文字" in texts
    assert "分數：94.47" in texts and "等級：黃燈" in texts
    assert "［1］ 績效報告撰寫指引，p. 3，參、二：「未達目標者應說明原因及改善措施」" in texts
    assert len(doc.tables) == 2
    g1, g2 = (_docx_cells(table) for table in doc.tables)
    assert g1[0] == ["代碼", "指標", "單位", "目標值", "實際值", "達成度(%)", "燈號", "得分"]
    assert g1[1] == [
        "G1.1",
        "A1類道路交通事故件數",
        "件",
        "2,600",
        "2,717",
        "95.69",
        "黃燈",
        "95.69",
    ]
    assert [row[0] for row in g2[1:]] == ["G2.1", "G2.2", "G2.3"]
    assert g2[1][3:5] == ["120,000", "131,452"] and g2[3][6] == "未能評估"
    fills = [doc.tables[0].rows[n].cells[6]._tc.xpath("./w:tcPr/w:shd/@w:fill") for n in (1, 2)]
    assert fills == [["F2C037"], ["5CB85C"]]
    assert doc.tables[1].rows[3].cells[6]._tc.xpath("./w:tcPr/w:shd/@w:fill") == ["E6E6E6"]
    assert len(doc.inline_shapes) == 1
    normal_fonts = doc.styles["Normal"].element.xpath("./w:rPr/w:rFonts/@w:eastAsia")
    assert normal_fonts == ["Noto Sans CJK TC"]


def _odt_text(element: Any) -> str:
    return str(teletype.extractText(element))


def test_odt_has_headings_tables_coloured_lights_chart_and_citations() -> None:
    data = draft_odt(zh_draft())
    doc = opendocument.load(io.BytesIO(data))
    headings = [(h.getAttribute("outlinelevel"), _odt_text(h)) for h in doc.getElementsByType(H)]
    assert headings[:3] == [
        ("1", "壹、整體執行情形"), ("1", "貳、一、強化運輸安全，降低事故傷亡"),
        ("1", "貳、二、提升運輸服務效能"),
    ]  # fmt: skip
    texts = [_odt_text(p) for p in doc.getElementsByType(P)]
    assert texts[0] == "交通部（示範）112年度施政績效自評報告（草稿）"
    assert "⚠ 備援文字：模型文字兩次未通過數字檢核，改用依數據產生之文字" in texts
    assert "［2］ 111年度施政績效報告，p. 12，貳、二：「監理服務將持續簡化流程」" in texts
    tables = doc.getElementsByType(Table)
    assert len(tables) == 2
    rows = [
        [_odt_text(cell) for cell in row.childNodes]
        for row in tables[1].getElementsByType(TableRow)
    ]
    assert rows[0][1] == "指標" and rows[0][6] == "燈號"
    assert rows[1] == [
        "G2.1", "道路安全宣導及駕訓參與人次", "人次", "120,000", "131,452", "109.54", "綠燈",
        "100.00",
    ]  # fmt: skip
    assert rows[2][6] == "紅燈" and rows[3][4:] == ["—", "—", "未能評估", "—"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert "Pictures/achievement.png" in archive.namelist()
        assert archive.read("Pictures/achievement.png").startswith(PNG_MAGIC)
        content = archive.read("content.xml").decode()
    assert 'xlink:href="Pictures/achievement.png"' in content
    for colour in ("#F2C037", "#5CB85C", "#D9534F", "#E6E6E6"):
        assert f'fo:background-color="{colour}"' in content


def test_renders_are_byte_identical() -> None:
    draft = zh_draft()
    assert achievement_chart_png(draft) == achievement_chart_png(copy.deepcopy(draft))
    docx, odt = draft_docx(draft), draft_odt(draft)
    # odfpy keeps a process-wide namespace table; other documents must not leak into ours
    from odf.anim import Par
    from odf.form import Form

    Par(), Form()
    assert draft_docx(copy.deepcopy(draft)) == docx
    assert draft_odt(copy.deepcopy(draft)) == odt
    for data in (docx, odt):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {i.date_time for i in archive.infolist()} == {FIXED_DATE_TIME}
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == [
        "2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z",
    ]  # fmt: skip


def test_english_draft_uses_english_labels() -> None:
    draft = en_draft()
    md = draft_markdown(draft)
    assert "| id | indicator | unit | target | actual | achievement (%) | rating | points |" in md
    assert "> ⚠ Fallback text: " in md
    assert "## Overall score\n\n- score: 94.47\n" in md
    assert "## References" in md and "p. 3, 參、二: “" in md
    assert "整體評分" not in md and "參考資料" not in md and "備援文字" not in md
    doc = Document(io.BytesIO(draft_docx(draft)))
    texts = [p.text for p in doc.paragraphs]
    assert "References" in texts and "Overall score" in texts
    assert _docx_cells(doc.tables[0])[0][1] == "indicator"
    odt = opendocument.load(io.BytesIO(draft_odt(draft)))
    assert "References" in [_odt_text(h) for h in odt.getElementsByType(H)]


def test_write_draft_picks_the_format_by_extension(tmp_path: Path) -> None:
    draft = zh_draft()
    md_files = write_draft(draft, tmp_path / "out" / "report.md")
    chart = tmp_path / "out" / "report.achievement.png"
    assert md_files == [tmp_path / "out" / "report.md", chart]
    assert chart.read_bytes() == achievement_chart_png(draft)
    assert "![各指標達成度](report.achievement.png)" in md_files[0].read_text(encoding="utf-8")
    assert write_draft(draft, tmp_path / "r.docx") == [tmp_path / "r.docx"]
    assert (tmp_path / "r.docx").read_bytes() == draft_docx(draft)
    assert write_draft(draft, tmp_path / "r.odt") == [tmp_path / "r.odt"]
    assert (tmp_path / "r.odt").read_bytes() == draft_odt(draft)
    write_draft(draft, tmp_path / "r.json")
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and "交通部（示範）" in text
    assert json.loads(text) == draft
    with pytest.raises(OutSuffixError) as caught:
        write_draft(draft, tmp_path / "r.pdf")
    assert caught.value.message_id == "export.err.out_suffix"
    assert caught.value.render("en") == (
        'cannot write a draft as ".pdf"; use one of: .md, .docx, .odt, .json'
    )
    assert "「.pdf」" in caught.value.render("zh-TW")
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.system("libreoffice-writer")
def test_libreoffice_renders_odt_and_docx_to_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader

    draft = zh_draft()
    odt, docx = tmp_path / "draft.odt", tmp_path / "draft-word.docx"
    odt.write_bytes(draft_odt(draft))
    docx.write_bytes(draft_docx(draft))
    profile = (tmp_path / "lo").as_uri()
    subprocess.run(
        [
            shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile}", "--headless",
            "--convert-to", "pdf", "--outdir", str(tmp_path), str(odt), str(docx),
        ],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    for name in ("draft.pdf", "draft-word.pdf"):
        reader = PdfReader(tmp_path / name)
        text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
        assert "A1類道路交通事故件數" in text, name
        assert "2,717" in text and "參考資料" in text, name
        assert any(page.images for page in reader.pages), name
