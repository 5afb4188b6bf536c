"""Achievement methods, half-up rounding and their monotonicity (hypothesis)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.scoring.achievement import MissingBaselineError, achievement, capped, round_half_up

CEIL = D(200)


@pytest.mark.parametrize(
    ("method", "direction", "actual", "target", "baseline", "expected"),
    [
        # ratio, higher: actual ÷ target
        ("ratio", "higher", "92.3", "95", None, D("92.3") / D(95) * 100),
        ("ratio", "higher", "95", "95", None, D(100)),
        ("ratio", "higher", "-10", "100", None, D(-10)),
        # ratio, lower: target ÷ actual; actual 0 (or less) is unbounded -> ceiling
        ("ratio", "lower", "12", "10", None, D(10) / D(12) * 100),
        ("ratio", "lower", "8", "10", None, D(125)),
        ("ratio", "lower", "0", "10", None, CEIL),
        ("ratio", "lower", "0.001", "10", None, CEIL),  # held at the ceiling
        # a zero target reads as a step
        ("ratio", "lower", "0", "0", None, D(100)),
        ("ratio", "lower", "1", "0", None, D(0)),
        ("ratio", "higher", "0", "0", None, D(100)),
        ("ratio", "higher", "3", "0", None, CEIL),
        # complement, lower: 1 + (target − actual) ÷ target
        ("complement", "lower", "12", "10", None, D(80)),
        ("complement", "lower", "0", "10", None, D(200)),
        ("complement", "lower", "5", "10", None, D(150)),
        ("complement", "higher", "9", "10", None, D(90)),
        # progress: share of the way from baseline to target
        ("progress", "higher", "90", "100", "80", D(50)),
        ("progress", "higher", "100", "100", "80", D(100)),
        ("progress", "higher", "75", "100", "80", D(-25)),
        ("progress", "lower", "15", "10", "20", D(50)),
        ("progress", "lower", "10", "10", "10", D(100)),  # target = baseline: a step
        ("progress", "lower", "9", "10", "10", CEIL),
    ],
)
def test_methods(method, direction, actual, target, baseline, expected):
    base = D(baseline) if baseline is not None else None
    result = achievement(method, direction, D(actual), D(target), base, CEIL)
    assert round_half_up(result, 20) == round_half_up(expected, 20)


def test_progress_needs_a_baseline():
    with pytest.raises(MissingBaselineError):
        achievement("progress", "higher", D(1), D(2), None, CEIL)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("89.995", 2, "90.00"),
        ("99.994", 2, "99.99"),
        ("99.995", 2, "100.00"),
        ("97.125", 2, "97.13"),  # banker's rounding would give 97.12
        ("0.005", 2, "0.01"),
        ("-0.004", 2, "0.00"),
        ("2.5", 0, "3"),
    ],
)
def test_round_half_up(value, places, expected):
    result = round_half_up(D(value), places)
    assert str(result) == expected


def test_capped():
    assert capped(D(125), D(0), D(100)) == 100
    assert capped(D(-5), D(0), D(100)) == 0
    assert capped(D("97.1"), D(0), D(100)) == D("97.1")


decimals = st.decimals(
    min_value=-10_000, max_value=10_000, allow_nan=False, allow_infinity=False, places=3
)
methods = st.sampled_from(["ratio", "progress", "complement"])


@given(method=methods, actual=decimals, bump=st.decimals(min_value=0, max_value=5000, places=3),
       target=decimals, baseline=decimals)  # fmt: skip
def test_higher_is_better_is_monotone(method, actual, bump, target, baseline):
    low = achievement(method, "higher", actual, target, baseline, CEIL)
    high = achievement(method, "higher", actual + bump, target, baseline, CEIL)
    assert high >= low


@given(method=methods, actual=decimals, bump=st.decimals(min_value=0, max_value=5000, places=3),
       target=decimals, baseline=decimals)  # fmt: skip
def test_lower_is_better_is_monotone(method, actual, bump, target, baseline):
    low = achievement(method, "lower", actual, target, baseline, CEIL)
    high = achievement(method, "lower", actual + bump, target, baseline, CEIL)
    assert high <= low


@given(method=methods, direction=st.sampled_from(["higher", "lower"]), actual=decimals, target=decimals,
       baseline=decimals)  # fmt: skip
def test_never_above_the_ceiling_and_meeting_the_target_is_100(
    method, direction, actual, target, baseline
):
    assert achievement(method, direction, actual, target, baseline, CEIL) <= CEIL
    if method != "ratio" or direction == "higher" or target > 0:
        assert achievement(method, direction, target, target, baseline, CEIL) == 100
