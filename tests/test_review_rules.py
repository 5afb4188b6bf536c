"""Each gap rule, with the traps that must not be flagged."""

from __future__ import annotations

import pytest

from assistant.review import review_text
from assistant.scoring import get_framework
from tests.helpers import goal, indicator, metrics

TW = get_framework("tw-kpi")


def _metrics(**overrides):
    budget = {
        "name": "財政項目預算執行率", "unit": "%", "direction": "higher", "target": "95",
        "actual": "92.3", "history": {"2021": "89.1", "2022": "90.4"},
        "explanation": None,
    }  # fmt: skip
    days = {
        "name": "陳情案件平均處理天數",
        "unit": "天",
        "direction": "lower",
        "target": "6.0",
        "actual": "6.4",
    }
    income = {
        "name": "技術授權收入",
        "unit": "萬元",
        "direction": "higher",
        "target": "10000",
        "actual": "12000",
    }
    survey = {
        "name": "服務滿意度",
        "unit": "%",
        "direction": "higher",
        "target": "85",
        "actual": None,
    }
    for key, value in overrides.items():
        target, field = key.split("__")
        {"budget": budget, "days": days, "income": income, "survey": survey}[target][field] = value
    return metrics(
        goal("G1", indicator("B", **budget), indicator("D", **days)),
        goal("G2", indicator("I", **income), indicator("S", **survey)),
    )


EXPLAINED = (
    "預算執行率未達目標，主因採購流標，已檢討招標條件並將加強控管。"
    "陳情案件平均處理天數未達目標，因案件量增加，將增補人力改善。"
)


def kinds(text: str, **overrides) -> list[tuple[str, str | None]]:
    flags = review_text(_metrics(**overrides), TW, text + EXPLAINED)
    return [(f.kind.value, f.indicator_id) for f in flags]


def only(text: str, **overrides) -> list[tuple[str, str | None]]:
    """Flags raised by ``text`` beyond those of the explained baseline narrative."""
    base = kinds("", **overrides)
    return [k for k in kinds(text, **overrides) if k not in base]


@pytest.mark.parametrize(
    "text",
    [
        "預算執行率達九成二。",  # 九成二 states 92 to the nearest point: 92.3 rounds to it
        "預算執行率近九成三。",
        "112 年預算執行率為 92.3%。",  # 112 年 is the year, never a value
        "預算執行率為 92%。",
        "預算執行率約 92%。",
        "預算執行率未達 95%。",
        "預算執行率由 90.4% 提升至 92.3%。",  # 90.4 is last year's value
        "預算執行率目標值為 95%。",
        "預算執行率為 ９２．３％。",
        "技術授權收入 1.2 億元。",  # = 12,000 萬元
        "技術授權收入 1 億 2,000 萬元。",
        "技術授權收入逾 1 億元。",
        "陳情案件平均處理天數降至 6.4 天。",
        "113 年 3 月 15 日召開 3 次會議檢討預算執行率。",
    ],
)
def test_true_statements_are_not_flagged(text):
    assert only(text) == []


def test_near_ninety_vs_89_4_is_fine():
    assert only("預算執行率近九成。", budget__actual="89.4", budget__history={}) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("預算執行率逾95%。", ("number_mismatch", "B")),
        ("預算執行率達 98%。", ("number_mismatch", "B")),
        ("預算執行率達九成五。", ("number_mismatch", "B")),
        ("技術授權收入 1.5 億元。", ("number_mismatch", "I")),
        ("陳情案件平均處理天數降至 5.8 天。", ("number_mismatch", "D")),
        (
            "服務滿意度達 88%。",
            ("number_mismatch", "S"),
        ),  # null actual: any value is unsupported by data
        ("預算執行率目標值為 90%。", ("target_misstatement", "B")),
        ("預算執行率已達成年度目標。", ("status_overclaim", "B")),
        (
            "陳情案件平均處理天數如期達標。",
            ("status_overclaim", "D"),
        ),  # lower-is-better: 6.4 > 6.0 is a miss
        ("服務滿意度已達成目標。", ("status_overclaim", "S")),
        ("預算執行率較去年下降。", ("trend_mismatch", "B")),
        ("本年度另辦理研習 120 場，參與 5,000 人次。", ("unsupported_claim", None)),
    ],
)
def test_each_gap_is_flagged(text, expected):
    assert only(text) == [expected]


