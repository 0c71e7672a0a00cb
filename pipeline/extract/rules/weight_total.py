"""A header-less table's one bare number per row, proved to be the 分值 by the form's 合计 row.

A page that starts inside a form (a fragment, a table continued past a lost header) can print
each indicator with its target and one bare number, then the form's total row:

    产出指标数量指标培训班次≥6期 20 培训人数≥300人次 20 质量指标培训合格率≥95% 25 … 合计100

Without the header the number could be a weight, a score or an actual. The 合计 row settles it:
a form's total row sums the 分值 column, and the numbers add up to it — to 100 exactly, or to 90
where the standard project form gives the budget-execution row the other 10 points. Then each
number is the row's weight (and no longer its actual, where the row reader took it for one).
Where the numbers do not add up, nothing changes: the reading stays as it was.

The rows are read by the header-less readers (noted `header_not_seen`); a row whose number is
no bare number (`20次`), or that already has a weight or score, ends the run. Every weight found
this way is noted `weights_proved_by_total` (a flag, confidence capped).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from pipeline.extract.rules.candidates import Candidate, noted
from pipeline.extract.rules.cells import Cell

NOTE = "weights_proved_by_total"
_NUMBER = r"\d+(?:\.\d+)?"
_BARE = re.compile(rf"{_NUMBER}")
# The number right after a target, as a token of its own: a space, tab or `|` before it, or none
# after a target that ends in its unit (`≤10次22.5`: normalising drops the space between them).
_AFTER_TARGET = re.compile(rf"[ \t|]*({_NUMBER})(?![\d.%％])")
# The form's total row right after the last row's number: 合计 (总计) and the total.
_TOTAL = re.compile(rf"[ \t|\n]*(?:合\s*计|总\s*计)[ \t|:：]*({_NUMBER})(?![\d.%％])")
# Points of the standard project form that are not the indicators': the budget-execution row.
_EXECUTION_POINTS = 10.0
_FULL_MARKS = 100.0
_MIN_ROWS = 2


def _header_less(candidate: Candidate) -> bool:
    return "header_not_seen" in candidate.notes


def _number_cell(text: str, candidate: Candidate) -> Cell | None:
    """The row's one bare number: its actual when that is bare, else the token after its target."""
    if candidate.target is None or candidate.weight is not None or candidate.score is not None:
        return None
    if candidate.actual is not None:
        return candidate.actual if _BARE.fullmatch(candidate.actual.text) else None
    found = _AFTER_TARGET.match(text, candidate.target.end)
    if found is not None and found.start(1) == candidate.target.end and candidate.target.text[-1:].isdigit():
        return None  # digits run on from a bare target: where one ends is not known
    return None if found is None else Cell(found.group(1), found.start(1), found.end(1))


def _runs(text: str, candidates: list[Candidate]) -> Iterator[list[tuple[int, Cell]]]:
    """Runs of consecutive header-less rows (by start) that each carry one bare number; rows of
    other readers (a list reading the same line) neither join nor break a run."""
    run: list[tuple[int, Cell]] = []
    rows = [i for i in range(len(candidates)) if _header_less(candidates[i])]
    for index in sorted(rows, key=lambda i: candidates[i].start):
        cell = _number_cell(text, candidates[index])
        if cell is None:
            if run:
                yield run
            run = []
        else:
            run.append((index, cell))
    if run:
        yield run


def _adds_up(numbers: list[float], total: float) -> bool:
    share = sum(numbers)
    if math.isclose(share, total, abs_tol=1e-6):
        return True
    return math.isclose(total, _FULL_MARKS) and math.isclose(
        share, _FULL_MARKS - _EXECUTION_POINTS, abs_tol=1e-6
    )


def _proved(text: str, run: list[tuple[int, Cell]]) -> bool:
    total = _TOTAL.match(text, run[-1][1].end)
    if len(run) < _MIN_ROWS or total is None:
        return False
    return _adds_up([float(cell.text) for _, cell in run], float(total.group(1)))


def _as_weight(candidate: Candidate, cell: Cell) -> Candidate:
    actual = None if candidate.actual == cell else candidate.actual
    return noted(candidate, NOTE, actual=actual, weight=cell)


def weights_proved_by_total(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """`candidates` with each header-less row's bare number made its weight where the run's
    numbers add up to the 合计 row after them (see the module docstring); the rest unchanged.

    >>> from pipeline.extract.rules.cells import Cell
    >>> text = "甲率≥90% 45 乙率≥80% 45 合计100"
    >>> rows = [Candidate(Cell("甲率", 0, 2), target=Cell("≥90%", 2, 6), notes=("header_not_seen",)),
    ...         Candidate(Cell("乙率", 10, 12), target=Cell("≥80%", 12, 16), notes=("header_not_seen",))]
    >>> [c.weight for c in weights_proved_by_total(text, rows)]
    [Cell(text='45', start=7, end=9), Cell(text='45', start=17, end=19)]
    """
    out = list(candidates)
    for run in _runs(text, candidates):
        if _proved(text, run):
            for index, cell in run:
                out[index] = _as_weight(candidates[index], cell)
    return out
