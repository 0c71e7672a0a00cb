"""Indicator tables read from the layout's grids: by header roles, or by content when the header
is not in the text."""

from __future__ import annotations

from pipeline.extract.rules.cells import Cell, Row
from pipeline.extract.rules.grids import layout_rows, line_rows, read_grids, table_rows
from pipeline.layout import recover_layout
from tests.rules_rows import row_of


def _rows(text: str) -> list[tuple[object, ...]]:
    return [(*row_of(c), c.notes) for c in read_grids(recover_layout(text).tables)]


def test_pipe_rows_are_read_by_their_header_roles() -> None:
    text = (
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |\n"
        "| 产出指标 | 数量指标 | 培训人次 | ≥100人次 | 120人次 |\n"
        "| 质量指标 | 培训合格率 | ≥90% | 95% |\n"
    )
    assert _rows(text) == [
        ("产出指标", "数量指标", "培训人次", "≥100人次", "120人次", ()),
        ("产出指标", "质量指标", "培训合格率", "≥90%", "95%", ()),
    ]


def test_rows_without_their_header_are_read_by_content_and_noted() -> None:
    text = (
        "|   项目实施指标\n        | \n     质量指标\n        | \n     验收合格率\n        | \n"
        "     100%\n        | \n     100%\n        | \n  ||||\n"
        "|   项目实施指标\n        | \n     数量指标\n        | \n     新建日间照料中心\n        | \n"
        "     3个\n        | \n     3个\n        | \n  ||||\n"
        "|   效益指标\n        | \n     社会效益指标\n        | \n     老年人照护服务覆盖面\n        | \n"
        "     有所扩大\n        | \n     明显扩大\n        | \n  ||||\n"
    )
    assert _rows(text)[1:] == [
        ("项目实施指标", "数量指标", "新建日间照料中心", "3个", "3个", ("header_not_seen",)),
        ("效益指标", "社会效益指标", "老年人照护服务覆盖面", "有所扩大", "明显扩大", ("header_not_seen",)),
    ]


def test_a_budget_grid_gives_no_indicators() -> None:
    text = "| 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |\n| 50 | 50 | 45 | 90% |\n"
    assert _rows(text) == []


def test_a_row_wrapped_onto_lines_of_values_is_joined() -> None:
    text = (
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "| 产出指标 | 数量指标 | 改造农村危房 | 120户 | 126户 | 20 | 20 |\n"
        "| 效益指标 | 社会效益指标 | 改善困难群众居住条件 |\n"
        "| 显著 |\n"
        "| 显著 | 20 | 18 |\n"
        "| 满意度指标 | 服务对象满意度指标 | 住户满意度 | ≥90% | 96% | 10 | 10 |\n"
    )
    assert _rows(text) == [
        ("产出指标", "数量指标", "改造农村危房", "120户", "126户", ()),
        ("效益指标", "社会效益指标", "改善困难群众居住条件", "显著", "显著", ("row_wrapped_onto_lines",)),
        ("满意度指标", "服务对象满意度指标", "住户满意度", "≥90%", "96%", ()),
    ]
    wrapped = read_grids(recover_layout(text).tables)[1]
    assert (wrapped.weight and wrapped.weight.text, wrapped.score and wrapped.score.text) == ("20", "18")
    assert wrapped.confidence == 0.5


def test_a_named_row_without_values_before_the_next_named_row_stays_unread() -> None:
    text = (
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |\n"
        "| 产出指标 | 数量指标 | 指标2: |\n"
        "| 质量指标 | 验收合格率 | 100% | 100% |\n"
    )
    assert _rows(text) == [("产出指标", "质量指标", "验收合格率", "100%", "100%", ())]


def test_an_evaluation_frameworks_scoring_table_gives_scored_items() -> None:
    text = (
        "| 一级指标 | 二级指标 | 三级指标 | 分值 | 评分标准 | 得分 |\n"
        "| A决策20分 | A1项目立项8分 | A101立项依据充分性 | 4 | 符合政策得满分 | 4.00 |\n"
        "| A决策20分 | A1项目立项8分 | A102立项程序规范性 | 4 | 程序规范得满分 | 3.00 |\n"
        "| B过程30分 | B1资金管理15分 | B101资金到位率 | 5 | 到位率100%得满分 | 5.00 |\n"
    )
    read = read_grids(recover_layout(text).tables)
    assert [(*row_of(c), c.weight and c.weight.text, c.score and c.score.text) for c in read] == [
        ("决策", "项目立项", "立项依据充分性", None, None, "4", "4.00"),
        ("决策", "项目立项", "立项程序规范性", None, None, "4", "3.00"),
        ("过程", "资金管理", "资金到位率", None, None, "5", "5.00"),
    ]


