"""Which readers run over a text, and what one reader leaves to another."""

from __future__ import annotations

import random

from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.indicators import _all_taken, _sentence_of, find_candidates
from pipeline.extract.rules.merge import merge_candidates
from pipeline.extract.rules.sections import find_sections
from pipeline.layout import recover_layout
from tests.rules_rows import rows_of

# A form flattened onto one line with its cells still between spaces: the layout reads it as a
# grid; the reader of text run together must not read it again with the spaces dropped.
ONE_LINE = (
    "三级指标 年度指标值 实际完成值 分值 得分 偏差原因 "
    "巡查河道里程 ≥120公里 126公里 10 10 清理河道垃圾 ≥300吨 286吨 10 9 汛期清运车辆不足"
)


def test_a_form_the_layout_read_as_a_grid_is_not_read_again_as_fused_text() -> None:
    layout = recover_layout(ONE_LINE)
    found = find_candidates(ONE_LINE, find_sections(ONE_LINE), layout)
    assert rows_of(found) == [
        (None, None, "巡查河道里程", "≥120公里", "126公里"),
        (None, None, "清理河道垃圾", "≥300吨", "286吨"),
    ]
    assert [(c.weight.text, c.score.text) for c in found if c.weight and c.score] == [
        ("10", "10"),
        ("10", "9"),
    ]
    name = found[1].name
    assert (name.start, name.end) == (ONE_LINE.index("清理河道垃圾"), ONE_LINE.index("清理河道垃圾") + 6)
    assert found[1].deviation is not None and found[1].deviation.text == "汛期清运车辆不足"


def _prose_rows(text: str) -> list[tuple[str | None, str | None, str, str | None, str | None]]:
    return rows_of(find_candidates(text, find_sections(text), recover_layout(text)))


def test_a_section_on_the_unit_itself_is_narrative() -> None:
    text = "一、单位基本情况\n本中心现有在职职工38人，设科室6个，2023年召开职工大会2次。\n"
    assert _prose_rows(text) == []


def test_prose_under_a_results_title_states_actuals() -> None:
    text = "二、绩效目标完成情况\n2023年，我单位全年改造农村危房86户，危房改造验收合格率达97%。\n"
    found = find_candidates(text, find_sections(text), recover_layout(text))
    assert rows_of(found) == [
        (None, None, "改造农村危房", None, "86户"),
        (None, None, "危房改造验收合格率", None, "达97%"),
    ]
    assert (found[0].name.start, found[0].name.end) == (text.index("我单位"), text.index("86户"))


def test_a_section_on_shortfalls_is_narrative_even_under_a_performance_title() -> None:
    text = "三、绩效自评发现的主要问题\n部分站点设备老化，涉及站点5个，维修及时率仅为80%。\n"
    assert _prose_rows(text) == []


def test_a_heading_naming_results_and_shortfalls_opens_a_results_section() -> None:
    text = "三、绩效目标完成情况及存在的问题\n全年维修站点设备42台，维修及时率达98%。\n"
    assert [row[2:] for row in _prose_rows(text)] == [
        ("维修站点设备", None, "42台"),
        ("维修及时率", None, "达98%"),
    ]


def test_a_paragraph_stating_a_labelled_result_states_its_prose_neighbours_results_too() -> None:
    text = (
        "二、绩效目标完成情况\n"
        "全年计划开展送戏下乡80场，实际开展86场；流动图书车服务读者目标值3万人次，实际服务3.4万人次；"
        "非遗项目保护覆盖率目标值100%，实际达到100%。\n"
        "三、存在的问题\n乡镇文化站专职人员仅12人，2个站点年久失修。\n"
    )
    found = find_candidates(text, find_sections(text), recover_layout(text))
    assert sorted(rows_of(found), key=lambda row: text.index(row[2])) == [
        (None, None, "开展送戏下乡", "80场", "86场"),
        (None, None, "流动图书车服务读者", "3万人次", "3.4万人次"),
        (None, None, "非遗项目保护覆盖率", "100%", "100%"),
    ]
    first = min(found, key=lambda c: c.start)
    assert (first.source_kind, first.name.start) == ("prose", text.index("全年计划"))


def test_a_paragraph_without_a_labelled_result_stays_narrative_beside_an_indicator_set() -> None:
    text = (
        "二、绩效目标完成情况\n"
        "非遗项目保护覆盖率目标值100%，实际达到100%。\n"
        "全年接待游客86万人次，旅游综合收入增长12%。\n"
    )
    assert [row[2] for row in _prose_rows(text)] == ["非遗项目保护覆盖率"]


