"""Whether an actual meets its target, judged from op, value and unit (never from words).

>>> judge_met(">=", 90, "%", 98, "％"), judge_met("<", 10, "分钟", 10, "分钟")
(True, False)
>>> judge_met("qualitative", None, None, None, None) is None   # a word target: a person judges
True
>>> judge_met(">=", 10, "个", 12, "期"), judge_met(">=", 10, "个", 12, "%") is None
(True, True)
>>> judge_met(None, 8, "人", 9, "人")          # a bare number is a floor
True
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable

from pipeline.domain.units import comparable_units

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "=": lambda actual, target: math.isclose(actual, target, rel_tol=1e-9, abs_tol=1e-9),
}


def judge_met(
    op: str | None,
    target: float | None,
    target_unit: str | None,
    actual: float | None,
    actual_unit: str | None,
) -> bool | None:
    """True/False when the numbers can be compared; None for a qualitative target, a missing
    number, an unknown op or units that measure different things."""
    if target is None or actual is None or op == "qualitative":
        return None
    compare = _COMPARE.get(op or ">=")  # a bare number target is a floor: 8人 is met by 9人
    if compare is None or not comparable_units(target_unit, actual_unit):
        return None
    return compare(float(actual), float(target))