def test_a_table_of_names_and_scores_alone_is_a_summary_not_indicators() -> None:
    text = (
        "| 指标名称 | 权重 | 指标得分 |\n| A1项目立项 | 8.00 | 7.00 |\n| A101立项依据充分性 | 4.00 | 4.00 |\n"
    )
    assert _rows(text) == []


def _offsets(text: str) -> list[tuple[object, ...]]:
    """Each candidate's target and actual as (text, start, end), with its notes and confidence."""
    out = []
    for c in read_grids(recover_layout(text).tables):
        cells = [(x.text, x.start, x.end) if x is not None else None for x in (c.target, c.actual)]
        out.append((c.name.text, *cells, c.notes, c.confidence))
    return out


OCR_TABLE = (
    "| 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
    "| 数量指标 | 义诊活动场次 | ≥4场 | 6场 | 20 | 20 |\n"
    "| 质量指标 | 免疫接种报告率 | 295% | 97.3% | 20 | 20 |\n"
    "| 时效指标 | 疫情报告及时率 | 1OO% | 10O% | 20 | 20 |\n"
)


def test_ocr_lookalikes_in_value_cells_are_made_digits_and_noted() -> None:
    rows = _offsets(OCR_TABLE)
    assert rows[2] == ("疫情报告及时率", ("100%", 144, 148), ("100%", 151, 155), ("ocr_repaired",), 0.5)
    assert OCR_TABLE[144:148] == "1OO%" and OCR_TABLE[151:155] == "10O%"


def test_a_rate_target_whose_geq_was_read_as_2_is_restored_where_the_column_writes_geq() -> None:
    rows = _offsets(OCR_TABLE)
    assert rows[1] == ("免疫接种报告率", ("≥95%", 100, 104), ("97.3%", 107, 112), ("ocr_repaired",), 0.5)
    assert OCR_TABLE[100:104] == "295%"
    assert rows[0][1:4] == (("≥4场", 60, 63), ("6场", 66, 68), ())


def test_a_rate_target_above_100_stays_where_no_target_of_the_table_writes_geq() -> None:
    text = OCR_TABLE.replace("≥4场", "4场")
    assert _offsets(text)[1][1] == ("295%", 99, 103)


def test_layout_rows_are_table_rows_and_line_rows() -> None:
    text = "资金情况\n\n  全年预算数 10万元\n项目\t金额\n合计\t10\n"
    layout = recover_layout(text)
    grid = next(b.grid for b in layout.blocks if b.grid is not None)
    assert line_rows(text, 0, 18) == [
        Row((Cell("资金情况", 0, 4),), 0, 4, "line"),
        Row((Cell("全年预算数 10万元", 8, 18),), 6, 18, "line"),
    ]
    assert table_rows(grid) == [
        Row((Cell("项目", 19, 21), Cell("金额", 22, 24)), 19, 24, "cells"),
        Row((Cell("合计", 25, 27), Cell("10", 28, 30)), 25, 30, "cells"),
    ]
    assert layout_rows(layout) == line_rows(text, 0, 18) + table_rows(grid)
    assert table_rows(grid, -1) == table_rows(grid)[1:]


def test_a_grids_body_rows_are_made_when_asked_as_they_read() -> None:
    from pipeline.extract.rules import grids

    text = (
        "一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t培训人次\t≥100人\n\t\t培训班次\t≥4期\n"
    )
    (grid,) = recover_layout(text).tables
    rows = grids._Rows(grid.body)
    assert len(rows) == 2
    assert [rows[i] for i in range(2)] == [grids._row(r) for r in grid.body]
    assert rows[1] is not rows[1]  # made anew at each ask, not held
    assert rows[1].texts == ("", "", "培训班次", "≥4期")  # the filled-in levels left empty again
