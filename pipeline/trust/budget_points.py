"""The points a project form gives its budget-execution row: 分值 and 得分 of 年度资金总额.

The Ministry of Finance project form (项目支出绩效自评表) scores budget execution itself: its budget
table's header ends `分值 | 执行率 | 得分`, and the 年度资金总额 row carries the row's full mark and
score beside the execution rate — typically 10 and, say, 9.5. The indicator table then holds the
other 90 points. So the weights and scores of the indicators alone add up to 90 and 88, not to 100
and the self-score, and the sum checks must count the budget row too.

    项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分
    年度资金总额     100        100        95         10   95%    9.5
    → BudgetPoints(weight=10, score=9.5)

The row is read relative to its rate: 分值 is the figure just before the percentage, 得分 the one
just after, so cells a converter dropped earlier in the row (an empty 年初预算数) do not shift them.
Cells may be separated by tabs, pipes, spaces or line breaks (one cell per line). A form that has the
header but whose row cannot be read this way gives `BudgetPoints(None, None)`: the checks then
cannot decide, and stay silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER = re.compile(r"分\s*值[\s|]{0,12}执\s*行\s*率(?:\s*[（(][^)）\n]{0,8}[)）])?[\s|]{0,12}得\s*分")
_TOTAL_ROW = re.compile(r"(?:年度)?资金总额\s*[:：]?")
_ROW_REACH = 60  # characters from the header's end to the row's label
_CELL_SEPARATORS = re.compile(r"[\s|]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*[%％]")
_PLACEHOLDERS = frozenset({"—", "-", "/", "——", "－"})
_MAX_CELLS = 8


@dataclass(frozen=True)
class BudgetPoints:
    """The budget row's full mark (分值) and score (得分); None where it could not be read."""

    weight: float | None
    score: float | None


def budget_points(text: str) -> list[BudgetPoints]:
    """The budget-execution points of every form in `text` whose budget table scores execution."""
    return [_row_points(text, header.end()) for header in _HEADER.finditer(text)]


def _row_points(text: str, start: int) -> BudgetPoints:
    label = _TOTAL_ROW.search(text, start, start + _ROW_REACH)
    if label is None:
        return BudgetPoints(None, None)
    cells = _figure_cells(text[label.end() : label.end() + 200])
    rate_at = next((i for i, cell in enumerate(cells) if _PERCENT.fullmatch(cell)), None)
    if rate_at is None or rate_at == 0 or rate_at + 1 >= len(cells):
        return BudgetPoints(None, None)
    return BudgetPoints(_points(cells[rate_at - 1]), _points(cells[rate_at + 1]))


def _figure_cells(text: str) -> list[str]:
    """The row's cells up to the first text cell (the next row's label)."""
    cells: list[str] = []
    for cell in _CELL_SEPARATORS.split(text):
        if not cell:
            continue
        if cell not in _PLACEHOLDERS and not re.fullmatch(r"[\d.]+\s*(?:[%％]|万元|万|元)?", cell):
            break
        cells.append(cell)
        if len(cells) == _MAX_CELLS:
            break
    return cells


def _points(cell: str) -> float | None:
    """A bare number is a mark; a placeholder or an amount (`125.25万`) is not."""
    return float(cell) if _NUMBER.fullmatch(cell) else None
