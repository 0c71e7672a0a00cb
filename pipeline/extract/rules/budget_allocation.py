"""An allocation table (how a fund was divided) → `budget_lines`, where its amounts add up.

Fund reports often divide the year's allocation by direction, region or unit in a small table
with no budget column word, only an amount column:

    安排专项资金1,500万元 …        (the project budget, read from the sentence)
    支出方向 | 金额 | 项目数
    设备购置 | 900.00 | 12
    人员培训 | 600.00 | 30

Such a table is read only when its amounts add up to the project's budget for the year (in 万元,
or in 元 ÷ 10,000): the sum proves that the column is the allocation and that every row is there.
Each row then becomes a `budget_line` with `initial` = its amount (the 数量 column is not a
budget field). Rows may be tab, pipe or one-cell-per-line rows: the cells are read as one
sequence, in rows as wide as the header.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from pipeline.domain.amounts import is_amount, read_amount
from pipeline.domain.levels import squash
from pipeline.domain.numbers import clean_number
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget_table import BudgetLineFinding
from pipeline.extract.rules.cells import Cell, Row
from pipeline.extract.rules.grids import line_rows, table_rows
from pipeline.layout import Layout

# Header words of the amount column of an allocation table.
ALLOCATION_AMOUNT_WORDS: tuple[str, ...] = ("金额", "资金", "分配", "安排")
_MAX_WIDTH = 6  # an allocation table has a few columns: label, amount, a count or a note
_MIN_ROWS = 2
_YUAN = 10000.0
_TOLERANCE = 0.01  # 万元: a cent of rounding over the rows


def _stream(rows: Iterable[Row | None]) -> Iterator[list[Cell]]:
    """Runs of table cells: consecutive `cells` rows and one-cell lines ending in `|`, flattened
    (a None row, like any other line, ends a run)."""
    run: list[Cell] = []
    for row in rows:
        if row is None:
            if run:
                yield run
            run = []
        elif row.kind == "cells":
            run += [c for c in row.cells if c.text]
        elif row.cells[0].text.endswith("|"):
            cell = row.cells[0]
            text = cell.text.rstrip("| ")
            run.append(Cell(text, cell.start, cell.start + len(text)))
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


def _header(cells: list[Cell]) -> tuple[int, int] | None:
    """(width, amount column) of a header: the text cells before the first row's label."""
    first = next((i for i, c in enumerate(cells) if is_amount(c.text)), None)
    if first is None or not 3 <= first <= _MAX_WIDTH:
        return None
    width = first - 1
    words = [squash(c.text) for c in cells[:width]]
    column = next(
        (i for i, w in enumerate(words) if i > 0 and any(k in w for k in ALLOCATION_AMOUNT_WORDS)), None
    )
    return None if column is None or is_amount(cells[width].text) else (width, column)


def _rows(cells: list[Cell], width: int, column: int) -> list[tuple[Cell, Cell]]:
    """(label, amount) of each full row after the header, up to the first that does not fit."""
    found = []
    for at in range(width, len(cells) - width + 1, width):
        label, amount = cells[at], cells[at + column]
        if is_amount(label.text) or not is_amount(amount.text):
            break
        found.append((label, amount))
    return found


def _scale(rows: list[tuple[Cell, Cell]], total: float) -> float | None:
    """1 when the amounts add up to `total` in 万元, 1/10,000 when they do in 元, else None."""
    amounts = [read_amount(amount.text) for _, amount in rows]
    if any(a is None for a in amounts):
        return None
    written = sum(float(a) for a in amounts if a is not None)
    for scale in (1.0, 1 / _YUAN):
        if math.isclose(written * scale, total, abs_tol=_TOLERANCE):
            return scale
    return None


def _run_rows(layout: Layout) -> Iterator[Row | None]:
    """The rows of `grids.layout_rows(layout)`, in order, with a line of prose that does not end
    in `|` given as None: it only ends a run (`_stream`), and most lines of a report are such."""
    text = layout.text
    for block in layout.blocks:
        start, end = block.span.start, block.span.end
        if not start < len(text):
            continue
        if block.grid is not None:
            yield from table_rows(block.grid)
            continue
        for line in text[start:end].split("\n"):
            if line.strip():
                piped = line.rstrip(" \u3000").endswith("|")
                yield line_rows(text, start, start + len(line))[0] if piped else None
            start += len(line) + 1


def find_allocation_lines(layout: Layout, total: float) -> list[BudgetLineFinding]:
    """The rows of the first allocation table whose amounts add up to `total` (万元), each a
    line with `initial` = its amount (module docstring); `[]` when no table adds up."""
    for cells in _stream(_run_rows(layout)):
        header = _header(cells)
        rows = _rows(cells, *header) if header else []
        scale = _scale(rows, total) if len(rows) >= _MIN_ROWS else None
        if scale is None:
            continue
        return [
            BudgetLineFinding(
                name=Found(label.text, label.start, label.end),
                initial=Found(
                    clean_number(float(read_amount(amount.text) or 0) * scale), amount.start, amount.end
                ),
            )
            for label, amount in rows
        ]
    return []
