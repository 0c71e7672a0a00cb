"""Grids from rows: header rows and roles, right alignment, forward-filled levels, one grid per header."""

from __future__ import annotations

from pipeline.core.document import Span
from pipeline.layout.grid import build_grids, cell_role, is_header_row
from pipeline.layout.types import Cell, GridRow


def _row(start: int, *texts: str) -> GridRow:
    cells, at = [], start
    for text in texts:
        cells.append(Cell(text, Span(at, at + len(text))))
        at += len(text) + 1
    return GridRow(tuple(cells), Span(start, max(at - 1, start)))


HEADER = _row(0, "一级指标", "二级指标", "三级指标", "指标值")
FIRST = _row(100, "产出指标", "数量指标", "培训人次", "≥100人次")
SHORT = _row(200, "质量指标", "合格率", "100%")
BUDGET_HEADER = _row(300, "项目", "全年预算数", "全年执行数")


def test_roles_and_header_rows() -> None:
    assert [cell_role(t) for t in ("一级指标", "年度指标值", "全年执行数", "项目")] == [
        "level1",
        "target",
        "spent",
        None,
    ]
    assert [is_header_row(r) for r in (HEADER, FIRST, BUDGET_HEADER)] == [True, False, True]


def test_short_rows_align_right_and_levels_fill_down() -> None:
    [grid] = build_grids([HEADER, FIRST, SHORT], "pipe_rows")
    assert (grid.header_rows, grid.roles, grid.width) == ((0,), ("level1", "level2", "name", "target"), 4)
    assert grid.span == Span(0, 213)
    last = grid.body[1]
    assert [(c.text, c.span.start, c.span.end, c.inherited) for c in last.cells] == [
        ("产出指标", 100, 104, True),  # the merged 一级 cell printed in the row above
        ("质量指标", 200, 204, False),
        ("合格率", 205, 208, False),
        ("100%", 209, 213, False),
    ]
    assert grid.cell(last, "target") == Cell("100%", Span(209, 213))
    assert grid.column("actual") is None


def test_a_header_after_body_rows_starts_another_grid() -> None:
    budget = _row(400, "年度资金总额", "50", "45")
    grids = build_grids([BUDGET_HEADER, budget, HEADER, FIRST], "cell_stream")
    assert [(g.roles, len(g.body)) for g in grids] == [
        ((None, "adjusted", "spent"), 1),
        (("level1", "level2", "name", "target"), 1),
    ]


def test_without_a_header_rows_stay_as_read() -> None:
    [grid] = build_grids([FIRST, SHORT], "tabs")
    assert (grid.header_seen, grid.roles, grid.body) == (False, (None, None, None, None), (FIRST, SHORT))


def test_a_blank_reason_column_no_row_reaches_is_dropped_at_the_rows_end() -> None:
    header = _row(0, "一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "偏差原因")
    full = _row(100, "依法履职", "执法检查", "双随机抽查户数", "≥500户", "532户")
    short = _row(200, "案件办理", "结案率", "≥95%", "97%")
    [grid] = build_grids([header, full, short], "spaced")
    first, last = grid.body
    assert [c.text for c in first.cells] == ["依法履职", "执法检查", "双随机抽查户数", "≥500户", "532户", ""]
    assert [(c.text, c.span.start, c.inherited) for c in last.cells] == [
        ("依法履职", 100, True),
        ("案件办理", 200, False),
        ("结案率", 205, False),
        ("≥95%", 209, False),
        ("97%", 214, False),
        ("", 217, False),
    ]


def test_a_reason_column_some_row_fills_keeps_rows_aligned_right() -> None:
    header = _row(0, "一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "偏差原因")
    stated = _row(100, "产出指标", "数量指标", "巡查次数", "≥12次", "10次", "汛期顺延")
    short = _row(200, "培训人次", "≥300人次", "320人次")
    [grid] = build_grids([header, stated, short], "spaced")
    assert [c.text for c in grid.body[1].cells] == [
        "产出指标",
        "数量指标",
        "",
        "培训人次",
        "≥300人次",
        "320人次",
    ]


def test_a_drawn_tables_short_row_lost_its_trailing_blank_cells() -> None:
    """A workbook row whose last cells are blank ends early; its cells stay in their columns
    (the form's side label first, so the header's first cell names no column)."""
    header = _row(0, "绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "偏差原因")
    row = _row(100, "绩效指标", "履职效能", "重点工作", "巡查批次", "≥300批次")
    [grid] = build_grids([header, row], "structured", drawn=True)
    assert grid.roles == (None, "level1", "level2", "name", "target", "deviation")
    assert [(c.text, c.span.start, c.span.end) for c in grid.body[0].cells] == [
        ("绩效指标", 100, 104),
        ("履职效能", 105, 109),
        ("重点工作", 110, 114),
        ("巡查批次", 115, 119),
        ("≥300批次", 120, 126),
        ("", 126, 126),
    ]
