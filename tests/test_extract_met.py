from __future__ import annotations

from pipeline.core.models import Actual, Target
from pipeline.extract.met import judge_met


def test_met_from_op_value_and_actual() -> None:
    assert judge_met(Target(op=">=", value=90, unit="%"), Actual(value=98, unit="%")) is True
    assert judge_met(Target(op="<", value=10, unit="分钟"), Actual(value=10, unit="分钟")) is False
    assert judge_met(Target(op="=", value=2, unit="篇"), Actual(value=1, unit="篇")) is False
    assert judge_met(Target(op=">=", value=10, unit="个"), Actual(value=12, unit="期")) is True


def test_unjudgeable_targets_are_none() -> None:
    assert judge_met(Target(op="qualitative"), Actual(raw="健全")) is None
    assert judge_met(Target(op=">=", value=90, unit="%"), Actual(raw="效果显著")) is None
    assert judge_met(Target(op=">=", value=90, unit="%"), Actual(value=5, unit="次")) is None
