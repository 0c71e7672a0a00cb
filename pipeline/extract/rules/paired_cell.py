"""A target and its actual written in one cell, each behind its label.

Some forms print a single value column per row (指标值及完成情况, 完成情况) and write both figures
in it, each behind its label: `目标值：≥1500人；实际完成值：1623人`. A careful reader takes the
text after the target label as the target and the text after the actual label as the actual; the
cell read whole would be a target that holds the actual too, and no actual at all. Each value's
span starts at its label (`实际完成值：1623人`), so the two spans cover the cell: a sentence reader's
reading of the label and its figure inside it stays the table row's (`inside_cells`):

    >>> cell = Cell("目标值：≥1500人；实际完成值：1623人", 40, 62)
    >>> split_pair(cell)
    (Cell(text='≥1500人', start=40, end=50), Cell(text='1623人', start=51, end=62))

The shape and its labels are `domain.paired`'s; a row that has a cell of its own for either
value is not split (`split_values`).
"""

from __future__ import annotations

import re

from pipeline.domain.paired import PAIRED_VALUE
from pipeline.extract.rules.cells import Cell


def _part(cell: Cell, match: re.Match[str], group: str) -> Cell:
    """The group's text, its span from its label to its end where the cell's text is its span's
    text, else the cell's span (a cell joined from pieces: the span still holds the value)."""
    text = match.group(group)
    if cell.end - cell.start == len(cell.text):
        return Cell(text, cell.start + match.start(f"{group}_label"), cell.start + match.end(group))
    return Cell(text, cell.start, cell.end)


def split_pair(cell: Cell) -> tuple[Cell, Cell] | None:
    """The target and the actual of a cell that writes both behind their labels, or None."""
    match = PAIRED_VALUE.match(cell.text)
    if match is None:
        return None
    return _part(cell, match, "target"), _part(cell, match, "actual")


def split_values(values: dict[str, Cell]) -> dict[str, Cell]:
    """A row's values by role with a paired cell split: the row's only target-or-actual cell,
    where it writes both (`目标值：100%；实际完成值：100%`), becomes its target and its actual."""
    present = [r for r in ("target", "actual") if r in values]
    if len(present) != 1:
        return values
    pair = split_pair(values[present[0]])
    if pair is None:
        return values
    return {**values, "target": pair[0], "actual": pair[1]}
