"""The numeral parser of narratives: values, units, scale, precision, qualifiers, non-claims."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from assistant.claims.quantities import find_quantities
from assistant.claims.text import normalize_same_length
from assistant.claims.units import in_indicator_unit

# text -> (value, precision, unit, qualifier) of the single number found in it
ONE = [
    ("執行率為 92.3%", "92.3", "0.1", "%", "exact"),
    ("執行率為92.3％", "92.3", "0.1", "%", "exact"),
    ("執行率為 ９２．３％", "92.3", "0.1", "%", "exact"),
    ("滿意度 85%", "85", "1", "%", "exact"),
    ("滿意度為百分之八十五", "85", "1", "%", "exact"),
    ("滿意度為百分之八十五點三", "85.3", "0.1", "%", "exact"),
    ("滿意度達九成二", "92", "1", "%", "exact"),
    ("滿意度達九成", "90", "10", "%", "exact"),
    ("滿意度逾九成", "90", "10", "%", "lower"),
    ("滿意度近九成", "90", "10", "%", "near"),
    ("滿意度約九成", "90", "10", "%", "approx"),
    ("滿意度九成以上", "90", "10", "%", "lower"),
    ("滿意度九成五", "95", "1", "%", "exact"),
    ("達成率近 95%", "95", "1", "%", "near"),
    ("達成率將近95%", "95", "1", "%", "near"),
    ("達成率接近 95%", "95", "1", "%", "near"),
    ("達成率逾95%", "95", "1", "%", "lower"),
    ("達成率超過 95%", "95", "1", "%", "lower"),
    ("達成率 95% 以上", "95", "1", "%", "lower"),
    ("達成率約 92%", "92", "1", "%", "approx"),
    ("達成率 92% 左右", "92", "1", "%", "approx"),
    ("達成率未達 95%", "95", "1", "%", "upper"),
    ("達成率不到95%", "95", "1", "%", "upper"),
    ("達成率低於 95%", "95", "1", "%", "upper"),
    ("收入 1.2 億元", "120000000", "10000000", "元", "exact"),
    ("收入1.2億元", "120000000", "10000000", "元", "exact"),
    ("收入 1 億 2,000 萬元", "120000000", "10000000", "元", "exact"),
    ("收入1億2000萬元", "120000000", "10000000", "元", "exact"),
    ("收入 12,000 萬元", "120000000", "10000000", "元", "exact"),
    ("收入 1,263.8 億元", "126380000000", "10000000", "元", "exact"),
    ("服務 3 萬 5 千人次", "35000", "1000", "人次", "exact"),
    ("服務 3萬5千人次", "35000", "1000", "人次", "exact"),
    ("服務逾 19 萬人次", "190000", "10000", "人次", "lower"),
    ("服務 192,360 人次", "192360", "10", "人次", "exact"),
    ("服務 12,000 人次", "12000", "1000", "人次", "exact"),
    ("服務一百二十件", "120", "10", "件", "exact"),
    ("興辦 1,420 戶", "1420", "10", "戶", "exact"),
    ("平均 6.4 天", "6.4", "0.1", "天", "exact"),
    ("平均處理天數降至 6.4 天", "6.4", "0.1", "天", "exact"),
    ("較去年提升 1.9 個百分點", "1.9", "0.1", "個百分點", "exact"),
    ("revenue of NT$1.2 billion", "1200000000", "100000000", "元", "exact"),
    ("reached 92.3%", "92.3", "0.1", "%", "exact"),
    ("more than 95% of cases", "95", "1", "%", "lower"),
    ("nearly 90%", "90", "1", "%", "near"),
    ("about 92 percent", "92", "1", "%", "approx"),
    ("less than 95%", "95", "1", "%", "upper"),
    ("served 12,500 visits", "12500", "100", "visits", "exact"),
    ("減少 1,200 件", "1200", "100", "件", "exact"),
    ("共 52.3 萬公噸", "523000", "1000", "公噸", "exact"),
    ("成長 -3.5%", "-3.5", "0.1", "%", "exact"),
    # a reference word before a number that a share follows: the number is stated, not cited
    ("ended the year 8 percent above target", "8", "1", "%", "exact"),
]

# texts where no number is a claim
NONE = [
    "112 年",
    "112年度預算",
    "民國 112 年",
    "2023 年",
    "2023年度",
    "113 年 3 月 15 日",
    "3 月底",
    "2023/05/01",
    "112.05.01",
    "第 3 季",
    "第3季",
    "第 5 條",
    "院臺字第 1120012345 號",
    "召開 3 次會議",
    "共召開 12 場座談會",
    "詳見第 12 頁",
    "如表 3 所示",
    "圖 2",
    "一、推動計畫",
    "十分重要",
    "一般民眾",
    "統一規劃",
    "14:30 開會",
    "see page 12",
    "in year 3 of the plan",
    "see Table 8 for details",
]


@pytest.mark.parametrize(("text", "value", "precision", "unit", "qualifier"), ONE)
def test_one_number(text, value, precision, unit, qualifier):
    found = find_quantities(normalize_same_length(text))
    assert len(found) == 1, found
    q = found[0]
    assert (q.value, q.precision, q.unit, q.qualifier) == (D(value), D(precision), unit, qualifier)


@pytest.mark.parametrize("text", NONE)
def test_not_a_claim(text):
    assert find_quantities(normalize_same_length(text)) == []


def test_at_least_sixty_expressions():
    assert len(ONE) + len(NONE) >= 60


def test_roc_year_next_to_a_value():
    found = find_quantities(normalize_same_length("112 年執行率 92.3%，113 年 3 月檢討"))
    assert [q.value for q in found] == [D("92.3")]


def test_several_numbers_keep_their_spans():
    text = "垃圾回收率達 54.39%，社會住宅興辦 1,420 戶"
    found = find_quantities(text)
    assert [text[q.start : q.end] for q in found] == ["54.39%", "1,420 戶"]


@pytest.mark.parametrize(
    ("text", "indicator_unit", "value"),
    [
        ("1.2 億元", "億元", "1.2"),
        ("12,000 萬元", "億元", "1.2"),
        ("1 億 2,000 萬元", "萬元", "12000"),
        ("3 萬 5 千人次", "萬人次", "3.5"),
        ("35,000 人次", "人次", "35000"),
        ("52.3 萬公噸", "萬公噸CO2e", "52.3"),
        ("92.3", "%", "92.3"),
        ("6.4 日", "天", "6.4"),
    ],
)
def test_unit_conversion(text, indicator_unit, value):
    q = find_quantities(text, (indicator_unit,))[0]
    converted = in_indicator_unit(q, indicator_unit)
    assert converted is not None and converted[0] == D(value)


def test_incompatible_units():
    q = find_quantities("120 場")[0]
    assert in_indicator_unit(q, "%") is None
    assert in_indicator_unit(find_quantities("92%")[0], "件") is None
