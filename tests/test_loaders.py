"""Loaders: YAML, JSON, CSV and XLSX into the contract, with lines for every value."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.model import KaopingInputError, dump_metrics_yaml, load_metrics, load_table
from tests.conftest import EXAMPLES

YAML = """\
schema: kaoping/metrics@1
agency:
  id: moef-demo
  name: 策略財政部（示範）
  level: central
period: 2023
framework: tw-kpi
goals:
  - id: G1
    name: 健全財政管理
    weight: 40
    indicators:
      - id: G1.1
        name: 財政項目預算執行率
        type: 成果指標
        unit: "%"
        direction: 正向
        baseline: 88.0
        target: "９５．０"
        actual: "92.30"
        history: {"2021": 89.1, "2022": "1,090.4"}
      - id: G1.2
        name: 逾期案件數
        unit: 件
        direction: lower
        target: 10
        actual: null
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_numbers_are_exact_and_words_normalised(tmp_path):
    loaded = load_metrics(write(tmp_path, "m.yaml", YAML))
    ind = loaded.metrics.goals[0].indicators[0]
    assert (ind.target, ind.actual, ind.baseline) == (D("95.0"), D("92.30"), D("88.0"))
    assert ind.history == {"2021": D("89.1"), "2022": D("1090.4")}
    assert (ind.type, ind.direction) == ("outcome", "higher")
    assert loaded.metrics.period == "2023"
    assert loaded.metrics.goals[0].indicators[1].actual is None


def test_source_map_knows_lines(tmp_path):
    loaded = load_metrics(write(tmp_path, "m.yaml", YAML))
    assert loaded.source.line_of(("goals", 0, "indicators", 0, "target")) == 19
    assert loaded.source.line_of(("goals", 0, "indicators", 1, "actual")) == 27


def test_json_equivalent(tmp_path):
    data = {
        "schema": "kaoping/metrics@1",
        "agency": {"id": "a", "name": "甲", "level": "local"},
        "period": "2023H1",
        "goals": [{"id": "G1", "name": "g", "indicators": [
            {"id": "K1", "name": "k", "direction": "higher", "target": 95, "actual": 92.3}]}],
    }  # fmt: skip
    loaded = load_metrics(write(tmp_path, "m.json", json.dumps(data, indent=2)))
    assert loaded.metrics.goals[0].indicators[0].actual == D("92.3")
    assert loaded.source.line_of(("goals", 0, "indicators", 0, "target")) == 18


def test_yaml_round_trip(tmp_path):
    first = load_metrics(write(tmp_path, "m.yaml", YAML)).metrics
    again = load_metrics(write(tmp_path, "again.yaml", dump_metrics_yaml(first))).metrics
    assert again == first


def test_duplicate_yaml_key_is_an_error(tmp_path):
    with pytest.raises(KaopingInputError) as info:
        load_metrics(
            write(
                tmp_path,
                "m.yaml",
                YAML.replace("  level: central\n", "  level: central\n  level: local\n"),
            )
        )
    assert info.value.problems[0].message_id == "err.duplicate_key"
    assert info.value.problems[0].line == 6


def test_batch_csv_groups_agencies(tmp_path):
    table = load_table(EXAMPLES / "batch-2023.csv")
    assert not table.failures
    assert len(table.agencies) >= 20
    ids = [a.metrics.agency.id for a in table.agencies]
    assert len(ids) == len(set(ids))
    first = table.agencies[0]
    assert first.source.name_of(("goals", 0, "indicators", 0, "target")) == "target"
    assert first.source.line_of(("goals", 0, "indicators", 0, "target")) == 2


def _csv_to_xlsx(csv_path: Path, xlsx_path: Path) -> None:
    import csv

    book = openpyxl.Workbook()
    sheet = book.active
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        for row_index, row in enumerate(csv.reader(handle)):
            values: list[object] = []
            for col, cell in enumerate(row):
                # numbers as real numeric cells, like a spreadsheet would hold them
                if row_index and col >= 12 and cell.replace(".", "", 1).isdigit():
                    values.append(float(cell) if "." in cell else int(cell))
                else:
                    values.append(cell if cell != "" else None)
            sheet.append(values)
    book.save(xlsx_path)


def test_xlsx_loads_like_the_csv(tmp_path):
    xlsx = tmp_path / "batch.xlsx"
    _csv_to_xlsx(EXAMPLES / "batch-2023.csv", xlsx)
    from_csv = load_table(EXAMPLES / "batch-2023.csv")
    from_xlsx = load_table(xlsx)
    assert [a.metrics for a in from_xlsx.agencies] == [a.metrics for a in from_csv.agencies]


