"""One cell per line behind a leading tab, a row being the lines between blank lines:

    \\t一级指标
    \\t二级指标
    \\t三级指标

    \\t产出指标
    \\t数量指标
    \\t培训人次

A lone tab is an empty cell. A group of fewer than two cell lines is not a row of such a table.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.layout.lines import Line, lines_row
from pipeline.layout.recognisers import Claim

NAME = "cell_lines"


def is_cell_line(line: Line) -> bool:
    return line.text.startswith("\t") and line.text.find("\t", 1) < 0


def _group_end(lines: Sequence[Line], at: int) -> int:
    while at < len(lines) and is_cell_line(lines[at]):
        at += 1
    return at


def read_cell_lines(text: str, lines: Sequence[Line], index: int) -> Claim | None:
    if not is_cell_line(lines[index]) or _group_end(lines, index) - index < 2:
        return None
    rows, at, end = [], index, index
    while at < len(lines):
        if lines[at].blank:
            at += 1
            continue
        stop = _group_end(lines, at)
        if stop - at < 2:
            break
        rows.append(lines_row(text, lines[at:stop]))
        at = end = stop
    return Claim(tuple(rows), end, NAME)
