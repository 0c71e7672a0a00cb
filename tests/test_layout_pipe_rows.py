"""Pipe rows: a markdown table, and a web dump whose rows trail empty cells."""

from __future__ import annotations

from pipeline.layout.lines import split_lines
from pipeline.layout.recognisers.pipe_rows import is_pipe_row, read_pipe_rows


def _texts(text: str) -> tuple[list[tuple[str, ...]], int]:
    claim = read_pipe_rows(text, split_lines(text), 0)
    assert claim is not None
    return [row.texts for row in claim.rows], claim.end


def test_markdown_rows_with_a_separator_line() -> None:
    text = "| 一级指标 | 三级指标 | 指标值 |\n| --- | :--: | --- |\n| 产出指标 | 培训人次 | ≥100人次 |\n正文"
    claim = read_pipe_rows(text, split_lines(text), 0)
    assert claim is not None
    assert [[(c.text, c.span.start, c.span.end) for c in row.cells] for row in claim.rows] == [
        [("一级指标", 2, 6), ("三级指标", 9, 13), ("指标值", 16, 19)],
        [("产出指标", 45, 49), ("培训人次", 52, 56), ("≥100人次", 59, 65)],
    ]
    assert claim.end == 3


def test_rows_trailing_empty_cells_and_a_one_cell_row_inside() -> None:
    text = "项目名称 | 就业补助 | | |\n资金情况 (万元) |\n全年预算数 | 808.1 | | |"
    assert _texts(text) == (
        [("项目名称", "就业补助", "", ""), ("资金情况 (万元)",), ("全年预算数", "808.1", "", "")],
        3,
    )


def test_what_is_not_a_pipe_row() -> None:
    assert [is_pipe_row(ln) for ln in split_lines("|||||\na | b\n标题 |\n一 | 二 |")] == [
        False,
        False,
        False,
        True,
    ]


def test_empty_rows_of_pipes_only_do_not_end_the_table() -> None:
    text = (
        "| 社会效益指标 | 群众知晓率 | ≥ | 90 | % | 93% |\n"
        "| 生态效益指标 |\n|\n|\n||\n"
        "| 可持续影响指标 | 设施使用年限 | ≥ | 5 | 年 | 5年 |\n"
        "|\n|\n正文"
    )
    rows, end = _texts(text)
    assert rows == [
        ("社会效益指标", "群众知晓率", "≥", "90", "%", "93%"),
        ("生态效益指标",),
        ("可持续影响指标", "设施使用年限", "≥", "5", "年", "5年"),
    ]
    assert end == 6  # the empty rows after the last row are not claimed
