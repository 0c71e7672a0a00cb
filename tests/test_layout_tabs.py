"""Tab rows: the shape of a docx/xlsx table as ingest writes it (merged cells repeated)."""

from __future__ import annotations

from pipeline.layout.lines import split_lines
from pipeline.layout.recognisers.tabs import is_tab_row, read_tabs


def _rows(text: str, index: int = 0) -> tuple[list[list[tuple[str, int, int]]], int] | None:
    claim = read_tabs(text, split_lines(text), index)
    if claim is None:
        return None
    return [[(c.text, c.span.start, c.span.end) for c in row.cells] for row in claim.rows], claim.end


def test_rows_cells_and_offsets_with_a_blank_line_inside() -> None:
    text = "产出指标\t数量指标\t培训人次\t≥100人次\n\n\t质量指标\t合格率\t100%\n说明"
    assert _rows(text) == (
        [
            [("产出指标", 0, 4), ("数量指标", 5, 9), ("培训人次", 10, 14), ("≥100人次", 15, 21)],
            [("", 23, 23), ("质量指标", 24, 28), ("合格率", 29, 32), ("100%", 33, 37)],
        ],
        3,
    )


def test_a_trailing_blank_line_is_not_part_of_the_table() -> None:
    assert _rows("a\tb\n\n正文") == ([[("a", 0, 1), ("b", 2, 3)]], 1)


def test_a_lone_leading_tab_is_a_cell_line_not_a_tab_row() -> None:
    lines = split_lines("\t类别\n一\t二")
    assert [is_tab_row(line) for line in lines] == [False, True]
    assert _rows("\t类别\n一\t二") is None


def test_a_structured_row_holding_a_header_and_values_is_not_split() -> None:
    text = "三级指标\t年度指标值\t实际完成值\t培训人次\t≥100人次\t120人次"
    assert _rows(text) == ([[(c, text.index(c), text.index(c) + len(c)) for c in text.split("\t")]], 1)


def test_a_row_with_an_empty_first_cell_right_under_a_row_stays_in_the_table() -> None:
    assert _rows("项目\t2019\n\t资金\n\n\t另一表") == (
        [[("项目", 0, 2), ("2019", 3, 7)], [("", 8, 8), ("资金", 9, 11)]],
        2,
    )
