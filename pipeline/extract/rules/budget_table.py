"""Budget tables → the project's budget and its `budget_lines`.

A budget header is a row with at least two budget column words (年初预算数, 全年预算数, 调整预算数,
全年执行数, 实际支出数, 执行率, 追加追减). Data rows follow until prose resumes; a row is named by
its first cell that is not a number, and its figures are read by column. Rows of a 收入构成
(income) block are not spending lines and are skipped. The first row with figures is the total,
which is the project's budget (004 预算总金额, 鄂州 年度资金总额, 003's first row).

Amounts are in the unit the header names (万元 by default; 元 when it says 元).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.rules.amounts import Found, parse_amount, parse_percent
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.layout import Cell, Row, split_rows
from pipeline.extract.rules.levels import squash
from pipeline.extract.rules.values import looks_like_value

# Most specific first: the mixed 结转及追加追减 column is an adjustment, not a carry-over.
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("追加追减", "adjustment"),
    ("调整数", "adjustment"),
    ("年初预算", "initial"),
    ("调整预算", "adjusted"),
    ("调整后预算", "adjusted"),
    ("全年预算", "adjusted"),
    ("全年执行", "spent"),
    ("实际支出", "spent"),
    ("执行数", "spent"),
    ("执行率", "execution_rate"),
    ("上年结转", "carryover"),
)
_MONEY_ROLES = ("initial", "adjustment", "adjusted", "spent", "carryover")


@dataclass(frozen=True)
class BudgetLineFinding:
    name: Found
    initial: Found | None = None
    adjustment: Found | None = None
    adjusted: Found | None = None
    spent: Found | None = None
    execution_rate: Found | None = None
    carryover: Found | None = None


@dataclass(frozen=True)
class _Header:
    roles: dict[int, str]
    width: int
    unit: str


def _role(text: str) -> str | None:
    word = squash(text)
    if len(word) > 30:
        return None
    return next((role for key, role in _COLUMNS if key in word), None)


_STOP_LABELS = ("年度总体目标", "年度整体绩效目标", "绩效目标", "预期目标", "绩效指标")
_YUAN = re.compile(r"[（(]\s*元\s*[)）]")


def _header(row: Row, context: str = "") -> _Header | None:
    if row.kind == "line":
        return None
    roles: dict[int, str] = {}
    for i, cell in enumerate(row.cells):
        role = _role(cell.text)
        if role and role not in roles.values():
            roles[i] = role
    if len(set(roles.values()) & {"initial", "adjusted", "spent", "execution_rate", "adjustment"}) < 2:
        return None
    unit = "元" if _YUAN.search(context + "".join(row.texts)) else "万元"
    return _Header(roles, len(row.cells), unit)


def _aligned(row: Row, header: _Header) -> list[Cell | None]:
    cells: list[Cell | None] = list(row.cells)
    short = header.width - len(cells)
    if short > 0 and row.kind in ("cells", "pipe_cells", "pipes"):
        cells = [*([None] * short), *cells]
    return cells


def _figure(cell: Cell | None, role: str, unit: str) -> Found | None:
    if cell is None or not cell.text:
        return None
    value = parse_percent(cell.text) if role == "execution_rate" else parse_amount(cell.text, unit)
    return None if value is None else Found(value, cell.start, cell.end)


def _figures(cells: list[Cell | None], header: _Header) -> dict[str, Found]:
    """By column when the row's first number sits in the first figure column, else in order
    (converters shift rows of merged cells left: `合计\t\t191\t191\t166.72`)."""
    numbers = [i for i, c in enumerate(cells) if c is not None and c.text and looks_like_value(c.text)]
    columns = sorted(header.roles)
    if not numbers:
        return {}
    if numbers[0] == columns[0]:
        pairs = [(header.roles[i], cells[i] if i < len(cells) else None) for i in columns]
    else:
        pairs = list(zip([header.roles[i] for i in columns], [cells[i] for i in numbers], strict=False))
    return {role: f for role, cell in pairs if (f := _figure(cell, role, header.unit)) is not None}


def _read_line(row: Row, header: _Header) -> BudgetLineFinding | None:
    cells = _aligned(row, header)
    texts = [(i, c) for i, c in enumerate(cells) if c is not None and c.text]
    first_number = next((i for i, c in texts if looks_like_value(c.text)), len(cells))
    before = [c for i, c in texts if i < first_number and not looks_like_value(c.text)]
    after = [
        c for i, c in texts if i > first_number and not looks_like_value(c.text) and c.text not in ("—", "-")
    ]
    label = before[-1] if before else (after[0] if after else None)
    if label is None or label.text in ("—", "-"):
        return None
    figures = _figures(cells, header)
    if not any(role in figures for role in _MONEY_ROLES):
        return None
    return BudgetLineFinding(name=Found(label.text, label.start, label.end), **figures)


def _table_rows(rows: list[Row], header_at: int) -> list[Row]:
    out = []
    for row in rows[header_at + 1 :]:
        first = next((c.text for c in row.cells if c.text), "")
        if row.kind == "line" or _header(row) is not None or any(w in first for w in _STOP_LABELS):
            break
        out.append(row)
    return out


def _income_block(row: Row, income: bool) -> bool:
    joined = "".join(row.texts)
    if "收入" in joined:
        return True
    return False if "支出" in joined else income


def find_budget_table(
    text: str, start: int = 0, end: int | None = None
) -> tuple[BudgetFinding | None, list[BudgetLineFinding]]:
    """The first budget table in `text[start:end]`: its total as a budget, and every line."""
    rows = split_rows(text, start, end)
    for i, row in enumerate(rows):
        context = "".join("".join(r.texts) for r in rows[max(0, i - 2) : i])
        header = _header(row, context)
        if header is None:
            continue
        lines, income = [], "收入" in "".join(row.texts)
        for data in _table_rows(rows, i):
            income = _income_block(data, income)
            line = _read_line(data, header)
            if line is not None:
                lines.append((income, line))
        if not lines:
            continue
        total = lines[0][1]
        budget = BudgetFinding(
            total.initial, total.carryover, total.adjusted, total.spent, total.execution_rate
        )
        return budget, [line for is_income, line in lines if not is_income]
    return None, []
