"""Indicator rationalisation: catalogs read with located errors, verdicts that resist the two
classic traps, quality flags, and a smaller set that leaves no goal empty."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml

from assistant.indicators import analyse, load_catalog, result_json
from assistant.indicators.stats import correlation
from assistant.indicators.text import normalize_text
from assistant.model.errors import KaopingInputError
from tests.conftest import EXAMPLES

UNITS = [f"u{n:02d}" for n in range(17)]
PERIODS = ["2021", "2022", "2023"]


def _values(fn, seed: int = 0) -> dict[str, float]:
    rng = random.Random(seed)
    return {f"{u}|{p}": round(fn(rng, i), 3) for i, u in enumerate(UNITS) for p in PERIODS}


def _write(tmp_path: Path, items: object, name: str = "catalog.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _ind(id_: str, name: str, **fields: object) -> dict[str, object]:
    return {
        "id": id_,
        "agency_id": "a",
        "name": name,
        "goal": "G",
        "unit": "%",
        "type": "outcome",
        **fields,
    }


def test_synonyms_fold_to_one_wording() -> None:
    assert normalize_text("市民對服務之滿意程度") == normalize_text("市民對服務之滿意度")
    assert normalize_text("每十萬人口竊盜發生數") == normalize_text("每萬人口竊盜發生率")
    assert normalize_text("長照服務覆蓋率") == normalize_text("長照服務涵蓋率")
    # users over population (普及率) is not the population a signal reaches (涵蓋率)
    assert normalize_text("5G用戶普及率") != normalize_text("5G用戶涵蓋率")


def test_spans_of_time_read_as_whole_days() -> None:
    """一日 and 24小時, 兩週 and 14天 are one span; a date (1月1日), 次日 and 日曆天 are not spans."""
    assert normalize_text("一日降雨預報準確率") == normalize_text("24小時降雨預報準確率")
    assert normalize_text("兩週內核發率") == normalize_text("14天內核發率")
    assert normalize_text("一星期內結案率") == normalize_text("7日內結案率")
    assert normalize_text("2小時內通報率") != normalize_text("2日內通報率")
    for kept in ("1月1日起", "次日", "30日曆天"):
        assert normalize_text(kept) == kept


def test_abbreviations_read_as_their_full_forms() -> None:
    assert normalize_text("5G 人口涵蓋率") == normalize_text("第五代行動通信人口覆蓋率")
    assert normalize_text("PM2.5 年平均濃度") == normalize_text("細懸浮微粒年平均濃度")
    assert "人工智慧" in normalize_text("AI 人才培育人數")
    # whole Latin words in their own case only: not the ai of email, not the English it
    assert "人工智慧" not in normalize_text("email 回覆件數")
    assert normalize_text("cases it closed") == "casesitclosed"
    # a Chinese short form inside a longer word is left alone (愛滋病毒 is not 愛滋病 + 毒)
    assert normalize_text("愛滋病毒感染者服藥率").startswith("愛滋病毒")
    assert normalize_text("台鐵列車準點率") == normalize_text("臺鐵列車準點率")


def test_a_rate_and_its_complement_read_alike() -> None:
    from assistant.indicators.catalog import CatalogIndicator
    from assistant.indicators.text import indicator_text

    def text(name: str) -> str:
        return indicator_text(CatalogIndicator.model_validate({"id": "X", "name": name}))

    assert text("市售蔬果農藥殘留不合格率") == text("市售蔬果農藥殘留合格率")
    assert text("市售蔬果農藥殘留違規率") == text("市售蔬果農藥殘留合格率")
    assert text("年度目標未達成率") == text("年度目標達成率")
    # every word for one step reads as one word, its complement too (及格 / 未通過 / 合格)
    assert text("客語認證及格率") == text("客語認證合格率") == text("客語認證未通過率")
    assert text("應納保未納保人口率") == text("應納保加保人口率")
    assert text("國際旅客申請件數") != text("國際旅客核准件數")  # different steps stay apart
    # only for similarity: the contrasts still read the words as written
    assert normalize_text("不合格率") != normalize_text("合格率")


def test_text_only_renaming_by_abbreviation_is_a_duplicate(tmp_path: Path) -> None:
    items = [
        _ind("A", "5G 人口涵蓋率", definition="5G 訊號涵蓋區域之人口數 ÷ 全國總人口數 × 100%"),
        _ind("B", "第五代行動通信人口覆蓋率",
             definition="全國人口中，居住於第五代行動通信服務覆蓋範圍內之人口所占比率。"),
    ]  # fmt: skip
    result = result_json(analyse(load_catalog(_write(tmp_path, items))), lang="zh-TW")
    verdicts = {(p["a"], p["b"]): p["verdict"] for p in result["pairs"]}
    assert verdicts.get(("A", "B")) == "duplicate"


def test_correlation_is_sign_insensitive_and_needs_enough_observations() -> None:
    a = {f"k{i}": v for i, v in enumerate([80, 85, 90, 70, 95, 60, 88, 77, 91, 83])}
    complement = {k: 100 - v for k, v in a.items()}
    from decimal import Decimal

    da = {k: Decimal(v) for k, v in a.items()}
    dc = {k: Decimal(v) for k, v in complement.items()}
    corr = correlation(da, dc)
    assert corr is not None and corr.pearson == -1.0 and corr.strength == 1.0
    few = {k: da[k] for k in list(da)[:5]}
    assert correlation(few, dc) is None


def test_verdicts_resist_both_traps(tmp_path: Path) -> None:
    population = lambda rng, i: 100 + 40 * i + rng.random()  # noqa: E731
    items = [
        _ind("A1", "預算執行率", definition="實支數 ÷ 可支用預算數 × 100%",
             values=_values(lambda r, i: 80 + r.random() * 15, 1)),
        _ind("A2", "預算執行比率", definition="實際支用數 ÷ 可支用預算數 × 100%",
             values=_values(lambda r, i: 80 + random.Random(i).random() * 0 + r.random() * 15, 1)),
        # similar wording, different measure: different numerator, values unrelated
        _ind("A3", "預算編列成長率", definition="（本年度預算數－上年度預算數）÷ 上年度預算數 × 100%",
             values=_values(lambda r, i: r.gauss(3, 2), 7)),
        # unrelated meanings, both driven by population: correlated, never duplicates
        _ind("B1", "垃圾清運量", unit="公噸", type="output", values=_values(population, 3)),
        _ind("B2", "圖書館借閱人次", unit="人次", type="output", values=_values(population, 4)),
        # an achievement rate and its complement
        _ind("C1", "案件如期結案率", definition="如期結案件數 ÷ 結案件數 × 100%",
             values=_values(lambda r, i: 90 + r.random() * 8, 9)),
        _ind("C2", "案件逾期結案率", definition="逾期結案件數 ÷ 結案件數 × 100%", direction="lower",
             values={k: round(100 - v, 3) for k, v in _values(lambda r, i: 90 + r.random() * 8, 9).items()}),
    ]  # fmt: skip
    result = result_json(analyse(load_catalog(_write(tmp_path, items))))
    verdicts = {(p["a"], p["b"]): p["verdict"] for p in result["pairs"]}
    assert verdicts.get(("A1", "A2")) == "duplicate"
    assert verdicts.get(("A1", "A3")) != "duplicate" and verdicts.get(("A2", "A3")) != "duplicate"
    assert verdicts.get(("B1", "B2")) != "duplicate"
    reasons = {(p["a"], p["b"]): p for p in result["pairs"]}
    if ("A1", "A2") in reasons:
        assert reasons[("A1", "A2")]["correlation"] >= 0.9
        assert "數值亦高度相關" in reasons[("A1", "A2")]["reason"]


def test_smaller_set_keeps_every_goal_and_prefers_outcomes(tmp_path: Path) -> None:
    items = [
        {**_ind("X1", "民眾服務滿意度", type="output"), "goal": "G1", "agency_id": "a"},
        {**_ind("X2", "民眾服務滿意程度", type="outcome"), "goal": "G1", "agency_id": "a"},
        {**_ind("X3", "民眾服務滿意度", type="outcome"), "goal": "G2", "agency_id": "a"},
        {**_ind("X4", "強化社區營造", unit=""), "goal": "G3", "agency_id": "a", "type": "process"},
        {**_ind("X5", "推動數位服務", unit=""), "goal": "G4", "agency_id": "a", "type": "process"},
        {
            **_ind("X6", "數位服務使用人次", unit="人次", type="output"),
            "goal": "G4",
            "agency_id": "a",
        },
    ]
    result = result_json(analyse(load_catalog(_write(tmp_path, items))))
    assert result["before"] == 6 and result["after"] < 6
    kept = set(result["reduced_set"])
    goals = {"X1": "G1", "X2": "G1", "X3": "G2", "X4": "G3", "X5": "G4", "X6": "G4"}
    assert {goals[k] for k in kept} == {"G1", "G2", "G3", "G4"}  # no goal left empty
    merge = next(r for r in result["recommendations"] if r["action"] == "merge")
    assert merge["keep"] in ("X2", "X3")  # the outcome one is kept over the output one
    actions = {(r["action"], tuple(r["indicators"])) for r in result["recommendations"]}
    assert ("drop", ("X5",)) in actions  # a vague verb with nothing to count, its goal keeps X6
    assert ("drop", ("X4",)) not in actions  # X4 is G3's only indicator
    flags = {q["id"]: q["flags"] for q in result["quality"]}
    assert "vague_no_measure" in flags["X4"] and "no_unit" in flags["X4"]
    assert set(result) >= {"before", "after", "pairs", "clusters", "recommendations", "reduced_set"}


@pytest.mark.parametrize(
    ("items", "message", "line"),
    [
        ([_ind("K1", "甲"), _ind("K1", "乙")], "K1", 8),
        ([_ind("K1", "甲", values={"u1|2023": "很多"})], "很多", 8),
        ([_ind("K1", "甲", values={"2023": 5})], "單位|期間", 8),
    ],
    ids=["duplicate-id", "not-a-number", "key-without-unit"],
)
def test_bad_catalogs_name_the_line(tmp_path: Path, items, message, line) -> None:
    path = _write(tmp_path, items)
    with pytest.raises(KaopingInputError) as caught:
        load_catalog(path)
    rendered = caught.value.render("zh-TW")
    assert message in rendered and str(path) in rendered and "第" in rendered


def test_values_keyed_to_undeclared_units_are_named(tmp_path: Path) -> None:
    path = _write(
        tmp_path, {"units": ["taipei"], "indicators": [_ind("K1", "甲", values={"tainan|2023": 5})]}
    )
    with pytest.raises(KaopingInputError) as caught:
        load_catalog(path)
    assert "tainan" in caught.value.render("zh-TW") and "第" in caught.value.render("zh-TW")


def test_csv_catalog_with_value_columns(tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text(
        "id,agency_id,name,unit,direction,v:taipei|2023,v:tainan|2023\n"
        "K1,a,民眾服務滿意度,%,higher,80,82\nK2,a,陳情案件平均處理天數,天,lower,5,x\n",
        encoding="utf-8",
    )
    with pytest.raises(KaopingInputError) as caught:
        load_catalog(path)
    rendered = caught.value.render("en")
    assert "line 3" in rendered and "x" in rendered


def test_indicators_command(run_cli, tmp_path: Path) -> None:
    heatmap = tmp_path / "heat.png"
    result = run_cli(
        "indicators",
        EXAMPLES / "catalogs" / "indicators.yaml",
        "--format",
        "json",
        "--heatmap",
        heatmap,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["before"] == 10 and data["after"] <= 9
    assert heatmap.read_bytes().startswith(b"\x89PNG")
    markdown = run_cli("indicators", EXAMPLES / "catalogs" / "indicators.yaml")
    assert markdown.returncode == 0 and "指標精簡建議" in markdown.stdout
    bad = run_cli("indicators", tmp_path / "missing.yaml")
    assert bad.returncode == 2 and "missing.yaml" in bad.stderr


def test_indicators_read_the_bundled_embedding_whatever_the_library_uses(run_cli) -> None:
    """The pair model was fitted on the bundled model's similarities: a library configured with
    another embedding endpoint (here one that does not answer) leaves the verdicts unchanged."""
    catalog = EXAMPLES / "catalogs" / "indicators.yaml"
    plain = run_cli("indicators", catalog, "--format", "json")
    elsewhere = {
        "KAOPING_EMBEDDING_BASE_URL": "http://127.0.0.1:9/v1",
        "KAOPING_EMBEDDING_MODEL": "text-embedding-3-small",
    }
    configured = run_cli("indicators", catalog, "--format", "json", env=elsewhere)
    assert plain.returncode == 0 and configured.returncode == 0, configured.stderr
    assert json.loads(configured.stdout) == json.loads(plain.stdout)
