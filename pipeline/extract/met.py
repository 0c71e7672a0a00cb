"""Whether an actual meets its target, judged from op, value and actual (never from words).

target >= 90 %, actual 98 %  → True
target <  10 分钟, actual 10 分钟 → False
target qualitative            → None (a word target is judged by a person)
units differ (个 vs 期)        → compared anyway when both are counts of things, else None
"""

from __future__ import annotations

from pipeline.core.models import Actual, Target
from pipeline.extract.rules.vocab import COUNT_UNITS

_COMPARE = {
    ">=": lambda a, t: a >= t,
    ">": lambda a, t: a > t,
    "=": lambda a, t: abs(a - t) < 1e-9,
    "<=": lambda a, t: a <= t,
    "<": lambda a, t: a < t,
}


def _comparable(target_unit: str | None, actual_unit: str | None) -> bool:
    if target_unit == actual_unit or actual_unit is None or target_unit is None:
        return True
    return target_unit in COUNT_UNITS and actual_unit in COUNT_UNITS


def judge_met(target: Target, actual: Actual) -> bool | None:
    if target.value is None or actual.value is None or target.op in (None, "qualitative"):
        if target.op is None and target.value is not None and actual.value is not None:
            return actual.value >= target.value if _comparable(target.unit, actual.unit) else None
        return None
    if not _comparable(target.unit, actual.unit):
        return None
    return _COMPARE[target.op](actual.value, target.value)
