"""Frameworks are data: every shipped file loads, cites sources, and users may add their own."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from assistant.model.errors import KaopingInputError
from assistant.scoring import get_framework, list_frameworks, list_quotas, score_metrics
from assistant.scoring.framework import _registry
from tests.helpers import one

SHIPPED = {"tw-kpi", "tw-project", "kr-fiscal", "kr-specific-2023", "kr-specific-2024", "us-part"}


def test_all_shipped_frameworks_load_with_sources():
    frameworks = {f.id: f for f in list_frameworks()}
    assert set(frameworks) >= SHIPPED
    for framework in frameworks.values():
        assert framework.sources and framework.name["zh-TW"] and framework.name["en"]


def test_unconfirmed_values_are_marked():
    assert any(c.field == "ratings" for c in get_framework("tw-kpi").conventions)
    assert any(c.field == "grades" for c in get_framework("tw-project").conventions)


def test_tw_kpi_thresholds_are_data():
    bands = get_framework("tw-kpi").ratings.bands
    assert [(b.id, b.min) for b in bands] == [
        ("green", 100),
        ("yellow", 90),
        ("red", 80),
        ("white", None),
    ]


def test_us_part_sections_and_bands():
    fw = get_framework("us-part")
    assert [int(s.weight) for s in fw.sections] == [20, 10, 20, 50]
    assert [(b.id, b.min) for b in fw.grades.bands] == [
        ("effective", 85), ("moderately_effective", 70), ("adequate", 50), ("ineffective", None)
    ]  # fmt: skip


def test_kr_specific_2023_category_weights():
    fw = get_framework("kr-specific-2023")
    assert [(s.id, int(s.weight)) for s in fw.sections] == [
        ("major-policy", 50), ("regulatory-innovation", 20), ("government-innovation", 10), ("policy-communication", 20)
    ]  # fmt: skip
    for section in fw.sections:
        assert sum(i.weight for i in section.items) == 100


def test_quotas_load():
    assert {q.id for q in list_quotas()} >= {"seoul-units", "seoul-staff", "kr-fiscal-2015"}


def test_user_framework_in_home_overrides(tmp_path):
    folder = tmp_path / "frameworks"
    folder.mkdir()
    text = get_framework("tw-kpi").model_dump_json()
    import json

    data = json.loads(text)
    data["ratings"]["bands"][1]["min"] = "95"  # an agency whose yellow starts at 95
    import yaml

    (folder / "tw-kpi.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _registry.cache_clear()
    try:
        custom = get_framework("tw-kpi", tmp_path)
        assert custom.ratings.bands[1].min == D(95)
        report = score_metrics(one("92"), custom)
        assert report.indicators[0].rating.id == "red"
    finally:
        _registry.cache_clear()


def test_broken_user_framework_names_file_and_line(tmp_path):
    folder = tmp_path / "frameworks"
    folder.mkdir()
    (folder / "x.yaml").write_text(
        "kind: framework\nid: x\nname: {en: X}\nsources: []\n", encoding="utf-8"
    )
    _registry.cache_clear()
    try:
        with pytest.raises(KaopingInputError) as info:
            list_frameworks(tmp_path)
        problem = info.value.problems[0]
        assert problem.file.endswith("x.yaml") and problem.line is not None
    finally:
        _registry.cache_clear()
