"""Fused budget rows: split only where one amount repeats over the amount columns."""

from __future__ import annotations

from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.budget_table import BudgetLineFinding
from pipeline.extract.rules.fused_budget import find_fused_budget


def _at(text: str, value: float | str, piece: str, start: int = 0) -> Found:
    at = text.index(piece, start)
    return Found(value, at, at + len(piece))


def test_a_repeated_amount_and_the_columns_after_it() -> None:
    text = "项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分年度资金总额318.5318.5318.51090%9其中"
    row = text.index("318.5")
    initial, adjusted = _at(text, 318.5, "318.5", row), _at(text, 318.5, "318.5", row + 5)
    spent, rate = _at(text, 318.5, "318.5", row + 10), _at(text, 90, "90%")
    assert find_fused_budget(text) == (
        BudgetFinding(initial=initial, adjusted=adjusted, spent=spent, execution_rate=rate),
        [
            BudgetLineFinding(
                name=_at(text, "年度资金总额", "年度资金总额"),
                initial=initial,
                adjusted=adjusted,
                spent=spent,
                execution_rate=rate,
            )
        ],
    )


def test_rows_after_the_total_that_split_the_same_way_are_lines() -> None:
    text = (
        "资金(万元)全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额:62.462.4100%"
        "其中:省级专项补助资金 62.4 62.4 100%其他资金年度总体目标完成5项"
    )
    part = text.index("省级专项补助资金")
    budget, lines = find_fused_budget(text)
    assert budget == BudgetFinding(
        adjusted=_at(text, 62.4, "62.4"),
        spent=_at(text, 62.4, "62.4", text.index("62.4") + 4),
        execution_rate=_at(text, 100, "100%"),
    )
    assert lines == [
        BudgetLineFinding(
            name=_at(text, "年度资金总额", "年度资金总额"),
            adjusted=budget.adjusted,
            spent=budget.spent,
            execution_rate=budget.execution_rate,
        ),
        BudgetLineFinding(
            name=_at(text, "省级专项补助资金", "省级专项补助资金"),
            adjusted=_at(text, 62.4, "62.4", part),
            spent=_at(text, 62.4, "62.4", text.index("62.4", part) + 4),
            execution_rate=_at(text, 100, "100%", part),
        ),
    ]


def test_a_row_whose_run_does_not_split_ends_the_lines() -> None:
    text = "全年预算数全年执行数执行率资金总额40.540.5100%其中:市级资金30.210.375%"
    assert [line.name.value for line in find_fused_budget(text)[1]] == ["资金总额"]


def test_a_run_whose_split_is_not_proven_is_left_unread() -> None:
    text = "全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额300259.4586.5%"
    assert find_fused_budget(text) == (None, [])


def test_a_part_year_spending_column_is_not_read_as_the_years_spending() -> None:
    # a monitoring form fused by OCR: 1-6月执行数 happens to equal the budget, 全年预计 too
    monitoring = "项目资金(万元)年初预算数全年预算数1-6月执行数1-6月执行率年度资金总额48.648.648.6100%其中"
    assert find_fused_budget(monitoring) == (None, [])
    forecast = "项目资金(万元)年初预算数全年预算数全年预计执行数年度资金总额75.075.075.0其中"
    assert find_fused_budget(forecast) == (None, [])
