"""Grading quotas: largest-remainder seats, ties at a boundary, small groups."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from assistant.scoring import get_framework, get_quota, grade_by_quota, largest_remainder
from assistant.scoring.framework import QuotaRule
from assistant.scoring.quotas import competition_ranks

TW = get_framework("tw-kpi")
SEOUL = get_quota("seoul-units")


def test_46_units_at_s30_a50_b20_get_14_23_9_seats():
    assert largest_remainder(46, [("S", D(30)), ("A", D(50)), ("B", D(20))]) == {
        "S": 14,
        "A": 23,
        "B": 9,
    }
    units = [(f"u{i:02d}", D(100 - i)) for i in range(46)]
    result = grade_by_quota(units, SEOUL, TW)
    assert result.rule == "largest-remainder"
    assert result.seats == {"S": 14, "A": 23, "B": 9}
    assert result.assigned == {"S": 14, "A": 23, "B": 9}
    grades = [u.grade for u in result.units]
    assert grades == ["S"] * 14 + ["A"] * 23 + ["B"] * 9


def test_staff_quota_s20_a30_b40_c10():
    staff = get_quota("seoul-staff")
    result = grade_by_quota([(f"p{i}", D(i)) for i in range(23)], staff, TW)
    # 23 * .2/.3/.4/.1 = 4.6/6.9/9.2/2.3 -> 4/6/9/2 + 2 left for the largest remainders (.9 A, .6 S)
    assert result.seats == {"S": 5, "A": 7, "B": 9, "C": 2}


def test_equal_remainders_go_to_the_better_grade():
    assert largest_remainder(2, [("S", D(50)), ("A", D(50))]) == {"S": 1, "A": 1}
    assert largest_remainder(1, [("S", D(50)), ("A", D(50))]) == {"S": 1, "A": 0}


def test_tie_across_a_boundary_shares_the_better_grade():
    # 10 units -> seats S3 A5 B2; units ranked 3 and 4 tie, so both are S and A loses a seat.
    scores = [99, 98, 97, 97, 90, 89, 88, 87, 80, 79]
    units = [(f"u{i}", D(s)) for i, s in enumerate(scores)]
    result = grade_by_quota(units, SEOUL, TW)
    assert result.seats == {"S": 3, "A": 5, "B": 2}
    assert [u.grade for u in result.units] == ["S", "S", "S", "S", "A", "A", "A", "A", "B", "B"]
    assert [u.rank for u in result.units] == [1, 2, 3, 3, 5, 6, 7, 8, 9, 10]
    assert result.assigned == {"S": 4, "A": 4, "B": 2}
    assert result.ties_at_boundary == (("u2", "u3"),)


def test_units_without_a_score_get_not_measurable_and_no_seat():
    units = [(f"u{i}", D(90 - i)) for i in range(10)] + [("zz", None)]
    result = grade_by_quota(units, SEOUL, TW)
    assert sum(result.seats.values()) == 10
    assert result.units[-1].grade == "na" and result.units[-1].rank is None


def test_small_group_uses_the_framework_bands():
    result = grade_by_quota([("a", D(100)), ("b", D(85)), ("c", D(50))], SEOUL, TW)
    assert result.rule == "small-group-absolute"
    assert [u.grade for u in result.units] == ["green", "red", "white"]


def test_competition_ranks():
    assert competition_ranks([D(9), D(8), D(8), D(7)]) == [1, 2, 2, 4]


@given(
    scores=st.lists(
        st.one_of(st.none(), st.integers(min_value=0, max_value=20).map(D)), min_size=0, max_size=80
    ),
    quota_id=st.sampled_from(["seoul-units", "seoul-staff", "kr-fiscal-2015"]),
)
def test_every_unit_gets_exactly_one_grade(scores, quota_id):
    rule: QuotaRule = get_quota(quota_id)
    units = [(f"u{i}", s) for i, s in enumerate(scores)]
    result = grade_by_quota(units, rule, TW)
    assert sorted(u.id for u in result.units) == sorted(uid for uid, _ in units)
    assert sum(result.assigned.values()) == len(units)
    scored = [s for s in scores if s is not None]
    assert sum(result.seats.values()) == len(scored)
    order = [g.id for g in rule.grades]
    if result.rule == "largest-remainder":
        # equal scores share a grade, and a better score never gets a worse grade
        by_score: dict[D, set[str]] = {}
        for u in result.units:
            if u.score is not None:
                by_score.setdefault(u.score, set()).add(u.grade)
        assert all(len(g) == 1 for g in by_score.values())
        ranked = [u for u in result.units if u.score is not None]
        idx = [order.index(u.grade) for u in ranked]
        assert idx == sorted(idx)
