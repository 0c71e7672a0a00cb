"""`met` for an extracted indicator: `pipeline.domain.met.judge_met` on its target and actual."""

from __future__ import annotations

from pipeline.core.models import Actual, Target
from pipeline.domain.met import judge_met as judge


def judge_met(target: Target, actual: Actual) -> bool | None:
    """Whether `actual` meets `target` (None when a person has to judge; see `domain.met`)."""
    return judge(
        target.op, target.value, target.unit, actual.value, actual.unit,
        target_raw=target.raw, actual_raw=actual.raw,
    )  # fmt: skip
