"""Bad input: exit 2 and one line on stderr naming the file, the line and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

GOOD = """\
schema: kaoping/metrics@1
agency: {id: demo, name: 示範機關, level: central}
period: "2023"
framework: tw-kpi
goals:
  - id: G1
    name: 目標一
    indicators:
      - id: K1
        name: 指標一
        unit: "%"
        direction: higher
        target: 95
        actual: 92.3
      - id: K2
        name: 指標二
        unit: 件
        direction: lower
        target: 10
        actual: 12
"""

CASES = {
    # case: (text, expected line, expected field fragment)
    "wrong type": (
        GOOD.replace("actual: 92.3", "actual: 九十二點三x"),
        14,
        "goals[0].indicators[0].actual",
    ),
    "missing target": (
        GOOD.replace("        target: 95\n", ""),
        9,
        "goals[0].indicators[0].target",
    ),
    "duplicate indicator id": (GOOD.replace("id: K2", "id: K1"), 15, "goals[0].indicators[1].id"),
    "bad direction": (
        GOOD.replace("direction: lower", "direction: sideways"),
        18,
        "goals[0].indicators[1].direction",
    ),
    "unknown framework": (GOOD.replace("framework: tw-kpi", "framework: tw-nope"), 4, "framework"),
    "unknown field": (
        GOOD.replace("actual: 12", "actaul: 12"),
        20,
        "goals[0].indicators[1].actaul",
    ),
}


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_bad_metrics_file(case, lang, tmp_path, run_cli):
    text, line, field = CASES[case]
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("score", path, "--lang", lang, "--format", "json")
    assert result.returncode == 2, result.stderr
    message = _one_line(result.stderr)
    assert str(path) in message
    assert field in message
    assert (f"第 {line} 行" if lang == "zh-TW" else f"line {line}") in message
    assert message.startswith("錯誤：" if lang == "zh-TW" else "error: ")


def test_unknown_framework_option(run_cli):
    result = run_cli("score", EXAMPLES / "institution.yaml", "--framework", "nope")
    assert result.returncode == 2
    assert "--framework" in _one_line(result.stderr)


def test_empty_file(tmp_path, run_cli):
    path = tmp_path / "empty.yaml"
    path.write_text("\n  \n", encoding="utf-8")
    result = run_cli("score", path, "--lang", "en")
    assert result.returncode == 2
    assert _one_line(result.stderr) == f"error: {path}, line 1, field whole file: the file is empty"
    zh = run_cli("score", path)
    assert _one_line(zh.stderr) == f"錯誤：{path}，第 1 行，欄位 整份檔案：檔案是空的"


def test_one_agency_table_scores_like_yaml(tmp_path, run_cli):
    lines = (EXAMPLES / "batch-2023.csv").read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")[0]
    path = tmp_path / "one.csv"
    path.write_text(
        "\n".join([lines[0], *[row for row in lines[1:] if row.startswith(first + ",")]]) + "\n",
        encoding="utf-8",
    )
    result = run_cli("score", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["agency_id"] == first
    many = run_cli("score", EXAMPLES / "batch-2023.csv", "--lang", "en")
    assert many.returncode == 2 and "use kaoping convert or kaoping rank" in _one_line(many.stderr)


def test_missing_file(tmp_path, run_cli):
    result = run_cli("score", tmp_path / "nope.yaml")
    assert result.returncode == 2
    assert "找不到檔案" in _one_line(result.stderr)


def test_non_utf8_csv(tmp_path, run_cli):
    text = (EXAMPLES / "batch-2023.csv").read_text(encoding="utf-8")
    path = tmp_path / "big5.csv"
    path.write_bytes(text.encode("big5", errors="replace"))
    result = run_cli("rank", path, "--lang", "en")
    assert result.returncode == 2
    message = _one_line(result.stderr)
    assert str(path) in message and "line 2" in message and "field encoding" in message
    assert "UTF-8" in message


def test_bad_row_in_batch_names_row_and_column(tmp_path, run_cli):
    lines = (EXAMPLES / "batch-2023.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("direction")] = "up?"
    lines[3] = ",".join(cells)
    path = tmp_path / "batch.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("convert", path, "--out", tmp_path / "out", "--lang", "en")
    assert result.returncode == 1  # the other agencies were converted
    assert "line 4, field direction" in result.stderr
    assert (
        len(list((tmp_path / "out").glob("*.yaml")))
        == len({line.split(",")[0] for line in lines[1:]}) - 1
    )


def test_missing_column(tmp_path, run_cli):
    path = tmp_path / "t.csv"
    path.write_text("agency_id,agency_name\nx,y\n", encoding="utf-8")
    result = run_cli("rank", path, "--lang", "en")
    assert result.returncode == 2
    assert "line 1, field level" in _one_line(result.stderr)


def test_bad_lang(run_cli):
    result = run_cli("score", EXAMPLES / "institution.yaml", "--lang", "fr")
    assert result.returncode == 2
    assert "--lang" in _one_line(result.stderr)


def test_json_mode_prints_an_error_document(tmp_path, run_cli):
    import json

    path: Path = tmp_path / "bad.yaml"
    path.write_text(CASES["bad direction"][0], encoding="utf-8")
    result = run_cli("score", path, "--format", "json", "--lang", "en")
    error = json.loads(result.stdout)["error"]
    assert error["line"] == 18 and error["field"] == "goals[0].indicators[1].direction"
    assert error["code"] == "err.choice"
