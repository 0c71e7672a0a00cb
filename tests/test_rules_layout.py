from __future__ import annotations

from pipeline.extract.rules.layout import Cell, Row, split_rows


def _texts(rows: list[Row]) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.kind, r.texts) for r in rows]


def test_tab_rows_keep_every_cell_with_exact_spans() -> None:
    text = "标题\n一级指标\t三级指标\t指标值\n产出指标\t培训班次\t≥10个\n"
    rows = split_rows(text)
    assert _texts(rows) == [
        ("line", ("标题",)),
        ("tabs", ("一级指标", "三级指标", "指标值")),
        ("tabs", ("产出指标", "培训班次", "≥10个")),
    ]
    cell = rows[2].cells[2]
    assert cell == Cell("≥10个", 27, 31)
    assert text[cell.start : cell.end] == "≥10个"


def test_cell_per_line_blocks_are_rows_even_after_a_heading_line() -> None:
    text = "9、 自评表\n\t\n\t类别\n\t指标名称\n\n\t分解目标\n\t决策\n\t中长期规划\n"
    rows = split_rows(text)
    assert _texts(rows) == [
        ("line", ("9、 自评表",)),
        ("cells", ("", "类别", "指标名称")),
        ("cells", ("分解目标", "决策", "中长期规划")),
    ]
    name = rows[2].cells[2]
    assert text[name.start : name.end] == "中长期规划"


def test_pipe_cells_split_at_pipe_only_lines() -> None:
    text = "一级指标 |\n三级指标 |\n指标值 |\n|||||\n产出指标 |\n预算执行率 |\n100% |\n|\n||||\n"
    rows = split_rows(text)
    assert _texts(rows) == [
        ("pipe_cells", ("一级指标", "三级指标", "指标值")),
        ("pipe_cells", ("产出指标", "预算执行率", "100%", "")),
    ]
    assert text[rows[1].cells[1].start : rows[1].cells[1].end] == "预算执行率"


def test_pipe_rows_on_one_line() -> None:
    rows = split_rows("| 质量指标 | 覆盖率 | ≧ | 100 | % |")
    assert _texts(rows) == [("pipes", ("质量指标", "覆盖率", "≧", "100", "%"))]


def test_offsets_are_relative_to_the_whole_text_when_a_range_is_given() -> None:
    text = "前言\n\n一级指标\t指标值\n"
    rows = split_rows(text, 4, len(text))
    assert rows[0].cells[1] == Cell("指标值", 9, 12)
