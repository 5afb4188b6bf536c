"""Grading quotas for ranking units (Seoul style S 30 % / A 50 % / B 20 % and the like).

Rules, stated in every result so a reviewer can check them:

* Seats per grade are the quota shares of the units that have a score, by the
  largest-remainder (Hamilton) method; equal remainders go to the better grade.
* Units are ranked by score, best first, with standard competition ranking
  (1-2-2-4): equal scores rank equal.
* A unit's grade is the best grade whose cumulative seats reach its rank. So a
  tie that straddles a boundary shares the better grade, that grade takes more
  seats than planned and the next grades take fewer; every unit still gets
  exactly one grade.
* Units without a score get the framework's "not measurable" grade and no seat.
* Fewer scored units than the rule's ``min_units``: with ``small_group: absolute``
  each unit is graded on the framework's grade bands instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from assistant.scoring.framework import Framework, QuotaRule


@dataclass(frozen=True)
class RankedUnit:
    id: str
    score: Decimal | None
    rank: int | None
    grade: str


@dataclass(frozen=True)
class QuotaResult:
    quota: str
    rule: str  # "largest-remainder" or "small-group-absolute"
    seats: dict[str, int]
    assigned: dict[str, int]
    units: tuple[RankedUnit, ...]
    ties_at_boundary: tuple[tuple[str, ...], ...]


def largest_remainder(total: int, shares: Sequence[tuple[str, Decimal]]) -> dict[str, int]:
    """Seats for ``total`` units by shares (per cent), Hamilton's method.

    >>> largest_remainder(46, [("S", Decimal(30)), ("A", Decimal(50)), ("B", Decimal(20))])
    {'S': 14, 'A': 23, 'B': 9}
    """
    share_sum = sum((s for _, s in shares), Decimal(0))
    quotas = [(grade, Decimal(total) * share / share_sum) for grade, share in shares]
    seats = {grade: int(q) for grade, q in quotas}
    left = total - sum(seats.values())
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i][1] - int(quotas[i][1])), i))
    for index in order[:left]:
        seats[quotas[index][0]] += 1
    return seats


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """1-2-2-4 ranks for scores already sorted best first."""
    ranks: list[int] = []
    for position, score in enumerate(scores):
        if position and score == scores[position - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(position + 1)
    return ranks


def grade_by_quota(
    units: Sequence[tuple[str, Decimal | None]], rule: QuotaRule, framework: Framework
) -> QuotaResult:
    """Grade ``(unit id, score)`` pairs under ``rule``; ties and small groups as documented."""
    scored = sorted(
        [(uid, score) for uid, score in units if score is not None], key=lambda u: (-u[1], u[0])
    )
    unscored = sorted(uid for uid, score in units if score is None)
    na = framework.grades.not_measurable.id
    grade_ids = [g.id for g in rule.grades]
    seats = largest_remainder(len(scored), [(g.id, g.share) for g in rule.grades])
    ranks = competition_ranks([s for _, s in scored])
    ranked: list[RankedUnit] = []
    ties: list[tuple[str, ...]] = []
    if len(scored) < rule.min_units and rule.small_group == "absolute":
        mode = "small-group-absolute"
        for (uid, score), rank in zip(scored, ranks, strict=True):
            ranked.append(RankedUnit(uid, score, rank, framework.grades.decide(score).id))
    else:
        mode = "largest-remainder"
        cumulative = []
        running = 0
        for gid in grade_ids:
            running += seats[gid]
            cumulative.append(running)
        for (uid, score), rank in zip(scored, ranks, strict=True):
            index = next(i for i, c in enumerate(cumulative) if rank <= c)
            ranked.append(RankedUnit(uid, score, rank, grade_ids[index]))
        for boundary in cumulative[:-1]:
            if 0 < boundary < len(scored) and scored[boundary - 1][1] == scored[boundary][1]:
                tied_score = scored[boundary][1]
                ties.append(tuple(uid for uid, s in scored if s == tied_score))
    ranked += [RankedUnit(uid, None, None, na) for uid in unscored]
    assigned = {
        gid: sum(1 for u in ranked if u.grade == gid)
        for gid in dict.fromkeys([*grade_ids, *(u.grade for u in ranked)])
    }
    return QuotaResult(rule.id, mode, seats, assigned, tuple(ranked), tuple(ties))
