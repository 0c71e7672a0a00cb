"""One cell per line between blank lines, with no row separator at all (web pages and PDFs whose
table cells came out as paragraphs):

    一级指标          each cell is a run of non-blank lines; one blank line separates two cells,
                      every two further blank lines are an empty cell (its blanked line and
                      its separator)
    二级指标
                      the table starts at a header run (three or more cells naming columns) and
    三级指标          its rows are cut by value patterns (`layout.patterns`)

    产出指标

    数量指标
    …

The stream ends at a line that is a table row of another kind (tab, pipe), at a heading, or at a
run of blank lines longer than a row of empty cells (`2 × (header width + 1) + 2`: a gap between two
parts of the page).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.domain.headings import heading_level
from pipeline.layout.grid import cell_role
from pipeline.layout.lines import Line, empty_cell, make_cell, span_of
from pipeline.layout.patterns import HEADER_RUN, header_run, rows_by_pattern
from pipeline.layout.recognisers import Claim
from pipeline.layout.types import Cell, GridRow

NAME = "cell_stream"
CELL_LENGTH = 30  # a header cell is short


def _is_stop(line: Line) -> bool:
    return "\t" in line.text or "|" in line.text or heading_level(line.text) == 1


def _header_cell(line: Line) -> bool:
    text = line.text.strip()
    return bool(text) and len(text) <= CELL_LENGTH and cell_role(text) is not None and not _is_stop(line)


def _starts(lines: Sequence[Line], index: int) -> bool:
    """`HEADER_RUN` header cells, one per line, each after exactly one blank line."""
    at = index
    for seen in range(HEADER_RUN):
        if at >= len(lines) or not _header_cell(lines[at]):
            return False
        if seen < HEADER_RUN - 1 and (at + 2 >= len(lines) or not lines[at + 1].blank):
            return False
        at += 2
    return True


def _header_width(lines: Sequence[Line], index: int) -> int:
    """How many header cells open the stream (one per line, one blank line between)."""
    at = index
    while at < len(lines) and _header_cell(lines[at]) and (at + 1 >= len(lines) or lines[at + 1].blank):
        at += 2
    return (at - index) // 2


def _cells(text: str, lines: Sequence[Line], index: int, max_blanks: int) -> tuple[list[Cell], int]:
    """The stream's cells and the index of the first line after it."""
    cells: list[Cell] = []
    at, blanks = index, 0
    while at < len(lines):
        line = lines[at]
        if line.blank:
            blanks += 1
            if blanks > max_blanks:
                break
            at += 1
            continue
        if _is_stop(line):
            break
        cells.extend(empty_cell(line.start) for _ in range(max(blanks - 1, 0) // 2))
        blanks = 0
        stop = at
        while stop + 1 < len(lines) and not lines[stop + 1].blank and not _is_stop(lines[stop + 1]):
            stop += 1
        cells.append(make_cell(text, line.start, lines[stop].end))
        at = stop + 1
    end = at
    while end > index and lines[end - 1].blank:
        end -= 1
    return cells, end


def read_cell_stream(text: str, lines: Sequence[Line], index: int) -> Claim | None:
    if not _starts(lines, index):
        return None
    width = max(_header_width(lines, index), HEADER_RUN) + 1  # the header and a label column
    cells, end = _cells(text, lines, index, 2 * width + 2)
    rows: list[GridRow] = []
    roles: tuple[str | None, ...] = ()
    pending: list[Cell] = []
    at = 0
    while at < len(cells):
        run = header_run(cells, at)
        if run:
            rows.extend(rows_by_pattern(pending, roles))
            pending = []
            header = tuple(cells[at : at + run])
            rows.append(GridRow(header, span_of(header)))
            roles = tuple(cell_role(c.text) for c in header)
            at += run
        else:
            pending.append(cells[at])
            at += 1
    rows.extend(rows_by_pattern(pending, roles))
    return Claim(tuple(rows), end, NAME)