def test_severity_high_when_the_claim_flatters():
    flags = review_text(_metrics(), TW, "陳情案件平均處理天數降至 5.8 天。" + EXPLAINED)
    mismatch = next(f for f in flags if f.kind.value == "number_mismatch")
    assert (
        mismatch.severity == "high" and mismatch.claimed == "5.8 天" and mismatch.objective == "6.4"
    )


@pytest.mark.parametrize(
    "text",
    [
        "預算執行率未達成年度目標。",
        "為達成目標，預算執行率將持續提升。",
        "預算執行率尚未達標。",
        "預算執行率達成度為 97.16%。",
    ],
)
def test_negations_and_intentions_are_not_overclaims(text):
    assert only(text) == []


def test_sentence_about_all_indicators_links_to_each_unmet_one():
    assert sorted(only("各項指標均達成年度目標。")) == [
        ("status_overclaim", "B"), ("status_overclaim", "D"), ("status_overclaim", "S")
    ]  # fmt: skip


def test_trends_against_history():
    assert only("預算執行率較去年提升。") == []
    assert only("預算執行率逐年提升。") == []
    assert only("預算執行率逐年提升。", budget__history={"2021": "91", "2022": "90.4"}) == [
        ("trend_mismatch", "B")
    ]
    assert only("預算執行率較去年提升。", budget__history={}) == []  # no history: nothing to check
    assert only("預算執行率較去年提升 1.9 個百分點。") == []
    assert only("預算執行率較去年提升 3 個百分點。") == [("number_mismatch", "B")]


def test_trend_word_about_something_else_is_not_a_claim():
    assert only("預算執行率為 92.3%，主因採購成本增加。") == []


def test_grade_inflation_from_self_rating_and_from_text():
    assert kinds("", budget__self_rating="green") == [("grade_inflation", "B")]
    assert kinds("", budget__self_rating="綠燈") == [("grade_inflation", "B")]
    assert only("預算執行率評為綠燈。") == [("grade_inflation", "B")]
    assert kinds("", budget__self_rating="yellow") == []
    assert (
        kinds("", survey__self_rating="white") == []
    )  # the lowest light for a not-measurable one is honest
    assert kinds("", survey__self_rating="green") == [("grade_inflation", "S")]


def test_omitted_shortfall():
    metrics_ = _metrics()
    silent = review_text(metrics_, TW, "技術授權收入 1.2 億元。")
    missing = {(f.indicator_id, f.severity) for f in silent if f.kind.value == "omitted_shortfall"}
    assert missing == {("B", "high"), ("D", "high")}
    vague = review_text(metrics_, TW, "預算執行率為 92.3%。陳情案件平均處理天數 6.4 天。")
    assert {(f.indicator_id, f.severity) for f in vague if f.kind.value == "omitted_shortfall"} == {
        ("B", "medium"), ("D", "medium")
    }  # fmt: skip
    assert [
        f for f in review_text(metrics_, TW, EXPLAINED) if f.kind.value == "omitted_shortfall"
    ] == []


def test_spans_point_at_the_quoted_sentence():
    text = "# 說明\n\n技術授權收入 1.5 億元。預算執行率已達成年度目標。" + EXPLAINED
    for flag in review_text(_metrics(), TW, text):
        if flag.span:
            assert text[flag.span[0] : flag.span[1]] == flag.quote


def test_english_narrative():
    english = metrics(
        goal("G1", indicator("B", name="Budget execution rate", unit="%", target="95", actual="92.3",
                             history={"2022": "90.4"})),
    )  # fmt: skip

    def found(text):
        return {(f.kind.value, f.indicator_id) for f in review_text(english, TW, text)}

    assert ("number_mismatch", "B") in found("The budget execution rate reached more than 95%.")
    assert ("status_overclaim", "B") in found("The budget execution rate met the target.")
    assert ("trend_mismatch", "B") not in found(
        "The budget execution rate increased from last year."
    )
    assert (
        found(
            "The budget execution rate was 92.3%, below the target because of failed tenders; "
            "we will review the tender rules."
        )
        == set()
    )


