"""The layout's records: a cell cut from the text holds no copy of it and reads like one that does."""

from __future__ import annotations

import pickle

import pytest

from pipeline.core.document import Span
from pipeline.layout.types import Cell, GridRow

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


ROW_TEXT = "产出指标\t培训人次\t≥100人次\t\n质量指标"


def _tab_row() -> GridRow:
    return GridRow.cut(ROW_TEXT, 0, 19, (0, 4, 5, 9, 10, 16, 17, 17))


def test_a_row_held_as_offsets_reads_its_cells_texts_and_span() -> None:
    row = _tab_row()
    assert row.texts == ("产出指标", "培训人次", "≥100人次", "")
    assert row.cells == (
        Cell("产出指标", Span(0, 4)),
        Cell("培训人次", Span(5, 9)),
        Cell("≥100人次", Span(10, 16)),
        Cell("", Span(17, 17)),
    )
    assert (row.span, row.width, row.split_by_pattern) == (Span(0, 19), 4, False)
    assert (row.cell(2), row.text(-1), row.start_of(1), row.end_of(1)) == (
        Cell("≥100人次", Span(10, 16)),
        "",
        5,
        9,
    )


def test_a_row_made_of_cells_equals_the_row_cut_as_offsets() -> None:
    row = _tab_row()
    made = GridRow(row.cells, Span(0, 19))
    assert made == row and hash(made) == hash(row)
    assert made != GridRow(row.cells, Span(0, 19), split_by_pattern=True)
    assert repr(row).startswith("GridRow(cells=(Cell(text='产出指标', span=Span(start=0, end=4)")


def test_a_cell_that_is_no_slice_is_kept_as_it_is() -> None:
    joined = Cell("产出指标", Span(20, 26))  # a cell whose inner line break was joined
    filled = Cell.cut(ROW_TEXT, 0, 4).inherit()
    row = GridRow((joined, filled, Cell.cut(ROW_TEXT, 5, 9)), Span(0, 26))
    assert row.cells == (joined, filled, Cell("培训人次", Span(5, 9)))
    assert row.cells[1].inherited and [row.is_slice(k) for k in range(3)] == [False, False, True]
    assert row.texts == ("产出指标", "产出指标", "培训人次")


def test_offsets_of_a_long_row_are_kept_beyond_one_byte() -> None:
    text = "甲" * 300 + "\t乙"
    row = GridRow.cut(text, 0, 302, (0, 300, 301, 302))
    assert row.texts == ("甲" * 300, "乙") and row.cell(1).span == Span(301, 302)


def test_padding_and_filling_work_on_the_offsets() -> None:
    row = _tab_row()
    padded = row.padded(before=1, after=2)
    assert padded.cells == (Cell("", Span(0, 0)), *row.cells, Cell("", Span(19, 19)), Cell("", Span(19, 19)))
    level = Cell.cut(ROW_TEXT, 20, 24).inherit()
    filled = row.with_cells({3: level})
    assert filled.cells == (*row.cells[:3], level) and filled.cells[3].inherited


def test_a_row_is_immutable_and_pickles_as_the_row_it_reads_as() -> None:
    row = _tab_row()
    with pytest.raises(AttributeError):
        row.split_by_pattern = True  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(row)) == row
