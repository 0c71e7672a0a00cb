"""Pipe streams: cells ended by pipes one per line, rows ended by lines of pipes (three shapes of
web-page dumps: cell then pipe on one line, cell and pipe on separate lines, pipe opening the row)."""

from __future__ import annotations

from pipeline.layout.lines import split_lines
from pipeline.layout.recognisers.pipe_stream import read_pipe_stream


def _texts(text: str, index: int = 0) -> tuple[list[tuple[str, ...]], int]:
    claim = read_pipe_stream(text, split_lines(text), index)
    assert claim is not None
    return [row.texts for row in claim.rows], claim.end


def test_cell_and_pipe_on_one_line_and_lone_pipes_as_empty_cells() -> None:
    text = "项目名称 |\n城区绿化养护 |\n||||||\n主管部门 |\n|\n实施单位 |\n|\n||||\n正文\n"
    claim = read_pipe_stream(text, split_lines(text), 0)
    assert claim is not None
    assert [[(c.text, c.span.start, c.span.end) for c in row.cells] for row in claim.rows] == [
        [("项目名称", 0, 4), ("城区绿化养护", 7, 13)],
        [("主管部门", 23, 27), ("", 30, 30), ("实施单位", 32, 36), ("", 39, 39)],
    ]
    assert claim.end == 8


def test_cells_and_pipes_on_separate_lines_with_a_cell_over_two_lines() -> None:
    text = "项目名称\n|\n农田水利维修\n|\n|||||||\n预算执行情况(万元)\n(20分)\n|\n执行数\n|\n||||"
    assert _texts(text) == (
        [("项目名称", "农田水利维修"), ("预算执行情况(万元) (20分)", "执行数")],
        11,
    )


def test_a_pipe_opening_the_row_is_its_edge() -> None:
    text = "|   产出指标\n      | \n   数量指标\n      | \n   12期\n      | \n  ||||"
    assert _texts(text) == ([("产出指标", "数量指标", "12期")], 7)


def test_a_line_with_several_cells_is_a_row_of_its_own() -> None:
    text = "索引号: | 0012/2023-01 | 发文日期: | 2023年5月 |\n项目支出绩效自评表 |\n|||||||\n"
    assert _texts(text) == (
        [("索引号:", "0012/2023-01", "发文日期:", "2023年5月"), ("项目支出绩效自评表",)],
        3,
    )


def test_no_row_end_nearby_is_not_a_stream() -> None:
    text = "甲 |\n乙\n丙\n丁\n戊\n己\n庚\n辛\n壬\n癸"
    assert read_pipe_stream(text, split_lines(text), 0) is None
