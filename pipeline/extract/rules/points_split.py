"""A fused row's 分值 and 得分 left in one cell, cut in the order the header prints them.

When a row's separators are lost, its last two cells — the weight and the score — run together
(`…8.6公里1515`, `…92%810`). A row reader that does not split them leaves one figure above 100 in
the score (or weight) cell: no indicator of a 100-point form has such points. The header says
which comes first (`得分分值` or `分值得分`, `权重…得分`); the run is cut where the weight is at
most 100 and the score at most the weight:

    得分 | 分值, `810`  → 8 | 10: score 8, weight 10   (81 | 0 would put a score above its weight)
    分值 | 得分, `1010` → 10 | 10

Under a header that closes on a derived score (`得分 | 权重 | 折算得分`, the third score × weight %)
the three figures run together; the run is cut in three where the third is the product of the
first two over 100 (and the bounds above hold):

    得分 | 权重 | 折算得分, `16203.2` → 16 | 20 | 3.2: score 16, weight 20 (16 × 20% = 3.2)

A run that cuts two ways, or none, or whose header order is not found, is no reading: both cells
are left empty (an impossible figure is never kept). Either way the row is noted.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from pipeline.extract.rules.candidates import Candidate, noted
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.memo import per_text

SPLIT_NOTE = "points_split_by_header_order"
DROPPED_NOTE = "points_over_100_dropped"
_SPLIT = "cells_split_by_pattern"
_FULL_MARKS = 100.0
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_PART = re.compile(r"0|[1-9]\d*(?:\.\d+)?")
# The indicator header's name column, then (close after it) the weight and score column words.
_NAME_COLUMN = re.compile(r"三级指标|指标名称")
_HEADER_REACH = 60
_WEIGHT_WORD = re.compile(r"分值|权重")
_SCORE_WORD = re.compile(r"得分")
_DERIVED_WORD = re.compile(r"折算")


@per_text
def _name_column_ends(text: str) -> tuple[int, ...]:
    """Where each name column word of `text` ends, in text order: found once per report, not
    once per fused row (a long report holds hundreds of rows; scanning the text above each made
    the reader quadratic in the report's length)."""
    return tuple(m.end() for m in _NAME_COLUMN.finditer(text))


def _header_region(text: str, before: int) -> str | None:
    """The indicator header's words after its name column, above `before` (None: not found).

    The name column is the last word that ends by `before`: the words are literals, so a scan of
    the whole text finds, up to `before`, the very matches a scan stopped there finds."""
    ends = _name_column_ends(text)
    at = bisect_right(ends, before) - 1
    if at < 0:
        return None
    start = ends[at]
    return text[start : min(before, start + _HEADER_REACH)]


def _score_first(text: str, before: int) -> bool | None:
    """Whether the indicator header above `before` prints 得分 before 分值/权重 (None: not found)."""
    region = _header_region(text, before)
    weight, score = (
        (None, None) if region is None else (_WEIGHT_WORD.search(region), _SCORE_WORD.search(region))
    )
    if weight is None or score is None:
        return None
    return score.start() < weight.start()


def _derived_column(text: str, before: int) -> bool:
    """Whether the indicator header above `before` closes on a derived score column after its
    weight and score (`单项指标得分 | 权重占比(%) | 单项指标折算得分`)."""
    region = _header_region(text, before) or ""
    derived = _DERIVED_WORD.search(region)
    weight = _WEIGHT_WORD.search(region)
    return derived is not None and weight is not None and derived.start() > weight.start()


def _cuts(cell: Cell, score_first: bool) -> list[tuple[Cell, Cell]]:
    """Every (weight, score) cut of the run with weight ≤ 100 and score ≤ weight."""
    out = []
    for at in range(1, len(cell.text)):
        head, tail = cell.text[:at], cell.text[at:]
        if not (_PART.fullmatch(head) and _PART.fullmatch(tail)):
            continue
        first, second = Cell(head, cell.start, cell.start + at), Cell(tail, cell.start + at, cell.end)
        weight, score = (second, first) if score_first else (first, second)
        if float(weight.text) <= _FULL_MARKS and float(score.text) <= float(weight.text):
            out.append((weight, score))
    return out


def _derived(first: str, second: str, third: str) -> bool:
    """Whether `third` is `first` × `second` / 100 to the decimals it prints (`16`, `20`, `3.2`)."""
    decimals = len(third.partition(".")[2])
    return abs(float(first) * float(second) / _FULL_MARKS - float(third)) < 0.5 * 10**-decimals


def _three_cuts(cell: Cell, score_first: bool) -> list[tuple[Cell, Cell]]:
    """Every (weight, score) of a cut of the run into weight, score (in the header's order) and a
    derived score that is their product over 100, with weight ≤ 100 and score ≤ weight."""
    out, text = [], cell.text
    for one in range(1, len(text) - 1):
        for two in range(one + 1, len(text)):
            parts = text[:one], text[one:two], text[two:]
            if not all(_PART.fullmatch(part) for part in parts) or not _derived(*parts):
                continue
            first, second = (
                Cell(parts[0], cell.start, cell.start + one),
                Cell(parts[1], cell.start + one, cell.start + two),
            )
            weight, score = (second, first) if score_first else (first, second)
            if float(weight.text) <= _FULL_MARKS and float(score.text) <= float(weight.text):
                out.append((weight, score))
    return out


def _run_cell(candidate: Candidate) -> Cell | None:
    """The one points cell holding a figure above 100, the other empty."""
    cells = [c for c in (candidate.weight, candidate.score) if c is not None]
    if len(cells) != 1 or not _DIGITS.fullmatch(cells[0].text):
        return None
    return cells[0] if float(cells[0].text) > _FULL_MARKS else None


def _split(text: str, candidate: Candidate) -> Candidate:
    cell = _run_cell(candidate)
    if cell is None:
        return candidate
    order = _score_first(text, candidate.start)
    cut = _three_cuts if _derived_column(text, candidate.start) else _cuts
    cuts = [] if order is None else cut(cell, order)
    weight, score, note = (*cuts[0], SPLIT_NOTE) if len(cuts) == 1 else (None, None, DROPPED_NOTE)
    return noted(candidate, note, weight=weight, score=score)


def split_fused_points(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """`candidates` with each fused row's one points figure above 100 cut into weight and score
    in the header's order, or emptied (module docstring).

    >>> text = "三级指标实际完成值得分分值及时率92%810"
    >>> cells = Cell("及时率", 14, 17), Cell("92%", 17, 20), Cell("810", 20, 23)
    >>> row = Candidate(cells[0], actual=cells[1], score=cells[2], notes=(_SPLIT,))
    >>> (lambda c: (c.weight, c.score))(split_fused_points(text, [row])[0])
    (Cell(text='10', start=21, end=23), Cell(text='8', start=20, end=21))
    """
    return [_split(text, c) if c.source_kind == "table" and _SPLIT in c.notes else c for c in candidates]
