"""Rows read by a recogniser → `Grid`s: header rows found, columns named, rows aligned and filled.

- A *header row* names at least two columns (`domain.headers`: indicator roles, or budget
  column roles) and holds no value (`≥90%`, `6.84`). Consecutive header rows form one header
  (a two-line header names each column by its first naming cell).
- A header row after body rows starts a new grid: forms stack a budget table and an indicator
  table in one stream of cells, each with its own header.
- Body rows shorter than the header are aligned right (a converter drops the merged cells on the
  left, never the values on the right), and so is the header when body rows are usually wider
  (rows wider than that stay as read); then the level columns (`level1`, `level2`, `category`)
  are forward-filled from the row above, the filled cells marked `inherited`.
- Except where the header ends in columns forms leave blank (偏差原因 …) and no body row reaches
  them: a text layer drops a blank cell wherever it is, so those columns were blank in every row
  and the rows are aligned right up to the column before them (`_blank_tail`). A department's
  rows (`履职效能 重点工作 用地保障面积 ≥1200亩 1260亩 20 20` under eight columns) keep their
  own level words in the level columns, where aligning to the 偏差原因 column would shift them.
- Without a header, roles are all None and body rows are kept as read.
- A table a structured reader drew (`drawn`: docx, xlsx/xls, html, pdf tables) has every cell in
  its own column: a short row lost cells on the right (a workbook drops a row's trailing blank
  cells), so it is padded on the right, never aligned right. A department's row whose 偏差原因
  cell is blank, `履职效能 | 重点工作 | 食品安全抽检批次 | ≥3000批次 | 3215批次 | 20 | 20` under eight
  columns, keeps 履职效能 under 一级指标.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence

from pipeline.core.document import Span
from pipeline.domain.headers import budget_column_role, header_role, whole_cell_role
from pipeline.domain.quantity import looks_like_value
from pipeline.layout.types import Cell, Grid, GridRow

FILLED_ROLES = frozenset(("level1", "level2", "category"))


# Cached: every row of a table is tested as a header (`is_header_row`), a table repeats its
# cells (level words, units, 无) row after row, and a text naming no header word goes through all
# three lookups (the whole-cell one uncached, ~1.5 µs). Kept small: the texts it holds are cells'.
@functools.lru_cache(maxsize=1024)
def cell_role(text: str) -> str | None:
    """The role a header cell names: an indicator-table role, else a budget-column role (a
    derived column named by its whole cell, `完成率`, among them)."""
    return header_role(text) or whole_cell_role(text) or budget_column_role(text)


def is_header_row(row: GridRow) -> bool:
    texts = row.texts
    roles = {cell_role(text) for text in texts if text}
    roles.discard(None)
    return len(roles) >= 2 and not any(looks_like_value(text) for text in texts)


def _roles(header: Sequence[GridRow]) -> tuple[str | None, ...]:
    width = max(row.width for row in header)
    roles: list[str | None] = [None] * width
    for row in header:
        for column, cell in enumerate(row.cells):
            roles[column] = roles[column] or (cell_role(cell.text) if cell.text else None)
    return tuple(roles)


def _aligned(row: GridRow, width: int) -> GridRow:
    missing = width - row.width
    return row.padded(before=missing) if missing > 0 else row


# Columns a form leaves blank in most rows, last in the header when it has them.
_OFTEN_BLANK = frozenset({"deviation", "deviation_size", "source"})


def _blank_tail(roles: tuple[str | None, ...], reach: int) -> int:
    """How many of the header's last columns are often-blank ones beyond `reach` (the widest
    body row): columns no row stated a cell in (module docstring)."""
    tail = 0
    while len(roles) - tail > reach and roles[len(roles) - tail - 1] in _OFTEN_BLANK:
        tail += 1
    return tail


def _aligned_before(row: GridRow, width: int, tail: int) -> GridRow:
    """`row` aligned right up to the `tail` blank columns at the end of `width`, those padded."""
    aligned = _aligned(row, width - tail)
    if not tail or aligned.width >= width:
        return aligned
    return aligned.padded(after=width - aligned.width)


def _padded_right(row: GridRow, width: int) -> GridRow:
    """`row` with empty cells after its last one up to `width` (a drawn table's short row)."""
    missing = width - row.width
    return row.padded(after=missing) if missing > 0 else row


def _filled(rows: Sequence[GridRow], roles: tuple[str | None, ...]) -> tuple[GridRow, ...]:
    columns = [c for c, role in enumerate(roles) if role in FILLED_ROLES]
    above: dict[int, GridRow] = {}  # per column, the last row that states it (its cell made on a fill)
    out = []
    for row in rows:
        filled: dict[int, Cell] = {}
        for column in columns:
            if column >= row.width:
                continue
            if row.text(column):
                above[column] = row
            elif column in above:
                filled[column] = above[column].cell(column).inherit()
        out.append(row.with_cells(filled) if filled else row)
    return tuple(out)


def _usual_width(rows: Sequence[GridRow]) -> int:
    """The most common row width (the widest of the most common), 0 for no rows."""
    counts = Counter(row.width for row in rows)
    return max(counts, key=lambda width: (counts[width], width)) if counts else 0


def _grid(rows: Sequence[GridRow], recogniser: str, drawn: bool, headers: Sequence[bool]) -> Grid:
    """The grid of `rows`; `headers[i]`: whether `rows[i]` is a header row (`is_header_row`)."""
    header: list[GridRow] = []
    while len(header) < len(rows) and headers[len(header)]:
        header.append(rows[len(header)])
    span = Span(rows[0].span.start, rows[-1].span.end)
    body = rows[len(header) :]
    if not header:
        width = max(row.width for row in rows)
        return Grid(tuple(rows), span, recogniser, (), (None,) * width, tuple(body))
    roles = _roles(header)
    width = max(len(roles), _usual_width(body))
    # only a header whose first cell names a column sets the columns' places (not one after a
    # title cell, nor one aligned right itself because rows are usually wider)
    placed = width == len(roles) and roles[0] is not None
    reach = max((row.width for row in body), default=width) if placed else width
    heads = tuple(range(len(header)))
    if drawn:  # cells in place: whatever a row lacks is on its right
        roles += (None,) * (width - len(roles))
        body_rows = tuple(_padded_right(row, width) for row in body)
        return Grid(tuple(rows), span, recogniser, heads, roles, _filled(body_rows, roles))
    roles = (None,) * (width - len(roles)) + roles  # rows usually wider than the header: align right too
    tail = _blank_tail(roles, reach)
    aligned = [_aligned_before(row, width, tail) for row in body]
    return Grid(tuple(rows), span, recogniser, heads, roles, _filled(aligned, roles))


def build_grids(rows: Sequence[GridRow], recogniser: str, drawn: bool = False) -> list[Grid]:
    """One grid per header (see the module docstring); rows before the first header form a grid
    of their own. `drawn`: the rows are a table a structured reader drew, cells in place."""
    if not rows:
        return []
    headers = [is_header_row(row) for row in rows]  # once per row: each is read up to three times
    grids, start = [], 0
    for index in range(1, len(rows)):
        if headers[index] and not headers[index - 1]:
            grids.append(_grid(rows[start:index], recogniser, drawn, headers[start:index]))
            start = index
    grids.append(_grid(rows[start:], recogniser, drawn, headers[start:]))
    return grids


def continue_grid(grid: Grid, more: Grid, drawn: bool = False) -> Grid:
    """`grid` (a table with its header) and `more` (its rows after a page break, no header) as
    one grid: `more`'s rows aligned to `grid`'s width (`drawn`: padded on the right, cells in
    place), their level columns filled on from the last rows of `grid` (`layout.continued`)."""
    stated = [c for c in range(grid.width) if any(c < r.width and r.text(c) for r in grid.body)]
    tail = _blank_tail(grid.roles, max(stated, default=grid.width) + 1)
    if drawn:
        aligned = [_padded_right(row, grid.width) for row in more.body]
    else:
        aligned = [_aligned_before(row, grid.width, tail) for row in more.body]
    body = _filled((*grid.body, *aligned), grid.roles)
    span = Span(grid.span.start, more.span.end)
    return Grid((*grid.rows, *more.rows), span, grid.recogniser, grid.header_rows, grid.roles, body)
