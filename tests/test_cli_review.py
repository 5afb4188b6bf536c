"""kaoping review: JSON of contract §4.2, the Markdown memo, exit codes."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES

NARRATIVE = """\
# 國家農業科學研究院（示範）112 年度績效說明

科技計畫經費執行率為 96.8%，已達成年度目標。技術移轉 52 件，超越目標。
技術授權及權利金收入達 1.2 億元。農民教育訓練人次達 12,000 人次，各項指標均達成年度目標。
"""


def test_review_json_contract(tmp_path, run_cli):
    path = tmp_path / "n.md"
    path.write_text(NARRATIVE, encoding="utf-8")
    result = run_cli(
        "review", EXAMPLES / "institution.yaml", path, "--format", "json", "--with-text"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["text"] == NARRATIVE
    assert data["summary"]["flags"] == len(data["flags"]) > 0
    assert sum(data["summary"]["by_kind"].values()) == len(data["flags"])
    for flag in data["flags"]:
        assert set(flag) >= {
            "kind",
            "indicator_id",
            "severity",
            "span",
            "quote",
            "claimed",
            "objective",
            "message",
        }
        if flag["span"]:
            start, end = flag["span"]
            assert data["text"][start:end] == flag["quote"]
    kinds = {(f["kind"], f["indicator_id"]) for f in data["flags"]}
    assert ("number_mismatch", "G1.3") in kinds  # 1.2 億元 claimed, 1.09 億元 actual
    assert ("number_mismatch", "G2.1") in kinds  # 12,000 claimed, 9,150 actual
    assert ("status_overclaim", "G2.1") in kinds  # "all indicators met"
    assert ("omitted_shortfall", "G2.2") in kinds  # never mentioned


def test_review_memo_in_both_languages(tmp_path, run_cli):
    path = tmp_path / "n.md"
    path.write_text(NARRATIVE, encoding="utf-8")
    zh = run_cli("review", EXAMPLES / "institution.yaml", path)
    assert zh.returncode == 0 and zh.stdout.startswith("# 審查意見") and "請機關" in zh.stdout
    en = run_cli("review", EXAMPLES / "institution.yaml", path, "--lang", "en")
    assert en.stdout.startswith("# Review memo") and "Ask" in en.stdout


def test_clean_narrative_exits_zero_with_no_flags(tmp_path, run_cli):
    metrics = tmp_path / "m.yaml"
    metrics.write_text(
        "schema: kaoping/metrics@1\nagency: {id: a, name: 甲機關, level: central}\nperiod: '2023'\n"
        "goals:\n  - id: G1\n    name: 目標\n    indicators:\n"
        "      - {id: K1, name: 預算執行率, unit: '%', direction: higher, target: 90, actual: 92.3}\n",
        encoding="utf-8",
    )
    narrative = tmp_path / "n.txt"
    narrative.write_text("預算執行率達九成二，已達成年度目標。", encoding="utf-8")
    result = run_cli("review", metrics, narrative, "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["flags"] == []
    memo = run_cli("review", metrics, narrative)
    assert "未發現" in memo.stdout


@pytest.mark.parametrize("case", ["encrypted", "big5", "broken"])
def test_bad_narrative_files(tmp_path, run_cli, case):
    from pypdf import PdfReader, PdfWriter

    from tests.test_review_narrative import make_pdf

    if case == "encrypted":
        writer = PdfWriter()
        writer.append(PdfReader(make_pdf(tmp_path / "plain.pdf", ["預算執行率為 92.3%。"])))
        writer.encrypt("secret", algorithm="RC4-128")
        path = tmp_path / "locked.pdf"
        with path.open("wb") as handle:
            writer.write(handle)
        expected = "encrypted"
    elif case == "big5":
        path = tmp_path / "big5.md"
        path.write_bytes("預算執行率為 92.3%。".encode("big5"))
        expected = "UTF-8"
    else:
        path = tmp_path / "broken.docx"
        path.write_bytes(b"PK\x03\x04 nope")
        expected = "Word"
    result = run_cli("review", EXAMPLES / "institution.yaml", path, "--lang", "en")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and expected in lines[0], lines


def test_bad_narrative_is_exit_2_one_line(tmp_path, run_cli):
    empty = tmp_path / "empty.md"
    empty.write_text("\n", encoding="utf-8")
    result = run_cli("review", EXAMPLES / "institution.yaml", empty, "--lang", "en")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert (
        len(lines) == 1 and str(empty) in lines[0] and "line 1" in lines[0] and "empty" in lines[0]
    )
    broken = tmp_path / "x.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    result = run_cli("review", EXAMPLES / "institution.yaml", broken)
    assert result.returncode == 2 and "PDF" in result.stderr and "Traceback" not in result.stderr
