"""One cell per line between blank lines, no row separator: a budget block and an indicator block
of a web page whose table cells came out as paragraphs (extra blank lines are empty cells)."""

from __future__ import annotations

from pipeline.layout.lines import split_lines
from pipeline.layout.recognisers.cell_stream import read_cell_stream

# Three blank lines after 上年结转: one empty cell.
BUDGET = "全年预算数\n\n全年执行数\n\n执行率\n\n年度资金总额\n\n50\n\n45\n\n90%\n\n上年结转\n\n\n\n-\n\n-"
INDICATORS = (
    "一级指标\n\n二级指标\n\n三级指标\n\n指标值\n\n实际完成值\n\n偏差原因\n\n"
    "产出指标\n\n数量指标\n\n维修校舍面积\n\n≥500平方米\n\n480平方米\n\n雨季延误工期\n\n"
    "质量指标\n\n验收合格率\n\n100%\n\n100%\n\n\n\n一、下一节"
)


def test_rows_are_cut_where_a_label_follows_a_value_and_blank_lines_are_empty_cells() -> None:
    claim = read_cell_stream(BUDGET, split_lines(BUDGET), 0)
    assert claim is not None
    assert [row.texts for row in claim.rows] == [
        ("全年预算数", "全年执行数", "执行率"),
        ("年度资金总额", "50", "45", "90%"),
        ("上年结转", "", "-", "-"),
    ]
    assert [row.split_by_pattern for row in claim.rows] == [False, True, True]
    assert claim.end == len(split_lines(BUDGET))
    first = claim.rows[1].cells[0]
    assert (first.span.start, first.span.end) == (19, 25)


def test_a_deviation_text_after_the_values_stays_in_its_row_and_a_heading_ends_the_table() -> None:
    lines = split_lines(INDICATORS)
    claim = read_cell_stream(INDICATORS, lines, 0)
    assert claim is not None
    assert [row.texts for row in claim.rows] == [
        ("一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "偏差原因"),
        ("产出指标", "数量指标", "维修校舍面积", "≥500平方米", "480平方米", "雨季延误工期"),
        ("质量指标", "验收合格率", "100%", "100%"),  # blank lines before the heading are no cells
    ]
    assert lines[claim.end - 1].text == "100%"


def test_fewer_than_three_header_cells_is_not_a_stream() -> None:
    text = "全年预算数\n\n全年执行数\n\n年度资金总额\n\n50"
    assert read_cell_stream(text, split_lines(text), 0) is None


def test_a_row_of_empty_cells_does_not_end_the_table_and_empty_runs_are_no_rows() -> None:
    text = "全年预算数\n\n全年执行数\n\n执行率\n\n其他资金\n\n\n\n\n\n\n\n上年结转\n\n10\n\n10\n\n100%"
    claim = read_cell_stream(text, split_lines(text), 0)
    assert claim is not None
    assert [row.texts for row in claim.rows] == [
        ("全年预算数", "全年执行数", "执行率"),
        ("其他资金", "", "", ""),
        ("上年结转", "10", "10", "100%"),
    ]
