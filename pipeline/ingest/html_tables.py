"""HTML tables as grids: rowspan/colspan expanded so every row has a value in every column it covers.

The grid is built the way a browser assigns cells to slots: walking a row left to right, each cell
takes the first column not already taken by a `rowspan` from a row above, fills `colspan` columns,
and reserves the same columns in the next `rowspan - 1` rows. Reserved slots repeat the cell's text.

    <tr><td rowspan=2>产出指标</td><td colspan=2>数量指标</td></tr>
    <tr><td>培训班次</td><td>12期</td></tr>

gives the rows `["产出指标", "数量指标", "数量指标"]` and `["产出指标", "培训班次", "12期"]`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pipeline.ingest.common import table_lines
from pipeline.ingest.html_tree import Element

MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
"""Browsers' own caps; a bogus `colspan=99999999` must not allocate a huge row."""

CellText = Callable[[Element], str]


def is_layout_table(table: Element) -> bool:
    """A table used for page layout: it nests another table, or no row has more than one cell."""
    if table.contains("table"):
        return True
    return all(len(_own_cells(row)) <= 1 for row in _own_rows(table))


def grid_rows(table: Element, cell_text: CellText) -> list[str]:
    """The table's caption (if any) and rows as tab-separated lines, merged cells repeated."""
    captions = table.elements("caption")
    lines = [cell_text(captions[0])] if captions else []
    return lines + table_lines(_expanded_rows(table, cell_text))


def _expanded_rows(table: Element, cell_text: CellText) -> Iterator[list[str]]:
    rows = _own_rows(table)
    carried: dict[int, dict[int, str]] = {}  # row -> {column: text of a rowspan from above}
    for row_index, row in enumerate(rows):
        pending = carried.pop(row_index, {})
        slots: dict[int, str] = {}
        column = 0
        for cell in _own_cells(row):
            column = _take_pending(pending, slots, column)
            text = cell_text(cell)
            width = _span(cell, "colspan", MAX_COLSPAN)
            height = min(_span(cell, "rowspan", MAX_ROWSPAN), len(rows) - row_index)
            for col in range(column, column + width):
                slots[col] = text
                for below in range(row_index + 1, row_index + height):
                    carried.setdefault(below, {})[col] = text
            column += width
        for col, text in pending.items():  # rowspans right of the row's last cell
            slots.setdefault(col, text)
        yield [slots.get(col, "") for col in range(max(slots, default=-1) + 1)]


def _take_pending(pending: dict[int, str], slots: dict[int, str], column: int) -> int:
    """Fill the slots a rowspan from above occupies from `column` on; return the first free column."""
    while column in pending:
        slots[column] = pending.pop(column)
        column += 1
    return column


def _own_rows(table: Element) -> list[Element]:
    """The `<tr>`s of this table (directly or via thead/tbody/tfoot), not those of nested tables."""
    rows: list[Element] = []
    for child in table.elements("tr", "thead", "tbody", "tfoot"):
        if child.name == "tr":
            rows.append(child)
        else:
            rows.extend(child.elements("tr"))
    return rows


def _own_cells(row: Element) -> list[Element]:
    return row.elements("td", "th")


def _span(cell: Element, attribute: str, limit: int) -> int:
    """The cell's span, 1 when missing, malformed or zero (`rowspan=0` is rare; treated as 1)."""
    value = cell.get(attribute)
    try:
        span = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    return min(max(span, 1), limit)
