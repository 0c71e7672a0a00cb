"""The layout's records: a cell cut from the text holds no copy of it and reads like one that does."""

from __future__ import annotations

import pickle

import pytest

from pipeline.core.document import Span
from pipeline.layout.types import Cell

TEXT = "一级指标\t数量指标\t培训人次\t≥100人次"


def test_a_cut_cell_reads_its_slice_of_the_text() -> None:
    cell = Cell.cut(TEXT, 10, 14)
    assert (cell.text, cell.span, cell.inherited) == ("培训人次", Span(10, 14), False)
    assert (cell.start, cell.end) == (10, 14)


def test_a_cut_cell_equals_and_hashes_as_a_cell_given_its_text() -> None:
    cut, given = Cell.cut(TEXT, 5, 9), Cell("数量指标", Span(5, 9))
    assert cut == given
    assert hash(cut) == hash(given)
    assert repr(cut) == "Cell(text='数量指标', span=Span(start=5, end=9), inherited=False)"


def test_cells_differ_by_text_offsets_or_inheritance() -> None:
    cell = Cell.cut(TEXT, 5, 9)
    assert cell != Cell("数量指标", Span(5, 10))
    assert cell != Cell("数量", Span(5, 9))
    assert cell != cell.inherit()


def test_inherit_keeps_text_and_span_and_marks_the_copy() -> None:
    for cell in (Cell.cut(TEXT, 0, 4), Cell("一级 指标", Span(0, 4))):
        filled = cell.inherit()
        assert (filled.text, filled.span, filled.inherited) == (cell.text, cell.span, True)


def test_an_empty_cut_keeps_its_place() -> None:
    cell = Cell.cut(TEXT, 4, 4)
    assert (cell.text, cell.span) == ("", Span(4, 4))


def test_a_cell_is_immutable() -> None:
    cell = Cell.cut(TEXT, 0, 4)
    with pytest.raises(AttributeError):
        cell.start = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del cell.end


def test_a_bad_cut_is_refused() -> None:
    with pytest.raises(ValueError):
        Cell.cut(TEXT, 5, 4)


def test_a_cell_pickles_as_the_cell_it_reads_as() -> None:
    cell = Cell.cut(TEXT, 10, 14)
    again = pickle.loads(pickle.dumps(cell))
    assert again == cell
    assert again.text == "培训人次"


def test_a_cut_kept_relative_to_its_rows_start_reads_as_any_other() -> None:
    row_start = 5
    cell = Cell.cut(TEXT, 10, 14, base=row_start)
    assert (cell.text, cell.start, cell.end, cell.span) == ("培训人次", 10, 14, Span(10, 14))
    assert cell == Cell.cut(TEXT, 10, 14) == Cell("培训人次", Span(10, 14))
    assert hash(cell) == hash(Cell("培训人次", Span(10, 14)))


def test_a_cell_made_inherited_equals_one_inherited_from_the_row_above() -> None:
    given = Cell("一级指标", Span(0, 4), inherited=True)
    assert given.inherited
    assert given == Cell.cut(TEXT, 0, 4).inherit() == Cell.cut(TEXT, 0, 4, inherited=True)
    assert given.inherit() == given
    assert pickle.loads(pickle.dumps(given)) == given
