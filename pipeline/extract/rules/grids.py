"""Indicator tables read from the layout's grids (`pipeline.layout`), whatever their linearisation.

The layout gives each table as a `Grid`: its header rows, one role per column (三级指标 → name,
年度指标值 → target, …), and body rows aligned right with the level columns forward-filled. Two
kinds of grid hold indicators:

- a grid whose header names a name or level column and a target or actual column: each body row
  is read by those roles (`table.read_row`, which also copes with rows a converter shifted);
- a grid whose header is not in the text (the excerpt starts mid-table) but whose rows lead with
  the framework's level words (`项目完成指标 | 质量指标 | 改善养老服务基础条件 | 改善条件 | 明显改善`):
  each row is read by its content — the level cells, then the first cell that reads as a name,
  then the values in the order forms print them (target, actual). A cell ending in 指标 right
  before a level word is a level too (a form's own 一级 word, `项目完成指标`). These rows carry the
  note `header_not_seen`: their columns were inferred, not read.

A named row without values followed by rows of values only (`减少农户负担 |` then `明显 |` then
`明显 | 10 | 10`) is one row a converter wrapped onto several lines: the values are joined on
and it is noted `row_wrapped_onto_lines`.

Every row of a grid whose cells were cut by value patterns carries `cells_split_by_pattern`. A
title row (one merged cell: `项目支出绩效自评表` across every column) or a total row (总分) ends
the table: in a workbook the next sheet's form follows, and its title, labels and empty template
rows are never indicators.
Budget columns (全年预算数 …) and the rows of budget tables are not indicators.

OCR'd tables: a value cell's lookalike letters are made digits (`1OO%` → `100%`), and a rate
target read `2` + a rate (`290%`) in a row whose actual is a rate of at most 100 % is `≥90%` when
other targets of the table write `≥` (OCR lost the sign in one cell, `domain.ocr`). Both are
noted `ocr_repaired` and cap the row's confidence; the evidence stays on the cell as written.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pipeline.domain.headers import header_role
from pipeline.domain.levels import is_level_word
from pipeline.domain.ocr import has_lookalike, rate_geq_read_as_2, repair_digits
from pipeline.domain.quantity import looks_like_value
from pipeline.extract.rules.candidates import NOTE_CONFIDENCE, Candidate
from pipeline.extract.rules.cells import Cell, Row, make_cell
from pipeline.extract.rules.levels import Levels, next_levels
from pipeline.extract.rules.table import (
    QUANTITY_ROLES,
    VALUE_ROLES,
    WORD_ROLES,
    Header,
    is_title_row,
    join_split_quantities,
    read_row,
    reads_as_name,
)
from pipeline.layout import Grid, GridRow, Layout

INDICATOR_ROLES = frozenset(
    ("name", "level1", "level2", "category", *VALUE_ROLES, *QUANTITY_ROLES, *WORD_ROLES)
)
_NAMED = frozenset(("name", "level1", "level2", "category"))
_MIN_LEVEL_ROWS = 0.5  # share of a headerless grid's rows that must lead with level words
_HEADER_CELLS = 2  # a body row naming this many columns is the header repeated
_SPLIT_NOTE = "cells_split_by_pattern"
_UNSEEN_NOTE = "header_not_seen"
_WRAPPED_NOTE = "row_wrapped_onto_lines"
_MAX_WRAPPED = 3  # rows of values a wrapped row may continue onto
_OCR_NOTE = "ocr_repaired"


def _stated(row: GridRow, index: int) -> Cell:
    """Cell `index` of `row` as the text states it: a level filled in from the row above is left
    empty again (at the cell's start). A cell as written is held as the row and the index
    (`Cell.in_row`): a candidate keeps it, and the layout's row already holds its offsets."""
    if row.is_slice(index):
        return Cell.in_row(row, index)
    cell = row.cell(index)
    return Cell("", cell.start, cell.start) if cell.inherited else Cell(cell.text, cell.start, cell.end)


def _row(row: GridRow) -> Row:
    """A body row with its filled-in level cells left empty again: `read_row` forward-fills
    levels itself, and must see which level cells a row states (a shifted row restates them)."""
    span = row.span
    return Row(tuple([_stated(row, index) for index in range(row.width)]), span.start, span.end, "grid")


class _Rows:
    """A grid's body rows as `_row` reads them, each made when asked: a dense table's rows are
    not all made at once (a `Row` and its cells' tuple, ~240 bytes a row, over the candidates
    read from them: the peak of a one-table report). Worked example: `_Rows(grid.body)[3]` is
    `_row(grid.body[3])`, made anew at each ask (equal, not the same object)."""

    def __init__(self, body: tuple[GridRow, ...]) -> None:
        self._body = body

    def __len__(self) -> int:
        return len(self._body)

    def __getitem__(self, index: int) -> Row:
        return _row(self._body[index])


def indicator_header(grid: Grid) -> Header | None:
    """The grid's columns as an indicator header, or None when it is not an indicator table."""
    roles = {i: r for i, r in enumerate(grid.roles) if r in INDICATOR_ROLES}
    found = set(roles.values())
    # an evaluation framework's scoring table: levels, items, 分值 and 得分, no target (a table of
    # names and scores alone sums the framework up: its rows repeat the table's, levels included)
    scored = {"name", "weight", "score"} <= found and bool(found & {"level1", "level2"})
    if not grid.header_seen or not found & _NAMED or not (found & {"target", "actual"} or scored):
        return None
    return Header(grid.width, grid.span.start, roles)


def _noted(candidate: Candidate, row: GridRow, *notes: str) -> Candidate:
    extra = (*notes, *((_SPLIT_NOTE,) if row.split_by_pattern else ()))
    if not extra:
        return candidate
    confidence = min(candidate.confidence, NOTE_CONFIDENCE)
    return replace(candidate, notes=(*candidate.notes, *extra), confidence=confidence)


def _values_only(row: Row) -> bool:
    """A row of values and nothing else: no name, no level, no header word (`有效 | 10 | 10`)."""
    texts = [c.text for c in row.cells if c.text]
    return bool(texts) and not any(reads_as_name(t) or is_level_word(t) or header_role(t) for t in texts)


def _continued(rows: _Rows, at: int) -> tuple[Row, int]:
    """Row `at` with the values-only rows after it joined on (a converter wrapped the row's cells
    onto lines of their own), and the index of the row after them."""
    row, end = rows[at], at + 1
    while end < len(rows) and end - at <= _MAX_WRAPPED and _values_only(rows[end]):
        end += 1
    if end == at + 1:
        return row, end
    wrapped = tuple(c for i in range(at + 1, end) for c in rows[i].cells if c.text)
    return Row((*row.cells, *wrapped), row.start, rows[end - 1].end, row.kind), end


def _read_by_header(grid: Grid, header: Header) -> list[Candidate]:
    found, levels = [], Levels()
    rows = _Rows(grid.body)
    at = 0
    while at < len(rows):
        row, body_row, at = rows[at], grid.body[at], at + 1
        texts = [text for text in row.texts if text]  # read once: a row's cell reads its text anew
        if is_title_row(texts):
            break  # a form's title or total row: what follows is another form
        if sum(1 for text in texts if header_role(text)) >= _HEADER_CELLS:
            continue  # the header again (a page break, or its second line)
        before = levels
        candidate, levels = read_row(row, header, levels, grid.span.start)
        if candidate is None and any(reads_as_name(text) for text in texts):
            joined, after = _continued(rows, at - 1)
            if after > at:
                candidate, levels = read_row(joined, header, before, grid.span.start)
                at = after if candidate is not None else at
                candidate = candidate and replace(
                    candidate,
                    notes=(*candidate.notes, _WRAPPED_NOTE),
                    confidence=min(candidate.confidence, NOTE_CONFIDENCE),
                )
        if candidate is not None:
            found.append(_noted(candidate, body_row))
    return _with_geq_restored([_with_digits_repaired(c) for c in found])


_VALUE_FIELDS = ("target", "actual", "weight", "score")


def _ocr_noted(candidate: Candidate, cells: dict[str, Any]) -> Candidate:
    """The candidate with its OCR-repaired cells, noted `ocr_repaired` (once), confidence capped."""
    notes = candidate.notes if _OCR_NOTE in candidate.notes else (*candidate.notes, _OCR_NOTE)
    confidence = min(candidate.confidence, NOTE_CONFIDENCE)
    return replace(candidate, **cells, notes=notes, confidence=confidence)


def _with_digits_repaired(candidate: Candidate) -> Candidate:
    """Value cells with OCR's lookalike letters made digits (`1OO%` → `100%`, `9O%` → `90%`;
    `domain.ocr.repair_digits`, which leaves words and codes alone): read as written, `1OO%`
    would be a target of 1."""
    repaired: dict[str, Any] = {}
    for field in _VALUE_FIELDS:
        cell: Cell | None = getattr(candidate, field)
        # a repair turns a lookalike letter into a digit: a cell without one has none to make
        fixed = repair_digits(cell.text) if cell is not None and has_lookalike(cell.text) else None
        if cell is not None and fixed is not None and fixed.changed:
            repaired[field] = Cell(fixed.text, cell.start, cell.end)
    return _ocr_noted(candidate, repaired) if repaired else candidate


def _with_geq_restored(found: list[Candidate]) -> list[Candidate]:
    """Rate targets whose `≥` OCR read as `2` (`290%` in a row whose actual is `88.5%`), made `≥`
    again when other targets of the table write `≥` (`domain.ocr.rate_geq_read_as_2`)."""
    if not any(c.target is not None and c.target.text.startswith("≥") for c in found):
        return found
    out = []
    for candidate in found:
        target, actual = candidate.target, candidate.actual
        repaired = target and rate_geq_read_as_2(target.text, actual.text if actual else None)
        if target is not None and repaired:
            candidate = _ocr_noted(candidate, {"target": Cell(repaired.text, target.start, target.end)})
        out.append(candidate)
    return out


def _leading_levels(texts: list[str]) -> int:
    """How many of the row's first cells (`texts`, the non-empty ones) are levels: level words,
    and a …指标 cell before one."""
    count = 0
    for i, text in enumerate(texts):
        before_level = i + 1 < len(texts) and is_level_word(texts[i + 1])
        if is_level_word(text) or (text.endswith("指标") and before_level):
            count = i + 1
        else:
            break
    return count


def _read_by_content(row: GridRow, levels: Levels) -> tuple[Candidate | None, Levels]:
    cells = [c for c in (Cell.in_row(row, index) for index in range(row.width)) if c.text]
    lead = _leading_levels([c.text for c in cells])
    levels = next_levels(levels, cells[:lead])
    rest = cells[lead:]
    if not rest or not reads_as_name(rest[0].text):
        return None, levels
    values = join_split_quantities(rest[1:])
    if not values or not any(looks_like_value(v.text) or len(v.text) <= 8 for v in values):
        return None, levels
    target = values[0]
    actual = values[1] if len(values) > 1 else None
    candidate = Candidate(
        name=rest[0],
        level1=levels.level1,
        level2=levels.level2,
        target=target,
        actual=actual,
        source_kind="table",
        confidence=NOTE_CONFIDENCE,
        table_start=row.span.start,
    )
    return candidate, levels


def _read_headerless(grid: Grid) -> list[Candidate]:
    rows = list(grid.body)
    # a row's texts (`GridRow.texts`, no cell made): most grids read here are no indicator table
    with_levels = sum(1 for r in rows if _leading_levels([t for t in r.texts if t]))
    if not rows or with_levels < max(2, _MIN_LEVEL_ROWS * len(rows)):
        return []
    found, levels = [], Levels()
    for row in rows:
        candidate, levels = _read_by_content(row, levels)
        if candidate is not None:
            found.append(_noted(candidate, row, _UNSEEN_NOTE))
    return found


def read_grids(grids: tuple[Grid, ...]) -> list[Candidate]:
    """Every indicator row of every indicator grid, in text order (module docstring)."""
    found: list[Candidate] = []
    for grid in grids:
        header = indicator_header(grid)
        found += _read_by_header(grid, header) if header is not None else _read_headerless(grid)
    return found


def _as_read(row: GridRow) -> Row:
    """`row` as read: its cells as cells of their own, read from the row's texts and offsets (a
    slice's; a cell the row keeps as it is, its own) without making the row's cells first."""
    span = row.span
    cells = tuple(
        [
            Cell(text, row.start_of(i), row.end_of(i)) if row.is_slice(i) else _own_cell(row, i)
            for i, text in enumerate(row.texts)
        ]
    )
    return Row(cells, span.start, span.end, "cells")


def _own_cell(row: GridRow, index: int) -> Cell:
    """Cell `index` of `row` that the row keeps as it is, as a cell of its own."""
    cell = row.cell(index)
    return Cell(cell.text, cell.start, cell.end)


def layout_rows(layout: Layout, start: int = 0, end: int | None = None) -> list[Row]:
    """The layout as rows in text order, for readers that walk rows (budget tables): each grid's
    rows as read (`cells`), and every other line as a one-cell `line` row."""
    end = len(layout.text) if end is None else end
    rows: list[Row] = []
    for block in layout.blocks:
        if not start <= block.span.start < end:
            continue
        if block.grid is not None:
            rows += table_rows(block.grid)
            continue
        rows += line_rows(layout.text, block.span.start, block.span.end)
    return rows


def table_rows(grid: Grid, first: int = 0) -> list[Row]:
    """A grid's rows as read (`cells`), as `layout_rows` gives them, from row `first` (negative:
    counted from the end)."""
    return [_as_read(r) for r in grid.rows[first:]]


def line_rows(text: str, start: int, end: int) -> list[Row]:
    """Every non-blank line of prose `text[start:end]` as a one-cell `line` row, as `layout_rows`
    gives them (`start` is a line start)."""
    rows, pos = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            rows.append(Row((make_cell(text, pos, pos + len(line)),), pos, pos + len(line), "line"))
        pos += len(line) + 1
    return rows
