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


def test_targets_without_a_number_are_judged_from_their_words() -> None:
    deadline = Target(raw="2025年10月底前", op="qualitative")
    assert judge_met(deadline, Actual(raw="2025年9月18日")) is True
    assert judge_met(deadline, Actual(raw="2025年11月2日")) is False
    assert judge_met(Target(raw="按期", op="qualitative"), Actual(raw="按期完成")) is True
    assert judge_met(Target(raw="是", op="qualitative"), Actual(raw="否")) is False
    assert judge_met(Target(raw="优", op="qualitative"), Actual(raw="良")) is False
    assert judge_met(Target(raw="有效提升", op="qualitative"), Actual(raw="稳步提升")) is None