def test_gap_to_target_and_qualifier_before_a_target():
    counts = metrics(
        goal(
            "G1", indicator("C", name="諮詢專線受理件數", unit="件", target="30000", actual="32140")
        )
    )
    flags = review_text(counts, TW, "諮詢專線受理 3 萬 2 千件，較年度目標多出約 2 千件。")
    assert flags == []  # 2 千 states thousands: 2,140 rounds to it
    flags = review_text(counts, TW, "諮詢專線受理 3 萬 2 千件，較年度目標多出約 5 千件。")
    assert [(f.kind.value, f.objective) for f in flags] == [("number_mismatch", "2140")]
    shortfall = metrics(goal("G1", indicator("R", name="線上申辦比率", unit="%", target="80", actual="78",
                                             self_rating="red")))  # fmt: skip
    text = "線上申辦比率為七成八，略低於八成之年度目標，係因高齡者偏好臨櫃，將加強陪同申辦。"
    assert review_text(shortfall, TW, text) == []


def test_status_with_a_value_of_the_target_is_a_claim():
    m = metrics(
        goal("G1", indicator("L", name="長照服務涵蓋率", unit="%", target="90", actual=None))
    )
    kinds_ = {f.kind.value for f in review_text(m, TW, "長照服務涵蓋率已順利達成90%之年度目標。")}
    assert "status_overclaim" in kinds_


def test_english_counts_and_abbreviations():
    m = metrics(goal("G1", indicator("P", name="Job placement rate of registered job seekers", unit="%",
                                     target="65", actual="67.2", definition="placed / registered x 100%")))  # fmt: skip
    flags = review_text(m, TW, "Job fairs drew over 9,500 job seekers during the year. Under letter No. 1120098765, "
                               "the placement rate for registered job seekers reached 67.2%.")  # fmt: skip
    assert [(f.kind.value, f.claimed) for f in flags] == [
        ("unsupported_claim", "9,500 job seekers")
    ]


def test_meetings_are_never_claims():
    m = metrics(goal("G1", indicator("K", name="刑案破獲率", unit="%", target="80", actual="85")))
    assert (
        review_text(m, TW, "本局於112年召開4次治安及交通會報，並於第3季召開6次文化資產審議會議。")
        == []
    )


def test_series_names_versions_and_plans_are_not_values():
    m = metrics(
        goal(
            "G1",
            indicator(
                "T",
                name="海運進口貨物平均通關時間",
                unit="小時",
                direction="lower",
                target="4.0",
                actual="3.6",
                history={"2021": "4.5", "2022": "4.1"},
            ),
        )
    )
    assert review_text(m, TW, "110年至112年分別為4.5小時、4.1小時及3.6小時，逐年縮短。") == []
    assert review_text(m, TW, "通關系統完成2.0版升級，海運進口貨物平均通關時間為3.6小時。") == []
    assert (
        review_text(m, TW, "本署並配合「深耕第4期計畫（110至114年）」推動，平均通關時間為3.6小時。")
        == []
    )
    assert review_text(m, TW, "平均通關時間為3.6小時，將於113年縮短至3小時。") == []


def test_english_money_units_hyphen_targets_and_names():
    m = metrics(
        goal(
            "G1",
            indicator(
                "P",
                name="Park turnover",
                unit="NT$100 million",
                target="9500",
                actual="9123",
                history={"2022": "9800"},
                explanation=None,
            ),
            indicator(
                "S",
                name="Security screening time",
                unit="minutes",
                direction="lower",
                target="12",
                actual="8.5",
            ),
        ),
    )
    text = ("Park turnover continued to grow and reached NT$912.3 billion, below the NT$950 billion target "
            "because of weak demand; we will review incentives. Security screening averaged 8.5 minutes, "
            "well within the 12-minute target, helped by new scanners at Terminal 2.")  # fmt: skip
    assert [(f.kind.value, f.indicator_id) for f in review_text(m, TW, text)] == [
        ("trend_mismatch", "P")
    ]


