"""The scoring engine: ratings at their boundaries, weighted scores, sections, properties."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.model.errors import KaopingInputError
from assistant.scoring import get_framework, report_json, score_metrics
from tests.helpers import goal, indicator, metrics, one

TW = get_framework("tw-kpi")


def rating_of(actual: str, target: str = "100", **fields) -> tuple[str | None, str]:
    report = score_metrics(one(actual, target, **fields), TW)
    ind = report.indicators[0]
    return (None if ind.achievement is None else str(ind.achievement)), ind.rating.id


@pytest.mark.parametrize(
    ("actual", "achievement", "rating"),
    [
        ("100", "100.00", "green"),
        ("120", "120.00", "green"),
        ("99.995", "100.00", "green"),  # rounds up into green: the light follows the shown value
        ("99.994", "99.99", "yellow"),  # stays yellow
        ("90", "90.00", "yellow"),
        ("89.995", "90.00", "yellow"),  # 89.995 -> 90.00 rounds half-up, so yellow
        ("89.994", "89.99", "red"),
        ("80", "80.00", "red"),
        ("79.995", "80.00", "red"),
        ("79.99", "79.99", "white"),
        ("0", "0.00", "white"),
    ],
)
def test_tw_kpi_rating_boundaries(actual, achievement, rating):
    assert rating_of(actual) == (achievement, rating)


def test_null_actual_is_not_measurable():
    report = score_metrics(one(None), TW)
    ind = report.indicators[0]
    assert (ind.achievement, ind.rating.id, ind.points) == (None, "na", None)
    assert report.overall_score is None
    assert report.grade.id == "na"
    assert report_json(report)["indicators"][0]["achievement"] is None


def test_lower_is_better_ratio():
    assert rating_of("12", "10", direction="lower") == ("83.33", "red")
    assert rating_of("0", "10", direction="lower") == ("200.00", "green")


def test_indicator_method_overrides_framework():
    assert rating_of("12", "10", direction="lower", method="complement") == ("80.00", "red")
    assert rating_of("90", "100", baseline="80", method="progress") == ("50.00", "white")


def test_progress_without_baseline_names_the_field():
    with pytest.raises(KaopingInputError) as info:
        score_metrics(one("90", method="progress"), TW)
    assert info.value.problems[0].path == ("goals", 0, "indicators", 0, "baseline")


def test_goal_and_overall_are_weighted_means_of_capped_points():
    m = metrics(
        goal(
            "G1",
            indicator("K1", actual="120", weight="30"),
            indicator("K2", actual="90", weight="70"),
            weight="40",
        ),
        goal("G2", indicator("K3", actual="80"), indicator("K4", actual=None), weight="60"),
    )
    report = score_metrics(m, TW)
    # K1 is capped at 100: G1 = (100*30 + 90*70) / 100 = 93.00 ; G2 ignores the unmeasurable K4
    assert [str(g.score) for g in report.goals] == ["93.00", "80.00"]
    assert str(report.overall_score) == "85.20"  # (93*40 + 80*60) / 100
    assert report.grade.id == "red"
    assert [i.points for i in report.indicators] == [D("100.00"), D("90.00"), D("80.00"), None]


def test_goal_without_measurable_indicators_stays_out_of_total():
    m = metrics(goal("G1", indicator("K1", actual="95")), goal("G2", indicator("K2", actual=None)))
    report = score_metrics(m, TW)
    assert str(report.overall_score) == "95.00"
    assert [n.code for n in report.notes] == ["note.goal_not_measurable"]


def test_rounding_happens_once_per_step():
    # points 33.33 each (one third); the goal mean reads the rounded points
    m = metrics(goal("G1", *[indicator(f"K{i}", actual="1", target="3") for i in range(3)]))
    report = score_metrics(m, TW)
    assert str(report.indicators[0].achievement) == "33.33"
    assert str(report.goals[0].score) == "33.33"


def test_kr_fiscal_sections_weights_and_consequence():
    fw = get_framework("kr-fiscal")
    assert [(s.id, int(s.weight)) for s in fw.sections] == [
        ("planning", 10), ("execution", 30), ("results", 40), ("excellence", 10), ("feedback", 10)
    ]  # fmt: skip
    m = metrics(
        goal("planning", indicator("P1", actual="100")),
        goal("E", indicator("E1", actual="50"), section="執行效率"),
        goal("R", indicator("R1", actual="50"), section="results"),
        goal("X", indicator("X1", actual="50"), section="excellence"),
        goal("F", indicator("F1", actual="50"), section="回饋與改善"),
        framework="kr-fiscal",
    )
    result = report_json(score_metrics(m, fw), "en")
    assert result["overall"]["score"] == "55.00"  # 10*100 + 90*50 over 100
    assert result["overall"]["grade"] == "insufficient"
    assert "10 %" in result["overall"]["consequence"]
    assert [s["score"] for s in result["sections"]] == [
        "100.00",
        "50.00",
        "50.00",
        "50.00",
        "50.00",
    ]


def test_sectioned_framework_rejects_unmatched_goal():
    m = metrics(goal("G1", indicator("K1", actual="1")), framework="kr-fiscal")
    with pytest.raises(KaopingInputError) as info:
        score_metrics(m, get_framework("kr-fiscal"))
    assert info.value.problems[0].path == ("goals", 0, "section")


def test_missing_section_is_noted_and_total_renormalised():
    m = metrics(goal("results", indicator("R1", actual="70")), framework="kr-fiscal")
    report = score_metrics(m, get_framework("kr-fiscal"))
    assert str(report.overall_score) == "70.00"
    assert report.grade.id == "normal"
    assert sum(1 for n in report.notes if n.code == "note.section_missing") == 4


def test_kr_specific_sub_items_weight_indicators():
    fw = get_framework("kr-specific-2023")
    m = metrics(
        goal(
            "major-policy",
            indicator("A", actual="100", criterion="落實度"),  # 15
            indicator("B", actual="50", criterion="target-achievement"),  # 30
            indicator("C", actual="100", criterion="政策有效性"),  # 45
            indicator("D", actual="100", criterion="公眾滿意度"),  # 10
        ),
        framework="kr-specific-2023",
    )
    report = score_metrics(m, fw)
    assert str(report.goals[0].score) == "85.00"  # (15*100 + 30*50 + 45*100 + 10*100) / 100
    assert [str(i.weight) for i in report.indicators] == ["15", "30", "45", "10"]


def test_kr_specific_unknown_sub_item():
    m = metrics(
        goal(
            "major-policy",
            indicator("A", actual="1", criterion="落實度"),
            indicator("B", actual="1", criterion="nope"),
        ),
        framework="kr-specific-2023",
    )
    with pytest.raises(KaopingInputError) as info:
        score_metrics(m, get_framework("kr-specific-2023"))
    assert info.value.problems[0].path == ("goals", 0, "indicators", 1, "criterion")


def test_kr_specific_2024_adds_collaboration_outside_total():
    fw = get_framework("kr-specific-2024")
    assert fw.sections[0].id == "collaboration"
    assert [int(i.weight) for i in fw.sections[0].items] == [40, 50, 10]
    m = metrics(
        goal("major-policy", indicator("A", actual="90")),
        goal("跨機關協調", indicator("C", actual="10")),
        framework="kr-specific-2024",
    )
    report = score_metrics(m, fw)
    assert str(report.overall_score) == "90.00"
    assert "note.section_outside_total" in [n.code for n in report.notes]


def test_us_part_bands_and_results_not_demonstrated():
    fw = get_framework("us-part")
    demonstrated = metrics(
        goal("purpose", indicator("P", actual="84")),
        goal("planning", indicator("S", actual="84")),
        goal("management", indicator("M", actual="84")),
        goal("results", indicator("R", actual="84.5", baseline="70")),
        framework="us-part",
    )
    report = score_metrics(demonstrated, fw)
    assert str(report.overall_score) == "84.25"
    assert report.grade.id == "moderately_effective"
    no_baseline = metrics(
        goal("purpose", indicator("P", actual="100")),
        goal("results", indicator("R", actual="100")),
        framework="us-part",
    )
    report = score_metrics(no_baseline, fw)
    assert report.grade.id == "results_not_demonstrated"
    assert str(report.overall_score) == "100.00"


@pytest.mark.parametrize(
    ("score", "grade"),
    [("90", "excellent"), ("89.99", "first"), ("70", "second"), ("69.99", "third")],
)
def test_tw_project_grades(score, grade):
    m = metrics(goal("G", indicator("K", actual=score)), framework="tw-project")
    report = score_metrics(m, get_framework("tw-project"))
    assert report.grade.id == grade


def test_unknown_self_rating_is_noted_not_fatal():
    report = score_metrics(one("95", self_rating="purple"), TW)
    assert [n.code for n in report.notes] == ["note.self_rating_unknown"]


# --- properties ---------------------------------------------------------------

values = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(
    min_value="0.01", max_value=1000, places=2, allow_nan=False, allow_infinity=False
)


def _scored(actual, direction, target, other, framework="tw-kpi"):
    m = metrics(
        goal("G1", indicator("K1", actual=actual, target=target, direction=direction, baseline="1"),
             indicator("K2", actual=other, target="50"), weight="60"),
        goal("G2", indicator("K3", actual=other, target="70"), weight="40"),
        framework=framework,
    )  # fmt: skip
    return score_metrics(m, get_framework(framework))


@settings(max_examples=150, deadline=None)
@given(
    direction=st.sampled_from(["higher", "lower"]),
    actual=values,
    bump=st.decimals(min_value=0, max_value=500, places=2),
    target=positive,
    other=values,
    framework=st.sampled_from(["tw-kpi", "tw-project"]),
)
def test_better_actual_never_worsens_achievement_rating_or_score(
    direction, actual, bump, target, other, framework
):
    fw = get_framework(framework)
    worse, better = (actual, actual + bump) if direction == "higher" else (actual + bump, actual)
    a = _scored(worse, direction, target, other, framework)
    b = _scored(better, direction, target, other, framework)
    assert b.indicators[0].achievement >= a.indicators[0].achievement
    assert fw.ratings.rank(b.indicators[0].rating.id) <= fw.ratings.rank(a.indicators[0].rating.id)
    assert b.goals[0].score >= a.goals[0].score
    assert b.overall_score >= a.overall_score
    assert fw.grades.rank(b.grade.id) <= fw.grades.rank(a.grade.id)


@settings(max_examples=50, deadline=None)
@given(actual=values, target=positive, other=values)
def test_scoring_is_deterministic_to_the_byte(actual, target, other):
    first = json.dumps(report_json(_scored(actual, "higher", target, other)), ensure_ascii=False)
    second = json.dumps(report_json(_scored(actual, "higher", target, other)), ensure_ascii=False)
    assert first.encode() == second.encode()
