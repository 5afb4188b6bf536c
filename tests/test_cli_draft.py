"""kaoping draft offline: a complete zh-TW report in Markdown, DOCX and ODT, read back by their own
libraries (and by LibreOffice when present), citations from the library, bad options."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from docx import Document
from odf import draw, table, teletype
from odf.opendocument import load as load_odt
from pypdf import PdfReader

from tests.conftest import EXAMPLES
from tests.test_retrieval import GUIDE_PAGES, make_pdf

CENTRAL = EXAMPLES / "central-ministry.yaml"


def test_markdown_draft_to_stdout_says_offline(run_cli) -> None:
    result = run_cli("draft", CENTRAL)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# 交通部（示範）2023年度施政績效自評報告（草稿）")
    assert "離線模式" in text  # the document itself says how it was written
    assert "「A1類道路交通事故件數」" in text and "2,717件" in text
    assert "【待機關補充：未達成原因及改善措施】" in text
    assert "| G1.1 | A1類道路交通事故件數 | 件 | 2,600 | 2,717 | 95.69 | 🟡 黃燈 | 95.69 |" in text


def test_docx_has_the_text_the_tables_the_lights_and_the_chart(run_cli, tmp_path) -> None:
    out = tmp_path / "report.docx"
    result = run_cli("draft", CENTRAL, "--out", out, "--roc-year")
    assert result.returncode == 0, result.stderr
    doc = Document(str(out))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "交通部（示範）112年度施政績效自評報告（草稿）"
    body = "\n".join(paragraphs)
    assert "2,717件" in body and "111年" in body and "離線模式" in body
    assert len(doc.tables) == 3  # one scoring table per goal
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0][6] == "燈號"
    assert rows[1][:7] == ["G1.1", "A1類道路交通事故件數", "件", "2,600", "2,717", "95.69", "黃燈"]
    light_cell = doc.tables[0].rows[1].cells[6]._tc.xml
    assert "w:shd" in light_cell and "w:fill" in light_cell
    assert len(doc.inline_shapes) == 1  # the achievement chart


def test_odt_has_the_text_the_tables_and_the_chart(run_cli, tmp_path) -> None:
    out = tmp_path / "report.odt"
    result = run_cli("draft", CENTRAL, "--out", out)
    assert result.returncode == 0, result.stderr
    odt = load_odt(str(out))
    text = teletype.extractText(odt.text)
    assert "交通部（示範）2023年度施政績效自評報告（草稿）" in text and "2,717件" in text
    tables = odt.getElementsByType(table.Table)
    assert len(tables) == 3
    first_row = [teletype.extractText(c) for c in tables[0].getElementsByType(table.TableRow)[1]
                 .getElementsByType(table.TableCell)]  # fmt: skip
    assert first_row[:7] == [
        "G1.1",
        "A1類道路交通事故件數",
        "件",
        "2,600",
        "2,717",
        "95.69",
        "黃燈",
    ]
    assert odt.getElementsByType(draw.Image)


@pytest.mark.system("libreoffice-writer")
def test_libreoffice_opens_both_office_formats(run_cli, tmp_path) -> None:
    for suffix in (".docx", ".odt"):
        out = tmp_path / f"report{suffix}"
        assert run_cli("draft", CENTRAL, "--out", out).returncode == 0
        subprocess.run(
            [shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{tmp_path}/lo",
             "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / suffix[1:]), str(out)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        pdf = tmp_path / suffix[1:] / "report.pdf"
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        squashed = "".join(text.split())
        assert "A1類道路交通事故件數" in squashed and "2,717" in squashed, suffix


def test_markdown_file_gets_its_chart_beside_it(run_cli, tmp_path) -> None:
    out = tmp_path / "report.md"
    assert run_cli("draft", CENTRAL, "--out", out).returncode == 0
    chart = tmp_path / "report.achievement.png"
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert f"]({chart.name})" in out.read_text(encoding="utf-8")


def test_english_draft(run_cli) -> None:
    result = run_cli("draft", CENTRAL, "--lang", "en", "--format", "json")
    data = json.loads(result.stdout)
    assert data["lang"] == "en" and data["sections"][0]["title"] == "1. Overall results"
    assert "Offline mode" in result.stderr


def test_draft_cites_the_guideline_library(run_cli, tmp_path) -> None:
    pdf = make_pdf(tmp_path / "guide.pdf", GUIDE_PAGES)
    assert run_cli("ingest", pdf, "--kind", "guideline").returncode == 0
    result = run_cli("draft", CENTRAL, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    citation = data["citations"][0]
    assert citation["doc"] == "○○部施政績效評估手冊" and isinstance(citation["page"], int)
    assert citation["role"] == "guideline" and citation["quote"]
    summary = data["sections"][0]
    assert summary["citations"] == [citation["n"]]
    assert f"［{citation['n']}］" in summary["paragraphs"][-1]
    markdown = run_cli("draft", CENTRAL).stdout
    assert "## 參考資料" in markdown and "○○部施政績效評估手冊" in markdown
    without = json.loads(run_cli("draft", CENTRAL, "--no-library", "--format", "json").stdout)
    assert without["citations"] == []


def test_bad_output_suffix_and_missing_file(run_cli, tmp_path) -> None:
    bad = run_cli("draft", CENTRAL, "--out", tmp_path / "x.pdf")
    assert bad.returncode == 2 and "--out" in bad.stderr and ".docx" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and not (tmp_path / "x.pdf").exists()
    missing = run_cli("draft", tmp_path / "nope.yaml")
    assert (
        missing.returncode == 2
        and "nope.yaml" in missing.stderr
        and "Traceback" not in missing.stderr
    )


def test_same_input_same_bytes(run_cli, tmp_path) -> None:
    for n in ("one", "two"):
        for suffix in (".docx", ".odt", ".md", ".json"):
            out = tmp_path / n / f"report{suffix}"
            assert run_cli("draft", CENTRAL, "--out", out).returncode == 0
    for suffix in (".docx", ".odt", ".md", ".json", ".achievement.png"):
        one = (tmp_path / "one" / f"report{suffix}").read_bytes()
        assert one == (tmp_path / "two" / f"report{suffix}").read_bytes(), suffix


def test_every_example_drafts(run_cli, tmp_path) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        result = run_cli("draft", path, "--format", "json")
        assert result.returncode == 0, (path, result.stderr)
        data = json.loads(result.stdout)
        goals = [s for s in data["sections"] if s["kind"] == "goal"]
        assert goals and all(s["paragraphs"] for s in goals)
        assert data["mode"] == "offline" and data["llm"] is None
