"""The rules' cells: a cell of its own and a cell held as its grid row and place compare alike."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from pipeline.extract.rules.cells import Cell, make_cell
from pipeline.layout import GridRow

TEXT = "产出指标\t培训人次\t≥100人次"


def _row() -> GridRow:
    return GridRow.cut(TEXT, 0, 16, (0, 4, 5, 9, 10, 16))


def test_a_cell_in_its_row_reads_its_text_and_offsets_from_the_row() -> None:
    cell = Cell.in_row(_row(), 2)
    assert (cell.text, cell.start, cell.end) == ("≥100人次", 10, 16)
    assert repr(cell) == "Cell(text='≥100人次', start=10, end=16)"


def test_both_kinds_compare_and_hash_by_text_and_offsets() -> None:
    in_row, own = Cell.in_row(_row(), 1), Cell("培训人次", 5, 9)
    assert in_row == own and hash(in_row) == hash(own) and {in_row, own} == {own}
    assert in_row != Cell("培训人次", 5, 10) and own != Cell("培训", 5, 9)
    assert Cell(text="培训人次", start=5, end=9) == own


def test_a_cell_that_is_no_slice_of_the_text_is_copied() -> None:
    from pipeline.core.document import Span
    from pipeline.layout import Cell as LayoutCell

    row = GridRow((LayoutCell("产出指标", Span(0, 6)), LayoutCell.cut(TEXT, 5, 9)), Span(0, 9))
    assert Cell.in_row(row, 0) == Cell("产出指标", 0, 6) and Cell.in_row(row, 1) == Cell("培训人次", 5, 9)


def test_a_cell_is_immutable_and_pickles_as_its_values() -> None:
    cell = Cell.in_row(_row(), 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Cell("a", 0, 1).start = 2  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(cell)) == Cell("产出指标", 0, 4)


def test_make_cell_strips_spaces_and_keeps_the_span_of_what_is_left() -> None:
    assert make_cell("a  培训 b", 1, 6) == Cell("培训", 3, 5)
    assert make_cell("a    b", 1, 4) == Cell("", 1, 1)