def test_bad_agency_does_not_hide_the_others(tmp_path):
    text = (EXAMPLES / "batch-2023.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    header = lines[0].split(",")
    target = header.index("target")
    cells = lines[1].split(",")
    cells[target] = "abc"
    lines[1] = ",".join(cells)
    broken = write(tmp_path, "b.csv", "\n".join(lines) + "\n")
    table = load_table(broken)
    assert len(table.failures) == 1
    problem = table.failures[0].error.problems[0]
    assert (problem.line, problem.field, problem.message_id) == (2, "target", "err.number")
    assert len(table.agencies) == len(load_table(EXAMPLES / "batch-2023.csv").agencies) - 1


def test_csv_with_bom_is_fine(tmp_path):
    raw = (EXAMPLES / "batch-2023.csv").read_bytes()
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    assert len(load_table(path).agencies) == len(load_table(EXAMPLES / "batch-2023.csv").agencies)


@pytest.mark.parametrize(
    "name", ["central-ministry.yaml", "city-government.yaml", "institution.yaml"]
)
def test_examples_are_valid(name):
    loaded = load_metrics(EXAMPLES / name)
    assert loaded.metrics.agency.level in ("central", "local", "institution")


def test_examples_cover_three_levels():
    levels = {load_metrics(p).metrics.agency.level for p in EXAMPLES.glob("*.yaml")}
    assert levels == {"central", "local", "institution"}


def test_weights_all_or_none(tmp_path):
    # G1.2 gets a weight, G1.1 has none: the problem points at G1.1, the first one missing
    text = YAML.replace("        actual: null\n", "        actual: null\n        weight: 5\n")
    with pytest.raises(KaopingInputError) as info:
        load_metrics(write(tmp_path, "m.yaml", text))
    problem = info.value.problems[0]
    assert problem.message_id == "err.weights_mixed"
    assert problem.path == ("goals", 0, "indicators", 0, "weight")
    assert problem.line == 13


def test_zero_weights(tmp_path):
    text = YAML.replace("        history:", "        weight: 0\n        history:").replace(
        "        actual: null\n", "        actual: null\n        weight: 0\n"
    )
    with pytest.raises(KaopingInputError) as info:
        load_metrics(write(tmp_path, "m.yaml", text))
    assert info.value.problems[0].message_id == "err.weights_zero"


def test_wrong_schema_version(tmp_path):
    with pytest.raises(KaopingInputError) as info:
        load_metrics(write(tmp_path, "m.yaml", YAML.replace("metrics@1", "metrics@9")))
    assert (info.value.problems[0].message_id, info.value.problems[0].line) == ("err.choice", 1)


_texts = st.text(
    alphabet=st.sampled_from(list("財政執行率：#%,-'\" 一二三ABCxyz0123456789{}[]&*!|>?")),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() == s and s.strip())
_nums = st.decimals(
    min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False
)


@st.composite
def _metrics_data(draw):
    goals = []
    count = 0
    for gi in range(draw(st.integers(1, 3))):
        indicators = []
        for _ in range(draw(st.integers(1, 3))):
            count += 1
            indicators.append(
                {
                    "id": f"K{count}",
                    "name": draw(_texts),
                    "unit": draw(st.sampled_from(["%", "件", "億元", "人次"])),
                    "direction": draw(st.sampled_from(["higher", "lower"])),
                    "target": draw(_nums),
                    "actual": draw(st.none() | _nums),
                    "explanation": draw(st.none() | _texts),
                    "history": draw(
                        st.dictionaries(
                            st.sampled_from(["2021", "111", "2022H1"]), _nums, max_size=2
                        )
                    ),
                }
            )
        goals.append({"id": f"G{gi}", "name": draw(_texts), "indicators": indicators})
    return {
        "schema": "kaoping/metrics@1",
        "agency": {"id": "a-1", "name": draw(_texts), "level": "local"},
        "period": draw(st.sampled_from(["2023", "112", "2023H1"])),
        "goals": goals,
    }


@settings(max_examples=60, deadline=None)
@given(data=_metrics_data())
def test_dump_and_load_round_trip(tmp_path_factory, data):
    from assistant.model import MetricsFile

    metrics = MetricsFile.model_validate(data)
    path = tmp_path_factory.mktemp("rt") / "m.yaml"
    path.write_text(dump_metrics_yaml(metrics), encoding="utf-8")
    assert load_metrics(path).metrics == metrics


def test_lang_from_environment(tmp_path, monkeypatch):
    import subprocess
    import sys

    path = write(tmp_path, "e.yaml", "")
    env = {"KAOPING_LANG": "en", "KAOPING_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "score", str(path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 2 and "the file is empty" in result.stderr
