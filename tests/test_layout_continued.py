"""Tables a page break cut in two: the rows after the break read under the header before it."""

from __future__ import annotations

from pipeline.core.document import Span
from pipeline.layout import recover_layout
from pipeline.layout.continued import continued_tables

TOP = (
    "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 分值 | 得分 |\n"
    "| 产出指标 | 数量指标 | 巡河次数 | ≥48次 | 52次 | 20 | 20 |\n"
)
REST = (
    "|  | 质量指标 | 河面保洁达标率 | ≥95% | 97% | 20 | 20 |\n"
    "| 效益指标 | 生态效益指标 | 水质达标率 | 100% | 100% | 20 | 20 |\n"
)


def _cells(row):  # type: ignore[no-untyped-def]
    return [(c.text, c.span.start, c.span.end, c.inherited) for c in row.cells]


def test_rows_after_a_running_title_continue_the_table_above() -> None:
    text = TOP + "\n某镇河道保洁项目绩效自评表\n\n" + REST
    layout = recover_layout(text)
    assert len(layout.tables) == 2
    (grid,) = continued_tables(layout)
    assert grid.roles == ("level1", "level2", "name", "target", "actual", "weight", "score")
    assert grid.header_rows == (0,)
    assert grid.span.start == 0 and grid.span.end == len(text) - 1
    assert [row.texts for row in grid.body] == [
        ("产出指标", "数量指标", "巡河次数", "≥48次", "52次", "20", "20"),
        ("产出指标", "质量指标", "河面保洁达标率", "≥95%", "97%", "20", "20"),
        ("效益指标", "生态效益指标", "水质达标率", "100%", "100%", "20", "20"),
    ]
    first = text.index("产出指标")
    assert _cells(grid.body[1])[0] == ("产出指标", first, first + 4, True)  # filled across the break


def test_a_heading_or_a_long_text_between_keeps_the_tables_apart() -> None:
    for between in ("\n三、其他说明\n\n", "\n" + "本页为项目绩效情况的补充说明。" * 15 + "\n\n"):
        layout = recover_layout(TOP + between + REST)
        assert continued_tables(layout) == layout.tables
        assert len(layout.tables) == 2


def test_a_table_with_its_own_header_or_wider_rows_is_not_a_continuation() -> None:
    wider = "| 甲 | 乙 | 丙 | 丁 | 戊 | 己 | 庚 | 8 |\n| 甲 | 乙 | 丙 | 丁 | 戊 | 己 | 庚 | 9 |\n"
    words = "| 项目负责人 | 张某 | 财务负责人 | 李某 |\n| 填报人 | 王某 | 联系电话 | 见附件 |\n"
    for after in (TOP, wider, words):
        layout = recover_layout(TOP + "\n" + after)
        assert len(layout.tables) == 2
        assert continued_tables(layout) == layout.tables


HEADER = "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 分值 | 得分 |\n"


def test_rows_after_the_header_printed_again_on_the_next_page_continue_the_table_above() -> None:
    text = TOP + "\n- 2 -\n某镇河道保洁项目绩效自评表\n\n" + HEADER + REST
    layout = recover_layout(text)
    assert len(layout.tables) == 2
    (grid,) = continued_tables(layout)
    assert grid.header_rows == (0,)
    assert len(grid.rows) == 4  # the repeated header is no row of the table
    assert [row.texts for row in grid.body] == [
        ("产出指标", "数量指标", "巡河次数", "≥48次", "52次", "20", "20"),
        ("产出指标", "质量指标", "河面保洁达标率", "≥95%", "97%", "20", "20"),
        ("效益指标", "生态效益指标", "水质达标率", "100%", "100%", "20", "20"),
    ]
    first = text.index("产出指标")
    assert _cells(grid.body[1])[0] == ("产出指标", first, first + 4, True)


def test_a_table_under_the_same_header_stating_its_levels_is_a_table_of_its_own() -> None:
    own = HEADER + "| 产出指标 | 质量指标 | 河面保洁达标率 | ≥95% | 97% | 20 | 20 |\n"
    layout = recover_layout(TOP + "\n- 2 -\n某镇河道保洁项目绩效自评表\n\n" + own)
    assert continued_tables(layout) == layout.tables
    assert len(layout.tables) == 2


def test_a_drawn_pages_narrower_table_under_the_same_header_continues_with_cells_in_place() -> None:
    """A PDF's ruled form: on its first page the header's last cell spans three ruled columns (the
    budget rows above rule them), on the next page it stands alone."""
    first = (
        "项目资金\t年初预算数\t全年预算数\t执行率\n"
        "\t300\t320\t96.5%\n"
        "一级指标\t二级指标\t三级指标\t指标值\t\t\n"
        "产出指标\t数量指标\t巡河次数\t≥48次\t\t\n"
    )
    second = "一级指标\t二级指标\t三级指标\t指标值\n\t质量指标\t河面保洁达标率\t≥95%\n"
    text = first + "第 1 页\n" + second
    start = len(first) + len("第 1 页\n")
    layout = recover_layout(text, tables=(Span(0, len(first) - 1), Span(start, len(text) - 1)))
    *_, grid = continued_tables(layout)
    assert grid.roles[:4] == ("level1", "level2", "name", "target")
    assert [_cells(row) for row in grid.body][1] == [
        ("产出指标", text.index("产出指标"), text.index("产出指标") + 4, True),
        ("质量指标", text.index("质量指标"), text.index("质量指标") + 4, False),
        ("河面保洁达标率", text.index("河面"), text.index("河面") + 7, False),
        ("≥95%", text.index("≥95%"), text.index("≥95%") + 4, False),
        ("", len(text) - 1, len(text) - 1, False),
        ("", len(text) - 1, len(text) - 1, False),
    ]


SPACED_TOP = (
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
    "产出指标 数量指标 补助幼儿园数量 ≥36所 38所 20 20\n"
    "效益指标 社会效益指标 适龄儿童入园率 ≥92% 94.5% 20 20\n"
)
LAST = "满意度指标 服务对象满意度指标 家长满意度 ≥90% 87% 10 8\n"


def test_the_one_row_a_page_break_left_on_the_next_page_continues_the_table_above() -> None:
    """A PDF's text layer: the page's last rows, its footer (gone in normalisation), the next
    page's running title, then a single row closing on its 分值 and 得分 apart by spaces."""
    text = SPACED_TOP + "\n某县学前教育补助资金绩效自评表\n" + LAST
    layout = recover_layout(text)
    assert [b.kind for b in layout.blocks] == ["table", "paragraph", "table"]
    (grid,) = continued_tables(layout)
    assert grid.roles == ("level1", "level2", "name", "target", "actual", "weight", "score")
    at = text.index(LAST)
    assert _cells(grid.body[-1]) == [
        ("满意度指标", at, at + 5, False),
        ("服务对象满意度指标", at + 6, at + 15, False),
        ("家长满意度", at + 16, at + 21, False),
        ("≥90%", at + 22, at + 26, False),
        ("87%", at + 27, at + 30, False),
        ("10", at + 31, at + 33, False),
        ("8", at + 34, at + 35, False),
    ]


def test_a_row_after_prose_or_three_lines_of_text_is_no_table() -> None:
    prose = "本项目年度绩效目标基本完成，个别指标未达到预期，主要原因是家长问卷回收率偏低。\n"
    for between in (prose, "\n- 2 -\n某县\n学前教育补助资金\n绩效自评表\n"):
        layout = recover_layout(SPACED_TOP + between + LAST)
        assert [b.kind for b in layout.blocks] == ["table", "paragraph"]
