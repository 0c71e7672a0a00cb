"""Fused funding-source rows: cut by the form's precision, kept only where the sum proves it."""

from __future__ import annotations

from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.fused_sources import find_fused_sources

HEADER = "项目资金来源中央(万元)省、地(万元)本级(万元)其他(万元)合计(万元)执行数(万元)执行率"


def _at(text: str, piece: str, value: float, after: int = 0) -> Found:
    start = text.index(piece, after)
    return Found(value, start, start + len(piece))


def test_one_decimal_figures_split_where_the_sources_add_up_to_the_total() -> None:
    text = f"项目名称某项目\n{HEADER}6.212.518.717.694.12%项目年度目标…"
    budget = find_fused_sources(text)
    total = _at(text, "18.7", 18.7)
    assert budget == BudgetFinding(
        initial=total,
        adjusted=total,
        spent=_at(text, "17.6", 17.6, total.end),
        execution_rate=_at(text, "94.12%", 94.12),
    )


def test_a_garbled_rate_stays_empty_and_spaces_between_cells_do_not_matter() -> None:
    text = f"{HEADER} 30.05 12.40 42.45 40.00 9(X)%"
    budget = find_fused_sources(text)
    assert budget is not None and budget.execution_rate is None
    assert budget.initial == _at(text, "42.45", 42.45)
    assert budget.spent == _at(text, "40.00", 40.0)


def test_a_rate_written_to_the_figures_precision_is_not_a_figure() -> None:
    text = f"{HEADER}5.510.015.515.198.7%"
    budget = find_fused_sources(text)
    assert budget is not None
    assert (budget.initial, budget.spent) == (_at(text, "15.5", 15.5), _at(text, "15.1", 15.1))
    assert budget.execution_rate == _at(text, "98.7%", 98.7)


def test_figures_that_do_not_add_up_are_left_unread() -> None:
    assert find_fused_sources(f"{HEADER}4.918.424.323.3100%") is None
    assert find_fused_sources("合计执行数执行率4.918.423.323.3") is None  # no source columns
