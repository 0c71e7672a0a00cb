"""Shared reader helpers: single-line cells, row lines, segment joins, library-error wrapping."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.core.document import Segment
from pipeline.core.errors import IngestError
from pipeline.ingest.common import Content, join_segments, library_error, one_line, require_text, table_lines


def test_one_line_joins_a_cells_wrapped_lines() -> None:
    """A break inside Chinese text or a figure and its unit is a wrap: nothing; between two Latin
    words or numbers, one space."""
    assert one_line(" ≥10\n个\t\t(期)\r\n") == "≥10个(期)"
    assert one_line("ISO\n9001\t标准") == "ISO 9001标准"
    assert one_line("10\r\n8") == "10 8"
    assert one_line("\u3000满意度") == "满意度"  # str.strip also drops the ideographic space


def test_table_lines_join_cells_by_tab_and_skip_empty_rows() -> None:
    rows = [["产出指标", "培训\n班次", ""], ["", " "], ["", "12期"]]

    assert table_lines(rows) == ["产出指标\t培训班次\t", "\t12期"]


def test_join_segments_spans_each_part_without_the_separator() -> None:
    content = join_segments("sheet", [("指标", "一级\t二级"), ("空表", ""), ("预算", "100")], "\n\n")

    assert content.text == "一级\t二级\n\n\n\n100"
    assert content.segments == (
        Segment(kind="sheet", name="指标", start=0, end=5),
        Segment(kind="sheet", name="空表", start=7, end=7),
        Segment(kind="sheet", name="预算", start=9, end=12),
    )
    assert [content.text[s.start : s.end] for s in content.segments] == ["一级\t二级", "", "100"]


def test_require_text_refuses_whitespace_only() -> None:
    with pytest.raises(IngestError) as caught:
        require_text(Content(text=" \n\t"), Path("a.docx"), "no text found")
    assert str(caught.value) == "a.docx: empty: no text found"
    assert require_text(Content(text="x"), Path("a.docx")).text == "x"


def test_library_error_is_one_line_naming_the_exception() -> None:
    error = library_error("xlsx", zipfile.BadZipFile("File is not a zip file\nmore detail"), Path("b.xlsx"))

    assert str(error) == "b.xlsx: corrupt or unreadable xlsx file (BadZipFile: File is not a zip file)"
    assert str(library_error("PDF", KeyError(), Path("c.pdf"))) == (
        "c.pdf: corrupt or unreadable PDF file (KeyError)"
    )


def test_one_line_joins_a_figure_the_cells_width_cut_and_keeps_two_stacked_figures_apart() -> None:
    assert one_line("不低于120\n0人") == "不低于1200人"
    assert one_line("90%-10\n0%") == "90%-100%"
    assert one_line("控制在150\n0元以内") == "控制在1500元以内"
    assert one_line("10\n8") == "10 8"  # two figures, each a line of its own
    assert one_line("2022\n2023年") == "2022 2023年"
