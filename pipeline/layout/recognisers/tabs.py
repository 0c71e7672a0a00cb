"""Tab rows: one row per line, cells between tabs — how every structured source (docx, xlsx,
xls, html and pdfplumber tables) writes its grids, merged cells already repeated, so the grid
passes through unchanged (no cell is split or moved). Blank lines inside the table are skipped
when a tab row follows; right under a row, a line whose only tab leads it (`\t项目名称`: a row
whose first cell is empty) is a row too.

    产出指标\\t数量指标\\t培训人次\\t≥100人次
    产出指标\\t质量指标\\t合格率\\t100%
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.layout.lines import Line, split_row
from pipeline.layout.recognisers import Claim
from pipeline.layout.types import GridRow

NAME = "tabs"


def is_tab_row(line: Line) -> bool:
    """A line with a tab that is not a lone leading tab (that is a one-cell-per-line cell)."""
    return "\t" in line.text and not (line.text.startswith("\t") and "\t" not in line.text[1:])


def row_of(text: str, line: Line) -> GridRow:
    return split_row(text, line.start, line.end, "\t", line)


def read_tabs(text: str, lines: Sequence[Line], index: int) -> Claim | None:
    if not is_tab_row(lines[index]):
        return None
    rows, at, end = [], index, index
    while at < len(lines):
        if is_tab_row(lines[at]) or ("\t" in lines[at].text and at == end):
            rows.append(row_of(text, lines[at]))
            at = end = at + 1
        elif lines[at].blank:
            at += 1
        else:
            break
    return Claim(tuple(rows), end, NAME)
