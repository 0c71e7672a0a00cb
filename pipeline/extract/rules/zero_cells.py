"""A fused row's `00`: two cells of 0, not one number.

Counts that should stay at zero (安全事故发生数, 霉变批次, 投诉次数) are written as a bare `0` in
both the target and the actual cell. A row whose separators were lost runs them together:

    县级储备粮库存粮食霉变批次00时效指标…

No figure is written with a leading zero followed by more digits (`00`, `05`), so such a run is
the 0 of one cell and the number of the next: target 0, actual 0 (`05`: 0 and 5). The split is
made only for a row read from run-together cells (noted `cells_split_by_pattern`) that has no
actual of its own, in a table whose neighbouring rows have one, and is noted `zero_cell_split`.
"""

from __future__ import annotations

import re

from pipeline.extract.rules.candidates import Candidate, noted
from pipeline.extract.rules.cells import Cell

NOTE = "zero_cell_split"
_SPLIT = "cells_split_by_pattern"
# A 0 and then a number as written: 0, or a figure without a leading zero.
_LEADING_ZERO = re.compile(r"0(?P<rest>0|[1-9]\d*(?:\.\d+)?)")


def _fused(candidate: Candidate) -> bool:
    return candidate.source_kind == "table" and _SPLIT in candidate.notes


def _neighbours_have_actuals(rows: list[Candidate], at: int) -> bool:
    """Whether the fused rows right before and after `rows[at]` (those there are) have actuals."""
    around = [rows[i] for i in (at - 1, at + 1) if 0 <= i < len(rows)]
    return bool(around) and all(row.actual is not None for row in around)


def _split(candidate: Candidate) -> Candidate | None:
    target = candidate.target
    found = _LEADING_ZERO.fullmatch(target.text) if target is not None else None
    if target is None or found is None:
        return None
    zero, rest = (
        Cell("0", target.start, target.start + 1),
        Cell(found.group("rest"), target.start + 1, target.end),
    )
    return noted(candidate, NOTE, target=zero, actual=rest)


def split_zero_cells(candidates: list[Candidate]) -> list[Candidate]:
    """`candidates` with each fused row's `0N` target split into target 0 and actual N where the
    row has no actual and its neighbours do (module docstring); the rest unchanged.

    >>> row = Candidate(Cell("霉变批次", 0, 4), target=Cell("00", 4, 6), notes=(_SPLIT,))
    >>> met = Cell("甲率", 7, 9), Cell("100%", 9, 13), Cell("98%", 13, 16)
    >>> before = Candidate(met[0], target=met[1], actual=met[2], notes=(_SPLIT,))
    >>> [(c.target, c.actual) for c in split_zero_cells([before, row])][1]
    (Cell(text='0', start=4, end=5), Cell(text='0', start=5, end=6))
    """
    out = list(candidates)
    fused = sorted((i for i, c in enumerate(candidates) if _fused(c)), key=lambda i: candidates[i].start)
    rows = [candidates[i] for i in fused]
    for at, index in enumerate(fused):
        row = candidates[index]
        if row.actual is None and row.weight is None and _neighbours_have_actuals(rows, at):
            out[index] = _split(row) or row
    return out