def test_goals_numbered_on_one_line_are_items_of_their_goal_section_not_headings() -> None:
    text = (
        "二、部门绩效目标设定情况\n"
        "1.全年开展法治宣传活动不少于60场；2.法律援助案件群众满意度不低于90%。\n"
        "三、部门绩效目标完成情况\n"
        "全年开展法治宣传活动72场，法律援助案件群众满意度96%。\n"
    )
    found = merge_candidates(find_candidates(text, find_sections(text), recover_layout(text)))
    assert rows_of(found) == [
        (None, None, "开展法治宣传活动", "不少于60场", "72场"),
        (None, None, "法律援助案件群众满意度", "不低于90%", "96%"),
    ]
    assert (found[0].name.start, found[0].name.end) == (text.index("1.全年"), text.index("不少于60场"))


def test_a_table_cell_holding_a_labelled_sentence_is_no_results_paragraph() -> None:
    text = (
        "二、绩效目标完成情况\n"
        "| 技能人才培养 | 依据目标表，目标值为≥200人，完成值为442人；2024年目标值为≥500人，暂按完成计算 |\n"
    )
    found = find_candidates(text, find_sections(text), recover_layout(text))
    assert [c.name.text for c in found if c.source_kind == "prose"] == []  # not 目标值 (为≥500人)


def test_a_line_whose_sentences_with_figures_are_all_structured_is_not_read_as_prose() -> None:
    text = "二、完成情况\n培训合格率目标值95%，实际达到97%；说明如下。结业人数目标值50人，实际52人。\n"
    line = (text.index("培训"), text.index("\n", text.index("培训")))
    first, second = _sentence_of(text, line[0]), _sentence_of(text, text.index("结业"))
    assert (first, second) == ((7, 26), (32, 48))
    assert _all_taken(text, *line, {first, second})  # 说明如下 holds no figure
    assert not _all_taken(text, *line, {first})
    # a sentence longer than the look-back is named from 0 past it: both names must be taken
    long_line = "目标值" + "全" * 240 + "95%"
    assert _sentence_of(long_line, 0) == (0, 246)
    assert not _all_taken("\n" + long_line, 1, 247, {(1, 247)})
    assert _all_taken("\n" + long_line, 1, 247, {(1, 247), (0, 247)})


def test_a_start_is_inside_a_span_when_the_furthest_end_of_the_spans_opened_by_it_lies_beyond() -> None:
    from pipeline.extract.rules.cells import Cell
    from pipeline.extract.rules.indicators import _ReadTables

    spans = [(20, 30), (0, 10), (2, 4), (8, 14)]  # the third nests in the second, the fourth overlaps it
    tables = _ReadTables(spans)
    for at in range(-1, 35):
        assert tables.covers(at, at + 1) == any(s <= at < e for s, e in spans), at
        found = [Candidate(name=Cell("名称", at, at + 2))]
        assert tables.outside(found) == ([] if any(s <= at < e for s, e in spans) else found), at
    # a range is covered when one table holds all of it; (5, 12) runs from one into the next
    assert tables.covers(0, 10) and tables.covers(8, 14) and tables.covers(22, 30)
    assert not tables.covers(5, 12) and not tables.covers(25, 31) and not tables.covers(14, 15)


def test_a_headerless_fused_line_inside_a_table_read_from_the_layout_is_not_read() -> None:
    from pipeline.extract.rules.fused import read_fused

    line = "产出指标数量指标足额发放率=100%20质量指标补贴到位率≥95%20"
    text = "表一\n" + line + "\n" + line + "\n"
    second = text.rindex(line)
    read = read_fused(text)
    assert [c.start for c in read] == [11, 27, 47, 63]  # each row at its name
    # the reading of a range a table holds is dropped: its lines are not read
    assert read_fused(text, lambda start, end: start >= second) == read[:2]
    assert read_fused(text, lambda start, end: True) == []


def test_a_name_without_a_page_mark_has_no_footer_to_cut() -> None:
    from pipeline.domain.names import cut_page_marker
    from pipeline.extract.rules.indicators import _PAGE_MARKS

    rng = random.Random(15)
    pieces = ["第", "共", "页", "2", "12", " ", "-", "—", "–", "/", "，", "体检", "结果", "率", "0"]
    for _ in range(5000):
        name = "".join(rng.choices(pieces, k=rng.randint(1, 10)))
        if not any(mark in name for mark in _PAGE_MARKS):
            assert cut_page_marker(name) is None, name
