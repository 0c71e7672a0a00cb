"""Fused budget rows: split only where one amount repeats over the amount columns."""

from __future__ import annotations

from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.fused_budget import find_fused_budget


def _at(text: str, value: float, piece: str, start: int = 0) -> Found:
    at = text.index(piece, start)
    return Found(value, at, at + len(piece))


def test_a_repeated_amount_and_the_columns_after_it() -> None:
    text = "项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分年度资金总额318.5318.5318.51090%9其中"
    row = text.index("318.5")
    assert find_fused_budget(text) == BudgetFinding(
        initial=_at(text, 318.5, "318.5", row),
        adjusted=_at(text, 318.5, "318.5", row + 5),
        spent=_at(text, 318.5, "318.5", row + 10),
        execution_rate=_at(text, 90, "90%"),
    )


def test_a_run_whose_split_is_not_proven_is_left_unread() -> None:
    assert find_fused_budget("全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额300259.4586.5%") is None
