"""Whether an actual meets its target, judged from op, value and unit (never from words).

>>> judge_met(">=", 90, "%", 98, "％"), judge_met("<", 10, "分钟", 10, "分钟")
(True, False)
>>> judge_met("qualitative", None, None, None, None) is None   # a word target: a person judges
True
>>> judge_met(">=", 10, "个", 12, "期"), judge_met(">=", 10, "个", 12, "%") is None
(True, True)
>>> judge_met(None, 8, "人", 9, "人")          # a bare number is a floor
True

A target with no number to compare (a deadline date, a timeliness word, a yes/no or grade answer)
is judged from the words, given the raw texts (`judge_words`):

>>> judge_met("qualitative", None, None, None, None, target_raw="12月底前", actual_raw="11月20日完成")
True
>>> judge_met("qualitative", None, None, None, None, target_raw="是", actual_raw="否")
False
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable

from pipeline.domain.answers import judge_words
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
    *,
    target_raw: str | None = None,
    actual_raw: str | None = None,
) -> bool | None:
    """True/False when the numbers can be compared, or when a target without a number is
    answered in words a reader judges alike (`judge_words`); None otherwise: a missing number,
    an unknown op, units that measure different things, words a person has to weigh."""
    if target is None or op == "qualitative":
        return judge_words(target_raw or "", actual_raw or "")
    if actual is None:
        return None
    compare = _COMPARE.get(op or ">=")  # a bare number target is a floor: 8人 is met by 9人
    if compare is None or not comparable_units(target_unit, actual_unit):
        return None
    return compare(float(actual), float(target))
