from __future__ import annotations

from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.levels import Levels, heading_levels, next_levels


def c(text: str, at: int = 0) -> Cell:
    return Cell(text, at, at + len(text))


def _words(levels: Levels) -> tuple[str | None, str | None]:
    return (levels.level1.text if levels.level1 else None, levels.level2.text if levels.level2 else None)


def test_no_stated_levels_inherit_the_merged_cell_above() -> None:
    current = Levels(c("产出指标"), c("数量指标"))
    assert next_levels(current, []) is current


def test_two_different_words_are_level1_then_level2() -> None:
    assert _words(next_levels(Levels(), [c("效益指标"), c("经济效益指标"), c("经济效益指标")])) == (
        "效益指标",
        "经济效益指标",
    )


def test_a_level1_only_word_starts_a_new_level1() -> None:
    assert _words(next_levels(Levels(c("产出指标"), c("数量指标")), [c("决策")])) == ("决策", None)


def test_a_repeated_level2_word_fills_both_columns_unless_its_parent_is_in_force() -> None:
    assert _words(next_levels(Levels(), [c("数量指标"), c("数量指标")])) == ("数量指标", "数量指标")
    under_benefit = Levels(c("效益指标"), c("经济效益指标"))
    assert _words(next_levels(under_benefit, [c("社会效益指标"), c("社会效益指标")])) == (
        "效益指标",
        "社会效益指标",
    )


def test_a_single_level2_word_keeps_level1() -> None:
    assert _words(next_levels(Levels(c("产出指标"), c("数量指标")), [c("质量指标")])) == (
        "产出指标",
        "质量指标",
    )


def test_a_level_cell_is_read_without_the_points_it_carries() -> None:
    levels = next_levels(Levels(), [c("效益指标（25分）", 40), c("社会效益指标", 52)])
    assert levels == Levels(Cell("效益指标", 40, 44), Cell("社会效益指标", 52, 58))
    assert next_levels(Levels(), [c("产出指标 (35 分)", 7)]) == Levels(Cell("产出指标", 7, 11), None)


def test_a_level_cell_is_read_without_its_framework_code() -> None:
    levels = next_levels(Levels(), [c("C产出30分", 3), c("C2产出质量12分", 20)])
    assert levels == Levels(Cell("产出", 4, 6), Cell("产出质量", 22, 26))


def test_heading_lines_name_levels_by_level_words_and_their_stems() -> None:
    text = (
        "（一）履职\n说明：\n1.任务完成率\n（三）满意度\n服务对象满意度：\n2.农户满意度\n"
        "一、产出指标\n数量指标\n"
    )
    headings = heading_levels(text)
    assert [_words(levels) for levels in headings.levels] == [
        ("履职", None),
        ("满意度", None),
        ("满意度", "服务对象满意度"),
        ("产出指标", None),
        ("产出指标", "数量指标"),
    ]
    starts = (0, text.index("（三）"), text.index("服务对象"), text.index("一、"), text.index("数量指标"))
    assert headings.starts == starts
    first = headings.levels[0].level1
    assert first is not None and (first.start, first.end) == (3, 5)


def test_a_colon_heading_of_numbered_items_under_a_level1_is_their_level2() -> None:
    text = (
        "（一）履职\n队伍建设工作：\n1.干部培训覆盖率，年度指标值100%。\n"
        "内部管理：\n2.制度修订完成数，年度指标值≥5项。\n"
        "说明：\n3.本表由财务科填报。\n"
        "主要做法：\n"
    )
    headings = heading_levels(text)
    assert [_words(levels) for levels in headings.levels] == [
        ("履职", None),
        ("履职", "队伍建设工作"),
        ("履职", "内部管理"),
    ]
    assert headings.starts == (0, text.index("队伍"), text.index("内部"))
    group = headings.levels[1].level2
    assert group is not None and (group.start, group.end) == (text.index("队伍"), text.index("："))


def test_a_colon_heading_needs_a_level1_above_it() -> None:
    assert heading_levels("财务管理：\n1.预算执行率达到95%。\n").levels == ()


def test_in_a_list_of_targets_any_group_heading_is_a_level2_and_the_numbered_heading_above_a_level1() -> None:
    text = (
        "（一）依法行政\n执法监督：\n1.行政复议纠错率，年度指标值≤5%。\n"
        "（二）管理效率\n信息公开：\n2.政务公开按时率，目标值100%。\n"
        "（三）其他情况\n说明：\n3.本年度无其他事项。\n"
    )
    headings = heading_levels(text)
    assert [_words(levels) for levels in headings.levels] == [
        ("依法行政", None),
        ("依法行政", "执法监督"),
        ("管理效率", None),
        ("管理效率", "信息公开"),
    ]
    assert headings.starts == tuple(text.index(w) for w in ("（一）", "执法", "（二）", "信息"))
    first = headings.levels[0].level1
    assert first is not None and (first.start, first.end) == (3, 7)
