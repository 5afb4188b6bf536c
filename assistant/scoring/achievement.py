"""Achievement methods and half-up rounding, on exact decimals.

Every method is written so that a better ``actual`` never gives a lower
achievement (the property tests hold this for all inputs):

* ``ratio``: higher-is-better ``actual ÷ target`` (for a negative target, the
  same distance read from the target: ``1 + (actual − target) ÷ |target|``);
  lower-is-better ``target ÷ actual``.
* ``complement``: ``1 + (target − actual) ÷ |target|`` for lower-is-better
  (and its mirror for higher), finite when ``actual`` is 0.
* ``progress``: the share of the way from ``baseline`` to ``target``.

Where a ratio is unbounded (a lower-is-better actual of 0 or less, a zero
target) the framework's ``ceiling`` is the answer, and no achievement exceeds
it. A zero distance (target 0, or target = baseline) reads as a step: 100 when
the target is met exactly, the ceiling when beaten, 0 when missed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE = Decimal(1)

Direction = Literal["higher", "lower"]
MethodName = Literal["ratio", "progress", "complement"]


class MissingBaselineError(ValueError):
    """The progress method needs a baseline."""


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round half away from zero at ``places`` decimals (89.995 -> 90.00)."""
    with localcontext() as ctx:
        ctx.prec = 60
        result = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return result + ZERO if result == 0 else result  # no negative zero


def _step(actual: Decimal, target: Decimal, direction: Direction, ceiling: Decimal) -> Decimal:
    gap = actual - target if direction == "higher" else target - actual
    if gap == 0:
        return HUNDRED
    return ceiling if gap > 0 else ZERO


def achievement(
    method: MethodName,
    direction: Direction,
    actual: Decimal,
    target: Decimal,
    baseline: Decimal | None,
    ceiling: Decimal,
) -> Decimal:
    """Achievement in per cent, unrounded, never above ``ceiling``."""
    sign = ONE if direction == "higher" else -ONE
    with localcontext() as ctx:
        ctx.prec = 50
        if method == "progress":
            if baseline is None:
                raise MissingBaselineError
            distance = abs(target - baseline)
            if distance == 0:
                return _step(actual, target, direction, ceiling)
            value = (ONE + sign * (actual - target) / distance) * HUNDRED
        elif method == "ratio" and direction == "lower" and target > 0:
            if actual <= 0:
                return ceiling
            value = target / actual * HUNDRED
        else:  # complement, and ratio for higher-is-better or a non-positive target
            if target == 0:
                return _step(actual, target, direction, ceiling)
            value = (ONE + sign * (actual - target) / abs(target)) * HUNDRED
    return min(value, ceiling)


def capped(value: Decimal, floor: Decimal, cap: Decimal) -> Decimal:
    """Points: achievement held between the framework's floor and cap."""
    return max(floor, min(cap, value))
