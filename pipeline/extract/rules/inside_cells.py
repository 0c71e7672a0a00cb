"""Words inside a table row's value cell are that cell's, not an indicator of their own.

An actual cell often carries a remark with a figure of its own:

    培训考核合格率 | ≥95% | 97.5%，较上年提高1.2个百分点 | 20 | 20

The row reader takes the whole cell as the row's actual; a sentence reader scanning the same line
would also find `较上年提高1.2个` and make it an indicator. A reading by a sentence, list or prose
reader whose name starts inside the target, actual or deviation cell of a row read from a table
is dropped: the table row is the reading of that text. (A reading whose name is the row's own
name cell is the same indicator read twice, and is left to the merge.)
"""

from __future__ import annotations

from bisect import bisect_right

from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell

_TABLE = "table"


def _value_cells(candidate: Candidate) -> list[Cell]:
    cells = (candidate.target, candidate.actual, candidate.deviation)
    return [c for c in cells if c is not None and c.end > c.start]


def without_readings_inside_cells(candidates: list[Candidate]) -> list[Candidate]:
    """`candidates` less the non-table readings whose name starts inside a table row's target,
    actual or deviation cell (module docstring).

    >>> actual = Cell("97.5%，较上年提高1.2个", 9, 24)
    >>> row = Candidate(Cell("合格率", 0, 3), target=Cell("≥95%", 4, 8), actual=actual)
    >>> remark = Candidate(Cell("较上年提高", 15, 20), actual=Cell("1.2个", 20, 24), source_kind="inline")
    >>> without_readings_inside_cells([row, remark]) == [row]
    True
    """
    if all(c.source_kind == _TABLE for c in candidates):
        return candidates  # no reading to drop (a one-table report: no list of its ~2 cells per row)
    cells = sorted(
        (c.start, c.end) for row in candidates if row.source_kind == _TABLE for c in _value_cells(row)
    )
    if not cells:
        return candidates
    starts = [start for start, _ in cells]
    reach = _reach(cells)

    def inside(pos: int) -> bool:
        at = bisect_right(starts, pos) - 1
        return at >= 0 and reach[at] > pos

    return [c for c in candidates if c.source_kind == _TABLE or not inside(c.name.start)]


def _reach(cells: list[tuple[int, int]]) -> list[int]:
    """For each cell in start order, the furthest end of it and the cells before it."""
    out, furthest = [], -1
    for _, end in cells:
        furthest = max(furthest, end)
        out.append(furthest)
    return out