def test_equivalent_units_rates_and_quoted_slogans():
    m = metrics(
        goal(
            "G1",
            indicator("L", name="堤防新建長度", unit="公里", target="12.5", actual="12.8"),
            indicator(
                "T",
                name="結核病新案發生率",
                unit="每十萬人口",
                direction="lower",
                target="28",
                actual="33.5",
                explanation=None,
            ),
        ),
    )
    text = (
        "完成堤防新建工程共計12,800公尺，優於12.5公里之年度目標。"
        "結核病新案發生率為每十萬人口33.5人，高於28人之目標，主要受高齡人口增加影響，將擴大篩檢。"
        "本署以「降低結核病發生率」為核心目標，並因應需求新增篩檢站3處。"
    )
    assert [(f.kind.value, f.claimed) for f in review_text(m, TW, text)] == [
        ("unsupported_claim", "3處")
    ]


# --- readings added with the drafter (its text must pass; a narrative's traps still flag) ---


@pytest.mark.parametrize(
    "text",
    [
        "各指標中，達成目標者2項，未達目標者2項。",  # a tally counts indicators, claims none met
        "本年度4項指標中有2項達成目標。",
        "本目標共2項關鍵績效指標，目標分數為96.00分，評定為綠燈。",  # the goal's light
        "This goal has 2 key performance indicators; the goal score is 96.00, rated green.\n\n",
    ],
)
def test_counts_and_goal_lights_are_not_claims_about_each_indicator(text: str) -> None:
    assert only(text) == []


def test_a_status_word_with_a_named_indicator_is_still_checked() -> None:
    assert ("status_overclaim", "B") in only("財政項目預算執行率等2項指標均達成目標。")


def test_words_in_the_stated_cause_belong_to_the_cause() -> None:
    text = (
        "陳情案件平均處理天數為6.4天，未達目標。未達成原因及改善措施：下半年案件量較去年增加，"
        "致處理天數延長；已增補人力並將檢討流程。"
    )
    flags = review_text(_metrics(days__history={"2022": "6.8"}), TW, text)
    assert [(f.kind.value, f.indicator_id) for f in flags if f.indicator_id == "D"] == []
    # without the label the same words are a claim about the indicator: 6.8 -> 6.4 fell
    claim = review_text(
        _metrics(days__history={"2022": "6.8"}), TW, "陳情案件平均處理天數較去年增加。"
    )
    assert ("trend_mismatch", "D") in [(f.kind.value, f.indicator_id) for f in claim]


def test_a_cause_naming_another_indicator_still_explains_the_first() -> None:
    text = (
        "陳情案件平均處理天數為6.4天，未達目標。未達成原因及改善措施：因技術授權收入相關案件集中，"
        "人力不足；已增補人力並將檢討流程。"
    )
    flags = review_text(_metrics(), TW, text)
    assert ("omitted_shortfall", "D") not in [(f.kind.value, f.indicator_id) for f in flags]


def test_a_trend_word_inside_an_indicator_name_is_not_a_trend() -> None:
    data = metrics(
        goal("G1", indicator("K", name="人行道新建及改善長度", unit="公里", target="28.8",
                             actual="24.3", history={"2022": "26.8"}, explanation="工程延宕，將加強督導。"))
    )  # fmt: skip
    text = "人行道新建及改善長度 reached 24.3 公里 and missed its target of 28.8 公里."
    assert "trend_mismatch" not in [f.kind.value for f in review_text(data, TW, text)]


def test_english_trend_words_need_word_boundaries() -> None:
    data = metrics(goal("G1", indicator("K", name="Days to close", unit="天", direction="lower",
                                        target="3", actual="3.6", history={"2022": "3.4"})))  # fmt: skip
    text = "Days to close was 3.6 天. The shortfall came from a system change; we will improve."
    assert "trend_mismatch" not in [f.kind.value for f in review_text(data, TW, text)]
