"""One cell per line behind a leading tab, rows between blank lines (a self-evaluation table
exported cell by cell)."""

from __future__ import annotations

from pipeline.core.document import Span
from pipeline.layout.lines import lines_row, make_cell, split_lines
from pipeline.layout.recognisers.cell_lines import read_cell_lines
from pipeline.layout.types import GridRow

TEXT = "\t类别\n\t指标名称\n\t分值\n\n\t过程\n\t制度健全性\n\t\n\n下文"


def test_rows_between_blank_lines_and_an_empty_cell() -> None:
    claim = read_cell_lines(TEXT, split_lines(TEXT), 0)
    assert claim is not None
    assert [[(c.text, c.span.start, c.span.end) for c in row.cells] for row in claim.rows] == [
        [("类别", 1, 3), ("指标名称", 5, 9), ("分值", 11, 13)],
        [("过程", 16, 18), ("制度健全性", 20, 25), ("", 26, 26)],
    ]
    assert [(row.span.start, row.span.end) for row in claim.rows] == [(0, 13), (15, 27)]
    assert claim.end == 7


def test_a_single_cell_line_is_not_a_table() -> None:
    text = "\t孤立\n正文"
    assert read_cell_lines(text, split_lines(text), 0) is None


def test_a_row_of_lines_is_cut_as_make_cell_cuts_each_line() -> None:
    text = "x\n\t 产出 \n\t\n\u3000|数量|\n"
    lines = split_lines(text)[1:4]
    row = lines_row(text, lines)
    assert row == GridRow(tuple(make_cell(text, ln.start, ln.end) for ln in lines), Span(2, 15))
    assert [(c.text, c.start, c.end) for c in row.cells] == [("产出", 4, 6), ("", 8, 8), ("数量", 12, 14)]
